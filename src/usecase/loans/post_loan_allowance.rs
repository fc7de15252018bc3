//! Post a month's loss allowance on member loans (penyisihan kerugian piutang): after the
//! month has ended, once per month, on its last day. Each loan paid out is classed by its
//! days past due at the month's end, the policy's allowance of its class taken of what it
//! still owes; the allowance account is brought to the sum (debit the allowance expense,
//! credit the allowance, or back when less is needed).

use super::disburse_loan::money;
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::loan::{LOAN_ALLOWANCE, LOAN_ALLOWANCE_EXPENSE};
use crate::domain::member::code;
use crate::domain::problem::{Problem, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::assets::depreciate_month::{self, DepreciateMonth};
use crate::usecase::{Access, Command, Isolation};
use rust_decimal::Decimal;

/// As typed: `{"month": "YYYY-MM"}`, read as the month-end depreciation reads it.
pub type Input = depreciate_month::Input;

#[derive(Debug, Clone)]
pub struct PostLoanAllowance(pub DepreciateMonth);

impl Command for PostLoanAllowance {
    type Input = Input;
    const NAME: &'static str = "post_loan_allowance";
    const ACCESS: Access = Access::Write;
    /// Alone: the loans' repayments and the months posted are read from the store.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<PostLoanAllowance, Problems> {
        Ok(PostLoanAllowance(DepreciateMonth::parse(input)?))
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let month = &self.0;
        let at = |problem| ServiceError::Refused(Problems::one(Some("month"), problem));
        if month.end >= chrono::Local::now().date_naive() {
            return Err(at(Problem::MonthNotEnded { month: month.label() }));
        }
        let entity = books.entity_id;
        for (seq, tag) in store.entry_tags(entity)? {
            let this_month = tag == EntryTag::LoanAllowance { year: month.year, month: month.month };
            if this_month && store.reversed_by(entity, seq)?.is_none() {
                return Err(at(Problem::AllowancePosted { month: month.label() }));
            }
        }
        let needed: Decimal = crate::service::loans::loan_states(store, entity)?
            .iter()
            .filter_map(|state| state.standing(month.end))
            .map(|standing| standing.allowance)
            .sum();
        let (allowance, expense) = (code(LOAN_ALLOWANCE), code(LOAN_ALLOWANCE_EXPENSE));
        // The allowance is a credit balance on an asset account.
        let held = -books.debit_balance(&allowance);
        let change = needed - held;
        let lines = match change {
            c if c > Decimal::ZERO => vec![Line::debit(expense, money(c)), Line::credit(allowance, money(c))],
            c if c < Decimal::ZERO => vec![Line::debit(allowance, money(-c)), Line::credit(expense, money(-c))],
            _ => return Err(at(Problem::AllowanceUnchanged { month: month.label() })),
        };
        let memo =
            Memo::parse(&format!("Penyisihan kerugian piutang pinjaman bulan {}", month.label())).expect("short");
        let entry = BalancedEntry::new(month.end, memo, lines)?;
        Ok((entry, Some(EntryTag::LoanAllowance { year: month.year, month: month.month })))
    }
}
