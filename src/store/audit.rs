//! The audit log: events under a key of the time they were written and a counter, so
//! keys sort in order and are never reused.

use super::codec::{decode, encode, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::audit::AuditEvent;
use std::sync::atomic::{AtomicU64, Ordering};

/// Tells apart events written in the same microsecond.
static AUDIT_COUNTER: AtomicU64 = AtomicU64::new(0);

impl WriteSet {
    pub fn audit(&mut self, event: &AuditEvent) {
        let micros = chrono::Utc::now().timestamp_micros().max(0) as u64;
        let counter = AUDIT_COUNTER.fetch_add(1, Ordering::Relaxed);
        self.put(key(prefix::AUDIT, &[&micros.to_be_bytes(), &counter.to_be_bytes()]), encode(event));
        // Every key event passes here, so this is their structured log; a commit that then
        // fails logs its own error.
        tracing::info!(actor = %event.actor, action = ?event.action, entity = ?event.entity_id, detail = %event.detail, "audit");
    }
}

impl Store {
    /// Audit events, newest first, that `keep` accepts; at most `limit`, skipping `offset`.
    pub fn audit_events(
        &self,
        keep: impl Fn(&AuditEvent) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let decoded = self.db.scan_prefix([prefix::AUDIT]).rev().map(|item| {
            let (key, bytes) = item?;
            decode::<AuditEvent>(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source })
        });
        let kept = decoded.filter(|event| event.as_ref().map_or(true, &keep));
        kept.skip(offset).take(limit).collect()
    }
}
