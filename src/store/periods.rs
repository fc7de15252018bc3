//! Fiscal year closes: what each close posted, and its reopening.

use super::codec::{encode, entity_key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::close::{ShuDecision, YearClose};
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

    /// The RAT's decision on a close's SHU: written once.
    pub fn shu_decision(&mut self, entity: EntityId, decision: &ShuDecision) {
        let key = [&(decision.year as u32).to_be_bytes()[..], &decision.close_version.to_be_bytes()];
        self.put(entity_key(prefix::SHU_DECISION, entity, &key), encode(decision));
    }
}

impl Store {
    /// Every close of an entity, by year then version.
    pub fn year_closes(&self, entity: EntityId) -> Result<Vec<YearClose>, StoreError> {
        self.scan(entity_key(prefix::YEAR_CLOSE, entity, &[])).map(|item| item.map(|(_, close)| close)).collect()
    }

    /// Every RAT decision of an entity, by year then close version.
    pub fn shu_decisions(&self, entity: EntityId) -> Result<Vec<ShuDecision>, StoreError> {
        self.scan(entity_key(prefix::SHU_DECISION, entity, &[])).map(|item| item.map(|(_, d)| d)).collect()
    }
}
