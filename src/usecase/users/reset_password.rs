//! Reset a password (atur ulang kata sandi): an admin gives a staff login a new password
//! when its owner forgot it; every session of that login ends. A member's PIN is set by
//! their treasurer instead.

use super::create_user::{password, username};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::user::{Role, Username};
use crate::service::{Ledger, ServiceError, UserSummary};
use crate::usecase::AdminCommand;
use serde::{Deserialize, Serialize};

/// As typed: `{"username","password"}`; over the API the username comes from the path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct ResetPassword {
    pub username: Username,
    pub password: String,
}

impl AdminCommand for ResetPassword {
    type Input = Input;
    type Outcome = UserSummary;
    const NAME: &'static str = "reset_password";

    fn parse(input: Input) -> Result<ResetPassword, Problems> {
        let mut check = FieldCheck::default();
        let username = check.take("username", username(&input.username));
        // Every staff role has the same rule for a password.
        let password = check.take("password", password(Role::Admin, &input.password));
        check.finish()?;
        Ok(ResetPassword { username: username.expect("checked"), password: password.expect("checked") })
    }

    async fn run(self, ledger: &Ledger, by: &str) -> Result<UserSummary, ServiceError> {
        ledger.reset_password(self.username, self.password, by).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_username_and_a_short_password_are_each_named() {
        let bad = Input { username: "Siti Aminah".into(), password: "pendek".into() };
        let fields: Vec<_> = ResetPassword::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["username", "password"]);
    }
}
