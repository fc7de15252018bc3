//! Fiscal year closes: what each close posted, and its reopening.

use super::codec::{encode, entity_key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::close::YearClose;
use crate::domain::entity::EntityId;

fn close_key(entity: EntityId, close: &YearClose) -> Vec<u8> {
    // Years are positive (chrono dates of the books), so their bytes sort in order.
    entity_key(prefix::YEAR_CLOSE, entity, &[&(close.year as u32).to_be_bytes(), &close.version.to_be_bytes()])
}

impl WriteSet {
    /// A close, written again with its reopening.
    pub fn year_close(&mut self, entity: EntityId, close: &YearClose) {
        self.put(close_key(entity, close), encode(close));
    }
}

impl Store {
    /// Every close of an entity, by year then version.
    pub fn year_closes(&self, entity: EntityId) -> Result<Vec<YearClose>, StoreError> {
        self.scan(entity_key(prefix::YEAR_CLOSE, entity, &[])).map(|item| item.map(|(_, close)| close)).collect()
    }
}
