//! Member loans (simpan pinjam) read and changed for an actor: the application and its
//! approval (register changes that name who made them), and each loan with its schedule
//! and standing.

use super::writer::{Prepare, Prepared};
use super::{Ledger, ServiceError};
use crate::domain::entity::EntityId;
use crate::domain::entry::MemberId;
use crate::domain::loan::{Collectibility, Instalment, LoanState, LoanTerms, MemberLoan, Parts, Standing};
use crate::domain::money::serialize_canonical;
use crate::domain::tag::EntryTag;
use crate::store::{Store, WriteSet};
use crate::usecase::loans::apply_loan::{self, ApplyLoan};
use crate::usecase::loans::approve_loan::{self, ApproveLoan};
use crate::usecase::{Access, Actor};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::{Arc, Mutex};

/// Every member loan of `entity` with its disbursement and repayments not reversed.
pub(crate) fn loan_states(store: &Store, entity: EntityId) -> Result<Vec<LoanState>, ServiceError> {
    let mut states: Vec<LoanState> = store.member_loans(entity)?.into_iter().map(LoanState::new).collect();
    for (seq, tag) in store.entry_tags(entity)? {
        let loan_id = match &tag {
            EntryTag::MemberLoanDisbursement { loan_id, .. } | EntryTag::MemberLoanRepayment { loan_id, .. } => {
                *loan_id
            }
            _ => continue,
        };
        let Some(state) = states.iter_mut().find(|s| s.loan.id == loan_id) else { continue };
        if store.reversed_by(entity, seq)?.is_some() {
            continue;
        }
        match tag {
            EntryTag::MemberLoanDisbursement { date, .. } => state.disbursed = Some((seq, date)),
            EntryTag::MemberLoanRepayment { date, fee, interest, principal, .. } => {
                let parts = Parts { fee: fee.decimal(), interest: interest.decimal(), principal: principal.decimal() };
                state.repayments.push((seq, date, parts));
            }
            _ => {}
        }
    }
    Ok(states)
}

/// A repayment standing after the loan entry `seq` (its disbursement or a repayment), if
/// any: loan entries are undone latest first, so that each repayment keeps the share of
/// fee, interest and principal it was applied as.
pub(crate) fn later_repayment(
    store: &Store,
    entity: EntityId,
    tag: Option<&EntryTag>,
    seq: u64,
) -> Result<Option<u64>, ServiceError> {
    let loan = match tag {
        Some(EntryTag::MemberLoanDisbursement { loan_id, .. } | EntryTag::MemberLoanRepayment { loan_id, .. }) => {
            *loan_id
        }
        _ => return Ok(None),
    };
    let state = loan_states(store, entity)?.into_iter().find(|s| s.loan.id == loan);
    Ok(state.and_then(|s| s.repayments.iter().map(|(later, _, _)| *later).filter(|later| *later > seq).max()))
}

/// A loan as a reader sees it on a day: the register's record, its schedule once paid
/// out, its repayments and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct LoanView {
    #[serde(flatten)]
    pub loan: MemberLoan,
    pub member_number: String,
    pub member_name: String,
    pub status: &'static str,
    #[serde(serialize_with = "serialize_canonical")]
    pub admin_fee: Decimal,
    pub disbursed_on: Option<NaiveDate>,
    pub disbursement_seq: Option<u64>,
    pub repayments: Vec<RepaymentView>,
    pub schedule: Vec<Instalment>,
    /// At the end of the day asked for; none before the loan is paid out.
    pub standing: Option<Standing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepaymentView {
    pub seq: u64,
    pub date: NaiveDate,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
    #[serde(flatten)]
    pub parts: Parts,
}

/// The loans of one collectibility class on a day: how many and what they owe.
#[derive(Debug, Clone, Serialize)]
pub struct ClassTotal {
    pub collectibility: Collectibility,
    pub loans: usize,
    #[serde(serialize_with = "serialize_canonical")]
    pub outstanding: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub allowance: Decimal,
}

/// Loans paid out and owing on `as_of`, per class (every class, empty ones too).
pub fn by_collectibility(views: &[LoanView]) -> Vec<ClassTotal> {
    Collectibility::ALL
        .iter()
        .map(|class| {
            let of_class: Vec<&Standing> = views
                .iter()
                .filter_map(|v| v.standing.as_ref())
                .filter(|s| s.collectibility == *class && !s.outstanding.is_zero())
                .collect();
            ClassTotal {
                collectibility: *class,
                loans: of_class.len(),
                outstanding: of_class.iter().map(|s| s.outstanding).sum(),
                allowance: of_class.iter().map(|s| s.allowance).sum(),
            }
        })
        .collect()
}

