//! Record the start-up package (paket bantuan UEP) handed to a placed client at
//! termination: the client is terminated; the treasurer pays it through the books.

use crate::domain::entity::Entity;
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::aftercare::{self, Package, PackageItem};
use crate::domain::training::client::{Client, ClientStatus};
use crate::domain::training::ClientId;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub name: String,
    pub quantity: u32,
    pub value: Typed,
}

/// As typed: `{"date","items":[{"name","quantity","value"}]}`; the door takes `client`
/// from the path (`/clients/{id}/package`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub client: Typed,
    pub date: String,
    pub items: Vec<ItemInput>,
}

#[derive(Debug, Clone)]
pub struct RecordPackage {
    client: ClientId,
    date: NaiveDate,
    items: Vec<(String, u32, Money)>,
}

impl RegisterCommand for RecordPackage {
    type Input = Input;
    type Outcome = Package;
    const NAME: &'static str = "record_package";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<RecordPackage, Problems> {
        let mut check = FieldCheck::default();
        let client = super::on_date(&mut check, "client", &input.client, &input.date);
        let values: Vec<_> =
            input.items.iter().map(|item| check.take("value", fields::amount_not_negative(&item.value))).collect();
        check.finish()?;
        let items = input
            .items
            .into_iter()
            .zip(values)
            .map(|(item, value)| (item.name, item.quantity, value.expect("checked")));
        let (client, date) = client.expect("checked");
        Ok(RecordPackage { client, date, items: items.collect() })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Package, ServiceError> {
        let items = self.items.iter().map(|(name, quantity, value)| PackageItem::new(name, *quantity, *value));
        let items = items.collect::<Result<Vec<_>, _>>()?;
        let client = super::client_of(store, entity.id, self.client)?;
        let (placement, existing) = (store.placement(client.id)?, store.package(client.id)?);
        let package = aftercare::package(&client, placement.as_ref(), existing.as_ref(), self.date, items)?;
        writes.package(&package);
        writes.client(&Client { status: ClientStatus::Terminasi, ..client });
        Ok(package)
    }
}
