//! Register a member (daftar anggota) of a KUBE or koperasi: a number unique in its
//! entity, a name, a kind, and what else is known (NIK, client number, phone). The page
//! form, the JSON body and a row of a members file are one input with one set of rules.

use crate::domain::entity::{Entity, EntityKind};
use crate::domain::member::{Member, MemberError, MemberKind, MemberNumber};
use crate::domain::problem::{FieldCheck, Problems};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields;
use crate::usecase::{Access, RegisterCommand, RegisterRows};
use serde::{Deserialize, Serialize};

/// As typed: `{"number","name","kind","joined_on","nik"?,"client_number"?,"phone"?}`;
/// `kind` is `petugas`, `klien` or `keluarga`; an empty optional part is not given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub number: String,
    pub name: String,
    pub kind: String,
    pub joined_on: String,
    pub nik: Option<String>,
    pub client_number: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RegisterMember {
    pub number: MemberNumber,
    pub name: String,
    pub kind: MemberKind,
    pub nik: Option<crate::domain::member::Nik>,
    pub client_number: Option<String>,
    pub phone: Option<String>,
    pub joined_on: chrono::NaiveDate,
}

pub(crate) const KINDS: &[(&str, MemberKind)] =
    &[("klien", MemberKind::Klien), ("petugas", MemberKind::Petugas), ("keluarga", MemberKind::Keluarga)];

impl RegisterCommand for RegisterMember {
    type Input = Input;
    type Outcome = Member;
    const NAME: &'static str = "register_member";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<RegisterMember, Problems> {
        let mut check = FieldCheck::default();
        let number = check.take("number", super::member_number(&input.number));
        let name = check.take("name", fields::name(&input.name));
        let kind = check.take("kind", fields::choice(&input.kind, KINDS, None, "klien, petugas, keluarga"));
        let joined_on = check.take("joined_on", fields::date(&input.joined_on));
        let nik = check.take("nik", fields::optional(input.nik.as_deref().unwrap_or(""), super::nik));
        let client_number = check.take("client_number", fields::optional_name(input.client_number.as_deref()));
        let phone = check.take("phone", fields::optional(input.phone.as_deref().unwrap_or(""), super::phone));
        check.finish()?;
        Ok(RegisterMember {
            number: number.expect("checked"),
            name: name.expect("checked"),
            kind: kind.expect("checked"),
            nik: nik.expect("checked"),
            client_number: client_number.expect("checked"),
            phone: phone.expect("checked"),
            joined_on: joined_on.expect("checked"),
        })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Member, ServiceError> {
        match register(vec![(0, self)], entity, store, writes) {
            Ok(mut added) => Ok(added.remove(0)),
            Err(ServiceError::BadRows(mut bad)) => Err(bad.remove(0).1),
            Err(other) => Err(other),
        }
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        matches!(error, ServiceError::Member(MemberError::DuplicateNumber(_))).then_some("number")
    }
}

impl RegisterRows for RegisterMember {
    const COLUMNS: (&'static [&'static str], &'static [&'static str]) =
        (&["number", "name", "kind", "joined_on"], &["nik", "client_number", "phone"]);

    fn change_rows(
        rows: Vec<(u64, Self)>,
        entity: &Entity,
        store: &Store,
        writes: &mut WriteSet,
    ) -> Result<usize, ServiceError> {
        Ok(register(rows, entity, store, writes)?.len())
    }
}

/// Members numbered from the next free id, each number unique in the entity and in the
/// rows before it; every taken number named by its row (`BadRows`).
fn register(
    news: Vec<(u64, RegisterMember)>,
    entity: &Entity,
    store: &Store,
    writes: &mut WriteSet,
) -> Result<Vec<Member>, ServiceError> {
    if entity.kind == EntityKind::Panti {
        return Err(ServiceError::NotAllowed("anggota hanya untuk KUBE atau koperasi".into()));
    }
    let mut bad = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, new) in &news {
        let number = new.number.as_str();
        if !seen.insert(number.to_lowercase()) || store.member_by_number(entity.id, number)?.is_some() {
            bad.push((*line, MemberError::DuplicateNumber(number.to_string()).into()));
        }
    }
    if !bad.is_empty() {
        return Err(ServiceError::BadRows(bad));
    }
    let first_id = store.next_member_id()?;
    let members: Vec<Member> = news
        .into_iter()
        .zip(first_id..)
        .map(|((_, new), id)| Member {
            id,
            entity_id: entity.id,
            number: new.number,
            name: new.name,
            kind: new.kind,
            nik: new.nik,
            client_number: new.client_number,
            phone: new.phone,
            joined_on: new.joined_on,
            exited_on: None,
        })
        .collect();
    for member in &members {
        writes.member(member);
    }
    writes.next_member_id(first_id + members.len() as u64);
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_and_empty_optional_parts_are_not_given() {
        let bad = Input {
            number: "TAHU 3".into(),
            name: " ".into(),
            kind: "tamu".into(),
            joined_on: "2026-02-30".into(),
            nik: Some("123".into()),
            phone: Some("12".into()),
            ..Input::default()
        };
        let fields: Vec<_> = RegisterMember::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["number", "name", "kind", "joined_on", "nik", "phone"]);
        let good = Input {
            number: "TAHU-002".into(),
            name: "Budi".into(),
            kind: "petugas".into(),
            joined_on: "2026-02-01".into(),
            nik: Some("".into()),
            phone: Some(" 081234567890 ".into()),
            ..Input::default()
        };
        let member = RegisterMember::parse(good).unwrap();
        assert_eq!((member.nik, member.phone.as_deref()), (None, Some("081234567890")));
    }
}
