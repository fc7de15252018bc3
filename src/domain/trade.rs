//! Receivables and payables (piutang dan utang usaha) with ageing, and the cash count
//! (kas opname).

use super::books::Books;
use super::entry::{BalancedEntry, EntryErrors, Line, Memo};
use super::member::{code, ensure_funds, MemberError, CASH};
use super::money::{display_idr, serialize_canonical, Money};
use super::sales::{PAYABLES, RECEIVABLES};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Cash over and short (selisih kas).
pub const CASH_OVER_SHORT: &str = "5209";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TradeError {
    #[error("{party} hanya punya sisa {open} yang belum lunas; tidak bisa menerima/membayar {requested}")]
    OverSettlement { party: String, open: String, requested: String },
    #[error("nama pelanggan/pemasok wajib diisi untuk transaksi kredit")]
    PartyRequired,
    #[error("selisih kas {difference} perlu alasan")]
    ReasonRequired { difference: String },
    #[error("{0}")]
    Funds(#[from] MemberError),
    #[error("{0}")]
    Entry(#[from] EntryErrors),
}

/// Which side of trade credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// Customers owe the KUBE (piutang).
    Receivable,
    /// The KUBE owes suppliers (utang).
    Payable,
}

/// A credit sale or purchase and what is still open on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    pub seq: u64,
    pub date: NaiveDate,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub open: Decimal,
    pub age_days: i64,
}

/// Open amounts by age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ageing {
    #[serde(serialize_with = "serialize_canonical")]
    pub days_0_30: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub days_31_60: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub days_61_90: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub over_90: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyBalance {
    pub party: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub open: Decimal,
    pub items: Vec<OpenItem>,
    pub ageing: Ageing,
}

/// What a party still owes (or is owed): settlements pay the oldest items first.
pub fn party_balance(
    party: &str,
    invoices: &[(u64, NaiveDate, Decimal)],
    settled: Decimal,
    as_of: NaiveDate,
) -> PartyBalance {
    let mut left = settled;
    let mut items = Vec::new();
    let mut ageing = Ageing::default();
    for (seq, date, amount) in invoices.iter().filter(|(_, date, _)| *date <= as_of) {
        let paid = left.min(*amount);
        left -= paid;
        let open = amount - paid;
        if open.is_zero() {
            continue;
        }
        let age_days = (as_of - *date).num_days();
        let bucket = match age_days {
            ..=30 => &mut ageing.days_0_30,
            31..=60 => &mut ageing.days_31_60,
            61..=90 => &mut ageing.days_61_90,
            _ => &mut ageing.over_90,
        };
        *bucket += open;
        items.push(OpenItem { seq: *seq, date: *date, amount: *amount, open, age_days });
    }
    let open = items.iter().map(|i| i.open).sum();
    PartyBalance { party: party.to_string(), open, items, ageing }
}

/// A collection from a customer or a payment to a supplier, never beyond what is open.
pub fn settlement_entry(
    books: &Books,
    credit: Credit,
    party: &str,
    open: Decimal,
    date: NaiveDate,
    amount: Money,
    memo: Option<Memo>,
) -> Result<BalancedEntry, TradeError> {
    if amount.decimal() > open {
        return Err(TradeError::OverSettlement {
            party: party.to_string(),
            open: display_idr(open),
            requested: display_idr(amount.decimal()),
        });
    }
    let (lines, default) = match credit {
        Credit::Receivable => (
            vec![Line::debit(code(CASH), amount), Line::credit(code(RECEIVABLES), amount)],
            format!("Pelunasan piutang dari {party}"),
        ),
        Credit::Payable => {
            ensure_funds(books, &code(CASH), amount.decimal())?;
            (
                vec![Line::debit(code(PAYABLES), amount), Line::credit(code(CASH), amount)],
                format!("Pembayaran utang kepada {party}"),
            )
        }
    };
    let memo = Memo::given_or(memo, &default)?;
    Ok(BalancedEntry::new(date, memo, lines)?)
}

/// A cash count: the difference between counted and booked cash goes to over/short,
/// with a reason; `None` when they agree.
pub fn cash_count_entry(
    book: Decimal,
    counted: Money,
    date: NaiveDate,
    reason: Option<&str>,
) -> Result<Option<BalancedEntry>, TradeError> {
    let difference = counted.decimal() - book;
    if difference.is_zero() {
        return Ok(None);
    }
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or(TradeError::ReasonRequired { difference: display_idr(difference) })?;
    let amount = Money::from_decimal(difference.abs()).expect("a cash difference fits an amount");
    let (lines, word) = if difference > Decimal::ZERO {
        (vec![Line::debit(code(CASH), amount), Line::credit(code(CASH_OVER_SHORT), amount)], "lebih")
    } else {
        (vec![Line::debit(code(CASH_OVER_SHORT), amount), Line::credit(code(CASH), amount)], "kurang")
    };
    let memo = Memo::parse(&format!("Kas opname: kas {word} {} ({reason})", display_idr(difference.abs())))
        .map_err(|e| EntryErrors(vec![e]))?;
    Ok(Some(BalancedEntry::new(date, memo, lines)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn settlements_pay_the_oldest_first_and_age_what_is_left() {
        let invoices = [
            (3, date("2026-05-01"), Decimal::from(100_000)),
            (7, date("2026-06-20"), Decimal::from(50_000)),
            (9, date("2026-07-25"), Decimal::from(30_000)),
        ];
        let balance = party_balance("Warung Bu Sri", &invoices, Decimal::from(120_000), date("2026-07-31"));
        assert_eq!(balance.open, Decimal::from(60_000));
        assert_eq!(balance.items.iter().map(|i| i.seq).collect::<Vec<_>>(), [7, 9]);
        assert_eq!(balance.items[0].open, Decimal::from(30_000));
        assert_eq!(balance.ageing.days_31_60, Decimal::from(30_000));
        assert_eq!(balance.ageing.days_0_30, Decimal::from(30_000));
    }

    #[test]
    fn a_cash_count_posts_the_difference_with_its_reason() {
        let money = |t: &str| Money::parse(t).unwrap();
        assert_eq!(cash_count_entry(Decimal::from(500_000), money("500000"), date("2026-07-31"), None).unwrap(), None);
        assert!(matches!(
            cash_count_entry(Decimal::from(500_000), money("495000"), date("2026-07-31"), Some(" ")),
            Err(TradeError::ReasonRequired { .. })
        ));
        let short =
            cash_count_entry(Decimal::from(500_000), money("495000"), date("2026-07-31"), Some("uang kembalian salah"))
                .unwrap()
                .unwrap();
        assert_eq!(short.lines()[0].account.as_str(), CASH_OVER_SHORT);
        assert_eq!(short.total(), Decimal::from(5_000));
        assert!(short.memo().as_str().contains("kurang Rp5.000,00"));
    }
}
