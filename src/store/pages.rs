//! Browser sessions: the CSRF token each page session puts in its forms.

use super::codec::{encode, key, prefix};
use super::{Store, StoreError, WriteSet};

impl WriteSet {
    pub fn page_csrf(&mut self, token_hash: &[u8; 32], csrf: &str) {
        self.signs_in_or_out = true;
        self.put(key(prefix::PAGE_CSRF, &[token_hash]), encode(&csrf));
    }

    pub fn end_page_csrf(&mut self, token_hash: &[u8; 32]) {
        self.signs_in_or_out = true;
        self.ops.push((key(prefix::PAGE_CSRF, &[token_hash]), None));
    }
}

impl Store {
    pub fn page_csrf(&self, token_hash: &[u8; 32]) -> Result<Option<String>, StoreError> {
        self.get(&key(prefix::PAGE_CSRF, &[token_hash]))
    }
}
