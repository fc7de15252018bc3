//! A panti's enrolment at its regional hub and the outbox's record of each bundle sent
//! (`report::outbox`); the bundles themselves stay where the submission put them.

use super::codec::{encode, entity_key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::report::cadence::PeriodKey;
use crate::domain::report::outbox::{Delivery, HubLink};

fn delivery_key(panti: EntityId, period: PeriodKey, revision: u32) -> Vec<u8> {
    entity_key(prefix::HUB_DELIVERY, panti, &[&period.to_bytes(), &revision.to_be_bytes()])
}

impl WriteSet {
    pub fn hub_link(&mut self, panti: EntityId, link: &HubLink) {
        self.put(entity_key(prefix::HUB_LINK, panti, &[]), encode(link));
    }

    pub fn delivery(&mut self, panti: EntityId, period: PeriodKey, revision: u32, delivery: &Delivery) {
        self.put(delivery_key(panti, period, revision), encode(delivery));
    }
}

impl Store {
    pub fn hub_link(&self, panti: EntityId) -> Result<Option<HubLink>, StoreError> {
        self.get(&entity_key(prefix::HUB_LINK, panti, &[]))
    }

    pub fn delivery(&self, panti: EntityId, period: PeriodKey, revision: u32) -> Result<Option<Delivery>, StoreError> {
        self.get(&delivery_key(panti, period, revision))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Postcard is not self-describing: every stored shape must read back as written.
    #[test]
    fn a_link_and_deliveries_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let link = HubLink {
            address: "http://127.0.0.1:8090".into(),
            hub_panti_id: 7,
            hub_name: "PSBK".into(),
            region: "33.74".into(),
            enrolled_by: "kepala".into(),
            enrolled_at: "t".into(),
        };
        let period = PeriodKey::parse("2026-TW1").unwrap();
        let delivered = Delivery::Delivered { at: "t".into(), sha256: "ab".into() };
        let refused = Delivery::Refused { at: "t".into(), code: "replayed".into(), reason: "lama".into() };
        let mut writes = WriteSet::default();
        writes.hub_link(1, &link);
        writes.delivery(1, period, 1, &delivered);
        writes.delivery(1, period, 2, &refused);
        store.commit(writes).unwrap();
        assert_eq!(store.hub_link(1).unwrap(), Some(link));
        assert_eq!(store.delivery(1, period, 1).unwrap(), Some(delivered));
        assert_eq!(store.delivery(1, period, 2).unwrap(), Some(refused));
        assert_eq!(store.delivery(1, period, 3).unwrap(), None, "not sent yet");
        assert_eq!(store.unreadable_records().unwrap().1, Vec::<String>::new());
    }
}
