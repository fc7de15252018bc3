//! Entries as stored. Since layout 2 an entry keeps what it cannot be told from: not its
//! entity and number (the key holds them), not the previous entry's hash (that entry
//! holds it), its date as a day number, its time as milliseconds and its amounts as
//! integers: about 110 bytes for a two-line sale instead of 175. Entries of layout 1
//! (the domain's own serde form) are read as they were written.

use super::codec::{self, decode_body, encode_version, entity_key, prefix, split_version, DecodeError};
use super::{Store, StoreError, WriteSet};
use crate::domain::account::{AccountCode, Side};
use crate::domain::entity::EntityId;
use crate::domain::entry::{BalancedEntry, Hash, Line, Memo, PostedEntry, Quantity, GENESIS_HASH};
use crate::domain::money::Money;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const ENTRY_LAYOUT: u8 = 2;

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    /// Days from the common era.
    date: i32,
    memo: String,
    lines: Vec<StoredLine>,
    reverses: Option<u64>,
    recorded_by: String,
    recorded_at: StoredTime,
    hash: Hash,
}

#[derive(Serialize, Deserialize)]
struct StoredLine {
    account: String,
    side: Side,
    amount: StoredDecimal,
    member_id: Option<u64>,
    stock: Option<(u64, StoredDecimal)>,
}

/// A decimal as its mantissa and scale, so that it reads back digit for digit.
#[derive(Serialize, Deserialize)]
struct StoredDecimal(i128, u8);

/// The time an entry was recorded: milliseconds when the text is the canonical RFC 3339
/// form of them (as the writer stamps), else the text itself, so it hashes as it did.
#[derive(Serialize, Deserialize)]
enum StoredTime {
    Millis(i64),
    Text(String),
}

impl StoredDecimal {
    fn of(value: Decimal) -> StoredDecimal {
        StoredDecimal(value.mantissa(), value.scale() as u8)
    }

    fn value(&self) -> Result<Decimal, String> {
        Decimal::try_from_i128_with_scale(self.0, self.1 as u32).map_err(|e| e.to_string())
    }
}

impl StoredTime {
    fn of(text: &str) -> StoredTime {
        match chrono::DateTime::parse_from_rfc3339(text) {
            Ok(at) if millis_text(at.timestamp_millis()).as_deref() == Some(text) => {
                StoredTime::Millis(at.timestamp_millis())
            }
            _ => StoredTime::Text(text.to_string()),
        }
    }

    fn text(self) -> String {
        match self {
            StoredTime::Millis(millis) => millis_text(millis).unwrap_or_default(),
            StoredTime::Text(text) => text,
        }
    }
}

