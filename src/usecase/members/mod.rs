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

/// A version of the bylaws already starts on `date`: a new one starts on another date.
pub fn version_taken(field: &'static str, date: chrono::NaiveDate) -> ServiceError {
    Problems::one(Some(field), Problem::VersionTaken { date }).into()
}

/// The member as stored now, if these books register them; any other id, in other books
/// or none, is refused alike at the field `member_id`.
pub fn registered(books: &Books, store: &Store, id: MemberId) -> Result<Member, ServiceError> {
    match store.member(id)? {
        Some(member) if member.entity_id == books.entity_id => Ok(member),
        _ => Err(Problems::one(Some("member_id"), Problem::UnknownMember { member_id: id }).into()),
    }
}
