//! Pay an expense (bayar beban): wages, electricity, fuel... from cash or the bank, into
//! an expense account of the chart, never beyond what the cash or the bank holds.

use crate::domain::account::{AccountCode, AccountType};
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::money::Money;
use crate::domain::problem::{AccountRole, FieldCheck, Problem, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidFrom {
    /// Kas (1101).
    Cash,
    /// Bank (1102).
    Bank,
}

impl PaidFrom {
    fn parse(text: &str) -> Result<PaidFrom, Problem> {
        match text.trim() {
            "" | "kas" | "cash" | "tunai" => Ok(PaidFrom::Cash),
            "bank" => Ok(PaidFrom::Bank),
            other => Err(Problem::WrongAccount { account: other.to_string(), expected: AccountRole::CashOrBank }),
        }
    }

    fn account(self) -> AccountCode {
        let code = match self {
            PaidFrom::Cash => "1101",
            PaidFrom::Bank => "1102",
        };
        AccountCode::parse(code).expect("a chart code")
    }
}

/// As typed: `{"date","account","amount","paid_from"?,"description"}`; `paid_from` is
/// `kas` (the default) or `bank`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub amount: Typed,
    #[serde(default)]
    pub paid_from: String,
    #[serde(default)]
    pub description: String,
}

/// An expense ready to post.
#[derive(Debug, Clone)]
pub struct PayExpense {
    pub date: NaiveDate,
    pub account: AccountCode,
    pub amount: Money,
    pub paid_from: PaidFrom,
    pub description: Memo,
}

impl Command for PayExpense {
    type Input = Input;
    const NAME: &'static str = "pay_expense";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    fn parse(input: Input) -> Result<PayExpense, Problems> {
        let mut check = FieldCheck::default();
        let date = check.take("date", fields::date(&input.date));
        let account = check.take("account", fields::account_code(&input.account));
        let amount = check.take("amount", fields::positive_amount(&input.amount));
        let paid_from = check.take("paid_from", PaidFrom::parse(&input.paid_from));
        let description = check.take("description", fields::memo(&input.description));
        check.finish()?;
        Ok(PayExpense {
            date: date.expect("checked"),
            account: account.expect("checked"),
            amount: amount.expect("checked"),
            paid_from: paid_from.expect("checked"),
            description: description.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, _store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let at = |field, problem| ServiceError::Refused(Problems::one(Some(field), problem));
        let account = self.account.to_string();
        match books.chart.get(&self.account) {
            None => return Err(at("account", Problem::UnknownAccount { account })),
            Some(found) if found.account_type != AccountType::Beban || !books.chart.is_postable(&self.account) => {
                return Err(at("account", Problem::WrongAccount { account, expected: AccountRole::Expense }))
            }
            Some(_) => {}
        }
        if let Some(locked_through) = books.locked_through.filter(|locked| self.date <= *locked) {
            return Err(at("date", Problem::PeriodLocked { date: self.date, locked_through }));
        }
        let source = self.paid_from.account();
        if let Some(shortfall) = books.cash_shortfall(&source, self.date, self.amount.decimal()) {
            return Err(at("amount", shortfall));
        }
        let lines = vec![Line::debit(self.account.clone(), self.amount), Line::credit(source, self.amount)];
        Ok((BalancedEntry::new(self.date, self.description.clone(), lines)?, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(amount: &str, account: &str) -> Input {
        Input {
            date: "2026-03-02".into(),
            account: account.into(),
            amount: crate::usecase::fields::written(serde_json::json!(amount)),
            paid_from: String::new(),
            description: "Upah harian dua orang".into(),
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad =
            Input { date: "2026-13-01".into(), paid_from: "dompet".into(), description: " ".into(), ..input("", "x") };
        let problems = PayExpense::parse(bad).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(field, _)| field.unwrap()).collect();
        assert_eq!(fields, ["date", "account", "amount", "paid_from", "description"]);
    }

    #[test]
    fn a_good_input_parses_with_cash_by_default() {
        let expense = PayExpense::parse(input("1.200.000", "5201")).unwrap();
        assert_eq!(expense.paid_from, PaidFrom::Cash);
        assert_eq!(expense.amount.canonical(), "1200000.00");
    }
}
