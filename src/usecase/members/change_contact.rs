//! Change a member's contact (ubah kontak anggota): the phone number the treasurer
//! reaches them at; left empty, the member has none on file.

use crate::domain::entity::Entity;
use crate::domain::entry::MemberId;
use crate::domain::member::Member;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"member_id","phone"}`; the path names the member at the JSON door.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub member_id: Typed,
    pub phone: String,
}

#[derive(Debug, Clone)]
pub struct ChangeContact {
    pub member_id: MemberId,
    pub phone: Option<String>,
}

impl RegisterCommand for ChangeContact {
    type Input = Input;
    type Outcome = Member;
    const NAME: &'static str = "change_contact";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<ChangeContact, Problems> {
        let mut check = FieldCheck::default();
        let member_id = check.take("member_id", fields::id(input.member_id.as_str()));
        let phone = check.take("phone", fields::optional(&input.phone, super::phone));
        check.finish()?;
        Ok(ChangeContact { member_id: member_id.expect("checked"), phone: phone.expect("checked") })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Member, ServiceError> {
        let member = match store.member(self.member_id)? {
            Some(member) if member.entity_id == entity.id => member,
            _ => {
                return Err(
                    Problems::one(Some("member_id"), Problem::UnknownMember { member_id: self.member_id }).into()
                )
            }
        };
        let changed = Member { phone: self.phone, ..member };
        writes.member(&changed);
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_phone_is_named_and_an_empty_one_clears_it() {
        let bad = Input { member_id: Typed::from("x"), phone: "12".into() };
        let fields: Vec<_> = ChangeContact::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["member_id", "phone"]);
        let cleared = ChangeContact::parse(Input { member_id: Typed::from("7"), phone: " ".into() }).unwrap();
        assert_eq!((cleared.member_id, cleared.phone), (7, None));
    }
}
