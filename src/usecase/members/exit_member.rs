//! A member leaves (anggota keluar): everything the KUBE owes them — pokok, wajib,
//! sukarela and any SHU share not yet paid — paid from cash in one entry, refused when
//! the cash does not cover it, and the member marked exited on the date. A member owed
//! nothing leaves with no entry.

use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, MemberId, Memo};
use crate::domain::member::{exit_entry, Member, MemberError};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::{Prepared, ServiceError};
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// As typed: `{"member_id","date","memo"?}`; the path names the member at the JSON door.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub member_id: Typed,
    pub date: String,
    pub memo: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ExitMember {
    pub member_id: MemberId,
    pub date: chrono::NaiveDate,
    pub memo: Option<Memo>,
}

impl Command for ExitMember {
    type Input = Input;
    const NAME: &'static str = "exit";
    const ACCESS: Access = Access::Write;
    // Alone: a second exit of the same member must see the first one stored.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<ExitMember, Problems> {
        let mut check = FieldCheck::default();
        let member_id = check.take("member_id", fields::id(input.member_id.as_str()));
        let date = check.take("date", fields::date(&input.date));
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        check.finish()?;
        Ok(ExitMember {
            member_id: member_id.expect("checked"),
            date: date.expect("checked"),
            memo: memo.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        super::super::only_entry(self.prepared(books, store)?)
    }

    fn prepared(&self, books: &Books, store: &Store) -> Result<Prepared, ServiceError> {
        let member = super::registered(books, store, self.member_id)?;
        let entry = exit_entry(books, &member, self.date, self.memo.clone())?;
        Ok(Prepared {
            tags: entry.iter().map(|_| EntryTag::MemberExit { member_id: member.id }).collect(),
            entries: entry.into_iter().collect(),
            member: Some(Member { exited_on: Some(self.date), ..member }),
            ..Prepared::default()
        })
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Member(MemberError::BeforeJoining { .. }) => Some("date"),
            _ => None,
        }
    }
}
