//! Apply for a loan (pengajuan pinjaman): the treasurer records a member's application
//! under the loan terms in force on its date. Refused beyond the term the bylaws allow
//! and beyond the member's limit: their savings times the bylaws' multiple, less what
//! their other loans already take of it.

use crate::domain::books::Books;
use crate::domain::loan::{terms_on, MemberLoan, LOAN_RECEIVABLE};
use crate::domain::member::{code, MANDATORY_SAVINGS, PRINCIPAL_SAVINGS, VOLUNTARY_SAVINGS};
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::Access;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// As typed: `{"member_id","date","principal","term_months","purpose"?}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub member_id: Typed,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub principal: Typed,
    #[serde(default)]
    pub term_months: Typed,
    #[serde(default)]
    pub purpose: String,
}

#[derive(Debug, Clone)]
pub struct ApplyLoan {
    pub member_id: u64,
    pub date: NaiveDate,
    pub principal: Decimal,
    pub term_months: u32,
    pub purpose: Option<String>,
}

impl ApplyLoan {
    pub const ACCESS: Access = Access::Write;

    pub fn parse(input: Input) -> Result<ApplyLoan, Problems> {
        let mut check = FieldCheck::default();
        let member_id = check.take("member_id", fields::id(input.member_id.as_str()));
        let date = check.take("date", fields::date(&input.date));
        let principal = check.take("principal", fields::positive_amount(&input.principal));
        let term =
            check.take("term_months", fields::count(&input.term_months, 1, crate::domain::loan::TERM_MONTHS_MAX));
        let purpose = check.take("purpose", fields::optional_name(Some(&input.purpose)));
        check.finish()?;
        Ok(ApplyLoan {
            member_id: member_id.expect("checked"),
            date: date.expect("checked"),
            principal: principal.expect("checked").decimal(),
            term_months: term.expect("checked"),
            purpose: purpose.expect("checked"),
        })
    }

    /// The application as the register will keep it, numbered after the last loan.
    pub fn prepare(&self, books: &Books, store: &Store, recorded_by: &str) -> Result<MemberLoan, ServiceError> {
        let member = crate::usecase::members::registered(books, store, self.member_id)?;
        let history = store.loan_terms(books.entity_id)?;
        let terms = terms_on(&history, self.date)
            .ok_or_else(|| Problems::one(Some("date"), Problem::NoLoanTerms { date: self.date }))?;
        if self.term_months > terms.max_term_months {
            let text = self.term_months.to_string();
            let problem = Problem::OutOfRange { text, min: 1, max: terms.max_term_months.into() };
            return Err(Problems::one(Some("term_months"), problem).into());
        }
        let loans = crate::service::loans::loan_states(store, books.entity_id)?;
        let savings: Decimal = [PRINCIPAL_SAVINGS, MANDATORY_SAVINGS, VOLUNTARY_SAVINGS]
            .iter()
            .map(|a| books.member_owed(member.id, &code(a)))
            .sum();
        // What the member's other loans take: the receivable of those paid out (its
        // subledger), and the principal and fee of those not yet paid out.
        let receivable = -books.member_owed(member.id, &code(LOAN_RECEIVABLE));
        let waiting: Decimal = loans
            .iter()
            .filter(|s| s.loan.member_id == member.id && s.disbursed.is_none())
            .map(|s| s.owed_on_receivable())
            .sum();
        let (limit, owed) = (terms.limit(savings), receivable + waiting);
        if owed + self.principal > limit {
            return Err(Problems::one(Some("principal"), Problem::LoanAboveLimit { limit, savings, owed }).into());
        }
        Ok(MemberLoan {
            id: loans.iter().map(|s| s.loan.id).max().unwrap_or(0) + 1,
            member_id: member.id,
            applied_on: self.date,
            principal: self.principal,
            term_months: self.term_months,
            purpose: self.purpose.clone(),
            terms: terms.clone(),
            recorded_by: recorded_by.to_string(),
            approval: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_the_amount_and_the_term_are_checked_at_once() {
        let typed = |text: &str| crate::usecase::fields::written::<Typed>(serde_json::json!(text));
        let bad = Input { member_id: typed("x"), date: "2026-01-05".into(), principal: typed("0"), ..Input::default() };
        let fields: Vec<_> = ApplyLoan::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["member_id", "principal", "term_months"]);
        let good = Input {
            member_id: typed("4"),
            date: "2026-01-05".into(),
            principal: typed("1.000.000"),
            term_months: typed("12"),
            purpose: "Modal warung".into(),
        };
        let loan = ApplyLoan::parse(good).unwrap();
        assert_eq!((loan.principal, loan.term_months), (Decimal::from(1_000_000), 12));
    }
}
