//! The registers the books' rules ask about (`domain::registers`), read from the store:
//! the members and products of one entity that the entries to post name.

use super::ServiceError;
use crate::domain::books::{Books, Stamp};
use crate::domain::entity::EntityId;
use crate::domain::entry::{BalancedEntry, PostedEntry};
use crate::domain::member::Member;
use crate::domain::registers::{named_ids, Register};
use crate::store::{Store, StoreError};

/// The members and products of `entity` that `entries` name, as stored; `changed` is a
/// member record posted with them (an exit), which counts instead of the stored one.
pub fn read<'a>(
    store: &Store,
    entity: EntityId,
    entries: impl IntoIterator<Item = &'a BalancedEntry>,
    changed: Option<&Member>,
) -> Result<Register, StoreError> {
    let (members, products) = named_ids(entries);
    let mut register = Register::default();
    for id in members {
        if let Some(member) = store.member(id)?.filter(|m| m.entity_id == entity) {
            register = register.with_member(member);
        }
    }
    for id in products {
        if let Some(product) = store.product(id)?.filter(|p| p.entity_id == entity) {
            register = register.with_product(&product);
        }
    }
    if let Some(member) = changed.filter(|m| m.entity_id == entity) {
        register = register.with_member(member.clone());
    }
    Ok(register)
}

/// Posts one entry into `books` (a use case's scratch copy) under every rule of the books.
pub fn post_checked(books: &mut Books, store: &Store, entry: BalancedEntry) -> Result<PostedEntry, ServiceError> {
    let register = read(store, books.entity_id, [&entry], None)?;
    let stamp = Stamp { recorded_by: String::new(), recorded_at: String::new(), reverses: None };
    Ok(books.post(entry, stamp, &register)?)
}
