//! What an entry means beyond its lines: kept beside it so reports and rules can find
//! savings, grants and loans without parsing memos.

use super::capital::{Grant, Loan, Repayment};
use super::entry::MemberId;
use super::member::SavingsKind;
use serde::{Deserialize, Serialize};

/// Stored with postcard, which is not self-describing: keep the default (external)
/// enum tagging; `#[serde(tag = ...)]` would fail to decode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryTag {
    Savings { member_id: MemberId, savings: SavingsKind, withdrawal: bool },
    Grant(Grant),
    LoanReceipt(Loan),
    LoanRepayment(Repayment),
    MemberExit { member_id: MemberId },
}
