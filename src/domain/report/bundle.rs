//! A signed report bundle (berkas laporan, `.kubelap`): one submitted revision as it
//! travels to the Dinas Sosial on a flash disk, by WhatsApp or by push. It holds the
//! stored HTML and data, who submitted it and why, the head of every entity's hash chain
//! at the lock, and the panti's public key; an ed25519 signature covers all of it, so
//! anyone can check it offline, and a hub that pinned the key knows where it came from.
//!
//! The file is one JSON object `{"signed": {…}, "signature": "…"}`; the signature covers
//! the bytes of `signed` exactly as they stand in the file.

use super::assembly::{sha256_hex, Submission, SubmissionHeader};
use super::cadence::PeriodKey;
use crate::domain::entity::EntityId;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// What the first line of every bundle's contents says it is.
pub const FORMAT: &str = "kubelap/1";

/// The panti a bundle comes from and the key it signs with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub entity_id: EntityId,
    pub name: String,
    /// The instance's ed25519 public key, hex.
    pub public_key: String,
}

/// Where one entity's hash chain stood when the report locked its books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainHead {
    pub entity_id: EntityId,
    pub name: String,
    /// Entries in the chain, the last one numbered this.
    pub entries: u64,
    /// The hash of the last entry (all zeros for an empty chain), hex.
    pub last_hash: String,
}

/// Everything a bundle signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleContents {
    pub format: String,
    pub origin: Origin,
    pub header: SubmissionHeader,
    pub chain_heads: Vec<ChainHead>,
    pub html_sha256: String,
    pub data_sha256: String,
    pub html: String,
    pub data: String,
}

/// Why a file is not a good bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("not a report bundle: {0}")]
    NotABundle(String),
    #[error("unknown bundle format {0:?}")]
    UnknownFormat(String),
    #[error("the signature does not match the contents and the key inside")]
    BadSignature,
    #[error("the HTML or the data do not match their SHA-256")]
    ContentAltered,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleFile<'a> {
    #[serde(borrow)]
    signed: &'a RawValue,
    signature: String,
}

/// A short, readable fingerprint of a public key: the first 8 bytes of its SHA-256, in
/// groups of four hex digits, as the A4 footer and `bundle verify` print it.
pub fn key_fingerprint(public_key: &VerifyingKey) -> String {
    short_fingerprint(&sha256_hex(public_key.as_bytes()))
}

