//! Journal entries (jurnal): balanced, immutable, chained by hash.

use super::account::{AccountCode, Side};
use super::money::{canonical, Money};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Most lines one entry may have; a sale of many products still fits.
pub const LINES_COUNT_MAX: usize = 200;
/// Longest memo, in characters.
pub const MEMO_CHARS_MAX: usize = 500;

/// A member of a KUBE or koperasi (anggota), as named on a subledger line.
pub type MemberId = u64;

/// One problem with a proposed entry. Balancing reports all of them at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EntryError {
    #[error("jurnal harus punya minimal 2 baris (ada {count})")]
    TooFewLines { count: usize },
    #[error("jurnal paling banyak {max} baris (ada {count})")]
    TooManyLines { count: usize, max: usize },
    #[error("baris {line}: jumlah harus lebih dari nol")]
    NotPositive { line: usize },
    #[error("jurnal tidak seimbang: debit {debit_total} ≠ kredit {credit_total} (selisih {difference})")]
    Unbalanced { debit_total: String, credit_total: String, difference: String },
    #[error("keterangan (memo) wajib diisi, paling banyak {max} karakter, tanpa karakter kontrol atau format tak terlihat (pembalik arah teks, lebar-nol)")]
    InvalidMemo { max: usize },
    #[error("baris {line}: akun {account} tidak ada di bagan akun")]
    UnknownAccount { line: usize, account: String },
    #[error("baris {line}: akun {account} adalah akun induk; pilih sub-akunnya")]
    HeaderAccount { line: usize, account: String },
    #[error("baris {line}: akun {account} mencatat per anggota; isi member_id")]
    MemberRequired { line: usize, account: String },
    #[error("baris {line}: akun {account} tidak mencatat per anggota; hapus member_id")]
    MemberNotAllowed { line: usize, account: String },
    #[error("tanggal {date} berada dalam periode yang sudah ditutup (sampai {locked_through})")]
    PeriodLocked { date: NaiveDate, locked_through: NaiveDate },
    #[error("baris {line}: akun persediaan {account} mencatat per produk; isi product_id dan quantity")]
    StockRequired { line: usize, account: String },
    #[error("baris {line}: akun {account} bukan akun persediaan; hapus product_id dan quantity")]
    StockNotAllowed { line: usize, account: String },
    #[error(
        "stok produk {product_id} di akun {account} tinggal {on_hand}; tidak cukup untuk mengeluarkan {requested}"
    )]
    InsufficientStock { product_id: ProductId, account: String, on_hand: String, requested: String },
    /// A rule of the books with its words in the catalogue (`Problem`): registers,
    /// savings, cash.
    #[error("{}", .0.code())]
    #[serde(skip)]
    Refused(super::problem::Problem),
}

impl EntryError {
    /// The snake_case code of this problem, as sent to clients.
    pub fn code(&self) -> &'static str {
        match self {
            EntryError::TooFewLines { .. } => "too_few_lines",
            EntryError::TooManyLines { .. } => "too_many_lines",
            EntryError::NotPositive { .. } => "zero_amount",
            EntryError::Unbalanced { .. } => "unbalanced",
            EntryError::InvalidMemo { .. } => "invalid_memo",
            EntryError::UnknownAccount { .. } => "unknown_account",
            EntryError::HeaderAccount { .. } => "header_account",
            EntryError::MemberRequired { .. } => "member_required",
            EntryError::MemberNotAllowed { .. } => "member_not_allowed",
            EntryError::PeriodLocked { .. } => "period_locked",
            EntryError::StockRequired { .. } => "stock_required",
            EntryError::StockNotAllowed { .. } => "stock_not_allowed",
            EntryError::InsufficientStock { .. } => "insufficient_stock",
            EntryError::Refused(problem) => problem.code(),
        }
    }
}

/// Every problem found with one entry (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryErrors(pub Vec<EntryError>);

impl fmt::Display for EntryErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&messages.join("; "))
    }
}

impl std::error::Error for EntryErrors {}

/// What an entry is about, in the treasurer's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Memo(String);

