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

/// What kind of work an entry records, as the journal lists and filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Penjualan.
    Sale,
    /// Pembelian.
    Purchase,
    /// Produksi.
    Production,
    /// Simpanan anggota, and a member's exit or SHU share.
    Savings,
    /// Pelunasan: a collection from a customer or a payment to a supplier.
    Settlement,
    /// Hibah and pinjaman received or repaid.
    Funding,
    /// Pinjaman anggota: a member loan paid out or repaid, and its loss allowance.
    MemberLoan,
    /// Kas opname.
    CashCount,
    /// Tutup buku: a year's close, its reopening.
    Close,
    /// A journal entry as written, with no use case behind it.
    Journal,
}

impl EntryKind {
    pub const ALL: [EntryKind; 10] = [
        EntryKind::Sale,
        EntryKind::Purchase,
        EntryKind::Production,
        EntryKind::Savings,
        EntryKind::Settlement,
        EntryKind::Funding,
        EntryKind::MemberLoan,
        EntryKind::CashCount,
        EntryKind::Close,
        EntryKind::Journal,
    ];

    /// The kind's name in a query string and in the catalogue (`entry-kind-sale`).
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Sale => "sale",
            EntryKind::Purchase => "purchase",
            EntryKind::Production => "production",
            EntryKind::Savings => "savings",
            EntryKind::Settlement => "settlement",
            EntryKind::Funding => "funding",
            EntryKind::MemberLoan => "member_loan",
            EntryKind::CashCount => "cash_count",
            EntryKind::Close => "close",
            EntryKind::Journal => "journal",
        }
    }

    pub fn parse(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The kind of an entry tagged `tag` (none: a plain journal entry).
    pub fn of(tag: Option<&EntryTag>) -> EntryKind {
        match tag {
            None => EntryKind::Journal,
            Some(EntryTag::Sale(_)) => EntryKind::Sale,
            Some(EntryTag::Purchase(_)) => EntryKind::Purchase,
            Some(EntryTag::Production) => EntryKind::Production,
            Some(EntryTag::Savings { .. } | EntryTag::MemberExit { .. } | EntryTag::ShuPayout { .. }) => {
                EntryKind::Savings
            }
            Some(EntryTag::Collection { .. } | EntryTag::SupplierPayment { .. }) => EntryKind::Settlement,
            Some(EntryTag::Grant(_) | EntryTag::LoanReceipt(_) | EntryTag::LoanRepayment(_)) => EntryKind::Funding,
            Some(
                EntryTag::MemberLoanDisbursement { .. }
                | EntryTag::MemberLoanRepayment { .. }
                | EntryTag::LoanAllowance { .. },
            ) => EntryKind::MemberLoan,
            Some(EntryTag::CashCount { .. }) => EntryKind::CashCount,
            Some(EntryTag::YearClose { .. } | EntryTag::YearReopen { .. }) => EntryKind::Close,
        }
    }
}

impl EntryTag {
    /// What the entry was worth to the person who recorded it, where that is not the total
    /// of its lines: a sale's price to the buyer (its entry also moves the cost of the
    /// goods), a purchase's total, a settlement's amount.
    pub fn amount(&self) -> Option<Money> {
        match self {
            EntryTag::Sale(sale) => Some(sale.net),
            EntryTag::Purchase(purchase) => Some(purchase.total),
            EntryTag::Collection { amount, .. }
            | EntryTag::SupplierPayment { amount, .. }
            | EntryTag::ShuPayout { amount, .. } => Some(*amount),
            _ => None,
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(EntryKind::parse("semua"), None);
        assert_eq!(EntryKind::of(None), EntryKind::Journal);
        assert_eq!(EntryKind::of(Some(&EntryTag::Production)), EntryKind::Production);
    }
}
