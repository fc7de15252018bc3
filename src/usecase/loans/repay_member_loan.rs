//! A member repays a loan (angsuran pinjaman anggota): the amount into cash or the bank,
//! applied to the fee, then interest, then principal, instalment by instalment
//! (`domain::loan::allocate`). Credit the member's loan receivable with the fee and
//! principal, and loan interest income with the interest: business the member did with
//! the entity, counted for jasa usaha. Never more than the schedule still asks.

use super::disburse_loan::money;
use crate::domain::account::AccountCode;
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::loan::{allocate, LOAN_INTEREST_INCOME, LOAN_RECEIVABLE};
use crate::domain::member::code;
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"loan","date","amount","via"?,"memo"?}`; the JSON door takes `loan` from
/// the path (`…/member-loans/{loan}/repayments`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub loan: Typed,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub amount: Typed,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone)]
pub struct RepayMemberLoan {
    pub loan: u64,
    pub date: NaiveDate,
    pub amount: Money,
    pub into_account: AccountCode,
    pub memo: Option<Memo>,
}

impl Command for RepayMemberLoan {
    type Input = Input;
    const NAME: &'static str = "repay_member_loan";
    const ACCESS: Access = Access::Write;
    /// Alone: what was repaid before is read from the entries stored.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<RepayMemberLoan, Problems> {
        let mut check = FieldCheck::default();
        let loan = check.take("loan", fields::id(input.loan.as_str()));
        let date = check.take("date", fields::date(&input.date));
        let amount = check.take("amount", fields::positive_amount(&input.amount));
        let into_account = check.take("via", fields::cash_or_bank(&input.via));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        Ok(RepayMemberLoan {
            loan: loan.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            into_account: into_account.expect("checked"),
            memo: memo.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let state = super::loan_state(store, books.entity_id, self.loan)?;
        super::expect_status(&state, "disbursed")?;
        let (_, disbursed_on) = state.disbursed.expect("disbursed");
        super::not_before(self.date, disbursed_on)?;
        let schedule = state.schedule().expect("disbursed");
        let parts = allocate(&schedule, state.paid_through(None), self.amount.decimal())
            .map_err(|owed| Problems::one(Some("amount"), Problem::RepaymentAboveOwed { owed }))?;
        let loan = &state.loan;
        let mut lines = vec![Line::debit(self.into_account.clone(), self.amount)];
        let receivable = parts.fee + parts.principal;
        if !receivable.is_zero() {
            lines.push(Line::credit(code(LOAN_RECEIVABLE), money(receivable)).for_member(loan.member_id));
        }
        if !parts.interest.is_zero() {
            lines.push(Line::credit(code(LOAN_INTEREST_INCOME), money(parts.interest)));
        }
        let memo = self.memo.clone().unwrap_or_else(|| {
            Memo::parse(&format!("Angsuran pinjaman anggota no. {}", loan.id)).expect("a short memo")
        });
        let entry = BalancedEntry::new(self.date, memo, lines)?;
        let tag = EntryTag::MemberLoanRepayment {
            loan_id: loan.id,
            member_id: loan.member_id,
            date: self.date,
            fee: money(parts.fee),
            interest: money(parts.interest),
            principal: money(parts.principal),
        };
        Ok((entry, Some(tag)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_required_and_more_than_zero() {
        let typed = |text: &str| crate::usecase::fields::written::<Typed>(serde_json::json!(text));
        let bad = Input { loan: typed("x"), date: "2026-08-02".into(), amount: typed("0"), ..Input::default() };
        let found: Vec<_> =
            RepayMemberLoan::parse(bad).unwrap_err().iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(found, [("loan", "invalid_id"), ("amount", "amount_not_positive")]);
        let good = Input { loan: typed("1"), date: "2026-08-02".into(), amount: typed("98.333"), ..Input::default() };
        let repayment = RepayMemberLoan::parse(good).unwrap();
        assert_eq!((repayment.loan, repayment.amount.canonical()), (1, "98333.00".into()));
    }
}
