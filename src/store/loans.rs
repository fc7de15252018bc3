//! Member loans (simpan pinjam) and the loan terms of the bylaws.

use super::codec::{date_bytes, encode, entity_key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::loan::{LoanTerms, MemberLoan};

impl WriteSet {
    /// A version of the loan terms, under the date it starts: written once.
    pub fn loan_terms(&mut self, entity: EntityId, terms: &LoanTerms) {
        self.put(entity_key(prefix::LOAN_TERMS, entity, &[&date_bytes(terms.effective_from)]), encode(terms));
    }

    /// A loan as it now stands (applied for, approved).
    pub fn member_loan(&mut self, entity: EntityId, loan: &MemberLoan) {
        self.put(entity_key(prefix::MEMBER_LOAN, entity, &[&loan.id.to_be_bytes()]), encode(loan));
    }
}

impl Store {
    /// Every version of the loan terms, oldest first.
    pub fn loan_terms(&self, entity: EntityId) -> Result<Vec<LoanTerms>, StoreError> {
        self.scan(entity_key(prefix::LOAN_TERMS, entity, &[])).map(|item| item.map(|(_, terms)| terms)).collect()
    }

    /// Every member loan of the entity, by number.
    pub fn member_loans(&self, entity: EntityId) -> Result<Vec<MemberLoan>, StoreError> {
        self.scan(entity_key(prefix::MEMBER_LOAN, entity, &[])).map(|item| item.map(|(_, loan)| loan)).collect()
    }

    pub fn member_loan(&self, entity: EntityId, id: u64) -> Result<Option<MemberLoan>, StoreError> {
        let found = self.scan(entity_key(prefix::MEMBER_LOAN, entity, &[&id.to_be_bytes()])).next();
        found.transpose().map(|item| item.map(|(_, loan)| loan))
    }
}
