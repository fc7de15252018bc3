//! Users, roles and who may read or write which entity's books.

use super::entity::{Entity, EntityId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("nama pengguna {0:?} tidak sah: 3–64 huruf kecil, angka, '.', '_' atau '-'")]
    InvalidUsername(String),
    #[error("peran {0:?} tidak dikenal (admin, supervisor, head, treasurer, member)")]
    UnknownRole(String),
    #[error("peran {0} harus terikat pada satu entitas (--entity)")]
    EntityRequired(&'static str),
    #[error("kata sandi minimal 8 karakter (PIN anggota minimal 6 angka)")]
    WeakPassword,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Operator: creates entities and users, backups.
    Admin,
    /// Supervisor (pengawas, Dinas Sosial officer): reads a panti and its groups.
    Supervisor,
    /// Head of the panti (kepala panti).
    Head,
    /// Treasurer (bendahara) of one KUBE, koperasi or panti.
    Treasurer,
    /// Member (anggota): sees only their own balances.
    Member,
}

impl Role {
    pub fn parse(text: &str) -> Result<Role, UserError> {
        match text {
            "admin" => Ok(Role::Admin),
            "supervisor" => Ok(Role::Supervisor),
            "head" => Ok(Role::Head),
            "treasurer" => Ok(Role::Treasurer),
            "member" => Ok(Role::Member),
            other => Err(UserError::UnknownRole(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Head => "head",
            Role::Treasurer => "treasurer",
            Role::Member => "member",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Username, UserError> {
        let valid = (3..=64).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if valid {
            Ok(Username(text.to_string()))
        } else {
            Err(UserError::InvalidUsername(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A login. The password is only ever held as an argon2 PHC hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub username: Username,
    pub role: Role,
    pub entity_id: Option<EntityId>,
    /// The member a `member` login belongs to: it sees only that member's balances.
    pub member_id: Option<super::entry::MemberId>,
    pub password_hash: String,
}

/// Whether a username has the shape kept for member logins: the member number in lower
/// case, letters, one hyphen, digits (`tahu-001`).
pub fn is_member_login_shape(username: &str) -> bool {
    let all = |text: &str, class: fn(&u8) -> bool| !text.is_empty() && text.bytes().all(|b| class(&b));
    username
        .split_once('-')
        .is_some_and(|(letters, digits)| all(letters, u8::is_ascii_lowercase) && all(digits, u8::is_ascii_digit))
}

/// Member logins live in a namespace of their own: a member's login has the member shape
/// and no staff username does, so a treasurer cannot give a member a login that collides
/// with a staff one or passes for one (`admin.x`).
pub fn check_namespace(role: Role, username: &Username) -> Result<(), super::problem::Problem> {
    use super::problem::Problem;
    match (role == Role::Member, is_member_login_shape(username.as_str())) {
        (true, false) => Err(Problem::MemberLoginShape { login: username.as_str().to_string() }),
        (false, true) => Err(Problem::StaffUsernameShape { username: username.as_str().to_string() }),
        _ => Ok(()),
    }
}

/// Checks the role–entity pairing of a new user; an admin is bound to no entity.
pub fn check_binding(role: Role, entity_id: Option<EntityId>) -> Result<Option<EntityId>, UserError> {
    match (role, entity_id) {
        (Role::Admin, _) => Ok(None),
        (_, None) => Err(UserError::EntityRequired(role.as_str())),
        (_, Some(id)) => Ok(Some(id)),
    }
}

/// An argon2 PHC hash of `password` with a fresh salt (CPU-bound: call it off the async threads).
pub fn password_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .expect("argon2 with default parameters hashes any password")
}

/// Whether `password` matches the stored argon2 PHC hash. Without a stored hash (an
/// unknown login) a dummy one is checked, so the time taken does not tell who exists.
pub fn password_matches(stored_phc: Option<&str>, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    const DUMMY_PHC: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3NvpW0u9b7+tvXWBdPQB+Fvq+XGdKPxTzZgI5VzZ3SU";
    PasswordHash::new(stored_phc.unwrap_or(DUMMY_PHC))
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// Whether the password is long enough to set: 8+ characters, or a 6+ digit PIN for members.
pub fn check_password(role: Role, password: &str) -> Result<(), UserError> {
    let is_pin = password.len() >= 6 && password.bytes().all(|b| b.is_ascii_digit());
    if password.chars().count() >= 8 || (role == Role::Member && is_pin) {
        Ok(())
    } else {
        Err(UserError::WeakPassword)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The authorisation rule for an entity's books.
/// Admin: all. Treasurer: reads and writes its own entity. Head and supervisor: read
/// their panti and the KUBE/koperasi under it. Member: no entity-wide access.
pub fn allows(role: Role, bound_to: Option<EntityId>, access: Access, entity: &Entity) -> bool {
    let own = bound_to == Some(entity.id);
    let under_own = bound_to.is_some() && entity.parent_id == bound_to;
    match role {
        Role::Admin => true,
        Role::Treasurer => own,
        Role::Head | Role::Supervisor => access == Access::Read && (own || under_own),
        Role::Member => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entity::EntityKind;

    fn entity(id: EntityId, parent_id: Option<EntityId>) -> Entity {
        Entity { id, kind: EntityKind::Kube, name: "x".into(), parent_id, locked_through: None }
    }

    #[test]
    fn the_matrix_holds() {
        let panti = entity(1, None);
        let kube = entity(2, Some(1));
        let other = entity(3, None);
        assert!(allows(Role::Admin, None, Access::Write, &other));
        assert!(allows(Role::Treasurer, Some(2), Access::Write, &kube));
        assert!(!allows(Role::Treasurer, Some(2), Access::Read, &panti));
        assert!(allows(Role::Head, Some(1), Access::Read, &kube));
        assert!(!allows(Role::Head, Some(1), Access::Write, &kube));
        assert!(allows(Role::Supervisor, Some(1), Access::Read, &panti));
        assert!(!allows(Role::Supervisor, Some(1), Access::Read, &other));
        assert!(!allows(Role::Member, Some(2), Access::Read, &kube));
    }

    #[test]
    fn member_logins_and_staff_usernames_do_not_share_a_shape() {
        let name = |text: &str| Username::parse(text).unwrap();
        assert!(check_namespace(Role::Member, &name("tahu-001")).is_ok());
        assert!(check_namespace(Role::Treasurer, &name("bendahara.tahu")).is_ok());
        assert!(check_namespace(Role::Treasurer, &name("bendahara-lain")).is_ok());
        for member in ["admin.x", "admin", "tahu-00a", "-001", "tahu-", "tahu-001-2"] {
            assert!(check_namespace(Role::Member, &name(member)).is_err(), "{member}");
        }
        for staff in ["tahu-001", "admin-1"] {
            assert!(check_namespace(Role::Admin, &name(staff)).is_err(), "{staff}");
        }
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_password(Role::Treasurer, "1234567").is_err());
        assert!(check_password(Role::Treasurer, "12345678").is_ok());
        assert!(check_password(Role::Member, "123456").is_ok());
        assert!(check_password(Role::Member, "12345").is_err());
        assert!(check_password(Role::Member, "abcdef").is_err());
    }
}
