//! The audit log: events under a key of the time they were written and a counter, so
//! keys sort in order and are never reused.
//!
//! Since layout 2 an event keeps neither its time as text (the key holds it) nor the memo
//! of the entries it records (the entry holds it): a single post's event is then about
//! 40 bytes instead of 100, read back as it always read.

use super::codec::{self, decode_body, encode_version, key, prefix, split_version};
use super::{Store, StoreError, WriteSet};
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::entity::EntityId;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// Tells apart events written in the same microsecond.
static AUDIT_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The layout of an event without its time, and with posted entries named by number.
const AUDIT_LAYOUT: u8 = 2;

#[derive(Serialize, Deserialize)]
struct StoredEvent {
    actor: String,
    action: AuditAction,
    entity_id: Option<EntityId>,
    detail: StoredDetail,
}

#[derive(Serialize, Deserialize)]
enum StoredDetail {
    Text(String),
    /// `count` entries from `first_seq` of the event's entity.
    Entries {
        first_seq: u64,
        count: u64,
    },
}

impl WriteSet {
    pub fn audit(&mut self, event: &AuditEvent) {
        self.audit_stored(StoredEvent {
            actor: event.actor.clone(),
            action: event.action,
            entity_id: event.entity_id,
            detail: StoredDetail::Text(event.detail.clone()),
        });
    }

    /// The event of a post: who posted which entries of `entity`.
    pub fn audit_entries(&mut self, actor: &str, action: AuditAction, entity: EntityId, first_seq: u64, count: u64) {
        self.audit_stored(StoredEvent {
            actor: actor.to_string(),
            action,
            entity_id: Some(entity),
            detail: StoredDetail::Entries { first_seq, count },
        });
    }

    fn audit_stored(&mut self, event: StoredEvent) {
        let micros = chrono::Utc::now().timestamp_micros().max(0) as u64;
        let counter = AUDIT_COUNTER.fetch_add(1, Ordering::Relaxed);
        // Every key event passes here, so this is their structured log; a commit that then
        // fails logs its own error.
        let detail = match &event.detail {
            StoredDetail::Text(text) => text.clone(),
            StoredDetail::Entries { first_seq, count } => entries_text(*first_seq, *count, None),
        };
        // Actor and detail are user text (a username as typed): escaped, so they cannot forge a line.
        use crate::domain::text::LogSafe;
        tracing::info!(actor = %LogSafe(&event.actor), action = ?event.action, entity = ?event.entity_id,
            detail = %LogSafe(&detail), "audit");
        self.put(
            key(prefix::AUDIT, &[&micros.to_be_bytes(), &counter.to_be_bytes()]),
            encode_version(AUDIT_LAYOUT, &event),
        );
    }
}

/// What a post's event says: "jurnal #7: memo" for one entry (the memo when known),
/// "3 jurnal #7–#9" for several.
fn entries_text(first_seq: u64, count: u64, memo: Option<&str>) -> String {
    match (count, memo) {
        (1, Some(memo)) => format!("jurnal #{first_seq}: {memo}"),
        (1, None) => format!("jurnal #{first_seq}"),
        _ => format!("{count} jurnal #{first_seq}–#{}", first_seq + count - 1),
    }
}

/// Whether a stored event of either layout reads (for `verify`).
pub(super) fn event_reads(bytes: &[u8]) -> Result<(), codec::DecodeError> {
    match split_version(bytes)? {
        (AUDIT_LAYOUT, body) => decode_body::<StoredEvent>(body).map(drop),
        _ => codec::decode::<AuditEvent>(bytes).map(drop),
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
            self.audit_event(&key, &bytes)
        });
        let kept = decoded.filter(|event| event.as_ref().map_or(true, &keep));
        kept.skip(offset).take(limit).collect()
    }

    fn audit_event(&self, key: &[u8], bytes: &[u8]) -> Result<AuditEvent, StoreError> {
        let corrupt = |source| StoreError::Decode { key: hex::encode(key), source };
        let (layout, body) = split_version(bytes).map_err(corrupt)?;
        if layout != AUDIT_LAYOUT {
            return codec::decode(bytes).map_err(corrupt);
        }
        let stored: StoredEvent = decode_body(body).map_err(corrupt)?;
        let micros = key.get(1..9).and_then(codec::u64_from_bytes).unwrap_or_default();
        let at = chrono::DateTime::from_timestamp_micros(micros as i64)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let detail = match stored.detail {
            StoredDetail::Text(text) => text,
            StoredDetail::Entries { first_seq, count } => {
                // One entry's event reads with its memo, as events did before layout 2.
                let entry = match (stored.entity_id, count) {
                    (Some(entity), 1) => self.entry(entity, first_seq)?,
                    _ => None,
                };
                entries_text(first_seq, count, Some(entry.as_ref().map_or("", |e| e.entry.memo().as_str())))
            }
        };
        Ok(AuditEvent { at, actor: stored.actor, action: stored.action, entity_id: stored.entity_id, detail })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A log writer into memory, for the formatter the binary uses.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_audit_event_with_a_newline_and_terminal_escapes_logs_as_one_escaped_line() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        let forged = "2026-12-03T00:00:00.000000Z  INFO kube_ledger::store::audit: audit actor=root";
        let actor = format!("tamu\n{forged}\u{1b}[2J\u{202E}");
        let detail = format!("jurnal #1: kas\r\n{forged}");
        tracing::subscriber::with_default(subscriber, || {
            WriteSet::default().audit(&AuditEvent::now(&actor, AuditAction::LoginFailed, None, detail));
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(log.contains("actor=tamu\\n2026-12-03T00:00:00.000000Z") && log.contains("kas\\r\\n2026"), "{log}");
        assert!(!log.contains('\u{1b}') && !log.contains('\u{202E}'), "{log:?}");
    }
}
