//! Disable a login (nonaktifkan login), or enable it again: a staff member who left, or a
//! password that may be known to others. A disabled login signs in no more and its
//! sessions end; its records and its past in the audit log stay.

use super::create_user::username;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::user::Username;
use crate::service::{Ledger, ServiceError, UserSummary};
use crate::usecase::AdminCommand;
use serde::{Deserialize, Serialize};

/// As typed: `{"username","disabled": true | false}`; over the API the username comes
/// from the path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub username: String,
    pub disabled: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct DisableLogin {
    pub username: Username,
    /// False: enabled again.
    pub disabled: bool,
}

impl AdminCommand for DisableLogin {
    type Input = Input;
    type Outcome = UserSummary;
    const NAME: &'static str = "disable_login";

    fn parse(input: Input) -> Result<DisableLogin, Problems> {
        let mut check = FieldCheck::default();
        let username = check.take("username", username(&input.username));
        let disabled = check.take("disabled", input.disabled.ok_or(Problem::Required));
        check.finish()?;
        Ok(DisableLogin { username: username.expect("checked"), disabled: disabled.expect("checked") })
    }

    async fn run(self, ledger: &Ledger, by: &str) -> Result<UserSummary, ServiceError> {
        ledger.set_login_disabled(self.username, self.disabled, by).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_is_required() {
        let fields: Vec<_> = DisableLogin::parse(Input { username: "siti".into(), disabled: None })
            .unwrap_err()
            .iter()
            .map(|(f, _)| f.unwrap())
            .collect();
        assert_eq!(fields, ["disabled"]);
    }
}