impl Ledger {
    /// Every version of the loan terms, oldest first.
    pub fn loan_terms(&self, entity: EntityId) -> Result<Vec<LoanTerms>, ServiceError> {
        Ok(self.store.loan_terms(entity)?)
    }

    /// Every member loan of `entity` as it stands at the end of `as_of`.
    pub fn member_loans(&self, entity: EntityId, as_of: NaiveDate) -> Result<Vec<LoanView>, ServiceError> {
        let members = self.members(entity)?;
        let mut views = Vec::new();
        for state in loan_states(&self.store, entity)? {
            let member = members.iter().find(|m| m.id == state.loan.member_id);
            let schedule = state.schedule().unwrap_or_default();
            views.push(LoanView {
                member_number: member.map(|m| m.number.as_str().to_string()).unwrap_or_default(),
                member_name: member.map(|m| m.name.clone()).unwrap_or_default(),
                status: state.status(),
                admin_fee: state.loan.admin_fee(),
                disbursed_on: state.disbursed.map(|(_, on)| on),
                disbursement_seq: state.disbursed.map(|(seq, _)| seq),
                repayments: state
                    .repayments
                    .iter()
                    .map(|(seq, date, parts)| RepaymentView {
                        seq: *seq,
                        date: *date,
                        amount: parts.total(),
                        parts: *parts,
                    })
                    .collect(),
                schedule,
                standing: state.standing(as_of),
                loan: state.loan,
            });
        }
        Ok(views)
    }

    /// One loan of `entity`, if it has one of that number.
    pub fn member_loan(&self, entity: EntityId, loan: u64, as_of: NaiveDate) -> Result<LoanView, ServiceError> {
        self.member_loans(entity, as_of)?
            .into_iter()
            .find(|v| v.loan.id == loan)
            .ok_or_else(|| ServiceError::NotFound(format!("pinjaman {loan}")))
    }

    /// The loans of one member, for the member themself or a reader of their entity.
    pub fn loans_of_member(
        &self,
        actor: &Actor,
        member: MemberId,
        as_of: NaiveDate,
    ) -> Result<Vec<LoanView>, ServiceError> {
        let member = self.member_for(actor, member, Access::Read)?;
        Ok(self.member_loans(member.entity_id, as_of)?.into_iter().filter(|v| v.loan.member_id == member.id).collect())
    }

    /// Records a member's application (`usecase::loans::apply_loan`) under the actor's name.
    pub async fn apply_loan(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: apply_loan::Input,
    ) -> Result<MemberLoan, ServiceError> {
        self.entity_for(actor, entity, ApplyLoan::ACCESS)?;
        let command = ApplyLoan::parse(input)?;
        let by = actor.username().to_string();
        self.keep_loan(actor, entity, move |books, store| command.prepare(books, store, &by)).await
    }

    /// Approves an application as the actor, a second person (`usecase::loans::approve_loan`).
    pub async fn approve_loan(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: approve_loan::Input,
    ) -> Result<MemberLoan, ServiceError> {
        self.entity_for(actor, entity, ApproveLoan::ACCESS)?;
        let command = ApproveLoan::parse(input)?;
        let approver = actor.clone();
        self.keep_loan(actor, entity, move |books, store| command.prepare(store, books.entity_id, &approver)).await
    }

    /// Writes the loan `change` makes inside the writer, alone; the loan as stored.
    async fn keep_loan(
        &self,
        actor: &Actor,
        entity: EntityId,
        change: impl FnOnce(&crate::domain::books::Books, &Store) -> Result<MemberLoan, ServiceError> + Send + 'static,
    ) -> Result<MemberLoan, ServiceError> {
        let kept = Arc::new(Mutex::new(None));
        let out = kept.clone();
        let prepare: Prepare = Box::new(move |books, store| {
            let loan = change(books, store)?;
            let mut records = WriteSet::default();
            records.member_loan(books.entity_id, &loan);
            *out.lock().expect("not poisoned") = Some(loan);
            Ok(Prepared { records, ..Prepared::default() })
        });
        self.post_prepared(entity, prepare, true, actor.username(), None).await?;
        let loan = kept.lock().expect("not poisoned").take();
        Ok(loan.expect("kept when posted"))
    }
}
