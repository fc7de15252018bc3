//! Repay a loan (bayar angsuran): principal and interest from cash or the bank, never
//! more principal than is still owed on the loan.

use crate::domain::books::Books;
use crate::domain::capital::{repayment_entry, Repayment};
use crate::domain::entry::{BalancedEntry, Memo};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// As typed: `{"loan","date","principal","interest","via"?,"memo"?}`; the JSON door takes
/// `loan` from the path (`…/loans/{loan}/repayments`). Either amount may be zero, not both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub loan: Typed,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub principal: Typed,
    #[serde(default)]
    pub interest: Typed,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone)]
pub struct RepayLoan {
    pub repayment: Repayment,
    pub memo: Option<Memo>,
}

impl Command for RepayLoan {
    type Input = Input;
    const NAME: &'static str = "repay";
    const ACCESS: Access = Access::Write;
    /// Alone: what is still owed is read from the repayments stored.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<RepayLoan, Problems> {
        let mut check = FieldCheck::default();
        let loan_seq = check.take("loan", fields::id(input.loan.as_str()));
        let date = check.take("date", fields::date(&input.date));
        let principal = check.take("principal", fields::amount_not_negative(&input.principal));
        let interest = check.take("interest", fields::amount_not_negative(&input.interest));
        let from_account = check.take("via", fields::cash_or_bank(&input.via));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        let repayment = Repayment {
            loan_seq: loan_seq.expect("checked"),
            date: date.expect("checked"),
            principal: principal.expect("checked"),
            interest: interest.expect("checked"),
            from_account: from_account.expect("checked"),
        };
        Ok(RepayLoan { repayment, memo: memo.expect("checked") })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let repayment = &self.repayment;
        let status = crate::service::members::loan_statuses(store, books.entity_id)?
            .into_iter()
            .find(|s| s.loan_id == repayment.loan_seq)
            .ok_or_else(|| ServiceError::NotFound(format!("pinjaman {}", repayment.loan_seq)))?;
        let entry = repayment_entry(books, &status.loan, status.outstanding, repayment, self.memo.clone())?;
        Ok((entry, Some(EntryTag::LoanRepayment(repayment.clone()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_amounts_are_required_and_never_below_zero() {
        let typed = |text: &str| crate::usecase::fields::written::<Typed>(serde_json::json!(text));
        let bad = Input { loan: typed("3"), date: "2026-08-02".into(), principal: typed("-1"), ..Input::default() };
        let problems = RepayLoan::parse(bad).unwrap_err();
        let found: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(found, [("principal", "amount_negative"), ("interest", "required")]);
        let good = Input {
            principal: typed("0"),
            interest: typed("75.000"),
            ..Input { loan: typed("3"), date: "2026-08-02".into(), ..Input::default() }
        };
        let repayment = RepayLoan::parse(good).unwrap().repayment;
        assert_eq!((repayment.loan_seq, repayment.interest.canonical()), (3, "75000.00".into()));
    }
}
