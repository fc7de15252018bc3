//! Pay a client's start-up package (bayar paket bantuan UEP) from the panti's cash: debit
//! 5103 Beban Paket Bantuan UEP, credit 1101 Kas; once, and never beyond the cash.

use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Memo};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::domain::training::aftercare::{package_entry, Package};
use crate::domain::training::client::Client;
use crate::domain::training::{ClientId, TrainingError};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"date","memo"?}`; the door takes `client` from the path
/// (`/clients/{id}/package/payment`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub client: Typed,
    pub date: String,
    #[serde(default)]
    pub memo: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PayPackage {
    pub client: ClientId,
    date: NaiveDate,
    memo: Option<Memo>,
}

impl PayPackage {
    /// The client of `panti` and their package, still unpaid.
    pub fn unpaid(&self, store: &Store, panti: u64) -> Result<(Client, Package), ServiceError> {
        let client = super::client_of(store, panti, self.client)?;
        let package = store.package(client.id)?.ok_or_else(|| TrainingError::NoPackage(client.number().to_string()))?;
        package.ensure_unpaid(&client)?;
        Ok((client, package))
    }
}

impl Command for PayPackage {
    type Input = Input;
    const NAME: &'static str = "pay_package";
    /// The books' rule: the panti's treasurer (or an admin) pays; the head keeps no books.
    const ACCESS: Access = Access::Write;
    /// Alone: whether the package is still unpaid is read from the store.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<PayPackage, Problems> {
        let mut check = FieldCheck::default();
        let client = super::on_date(&mut check, "client", &input.client, &input.date);
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        check.finish()?;
        let ((client, date), memo) = (client.expect("checked"), memo.expect("checked"));
        Ok(PayPackage { client, date, memo })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let (client, package) = self.unpaid(store, books.entity_id)?;
        Ok((package_entry(books, &client, &package, self.date, self.memo.clone())?, None))
    }
}