/// The first 16 hex digits of a SHA-256 in groups of four: `ab12 cd34 ef56 7890`.
pub fn short_fingerprint(sha256_hex: &str) -> String {
    let digits: Vec<char> = sha256_hex.chars().take(16).collect();
    digits.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

impl BundleContents {
    /// The contents of a submission as signed by `origin`.
    pub fn of(submission: &Submission, origin: Origin, chain_heads: Vec<ChainHead>) -> BundleContents {
        BundleContents {
            format: FORMAT.to_string(),
            origin,
            header: submission.header.clone(),
            chain_heads,
            html_sha256: submission.html_sha256.clone(),
            data_sha256: submission.data_sha256.clone(),
            html: submission.html.clone(),
            data: submission.data.clone(),
        }
    }

    /// The bundle file: these contents and `key`'s signature over them.
    pub fn sign(&self, key: &SigningKey) -> String {
        let signed = serde_json::to_string(self).expect("bundle contents serialise");
        let signature = hex::encode(key.sign(signed.as_bytes()).to_bytes());
        let signed = RawValue::from_string(signed).expect("serde_json wrote JSON");
        serde_json::to_string(&BundleFile { signed: &signed, signature }).expect("a bundle file serialises")
    }

    /// Reads a bundle file and checks it: its format, the signature of the key it names,
    /// and the HTML and data against their hashes. What it proves is that the holder of
    /// that key signed exactly these contents; whose key it is, a hub knows by enrolment.
    pub fn open(text: &str) -> Result<BundleContents, BundleError> {
        let not_a_bundle = |error: serde_json::Error| BundleError::NotABundle(error.to_string());
        let file: BundleFile = serde_json::from_str(text).map_err(not_a_bundle)?;
        let contents: BundleContents = serde_json::from_str(file.signed.get()).map_err(not_a_bundle)?;
        if contents.format != FORMAT {
            return Err(BundleError::UnknownFormat(contents.format));
        }
        let key = contents.public_key().ok_or(BundleError::BadSignature)?;
        let signature = hex::decode(&file.signature)
            .ok()
            .and_then(|bytes| Signature::from_slice(&bytes).ok())
            .ok_or(BundleError::BadSignature)?;
        key.verify_strict(file.signed.get().as_bytes(), &signature).map_err(|_| BundleError::BadSignature)?;
        if sha256_hex(contents.html.as_bytes()) != contents.html_sha256
            || sha256_hex(contents.data.as_bytes()) != contents.data_sha256
        {
            return Err(BundleError::ContentAltered);
        }
        Ok(contents)
    }

    /// The key the contents name, if it is one.
    pub fn public_key(&self) -> Option<VerifyingKey> {
        let bytes: [u8; 32] = hex::decode(&self.origin.public_key).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }
}

/// The file name a bundle is saved under: `laporan-<panti>-<period>-r<revision>.kubelap`.
pub fn file_name(panti: EntityId, period: PeriodKey, revision: u32) -> String {
    format!("laporan-{panti}-{period}-r{revision}.kubelap")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn contents(key: &SigningKey) -> BundleContents {
        let header = SubmissionHeader {
            period: PeriodKey::parse("2025-TW1").unwrap(),
            revision: 2,
            reason: Some("Koreksi penjualan".into()),
            submitted_by: "kepala".into(),
            submitted_at: "2025-04-10T08:00:00Z".into(),
            submitted_on: "2025-04-10".parse().unwrap(),
        };
        let submission = Submission::seal(header, "<p>Laporan</p>".into(), r#"{"sales":"150000"}"#.into()).unwrap();
        let origin = Origin {
            entity_id: 1,
            name: "Panti Sejahtera".into(),
            public_key: hex::encode(key.verifying_key().as_bytes()),
        };
        let heads = vec![ChainHead { entity_id: 2, name: "KUBE Tahu".into(), entries: 41, last_hash: "ab".repeat(32) }];
        BundleContents::of(&submission, origin, heads)
    }

    #[test]
    fn a_signed_bundle_opens_as_it_was_signed() {
        let signer = key(7);
        let file = contents(&signer).sign(&signer);
        assert_eq!(BundleContents::open(&file), Ok(contents(&signer)));
        assert_eq!(file_name(1, PeriodKey::parse("2025-TW1").unwrap(), 2), "laporan-1-2025-TW1-r2.kubelap");
    }

    #[test]
    fn every_changed_byte_of_the_signed_part_is_refused() {
        let signer = key(7);
        let file = contents(&signer).sign(&signer);
        let start = file.find("\"signed\":").unwrap() + 9;
        let end = file.rfind(",\"signature\"").unwrap();
        for at in (start..end).step_by(7) {
            let mut bytes = file.clone().into_bytes();
            bytes[at] ^= 0x01;
            let Ok(tampered) = String::from_utf8(bytes) else { continue };
            assert!(BundleContents::open(&tampered).is_err(), "byte {at} changed and still accepted");
        }
    }

    #[test]
    fn contents_re_signed_by_another_key_name_that_key_and_fail_under_the_first() {
        let (first, second) = (key(7), key(8));
        // Someone else's signature over the first panti's contents: refused.
        let mut file: serde_json::Value = serde_json::from_str(&contents(&first).sign(&first)).unwrap();
        let forged: serde_json::Value = serde_json::from_str(&contents(&first).sign(&second)).unwrap();
        file["signature"] = forged["signature"].clone();
        assert_eq!(BundleContents::open(&file.to_string()), Err(BundleError::BadSignature));
        // Signed whole by another key, it opens, naming that key: a hub pins the first.
        let other = contents(&second).sign(&second);
        let opened = BundleContents::open(&other).unwrap();
        assert_ne!(key_fingerprint(&opened.public_key().unwrap()), key_fingerprint(&first.verifying_key()));
    }

    #[test]
    fn altered_contents_re_signed_with_stale_hashes_are_refused() {
        let signer = key(7);
        let mut altered = contents(&signer);
        altered.data = r#"{"sales":"950000"}"#.into();
        assert_eq!(BundleContents::open(&altered.sign(&signer)), Err(BundleError::ContentAltered));
        let mut newer = contents(&signer);
        newer.format = "kubelap/9".into();
        assert_eq!(BundleContents::open(&newer.sign(&signer)), Err(BundleError::UnknownFormat("kubelap/9".into())));
        assert!(matches!(BundleContents::open("{}"), Err(BundleError::NotABundle(_))));
    }

    #[test]
    fn a_fingerprint_is_four_groups_of_four() {
        assert_eq!(short_fingerprint(&"0123456789abcdef".repeat(4)), "0123 4567 89ab cdef");
        assert_eq!(key_fingerprint(&key(7).verifying_key()).len(), 19);
    }
}
