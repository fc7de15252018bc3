//! Members and their savings: what a member pays in and takes out.

pub mod change_contact;
pub mod exit_member;
pub mod record_savings;
pub mod register_member;
pub mod set_savings_terms;
pub mod set_shu_policy;

use crate::domain::books::Books;
use crate::domain::entry::MemberId;
use crate::domain::member::Member;
use crate::domain::problem::{Problem, Problems};
use crate::service::ServiceError;
use crate::store::Store;

/// A new version of the bylaws starts on a date no version has yet; refused at the field
/// `effective_from` otherwise.
pub fn new_version(
    mut taken: impl Iterator<Item = chrono::NaiveDate>,
    date: chrono::NaiveDate,
) -> Result<(), ServiceError> {
    match taken.any(|from| from == date) {
        true => Err(Problems::one(Some("effective_from"), Problem::VersionTaken { date }).into()),
        false => Ok(()),
    }
}

/// The member as stored now, if these books register them; any other id, in other books
/// or none, is refused alike at the field `member_id`.
pub fn registered(books: &Books, store: &Store, id: MemberId) -> Result<Member, ServiceError> {
    match store.member(id)? {
        Some(member) if member.entity_id == books.entity_id => Ok(member),
        _ => Err(Problems::one(Some("member_id"), Problem::UnknownMember { member_id: id }).into()),
    }
}

/// A member number: 1–20 letters, digits, `-`, `.` or `/`, unique in its entity.
pub fn member_number(text: &str) -> Result<crate::domain::member::MemberNumber, Problem> {
    let text = crate::usecase::fields::required(text)?;
    crate::domain::member::MemberNumber::parse(text)
        .map_err(|_| Problem::InvalidMemberNumber { text: text.to_string() })
}

/// A NIK: 16 digits whose 7th–12th are a birth date.
pub fn nik(text: &str) -> Result<crate::domain::member::Nik, Problem> {
    crate::domain::member::Nik::parse(text).map_err(|_| Problem::InvalidNik { text: text.trim().to_string() })
}

/// A phone number: 8–15 digits, with a `+` before them or not.
pub fn phone(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    crate::domain::member::parse_phone(text).map_err(|_| Problem::InvalidPhone { text: text.to_string() })
}