fn millis_text(millis: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(millis).map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn encode_entry(posted: &PostedEntry) -> Vec<u8> {
    let entry = &posted.entry;
    let stored = StoredEntry {
        date: entry.date().num_days_from_ce(),
        memo: entry.memo().as_str().to_string(),
        lines: entry
            .lines()
            .iter()
            .map(|line| StoredLine {
                account: line.account.as_str().to_string(),
                side: line.side,
                amount: StoredDecimal::of(line.amount.decimal()),
                member_id: line.member_id,
                stock: line.stock.map(|s| (s.product_id, StoredDecimal::of(s.quantity.decimal()))),
            })
            .collect(),
        reverses: posted.reverses,
        recorded_by: posted.recorded_by.clone(),
        recorded_at: StoredTime::of(&posted.recorded_at),
        hash: posted.hash,
    };
    encode_version(ENTRY_LAYOUT, &stored)
}

/// An entry of either layout; `prev_hash` is the hash of the entry before it.
fn decode_entry(entity: EntityId, seq: u64, bytes: &[u8], prev_hash: Hash) -> Result<PostedEntry, DecodeError> {
    let (layout, body) = split_version(bytes)?;
    if layout != ENTRY_LAYOUT {
        return codec::decode(bytes);
    }
    let stored: StoredEntry = decode_body(body)?;
    let damaged = |why: String| DecodeError::Damaged(format!("jurnal #{seq}: {why}"));
    let lines = stored
        .lines
        .into_iter()
        .map(|line| {
            let account = AccountCode::parse(&line.account).map_err(|e| e.to_string())?;
            let amount = Money::from_decimal(line.amount.value()?).map_err(|e| e.to_string())?;
            let mut parsed = Line::new(account, line.side, amount);
            parsed.member_id = line.member_id;
            if let Some((product_id, quantity)) = line.stock {
                parsed = parsed.with_stock(product_id, Quantity::new(quantity.value()?)?);
            }
            Ok(parsed)
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(damaged)?;
    let date = NaiveDate::from_num_days_from_ce_opt(stored.date).ok_or_else(|| damaged("tanggal".into()))?;
    let memo = Memo::parse(&stored.memo).map_err(|e| damaged(e.to_string()))?;
    let entry = BalancedEntry::new(date, memo, lines).map_err(|e| damaged(format!("{e:?}")))?;
    Ok(PostedEntry {
        entity_id: entity,
        seq,
        entry,
        reverses: stored.reverses,
        recorded_by: stored.recorded_by,
        recorded_at: stored.recorded_at.text(),
        prev_hash,
        hash: stored.hash,
    })
}

/// Whether a stored entry of either layout reads (for `verify`; its chain is checked there).
pub(super) fn entry_reads(bytes: &[u8]) -> Result<(), DecodeError> {
    decode_entry(0, 0, bytes, GENESIS_HASH).map(drop)
}

fn entry_key(entity: EntityId, seq: u64) -> Vec<u8> {
    entity_key(prefix::ENTRY, entity, &[&seq.to_be_bytes()])
}

impl WriteSet {
    pub fn entry(&mut self, posted: &PostedEntry) {
        self.put(entry_key(posted.entity_id, posted.seq), encode_entry(posted));
    }
}

impl Store {
    /// A committed entry.
    pub fn entry(&self, entity: EntityId, seq: u64) -> Result<Option<PostedEntry>, StoreError> {
        if seq == 0 || seq >= self.head(entity)?.next_seq {
            return Ok(None);
        }
        let Some(bytes) = self.db.get(entry_key(entity, seq))? else { return Ok(None) };
        let decode = |seq, bytes: &[u8], prev_hash| {
            decode_entry(entity, seq, bytes, prev_hash)
                .map_err(|source| StoreError::Decode { key: hex::encode(entry_key(entity, seq)), source })
        };
        let prev_hash = match seq {
            1 => GENESIS_HASH,
            _ => match self.db.get(entry_key(entity, seq - 1))? {
                Some(previous) => decode(seq - 1, &previous, GENESIS_HASH)?.hash,
                None => GENESIS_HASH,
            },
        };
        decode(seq, &bytes, prev_hash).map(Some)
    }

    /// Every committed entry of an entity in sequence order, read lazily.
    pub fn entries(&self, entity: EntityId) -> impl Iterator<Item = Result<PostedEntry, StoreError>> + '_ {
        let head = self.head(entity);
        let end = head.as_ref().map_or(0, |h| h.next_seq);
        let head_error = head.err().map(Err);
        let mut prev_hash = GENESIS_HASH;
        let committed = self
            .db
            .scan_prefix(entity_key(prefix::ENTRY, entity, &[]))
            .map(move |item| {
                let (key, bytes) = item?;
                let seq = codec::u64_from_bytes(&key[9..]).unwrap_or_default();
                let posted = decode_entry(entity, seq, &bytes, prev_hash)
                    .map_err(|source| StoreError::Decode { key: hex::encode(&key), source })?;
                prev_hash = posted.hash;
                Ok(posted)
            })
            .take_while(move |item| item.as_ref().map_or(true, |entry: &PostedEntry| entry.seq < end));
        head_error.into_iter().chain(committed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Head;

    fn line(account: &str, side: Side, amount: &str) -> Line {
        Line::new(AccountCode::parse(account).unwrap(), side, Money::parse(amount).unwrap())
    }

    /// Three entries as the writer posts them: with a member, with stock, and one whose
    /// time is not in the writer's canonical form.
    fn posted_entries() -> Vec<PostedEntry> {
        let mut prev_hash = GENESIS_HASH;
        let entries = [
            (
                vec![line("1101", Side::Debit, "150000.50"), line("4101", Side::Credit, "150000.5")],
                "2026-07-01T08:00:00.123Z",
            ),
            (
                vec![line("1101", Side::Debit, "25000"), line("3101", Side::Credit, "25000").for_member(7)],
                "2026-07-01T08:00:01+07:00",
            ),
            (
                vec![
                    line("1105", Side::Debit, "12500").with_stock(3, Quantity::parse("1,250").unwrap()),
                    line("2101", Side::Credit, "12500"),
                ],
                "2026-07-02T09:30:00.000Z",
            ),
        ];
        entries
            .into_iter()
            .zip(1..)
            .map(|((lines, at), seq)| {
                let entry =
                    BalancedEntry::new("2026-07-01".parse().unwrap(), Memo::parse("Jurnal uji").unwrap(), lines);
                let mut posted = PostedEntry {
                    entity_id: 1,
                    seq,
                    entry: entry.unwrap(),
                    reverses: None,
                    recorded_by: "bendahara".into(),
                    recorded_at: at.into(),
                    prev_hash,
                    hash: GENESIS_HASH,
                };
                posted.hash = posted.compute_hash();
                prev_hash = posted.hash;
                posted
            })
            .collect()
    }

    fn store_with(entries: &[PostedEntry], encode_one: impl Fn(&PostedEntry) -> Vec<u8>) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut writes = WriteSet::default();
        for posted in entries {
            writes.put(entry_key(1, posted.seq), encode_one(posted));
        }
        let last = entries.last().unwrap();
        writes.head(1, &Head { next_seq: last.seq + 1, last_hash: last.hash });
        store.commit(writes).unwrap();
        (dir, store)
    }

    #[test]
    fn entries_of_both_layouts_read_back_as_posted_chain_included() {
        let posted = posted_entries();
        for (layout, encode_one) in
            [(1, codec::encode::<PostedEntry> as fn(&PostedEntry) -> Vec<u8>), (2, encode_entry)]
        {
            let (_dir, store) = store_with(&posted, encode_one);
            let read: Vec<PostedEntry> = store.entries(1).collect::<Result<_, _>>().unwrap();
            assert_eq!(read, posted, "layout {layout}, in order");
            assert_eq!(store.entry(1, 3).unwrap().as_ref(), posted.get(2), "layout {layout}, one entry");
            assert!(read.iter().all(|e| e.compute_hash() == e.hash), "layout {layout}: every hash still checks");
        }
    }

    #[test]
    fn a_compact_entry_is_smaller_than_the_domain_form() {
        let posted = &posted_entries()[0];
        let (compact, domain) = (encode_entry(posted).len(), codec::encode(posted).len());
        assert!(compact + 50 < domain, "compact {compact} bytes against {domain}");
    }
}
