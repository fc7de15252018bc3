//! The regional hub (kabupaten/kota, provinsi or nasional): it enrols each panti and pins
//! its public key, and receives the panti's signed report bundles, keeping every
//! revision. It never writes a panti's books: a panti's data reaches it only as bundles
//! the panti signed (issue 17, item 3). Its store is PostgreSQL (`store.rs`, the only
//! code that knows it).

pub mod store;

use crate::domain::report::bundle::BundleError;
use std::collections::BTreeMap;

/// Why the hub refuses a bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Bundle(BundleError),
    #[error("the bundle is signed by key {fingerprint}, which no enrolled panti holds")]
    UnknownKey { fingerprint: String },
    #[error("revision {revision} of {period} arrives after revision {latest}: only revision {} may come next", latest + 1)]
    OutOfOrder { period: String, revision: u32, latest: u32 },
    #[error("revision {revision} of {period} was received already with other contents")]
    Conflict { period: String, revision: u32 },
    #[error("revision {revision} of {period} is old: revision {latest} replaced it")]
    Replayed { period: String, revision: u32, latest: u32 },
    #[error("enrolment code unknown or already used")]
    UnknownCode,
}

/// Whether a verified bundle is new, given the revisions of its period already received
/// (revision → SHA-256 of the file): the next revision is new; the latest file again is
/// received once (a retried push); an older revision sent again, other contents under a
/// revision received, or a gap, is refused.
pub fn admit(received: &BTreeMap<u32, String>, period: &str, revision: u32, sha256: &str) -> Result<bool, Refusal> {
    let latest = received.keys().next_back().copied().unwrap_or(0);
    match received.get(&revision) {
        Some(stored) if stored == sha256 && revision == latest => Ok(false),
        Some(stored) if stored == sha256 => Err(Refusal::Replayed { period: period.to_string(), revision, latest }),
        Some(_) => Err(Refusal::Conflict { period: period.to_string(), revision }),
        None if revision == latest + 1 => Ok(true),
        None => Err(Refusal::OutOfOrder { period: period.to_string(), revision, latest }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_arrive_in_order_once_and_a_retry_is_no_second_copy() {
        let mut received = BTreeMap::new();
        assert_eq!(admit(&received, "2025-TW1", 1, "a"), Ok(true));
        assert_eq!(
            admit(&received, "2025-TW1", 2, "b"),
            Err(Refusal::OutOfOrder { period: "2025-TW1".into(), revision: 2, latest: 0 })
        );
        received.insert(1, "a".to_string());
        assert_eq!(admit(&received, "2025-TW1", 1, "a"), Ok(false), "the same file again");
        assert_eq!(
            admit(&received, "2025-TW1", 1, "x"),
            Err(Refusal::Conflict { period: "2025-TW1".into(), revision: 1 })
        );
        assert_eq!(admit(&received, "2025-TW1", 2, "b"), Ok(true));
        received.insert(2, "b".to_string());
        assert_eq!(
            admit(&received, "2025-TW1", 1, "a"),
            Err(Refusal::Replayed { period: "2025-TW1".into(), revision: 1, latest: 2 }),
            "an older revision sent again"
        );
        assert_eq!(admit(&received, "2025-TW1", 2, "b"), Ok(false), "a retried push of the latest");
    }
}
