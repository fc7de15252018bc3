//! Capital from outside: grants (bantuan modal / hibah) and bank loans (pinjaman bank).

use super::account::{AccountCode, Side};
use super::books::Books;
use super::entry::{BalancedEntry, EntryErrors, Line, Memo};
use super::member::{code, ensure_funds, MemberError};
use super::money::{display_idr, Money};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Donated capital (modal donasi/hibah).
pub const DONATED_CAPITAL: &str = "3103";
/// Equipment (peralatan), where in-kind grants of tools go by default.
pub const EQUIPMENT: &str = "1201";
/// Bank loans (utang bank).
pub const BANK_LOANS: &str = "2201";
/// Bank interest expense (beban bunga bank).
pub const INTEREST_EXPENSE: &str = "5207";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapitalError {
    #[error("sumber hibah {0:?} tidak dikenal (kemensos, dinas_sosial, csr, lainnya)")]
    UnknownSource(String),
    #[error("{0} wajib diisi, paling banyak 200 karakter")]
    Required(&'static str),
    #[error("bentuk hibah {0:?} tidak dikenal (tunai, barang)")]
    UnknownForm(String),
    #[error("bunga {0}% per tahun tidak masuk akal (0–100)")]
    InvalidRate(String),
    #[error("jangka waktu pinjaman harus 1–360 bulan")]
    InvalidTerm,
    #[error("angsuran pokok {requested} melebihi sisa pinjaman {outstanding}")]
    OverRepayment { requested: String, outstanding: String },
    #[error("angsuran harus berisi pokok atau bunga lebih dari nol")]
    EmptyRepayment,
    #[error("{0}")]
    Funds(#[from] MemberError),
    #[error("{0}")]
    Entry(#[from] EntryErrors),
}

/// Who gave a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantSource {
    /// Ministry of Social Affairs (Kementerian Sosial).
    Kemensos,
    /// The district social service (Dinas Sosial).
    DinasSosial,
    /// A company's social programme.
    Csr,
    Lainnya,
}

impl GrantSource {
    pub fn parse(text: &str) -> Result<GrantSource, CapitalError> {
        match text {
            "kemensos" => Ok(GrantSource::Kemensos),
            "dinas_sosial" => Ok(GrantSource::DinasSosial),
            "csr" => Ok(GrantSource::Csr),
            "lainnya" => Ok(GrantSource::Lainnya),
            other => Err(CapitalError::UnknownSource(other.to_string())),
        }
    }
}

/// A capital grant, kept with its source and programme for the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub source: GrantSource,
    pub programme: String,
    pub date: NaiveDate,
    pub amount: Money,
    /// Equipment or goods (barang) rather than cash (tunai).
    pub in_kind: bool,
    /// Where the grant went: cash, bank, or an asset account for goods.
    pub asset_account: AccountCode,
}

pub fn parse_text(text: &str, what: &'static str) -> Result<String, CapitalError> {
    super::text::ShortText::parse(text)
        .map(super::text::ShortText::into_string)
        .map_err(|_| CapitalError::Required(what))
}

fn line(account: AccountCode, side: Side, amount: Money) -> Line {
    Line::new(account, side, amount)
}

pub fn grant_entry(grant: &Grant, memo: Option<Memo>) -> Result<BalancedEntry, CapitalError> {
    let form = if grant.in_kind { "barang" } else { "tunai" };
    let memo =
        Memo::given_or(memo, &format!("Bantuan modal {} ({form}): {}", source_name(grant.source), grant.programme))?;
    let lines = vec![
        line(grant.asset_account.clone(), Side::Debit, grant.amount),
        line(code(DONATED_CAPITAL), Side::Credit, grant.amount),
    ];
    Ok(BalancedEntry::new(grant.date, memo, lines)?)
}

pub fn source_name(source: GrantSource) -> &'static str {
    match source {
        GrantSource::Kemensos => "Kemensos",
        GrantSource::DinasSosial => "Dinas Sosial",
        GrantSource::Csr => "CSR",
        GrantSource::Lainnya => "lainnya",
    }
}

/// A bank loan received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    pub lender: String,
    /// Interest, percent per year (flat on the principal, as microloans are quoted).
    pub rate_percent: Decimal,
    pub term_months: u32,
    pub date: NaiveDate,
    pub principal: Money,
    /// Cash or bank, where the money arrived.
    pub into_account: AccountCode,
}

impl Loan {
    pub fn check(&self) -> Result<(), CapitalError> {
        if self.rate_percent < Decimal::ZERO || self.rate_percent > Decimal::from(100) || self.rate_percent.scale() > 4
        {
            return Err(CapitalError::InvalidRate(self.rate_percent.to_string()));
        }
        if !(1..=360).contains(&self.term_months) {
            return Err(CapitalError::InvalidTerm);
        }
        Ok(())
    }
}

pub fn loan_entry(loan: &Loan, memo: Option<Memo>) -> Result<BalancedEntry, CapitalError> {
    loan.check()?;
    let memo = Memo::given_or(
        memo,
        &format!("Pencairan pinjaman {} ({} bulan, {}% per tahun)", loan.lender, loan.term_months, loan.rate_percent),
    )?;
    let lines = vec![
        line(loan.into_account.clone(), Side::Debit, loan.principal),
        line(code(BANK_LOANS), Side::Credit, loan.principal),
    ];
    Ok(BalancedEntry::new(loan.date, memo, lines)?)
}