impl Memo {
    pub fn parse(text: &str) -> Result<Memo, EntryError> {
        match super::text::clean_text(text, MEMO_CHARS_MAX) {
            Ok(text) => Ok(Memo(text.to_string())),
            Err(_) => Err(EntryError::InvalidMemo { max: MEMO_CHARS_MAX }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The memo the treasurer gave, or else the one a use case writes for them.
    pub fn given_or(given: Option<Memo>, default: &str) -> Result<Memo, EntryErrors> {
        match given {
            Some(memo) => Ok(memo),
            None => Memo::parse(default).map_err(|e| EntryErrors(vec![e])),
        }
    }
}

impl TryFrom<String> for Memo {
    type Error = EntryError;
    fn try_from(text: String) -> Result<Memo, EntryError> {
        Memo::parse(&text)
    }
}

impl From<Memo> for String {
    fn from(memo: Memo) -> String {
        memo.0
    }
}

/// A product kept in stock (produk), as named on an inventory line.
pub type ProductId = u64;

/// Most decimals a quantity may have (1,250 kg).
const QUANTITY_SCALE_MAX: u32 = 3;

/// A positive quantity of a product (kuantitas), with at most three decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Quantity(Decimal);

impl Quantity {
    pub fn new(value: Decimal) -> Result<Quantity, String> {
        let value = value.normalize();
        if value <= Decimal::ZERO || value.scale() > QUANTITY_SCALE_MAX || value > Decimal::from(1_000_000_000) {
            return Err(format!("jumlah barang {value} tidak sah: lebih dari nol, paling banyak 3 desimal"));
        }
        Ok(Quantity(value))
    }

    pub fn parse(text: &str) -> Result<Quantity, String> {
        let normalised = text.trim().replace(',', ".");
        let valid = !normalised.is_empty() && normalised.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let value = valid.then(|| normalised.parse::<Decimal>().ok()).flatten();
        value.map_or_else(|| Err(format!("jumlah barang {text:?} bukan angka")), Quantity::new)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Quantity {
    type Error = String;
    fn try_from(value: Decimal) -> Result<Quantity, String> {
        Quantity::new(value)
    }
}

impl From<Quantity> for Decimal {
    fn from(quantity: Quantity) -> Decimal {
        quantity.0
    }
}

/// Units of a product moving in (debit) or out (credit) of an inventory account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockMove {
    pub product_id: ProductId,
    pub quantity: Quantity,
}

/// One line: an account, a side and a positive amount; the sign cannot be lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub account: AccountCode,
    pub side: Side,
    pub amount: Money,
    pub member_id: Option<MemberId>,
    /// On an inventory account: which product and how many units.
    pub stock: Option<StockMove>,
}

impl Line {
    pub fn new(account: AccountCode, side: Side, amount: Money) -> Line {
        Line { account, side, amount, member_id: None, stock: None }
    }

    pub fn debit(account: AccountCode, amount: Money) -> Line {
        Line::new(account, Side::Debit, amount)
    }

    pub fn credit(account: AccountCode, amount: Money) -> Line {
        Line::new(account, Side::Credit, amount)
    }

    pub fn for_member(self, member_id: MemberId) -> Line {
        Line { member_id: Some(member_id), ..self }
    }

    pub fn with_stock(self, product_id: ProductId, quantity: Quantity) -> Line {
        Line { stock: Some(StockMove { product_id, quantity }), ..self }
    }
}

/// An entry that balances: ≥ 2 lines, none zero, debits equal credits. Nothing else
/// can be posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalancedEntry {
    date: NaiveDate,
    memo: Memo,
    lines: Vec<Line>,
}

impl BalancedEntry {
    pub fn new(date: NaiveDate, memo: Memo, lines: Vec<Line>) -> Result<BalancedEntry, EntryErrors> {
        let mut errors = Vec::new();
        if lines.len() < 2 {
            errors.push(EntryError::TooFewLines { count: lines.len() });
        }
        if lines.len() > LINES_COUNT_MAX {
            errors.push(EntryError::TooManyLines { count: lines.len(), max: LINES_COUNT_MAX });
        }
        for (index, line) in lines.iter().enumerate() {
            if line.amount.is_zero() || line.amount.is_negative() {
                errors.push(EntryError::NotPositive { line: index + 1 });
            }
        }
        let (debit_total, credit_total) = side_totals(&lines);
        if debit_total != credit_total {
            errors.push(EntryError::Unbalanced {
                debit_total: canonical(debit_total),
                credit_total: canonical(credit_total),
                difference: canonical(debit_total - credit_total),
            });
        }
        if errors.is_empty() {
            Ok(BalancedEntry { date, memo, lines })
        } else {
            Err(EntryErrors(errors))
        }
    }

    /// The entry that undoes this one: every line on the other side.
    pub fn reversal(&self, date: NaiveDate, memo: Memo) -> BalancedEntry {
        let lines = self.lines.iter().map(|line| Line { side: line.side.opposite(), ..line.clone() }).collect();
        BalancedEntry { date, memo, lines }
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn memo(&self) -> &Memo {
        &self.memo
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    pub fn total(&self) -> Decimal {
        side_totals(&self.lines).0
    }
}

fn side_totals(lines: &[Line]) -> (Decimal, Decimal) {
    lines.iter().fold((Decimal::ZERO, Decimal::ZERO), |(debit, credit), line| match line.side {
        Side::Debit => (debit + line.amount.decimal(), credit),
        Side::Credit => (debit, credit + line.amount.decimal()),
    })
}

/// SHA-256 of an entry, chained to the previous one of its entity.
pub type Hash = [u8; 32];
pub const GENESIS_HASH: Hash = [0; 32];

/// An entry as stored: numbered gaplessly per entity, stamped, and chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedEntry {
    pub entity_id: u64,
    pub seq: u64,
    pub entry: BalancedEntry,
    /// The entry this one undoes (pembalikan), if any.
    pub reverses: Option<u64>,
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub prev_hash: Hash,
    pub hash: Hash,
}

#[derive(Serialize)]
struct CanonicalLine<'a> {
    account: &'a str,
    side: Side,
    amount: String,
    member_id: Option<MemberId>,
    // Absent (not null) without stock, so lines without stock hash as they always did.
    #[serde(skip_serializing_if = "Option::is_none")]
    product_id: Option<ProductId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantity: Option<String>,
}

#[derive(Serialize)]
struct CanonicalEntry<'a> {
    entity_id: u64,
    seq: u64,
    date: String,
    memo: &'a str,
    lines: Vec<CanonicalLine<'a>>,
    reverses: Option<u64>,
    recorded_by: &'a str,
    recorded_at: &'a str,
}

impl PostedEntry {
    /// The hash this entry must carry: SHA-256(previous hash ‖ canonical JSON bytes).
    pub fn compute_hash(&self) -> Hash {
        let canonical = CanonicalEntry {
            entity_id: self.entity_id,
            seq: self.seq,
            date: self.entry.date.to_string(),
            memo: self.entry.memo.as_str(),
            lines: self
                .entry
                .lines
                .iter()
                .map(|line| CanonicalLine {
                    account: line.account.as_str(),
                    side: line.side,
                    amount: line.amount.canonical(),
                    member_id: line.member_id,
                    product_id: line.stock.map(|s| s.product_id),
                    quantity: line.stock.map(|s| s.quantity.decimal().to_string()),
                })
                .collect(),
            reverses: self.reverses,
            recorded_by: &self.recorded_by,
            recorded_at: &self.recorded_at,
        };
        let bytes = serde_json::to_vec(&canonical).expect("canonical entry serialises");
        let mut hasher = Sha256::new();
        hasher.update(self.prev_hash);
        hasher.update(bytes);
        hasher.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn line(account: &str, side: Side, amount: &str) -> Line {
        Line::new(AccountCode::parse(account).unwrap(), side, Money::parse(amount).unwrap())
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
    }

    #[test]
    fn balanced_entry_is_accepted() {
        let lines = vec![line("1101", Side::Debit, "150000"), line("4101", Side::Credit, "150000.00")];
        let entry = BalancedEntry::new(date(), Memo::parse("Penjualan tahu").unwrap(), lines).unwrap();
        assert_eq!(entry.total(), Decimal::from(150000));
    }

    #[test]
    fn unbalanced_entry_says_by_how_much_and_lists_every_problem() {
        let lines = vec![
            line("1101", Side::Debit, "150000"),
            line("4101", Side::Credit, "100000"),
            line("4102", Side::Credit, "0"),
        ];
        let errors = BalancedEntry::new(date(), Memo::parse("x").unwrap(), lines).unwrap_err();
        assert_eq!(errors.0.len(), 2);
        assert_eq!(errors.0[0], EntryError::NotPositive { line: 3 });
        assert_eq!(
            errors.0[1],
            EntryError::Unbalanced {
                debit_total: "150000.00".into(),
                credit_total: "100000.00".into(),
                difference: "50000.00".into()
            }
        );
    }

    #[test]
    fn one_line_is_too_few() {
        let errors =
            BalancedEntry::new(date(), Memo::parse("x").unwrap(), vec![line("1101", Side::Debit, "1")]).unwrap_err();
        assert!(errors.0.contains(&EntryError::TooFewLines { count: 1 }));
    }

    #[test]
    fn memo_must_be_present_and_printable() {
        assert!(Memo::parse("  ").is_err());
        assert!(Memo::parse("a\u{0}b").is_err());
        assert!(Memo::parse(&"x".repeat(MEMO_CHARS_MAX + 1)).is_err());
        assert_eq!(Memo::parse(" Beli kedelai ").unwrap().as_str(), "Beli kedelai");
    }

    #[test]
    fn reversal_swaps_every_side_and_still_balances() {
        let lines = vec![line("1101", Side::Debit, "75000"), line("4101", Side::Credit, "75000")];
        let entry = BalancedEntry::new(date(), Memo::parse("Jual").unwrap(), lines).unwrap();
        let undo = entry.reversal(date(), Memo::parse("Batal").unwrap());
        assert_eq!(undo.lines()[0].side, Side::Credit);
        assert_eq!(undo.lines()[1].side, Side::Debit);
        assert!(BalancedEntry::new(undo.date(), undo.memo().clone(), undo.lines().to_vec()).is_ok());
    }

    #[test]
    fn any_change_alters_the_hash() {
        let lines = vec![line("1101", Side::Debit, "75000"), line("4101", Side::Credit, "75000")];
        let mut posted = PostedEntry {
            entity_id: 1,
            seq: 1,
            entry: BalancedEntry::new(date(), Memo::parse("Jual").unwrap(), lines).unwrap(),
            reverses: None,
            recorded_by: "bendahara".into(),
            recorded_at: "2026-07-01T00:00:00Z".into(),
            prev_hash: GENESIS_HASH,
            hash: GENESIS_HASH,
        };
        let original = posted.compute_hash();
        posted.recorded_by = "orang lain".into();
        assert_ne!(posted.compute_hash(), original);
        posted.recorded_by = "bendahara".into();
        posted.prev_hash = [1; 32];
        assert_ne!(posted.compute_hash(), original);
    }
}
