//! The regional hub (kabupaten/kota, provinsi or nasional): it enrols each panti and pins
//! its public key, and receives the panti's signed report bundles, keeping every
//! revision. It never writes a panti's books: a panti's data reaches it only as bundles
//! the panti signed (issue 17, item 3). Its store is PostgreSQL (`store.rs`, the only
//! code that knows it).

pub mod figures;
pub mod http;
pub mod recap;
pub mod store;

use crate::domain::identity::RegionCode;
use crate::domain::report::bundle::BundleError;
use crate::domain::throttle::{self, LoginThrottle};
use crate::domain::user::{check_password, Role, Username};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Mutex;
use store::{HubError, HubStore, Officer};

/// Where an officer may read: the whole nation, one provinsi or one kabupaten/kota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Nasional,
    /// The two digits of the provinsi.
    Provinsi(String),
    /// `PP.KK`.
    Kabupaten(String),
}

impl Scope {
    /// `nasional`, a provinsi's two digits (`33`) or a kabupaten/kota (`33.74`).
    pub fn parse(text: &str) -> Option<Scope> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("nasional") {
            return Some(Scope::Nasional);
        }
        if text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Scope::Provinsi(text.to_string()));
        }
        let code = RegionCode::parse(text).ok().filter(|code| code.as_str().len() == 5)?;
        Some(Scope::Kabupaten(code.as_str().to_string()))
    }

    /// As stored: empty for the nation.
    pub fn code(&self) -> &str {
        match self {
            Scope::Nasional => "",
            Scope::Provinsi(code) | Scope::Kabupaten(code) => code,
        }
    }

    /// As an officer reads it.
    pub fn shown(&self) -> &str {
        match self {
            Scope::Nasional => "nasional",
            Scope::Provinsi(code) | Scope::Kabupaten(code) => code,
        }
    }

    pub fn from_code(code: &str) -> Scope {
        match code.len() {
            0 => Scope::Nasional,
            2 => Scope::Provinsi(code.to_string()),
            _ => Scope::Kabupaten(code.to_string()),
        }
    }

    /// Whether a panti in `regency` lies within.
    pub fn covers(&self, regency: &str) -> bool {
        match self {
            Scope::Nasional => true,
            Scope::Provinsi(code) => regency.starts_with(code.as_str()),
            Scope::Kabupaten(code) => regency == code,
        }
    }
}

/// How long an officer's sign-in lasts.
pub const SESSION_HOURS: i64 = 12;

/// Why an officer is not made or not signed in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficerError {
    #[error("username: {0}")]
    Username(String),
    #[error("region must be nasional, a provinsi (33) or a kabupaten/kota (33.74)")]
    Region,
    #[error("the password needs at least 8 characters")]
    WeakPassword,
    #[error("unknown username or wrong password")]
    BadCredentials,
    #[error("the officer exists already")]
    Exists,
    #[error("too many failed sign-ins; try again in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: i64 },
}

/// Makes an officer of `region` (`nasional`, `33`, `33.74`): the password kept only as
/// its argon2 hash, as a panti's users are.
pub async fn create_officer(
    store: &HubStore,
    username: &str,
    region: &str,
    password: &str,
) -> Result<Officer, HubError> {
    let username = Username::parse(username).map_err(|error| OfficerError::Username(error.to_string()))?;
    let scope = Scope::parse(region).ok_or(OfficerError::Region)?;
    check_password(Role::Supervisor, password).map_err(|_| OfficerError::WeakPassword)?;
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || crate::domain::user::password_hash(&password))
        .await
        .expect("argon2 does not panic");
    store.add_officer(username.as_str(), &scope, &hash).await
}

/// Checks an officer's password and opens a session: the token for the cookie. Failures
/// are held back by their source and username as a panti's sign-ins are (`throttle`), so
/// guessing an officer's password from one place goes at a crawl.
pub async fn sign_in(
    store: &HubStore,
    throttle: &Mutex<LoginThrottle>,
    username: &str,
    password: &str,
    source: IpAddr,
) -> Result<String, HubError> {
    let (username, source) = (username.trim(), throttle::source_key(source));
    let now_ms = || chrono::Utc::now().timestamp_millis();
    let (wait_ms, _) = throttle
        .lock()
        .expect("throttle lock")
        .admit(&source, username, now_ms())
        .map_err(|refused| OfficerError::TooManyAttempts { retry_after_seconds: refused.retry_after_seconds })?;
    tokio::time::sleep(std::time::Duration::from_millis(wait_ms.unsigned_abs())).await;
    let found = store.officer_hash(username).await?;
    let password = password.to_string();
    let phc = found.as_ref().map(|(_, hash)| hash.clone());
    let matches = tokio::task::spawn_blocking(move || crate::domain::user::password_matches(phc.as_deref(), &password))
        .await
        .expect("argon2 does not panic");
    let Some((officer, _)) = found.filter(|_| matches) else { return Err(OfficerError::BadCredentials.into()) };
    throttle.lock().expect("throttle lock").succeeded(&source, username, now_ms());
    let token = crate::service::random_token();
    store.open_session(&officer.username, &token).await?;
    Ok(token)
}

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
    #[error("not a public key: 64 hex digits expected")]
    BadKey,
}

impl Refusal {
    /// The refusal's code, as the API answers it and its message id (`hub-refused-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Bundle(BundleError::NotABundle(_)) => "not_a_bundle",
            Refusal::Bundle(BundleError::UnknownFormat(_)) => "unknown_format",
            Refusal::Bundle(BundleError::BadSignature) => "bad_signature",
            Refusal::Bundle(BundleError::ContentAltered) => "content_altered",
            Refusal::UnknownKey { .. } => "unknown_key",
            Refusal::OutOfOrder { .. } => "out_of_order",
            Refusal::Conflict { .. } => "conflict",
            Refusal::Replayed { .. } => "replayed",
            Refusal::UnknownCode => "unknown_code",
            Refusal::BadKey => "bad_key",
        }
    }

    /// The message's arguments.
    pub fn args(&self) -> Vec<(&'static str, crate::messages::FluentValue<'static>)> {
        match self {
            Refusal::Bundle(BundleError::NotABundle(detail)) => vec![("detail", detail.clone().into())],
            Refusal::Bundle(BundleError::UnknownFormat(format)) => vec![("format", format.clone().into())],
            Refusal::UnknownKey { fingerprint } => vec![("fingerprint", fingerprint.clone().into())],
            Refusal::OutOfOrder { period, revision, latest } | Refusal::Replayed { period, revision, latest } => {
                vec![("period", period.clone().into()), ("revision", (*revision).into()), ("latest", (*latest).into())]
            }
            Refusal::Conflict { period, revision } => {
                vec![("period", period.clone().into()), ("revision", (*revision).into())]
            }
            _ => vec![],
        }
    }

    /// In `lang`, from the catalogue.
    pub fn message(&self, lang: crate::messages::Lang) -> String {
        crate::messages::message(lang, &format!("hub-refused-{}", self.code()), &self.args())
    }
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
