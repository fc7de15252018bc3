//! What the browser pages need beyond the API's use cases: CSRF tokens bound to a
//! session, and the treasurer's day at a glance.

use super::{random_token, sha256, Ledger, ServiceError};
use crate::domain::entity::EntityId;
use crate::domain::member::{code, CASH};
use crate::domain::tag::EntryTag;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use subtle::ConstantTimeEq;

/// One sale of a day, for the treasurer's home page.
#[derive(Debug, Clone)]
pub struct DaySale {
    pub seq: u64,
    pub customer: Option<String>,
    pub on_credit: bool,
    pub net: Decimal,
}

/// Cash on hand and the day's sales (not reversed ones).
#[derive(Debug, Clone)]
pub struct TreasurerDay {
    pub date: NaiveDate,
    pub cash: Decimal,
    pub sales: Vec<DaySale>,
    pub sales_total: Decimal,
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub fn same_secret(expected: &str, given: &str) -> bool {
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

impl Ledger {
    /// The CSRF token of a session, made on first use. Made inside the writer, so two
    /// pages opened at once get the same token rather than one overwriting the other.
    pub async fn page_csrf(&self, session_token: &str) -> Result<String, ServiceError> {
        let token_hash = sha256(session_token.as_bytes());
        if let Some(csrf) = self.store.page_csrf(&token_hash)? {
            return Ok(csrf);
        }
        self.writer
            .apply(move |store, writes| {
                if let Some(csrf) = store.page_csrf(&token_hash)? {
                    return Ok(csrf);
                }
                let csrf = random_token();
                writes.page_csrf(&token_hash, &csrf);
                Ok(csrf)
            })
            .await
    }

    /// Whether a form's CSRF token is its session's, compared in constant time.
    pub fn csrf_matches(&self, session_token: &str, given: &str) -> Result<bool, ServiceError> {
        let Some(expected) = self.store.page_csrf(&sha256(session_token.as_bytes()))? else {
            return Ok(false);
        };
        Ok(same_secret(&expected, given))
    }

    /// Ends a browser session and its CSRF token in one write.
    pub async fn end_page_session(&self, session_token: &str) -> Result<(), ServiceError> {
        self.sign_out(session_token, super::SignOutDoor::Page).await
    }

    /// Cash on hand now (account 1101) and the sales dated `date`.
    pub fn treasurer_day(&self, entity: EntityId, date: NaiveDate) -> Result<TreasurerDay, ServiceError> {
        let cash = self.store.balances(entity)?.get(&code(CASH)).map_or(Decimal::ZERO, |t| t.net());
        let mut sales = Vec::new();
        for seq in self.store.entries_on(entity, date)? {
            let Some(EntryTag::Sale(sale)) = self.store.entry_tag(entity, seq)? else { continue };
            if self.store.reversed_by(entity, seq)?.is_some() {
                continue;
            }
            sales.push(DaySale { seq, customer: sale.customer, on_credit: sale.on_credit, net: sale.net.decimal() });
        }
        let sales_total = sales.iter().map(|s| s.net).sum();
        Ok(TreasurerDay { date, cash, sales, sales_total })
    }
}
