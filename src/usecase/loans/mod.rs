//! Member loans (simpan pinjam): the terms in the bylaws, an application approved by a
//! second person, the disbursement, repayments and the month's loss allowance.

pub mod apply_loan;
pub mod approve_loan;
pub mod disburse_loan;
pub mod post_loan_allowance;
pub mod repay_member_loan;
pub mod set_loan_terms;

use crate::domain::loan::LoanState;
use crate::domain::problem::{Problem, Problems};
use crate::service::ServiceError;
use crate::store::Store;

/// The loan of these books with this number, with its entries; refused at `loan` otherwise.
pub fn loan_state(store: &Store, entity: u64, loan: u64) -> Result<LoanState, ServiceError> {
    crate::service::loans::loan_states(store, entity)?
        .into_iter()
        .find(|state| state.loan.id == loan)
        .ok_or_else(|| Problems::one(Some("loan"), Problem::UnknownLoan { loan }).into())
}

/// Refused at `loan` unless the loan stands at `status`.
fn expect_status(state: &LoanState, status: &'static str) -> Result<(), ServiceError> {
    match state.status() {
        found if found == status => Ok(()),
        found => Err(Problems::one(Some("loan"), Problem::LoanStatus { loan: state.loan.id, status: found }).into()),
    }
}

/// Refused at `date` when a step comes before the one it follows.
fn not_before(date: chrono::NaiveDate, earliest: chrono::NaiveDate) -> Result<(), ServiceError> {
    match date < earliest {
        true => Err(Problems::one(Some("date"), Problem::LoanDateBefore { earliest }).into()),
        false => Ok(()),
    }
}
