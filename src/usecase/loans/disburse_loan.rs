//! Disburse a loan (pencairan pinjaman): an approved loan paid out of cash or the bank.
//! Debit the member's loan receivable with the principal and the admin fee, credit the
//! cash or bank with the principal and the admin income with the fee; the fee is due
//! with the first instalment. Never more than the cash or bank holds.

use crate::domain::account::AccountCode;
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::loan::{LOAN_FEE_INCOME, LOAN_RECEIVABLE};
use crate::domain::member::code;
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"loan","date","via"?,"memo"?}`; `via` is `kas` (the default) or `bank`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub loan: Typed,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone)]
pub struct DisburseLoan {
    pub loan: u64,
    pub date: NaiveDate,
    pub from_account: AccountCode,
    pub memo: Option<Memo>,
}

/// Money from an amount the loan's rules already bounded.
pub(super) fn money(amount: rust_decimal::Decimal) -> Money {
    Money::from_decimal(amount).expect("a loan's amounts are rupiah")
}

impl Command for DisburseLoan {
    type Input = Input;
    const NAME: &'static str = "disburse_loan";
    const ACCESS: Access = Access::Write;
    /// Alone: whether the loan was already paid out is read from the entries stored.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<DisburseLoan, Problems> {
        let mut check = FieldCheck::default();
        let loan = check.take("loan", fields::id(input.loan.as_str()));
        let date = check.take("date", fields::date(&input.date));
        let from_account = check.take("via", fields::cash_or_bank(&input.via));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        Ok(DisburseLoan {
            loan: loan.expect("checked"),
            date: date.expect("checked"),
            from_account: from_account.expect("checked"),
            memo: memo.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let state = super::loan_state(store, books.entity_id, self.loan)?;
        super::expect_status(&state, "approved")?;
        let loan = &state.loan;
        super::not_before(self.date, loan.approval.as_ref().expect("approved").on)?;
        if let Some(short) = books.cash_shortfall(&self.from_account, self.date, loan.principal) {
            return Err(Problems::one(Some("via"), short).into());
        }
        let fee = loan.admin_fee();
        let mut lines = vec![
            Line::debit(code(LOAN_RECEIVABLE), money(loan.principal + fee)).for_member(loan.member_id),
            Line::credit(self.from_account.clone(), money(loan.principal)),
        ];
        if !fee.is_zero() {
            lines.push(Line::credit(code(LOAN_FEE_INCOME), money(fee)));
        }
        let memo = self.memo.clone().unwrap_or_else(|| {
            Memo::parse(&format!("Pencairan pinjaman anggota no. {}", loan.id)).expect("a short memo")
        });
        let entry = BalancedEntry::new(self.date, memo, lines)?;
        let tag = EntryTag::MemberLoanDisbursement {
            loan_id: loan.id,
            member_id: loan.member_id,
            date: self.date,
            principal: money(loan.principal),
            fee: money(fee),
        };
        Ok((entry, Some(tag)))
    }
}