/// One repayment: principal and interest, paid from cash or bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repayment {
    pub loan_seq: u64,
    pub date: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    pub from_account: AccountCode,
}

pub fn repayment_entry(
    books: &Books,
    loan: &Loan,
    outstanding: Decimal,
    repayment: &Repayment,
    memo: Option<Memo>,
) -> Result<BalancedEntry, CapitalError> {
    let total = repayment.principal.decimal() + repayment.interest.decimal();
    if total <= Decimal::ZERO || repayment.principal.is_negative() || repayment.interest.is_negative() {
        return Err(CapitalError::EmptyRepayment);
    }
    if repayment.principal.decimal() > outstanding {
        return Err(CapitalError::OverRepayment {
            requested: display_idr(repayment.principal.decimal()),
            outstanding: display_idr(outstanding),
        });
    }
    ensure_funds(books, &repayment.from_account, total)?;
    let mut lines = Vec::new();
    if !repayment.principal.is_zero() {
        lines.push(line(code(BANK_LOANS), Side::Debit, repayment.principal));
    }
    if !repayment.interest.is_zero() {
        lines.push(line(code(INTEREST_EXPENSE), Side::Debit, repayment.interest));
    }
    lines.push(line(
        repayment.from_account.clone(),
        Side::Credit,
        Money::from_decimal(total).expect("a repayment fits an amount"),
    ));
    let memo = Memo::given_or(
        memo,
        &format!(
            "Angsuran pinjaman {} (pokok {}, bunga {})",
            loan.lender,
            display_idr(repayment.principal.decimal()),
            display_idr(repayment.interest.decimal())
        ),
    )?;
    Ok(BalancedEntry::new(repayment.date, memo, lines)?)
}

/// A planned instalment of a flat-rate loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instalment {
    pub number: u32,
    pub due: NaiveDate,
    #[serde(serialize_with = "crate::domain::money::serialize_canonical")]
    pub principal: Decimal,
    #[serde(serialize_with = "crate::domain::money::serialize_canonical")]
    pub interest: Decimal,
    #[serde(serialize_with = "crate::domain::money::serialize_canonical")]
    pub balance_after: Decimal,
}

/// Flat-rate schedule: equal principal each month, interest on the original principal;
/// whole rupiah, rounded half away from zero, the last month taking what rounding left.
pub fn schedule(loan: &Loan) -> Vec<Instalment> {
    let months = Decimal::from(loan.term_months);
    let principal_total = loan.principal.decimal();
    let monthly_principal =
        (principal_total / months).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let interest_total = principal_total * loan.rate_percent / Decimal::from(100) * months / Decimal::from(12);
    let monthly_interest = (interest_total / months).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let interest_total = interest_total.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut balance = principal_total;
    let mut interest_left = interest_total;
    (1..=loan.term_months)
        .map(|number| {
            let last = number == loan.term_months;
            let principal = if last { balance } else { monthly_principal.min(balance) };
            let interest = if last { interest_left } else { monthly_interest.min(interest_left) };
            balance -= principal;
            interest_left -= interest;
            let due = loan.date.checked_add_months(chrono::Months::new(number)).unwrap_or(loan.date);
            Instalment { number, due, principal, interest, balance_after: balance }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loan(principal: &str, rate: &str, months: u32) -> Loan {
        Loan {
            lender: "BRI Unit Wedi".into(),
            rate_percent: rate.parse().unwrap(),
            term_months: months,
            date: "2026-07-02".parse().unwrap(),
            principal: Money::parse(principal).unwrap(),
            into_account: code("1102"),
        }
    }

    /// 15.000.000 over 12 months at 6% flat: 1.250.000 principal and 75.000 interest a month.
    #[test]
    fn flat_schedule_worked_example() {
        let rows = schedule(&loan("15000000", "6", 12));
        assert_eq!(rows.len(), 12);
        assert_eq!(rows[0].principal, Decimal::from(1_250_000));
        assert_eq!(rows[0].interest, Decimal::from(75_000));
        assert_eq!(rows[0].due, "2026-08-02".parse().unwrap());
        assert_eq!(rows[11].balance_after, Decimal::ZERO);
    }

    #[test]
    fn rounding_leftovers_go_to_the_last_instalment() {
        let rows = schedule(&loan("1000000", "7", 3));
        let principal: Decimal = rows.iter().map(|r| r.principal).sum();
        let interest: Decimal = rows.iter().map(|r| r.interest).sum();
        assert_eq!(principal, Decimal::from(1_000_000));
        // 1.000.000 × 7% × 3/12 = 17.500
        assert_eq!(interest, Decimal::from(17_500));
        assert_eq!(rows[0].principal, Decimal::from(333_333));
        assert_eq!(rows[2].principal, Decimal::from(333_334));
    }

    #[test]
    fn silly_loans_are_refused() {
        assert_eq!(loan("1000", "101", 12).check(), Err(CapitalError::InvalidRate("101".into())));
        assert_eq!(loan("1000", "6", 0).check(), Err(CapitalError::InvalidTerm));
    }
}
