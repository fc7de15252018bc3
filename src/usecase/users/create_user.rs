//! Create a user (buat pengguna): an admin, a supervisor, a panti's head or an entity's
//! treasurer, with a password of 8 characters or more. A member's login is made from the
//! member's record instead (its username is the member number).

use crate::domain::entity::EntityId;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::user::{Role, Username};
use crate::service::{Ledger, ServiceError};
use crate::usecase::fields::{self, Typed};
use crate::usecase::AdminCommand;
use serde::{Deserialize, Serialize};

/// As typed: `{"username","role","entity_id"?,"password"}`; `role` is `admin`,
/// `supervisor`, `head` or `treasurer`; every role but admin is bound to an entity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub username: String,
    pub role: String,
    pub entity_id: Option<Typed>,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct CreateUser {
    pub username: Username,
    pub role: Role,
    pub entity_id: Option<EntityId>,
    pub password: String,
}

/// What a user of the staff is, as a form or a file names it.
pub const ROLES: &[(&str, Role)] =
    &[("treasurer", Role::Treasurer), ("head", Role::Head), ("supervisor", Role::Supervisor), ("admin", Role::Admin)];

/// A username: 3–64 lower-case letters, digits, `.`, `_` or `-`.
pub fn username(text: &str) -> Result<Username, Problem> {
    let text = fields::required(text)?;
    Username::parse(text).map_err(|_| Problem::InvalidUsername { text: text.to_string() })
}

/// A staff password: 8 characters or more.
pub fn password(role: Role, text: &str) -> Result<String, Problem> {
    if text.is_empty() {
        return Err(Problem::Required);
    }
    crate::domain::user::check_password(role, text).map_err(|_| Problem::WeakPassword)?;
    Ok(text.to_string())
}

impl AdminCommand for CreateUser {
    type Input = Input;
    type Outcome = crate::service::UserSummary;
    const NAME: &'static str = "create_user";

    fn parse(input: Input) -> Result<CreateUser, Problems> {
        let mut check = FieldCheck::default();
        let username = check.take("username", username(&input.username));
        let role = check.take("role", fields::choice(&input.role, ROLES, None, "treasurer, head, supervisor, admin"));
        let entity = input.entity_id.as_ref().map_or("", |e| e.as_str());
        let entity_id = check.take("entity_id", fields::optional(entity, fields::id));
        let password = check.take("password", password(role.unwrap_or(Role::Admin), &input.password));
        if let (Some(username), Some(role)) = (&username, role) {
            check.take("username", crate::domain::user::check_namespace(role, username));
        }
        // An admin is bound to no entity; every other role to one.
        let entity_id = match (role, entity_id.flatten()) {
            (Some(Role::Admin), _) => None,
            (Some(_), None) if entity_id.is_some() => check.take("entity_id", Err(Problem::Required)),
            (_, entity_id) => entity_id,
        };
        check.finish()?;
        Ok(CreateUser {
            username: username.expect("checked"),
            role: role.expect("checked"),
            entity_id,
            password: password.expect("checked"),
        })
    }

    async fn run(self, ledger: &Ledger, by: &str) -> Result<crate::service::UserSummary, ServiceError> {
        let user = ledger.add_user(self.username, self.role, self.entity_id, None, self.password, by).await?;
        ledger.user_summary(&user)
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::UserExists(_) => Some("username"),
            ServiceError::NotFound(_) => Some("entity_id"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_and_staff_other_than_admin_need_an_entity() {
        let bad = Input {
            username: "Budi Bendahara".into(),
            role: "kasir".into(),
            password: "pendek".into(),
            ..Input::default()
        };
        let fields: Vec<_> = CreateUser::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["username", "role", "password"]);
        let unbound = Input {
            username: "bendahara".into(),
            role: "treasurer".into(),
            password: "rahasia123".into(),
            ..Input::default()
        };
        let fields: Vec<_> = CreateUser::parse(unbound).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["entity_id"]);
        let member_shaped = Input {
            username: "tahu-009".into(),
            role: "treasurer".into(),
            entity_id: Some(Typed::from("2")),
            password: "rahasia123".into(),
        };
        let fields: Vec<_> = CreateUser::parse(member_shaped).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["username"]);
        let admin = Input {
            username: "admin2".into(),
            role: "admin".into(),
            entity_id: Some(Typed::from("2")),
            password: "rahasia123".into(),
        };
        assert_eq!(CreateUser::parse(admin).unwrap().entity_id, None, "an admin is bound to no entity");
    }
}
