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
        // Actor and detail are user text (a username as typed): escaped, so they cannot forge a line.
        use crate::domain::text::LogSafe;
        tracing::info!(actor = %LogSafe(&event.actor), action = ?event.action, entity = ?event.entity_id,
            detail = %LogSafe(&event.detail), "audit");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::AuditAction;
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
