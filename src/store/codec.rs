//! Big-endian keys (so sled's order is numeric order) and versioned values.

use crate::domain::entity::EntityId;
use chrono::{Datelike, NaiveDate};
use serde::{de::DeserializeOwned, Serialize};

/// The first byte of every stored value; bump it when a value's layout changes.
const VALUE_VERSION: u8 = 1;

/// One-byte prefixes: every kind of record lives in one sled tree so that a use case's
/// writes can be applied as one atomic batch.
pub mod prefix {
    pub const META: u8 = b'M';
    pub const ENTITY: u8 = b'E';
    pub const CHART: u8 = b'C';
    pub const ENTRY: u8 = b'J';
    pub const BALANCES: u8 = b'B';
    pub const MEMBER_BALANCES: u8 = b'b';
    pub const DAILY: u8 = b'D';
    pub const REVERSAL: u8 = b'R';
    /// Idempotency records under the SHA-256 of their key, as written before schema 2.
    pub const IDEMPOTENCY: u8 = b'I';
    /// Idempotency records under their key as sent.
    pub const IDEMPOTENCY_KEY: u8 = b'q';
    pub const USER: u8 = b'U';
    pub const SESSION: u8 = b'S';
    pub const MEMBER: u8 = b'N';
    pub const MEMBER_NUMBER: u8 = b'n';
    pub const SAVINGS_TERMS: u8 = b'L';
    pub const ENTRY_TAG: u8 = b'K';
    pub const MEMBER_ENTRY: u8 = b'x';
    pub const HEAD: u8 = b'h';
    pub const CLIENT: u8 = b'T';
    pub const CLIENT_NUMBER: u8 = b't';
    pub const COHORT: u8 = b'A';
    pub const PANTI_COHORT: u8 = b'a';
    pub const ENROLMENT: u8 = b'P';
    pub const PANTI_SKILL: u8 = b'p';
    pub const COHORT_SESSION: u8 = b'F';
    pub const PLACEMENT: u8 = b'W';
    pub const PACKAGE: u8 = b'w';
    pub const STAFF: u8 = b'k';
    pub const STOCK: u8 = b'Q';
    pub const PRODUCT: u8 = b'G';
    pub const PRODUCT_CODE: u8 = b'g';
    pub const ENTRY_BY_DATE: u8 = b'y';
    pub const SHU_POLICY: u8 = b'V';
    pub const YEAR_CLOSE: u8 = b'c';
    pub const AUDIT: u8 = b'v';
    /// The CSRF token of a browser session, keyed like its session.
    pub const PAGE_CSRF: u8 = b'Y';
    pub const PLAN: u8 = b'O';
    pub const ASSESSMENT: u8 = b'o';
    pub const REPORT_SETTINGS: u8 = b'Z';
    pub const STAGE_CHANGE: u8 = b'H';
    pub const REPORT_EVALUATION: u8 = b'X';
    pub const REPORT_SUBMISSION: u8 = b'z';
    /// The accounts of an entity's chart that take no more postings.
    pub const CHART_INACTIVE: u8 = b'i';
    /// The instance's ed25519 signing key (one record, made on first use).
    pub const SIGNING_KEY: u8 = b'0';
    /// A submission's signed bundle, as it was signed: per panti, period and revision.
    pub const REPORT_BUNDLE: u8 = b'1';
    /// An entity's identity (region, type, registration, legal identity): the latest.
    pub const IDENTITY: u8 = b'2';
    /// The RAT's decision on a closed year's SHU, keyed like the close it allocates.
    pub const SHU_DECISION: u8 = b'r';
    /// The fixed-asset register, by the entry each asset came from.
    pub const FIXED_ASSET: u8 = b'f';
    /// Each month's depreciation run, by year and month.
    pub const DEPRECIATION: u8 = b'd';
    /// Member loans (simpan pinjam), by entity and loan number.
    pub const MEMBER_LOAN: u8 = b'l';
    /// Each version of the loan terms of the bylaws, by the date it starts.
    pub const LOAN_TERMS: u8 = b'j';
    /// A panti's enrolment at a regional hub (its address and the hub's answer).
    pub const HUB_LINK: u8 = b'3';
    /// The outbox's state of one bundle: per panti, period and revision.
    pub const HUB_DELIVERY: u8 = b'4';
    /// What a register change answered under a form's key or an `Idempotency-Key`.
    pub const REGISTER_REPLAY: u8 = b'e';
    /// A login an admin disabled, with when.
    pub const DISABLED_USER: u8 = b'u';
}

