//! Approve a loan (persetujuan pinjaman): a second person, never the one who recorded the
//! application nor the member it is for.

use crate::domain::loan::{Approval, MemberLoan};
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Actor};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"loan","date"}`; the JSON door takes `loan` from the path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub loan: Typed,
    #[serde(default)]
    pub date: String,
}

#[derive(Debug, Clone)]
pub struct ApproveLoan {
    pub loan: u64,
    pub date: NaiveDate,
}

impl ApproveLoan {
    pub const ACCESS: Access = Access::Write;

    pub fn parse(input: Input) -> Result<ApproveLoan, Problems> {
        let mut check = FieldCheck::default();
        let loan = check.take("loan", fields::id(input.loan.as_str()));
        let date = check.take("date", fields::date(&input.date));
        check.finish()?;
        Ok(ApproveLoan { loan: loan.expect("checked"), date: date.expect("checked") })
    }

    /// The loan as approved by `approver`.
    pub fn prepare(&self, store: &Store, entity: u64, approver: &Actor) -> Result<MemberLoan, ServiceError> {
        let state = super::loan_state(store, entity, self.loan)?;
        super::expect_status(&state, "applied")?;
        let mut loan = state.loan;
        if approver.username() == loan.recorded_by || approver.member_id() == Some(loan.member_id) {
            let problem = Problem::LoanApproverIsRecorder {
                recorded_by: loan.recorded_by.clone(),
                approver: approver.username().into(),
            };
            return Err(Problems::one(Some("loan"), problem).into());
        }
        super::not_before(self.date, loan.applied_on)?;
        loan.approval = Some(Approval { by: approver.username().to_string(), on: self.date });
        Ok(loan)
    }
}
