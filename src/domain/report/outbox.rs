//! A panti's side of the regional hub: where it enrolled, and what became of each signed
//! bundle it owes the hub (the outbox). Pure.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The hub a panti enrolled at, and what the hub answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubLink {
    /// `https://host[:port]` or `http://host:port`, no trailing slash.
    pub address: String,
    /// The panti's number at the hub.
    pub hub_panti_id: i64,
    /// The name and region the hub registered it under.
    pub hub_name: String,
    pub region: String,
    pub enrolled_by: String,
    pub enrolled_at: String,
}

/// What became of one bundle: kept by the hub (delivered), or refused with the hub's
/// reason (sent no more). A bundle without a record waits in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    Delivered { at: String, sha256: String },
    Refused { at: String, code: String, reason: String },
}

/// Where a submission stands towards the hub, as the submitted list says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sending {
    /// Terkirim.
    Delivered,
    /// Menunggu jaringan: in the outbox, sent as soon as the hub answers.
    Waiting,
    /// Ditolak hub.
    Refused,
}

impl Delivery {
    pub fn sending(delivery: Option<&Delivery>) -> Sending {
        match delivery {
            None => Sending::Waiting,
            Some(Delivery::Delivered { .. }) => Sending::Delivered,
            Some(Delivery::Refused { .. }) => Sending::Refused,
        }
    }
}

/// The first wait after a failed send, and the longest.
pub const RETRY_FIRST: Duration = Duration::from_millis(500);
pub const RETRY_MAX: Duration = Duration::from_secs(60);

/// The wait after `failures` failed sends in a row: doubling from [`RETRY_FIRST`] up to
/// [`RETRY_MAX`], so a panti offline for days tries once a minute.
pub fn retry_after(failures: u32) -> Duration {
    RETRY_FIRST.saturating_mul(1u32 << failures.saturating_sub(1).min(16)).min(RETRY_MAX)
}

/// A hub's address as typed: `http://` or `https://`, a host, no path; kept without a
/// trailing slash.
pub fn hub_address(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let rest = text.strip_prefix("http://").or_else(|| text.strip_prefix("https://"))?;
    let fits = !rest.is_empty() && !rest.contains(['/', '?', '#', ' ', '@']) && text.len() <= 200;
    fits.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_to_a_minute() {
        let waits: Vec<u64> = (1..=9).map(|n| retry_after(n).as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
        assert_eq!(retry_after(1000), RETRY_MAX);
    }

    #[test]
    fn a_hub_address_is_a_scheme_and_a_host() {
        assert_eq!(hub_address(" http://127.0.0.1:8090/ "), Some("http://127.0.0.1:8090".into()));
        assert_eq!(hub_address("https://hub.dinsos.go.id"), Some("https://hub.dinsos.go.id".into()));
        for bad in ["127.0.0.1:8090", "ftp://x", "http://", "http://x/api", "http://a b", "http://u@x"] {
            assert_eq!(hub_address(bad), None, "{bad}");
        }
    }
}
