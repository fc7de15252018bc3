//! Members and their savings: what a member pays in and takes out.

pub mod record_savings;
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