pub fn key(prefix: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    key.push(prefix);
    for part in parts {
        key.extend_from_slice(part);
    }
    key
}

pub fn entity_key(prefix: u8, entity: EntityId, rest: &[&[u8]]) -> Vec<u8> {
    let mut key = key(prefix, &[&entity.to_be_bytes()]);
    for part in rest {
        key.extend_from_slice(part);
    }
    key
}

/// Days from the common era, shifted so that big-endian bytes sort like dates.
pub fn date_bytes(date: NaiveDate) -> [u8; 4] {
    ((date.num_days_from_ce() as i64 + i32::MAX as i64 + 1) as u32).to_be_bytes()
}

pub fn date_from_bytes(bytes: &[u8]) -> Option<NaiveDate> {
    let raw = u32::from_be_bytes(bytes.try_into().ok()?) as i64 - i32::MAX as i64 - 1;
    NaiveDate::from_num_days_from_ce_opt(raw as i32)
}

pub fn u64_from_bytes(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    encode_version(VALUE_VERSION, value)
}

/// A value in a layout of its own kind (a compact entry, a compact audit event), read
/// back through `split_version` and `decode_body`; `decode` reads the common layout.
pub fn encode_version<T: Serialize>(version: u8, value: &T) -> Vec<u8> {
    let mut bytes = vec![version];
    postcard::to_io(value, &mut bytes).expect("stored values serialise");
    bytes
}

pub fn split_version(bytes: &[u8]) -> Result<(u8, &[u8]), DecodeError> {
    bytes.split_first().map(|(version, body)| (*version, body)).ok_or(DecodeError::UnknownVersion(0))
}

pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    Ok(postcard::from_bytes(body)?)
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("nilai tersimpan versi {0} tidak dikenal")]
    UnknownVersion(u8),
    #[error("nilai tersimpan rusak: {0}")]
    Damaged(String),
    #[error("nilai tersimpan rusak: {0}")]
    Corrupt(#[from] postcard::Error),
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match split_version(bytes)? {
        (VALUE_VERSION, rest) => decode_body(rest),
        (other, _) => Err(DecodeError::UnknownVersion(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_entry_tag_round_trips() {
        use crate::domain::capital::{Grant, GrantSource, Loan, Repayment};
        use crate::domain::member::{code, SavingsKind};
        use crate::domain::money::Money;
        use crate::domain::tag::EntryTag;
        let date: NaiveDate = "2026-07-02".parse().unwrap();
        let amount = Money::parse("1500000.50").unwrap();
        let tags = [
            EntryTag::Savings { member_id: 3, savings: SavingsKind::Wajib, withdrawal: false },
            EntryTag::Grant(Grant {
                source: GrantSource::Csr,
                programme: "CSR".into(),
                date,
                amount,
                in_kind: true,
                asset_account: code("1201"),
            }),
            EntryTag::LoanReceipt(Loan {
                lender: "BRI".into(),
                rate_percent: "6.5".parse().unwrap(),
                term_months: 12,
                date,
                principal: amount,
                into_account: code("1102"),
            }),
            EntryTag::LoanRepayment(Repayment {
                loan_seq: 4,
                date,
                principal: amount,
                interest: Money::ZERO,
                from_account: code("1101"),
            }),
            EntryTag::MemberExit { member_id: 9 },
            EntryTag::Purchase(crate::domain::sales::PurchaseRecord {
                supplier: "Anggota A-01".into(),
                on_credit: false,
                total: amount,
                member_id: Some(2),
            }),
            EntryTag::YearClose { year: 2025 },
            EntryTag::YearReopen { year: 2025 },
            EntryTag::ShuPayout { member_id: 2, choice: crate::domain::close::ShuChoice::Wajib, amount },
            EntryTag::MemberLoanDisbursement { loan_id: 1, member_id: 2, date, principal: amount, fee: Money::ZERO },
            EntryTag::MemberLoanRepayment {
                loan_id: 1,
                member_id: 2,
                date,
                fee: Money::ZERO,
                interest: amount,
                principal: amount,
            },
            EntryTag::LoanAllowance { year: 2026, month: 11 },
        ];
        for tag in tags {
            assert_eq!(decode::<EntryTag>(&encode(&tag)).unwrap(), tag);
        }
    }

    #[test]
    fn date_keys_sort_like_dates_and_round_trip() {
        let early: NaiveDate = "1999-12-31".parse().unwrap();
        let late: NaiveDate = "2026-02-28".parse().unwrap();
        assert!(date_bytes(early) < date_bytes(late));
        assert_eq!(date_from_bytes(&date_bytes(late)), Some(late));
    }
}
