//! Receive a loan (terima pinjaman): a bank's principal paid into cash or the bank, with
//! its flat yearly rate and its term, from which the repayment schedule follows.

use crate::domain::books::Books;
use crate::domain::capital::{loan_entry, Loan};
use crate::domain::entry::{BalancedEntry, Memo};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// The longest loan, in months.
pub const TERM_MONTHS_MAX: u32 = 360;

/// As typed: `{"lender","rate_percent","term_months","date","principal","via"?,"memo"?}`;
/// `via` is `kas` (the default) or `bank`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub lender: String,
    #[serde(default)]
    pub rate_percent: Typed,
    #[serde(default)]
    pub term_months: Typed,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub principal: Typed,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone)]
pub struct ReceiveLoan {
    pub loan: Loan,
    pub memo: Option<Memo>,
}

impl Command for ReceiveLoan {
    type Input = Input;
    const NAME: &'static str = "loans";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    fn parse(input: Input) -> Result<ReceiveLoan, Problems> {
        let mut check = FieldCheck::default();
        let lender = check.take("lender", fields::name(&input.lender));
        let rate_percent = check.take("rate_percent", fields::percent(input.rate_percent.as_str()));
        let term_months = check.take("term_months", fields::count(&input.term_months, 1, TERM_MONTHS_MAX));
        let date = check.take("date", fields::date(&input.date));
        let principal = check.take("principal", fields::positive_amount(&input.principal));
        let into_account = check.take("via", fields::cash_or_bank(&input.via));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        let loan = Loan {
            lender: lender.expect("checked"),
            rate_percent: rate_percent.expect("checked"),
            term_months: term_months.expect("checked"),
            date: date.expect("checked"),
            principal: principal.expect("checked"),
            into_account: into_account.expect("checked"),
        };
        Ok(ReceiveLoan { loan, memo: memo.expect("checked") })
    }

    fn prepare(&self, _books: &Books, _store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let entry = loan_entry(&self.loan, self.memo.clone())?;
        Ok((entry, Some(EntryTag::LoanReceipt(self.loan.clone()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_a_term_and_every_other_bad_field_are_named_at_once() {
        let typed = |value: serde_json::Value| crate::usecase::fields::written::<Typed>(value);
        let bad = Input {
            lender: String::new(),
            rate_percent: typed(serde_json::json!("101")),
            term_months: typed(serde_json::json!(361)),
            date: "2026-07-02".into(),
            principal: typed(serde_json::json!("-5")),
            via: "bank".into(),
            memo: String::new(),
        };
        let fields: Vec<_> = ReceiveLoan::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["lender", "rate_percent", "term_months", "principal"]);
        let good = Input {
            lender: "BRI Unit Wedi".into(),
            rate_percent: typed(serde_json::json!("6,5")),
            term_months: typed(serde_json::json!(12)),
            principal: typed(serde_json::json!("15.000.000")),
            date: "2026-07-02".into(),
            ..Input::default()
        };
        let loan = ReceiveLoan::parse(good).unwrap().loan;
        assert_eq!((loan.rate_percent.to_string(), loan.principal.canonical()), ("6.5".into(), "15000000.00".into()));
    }
}
