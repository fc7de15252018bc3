//! What an entry means beyond its lines: kept beside it so reports and rules can find
//! savings, grants and loans without parsing memos.

use super::capital::{Grant, Loan, Repayment};
use super::entry::MemberId;
use super::member::SavingsKind;
use super::money::Money;
use super::sales::{PurchaseRecord, SaleRecord};
use serde::{Deserialize, Serialize};

/// Stored with postcard, which is not self-describing: keep the default (external)
/// enum tagging; `#[serde(tag = ...)]` would fail to decode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryTag {
    Savings {
        member_id: MemberId,
        savings: SavingsKind,
        withdrawal: bool,
    },
    Grant(Grant),
    LoanReceipt(Loan),
    LoanRepayment(Repayment),
    MemberExit {
        member_id: MemberId,
    },
    // New kinds go last: postcard stores the variant's position.
    Sale(SaleRecord),
    Purchase(PurchaseRecord),
    Production,
    /// Money received from a customer against credit sales (pelunasan piutang).
    Collection {
        customer: String,
        amount: Money,
    },
    /// Money paid to a supplier against credit purchases (pembayaran utang).
    SupplierPayment {
        supplier: String,
        amount: Money,
    },
    /// A cash count (kas opname): counted against the books, the difference posted.
    CashCount {
        counted: Money,
        book: Money,
        reason: String,
    },
    /// An entry of a year's close: the closing entry or an allocation.
    YearClose {
        year: i32,
    },
    /// An entry that undoes a year's close when it is reopened.
    YearReopen {
        year: i32,
    },
    /// A member's SHU share paid out or reinvested as savings.
    ShuPayout {
        member_id: MemberId,
        choice: super::close::ShuChoice,
        amount: Money,
    },
    /// A member loan paid out: the receivable is its principal and admin fee.
    MemberLoanDisbursement {
        loan_id: u64,
        member_id: MemberId,
        date: chrono::NaiveDate,
        principal: Money,
        fee: Money,
    },
    /// A member's repayment, as applied: fee, interest (business done with the entity,
    /// for jasa usaha), principal.
    MemberLoanRepayment {
        loan_id: u64,
        member_id: MemberId,
        date: chrono::NaiveDate,
        fee: Money,
        interest: Money,
        principal: Money,
    },
    /// A month's loss allowance on member loans, brought to what the policy asks.
    LoanAllowance {
        year: i32,
        month: u32,
    },
}
