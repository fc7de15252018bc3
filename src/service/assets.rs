//! The fixed-asset register and the month-end depreciation, run for an actor.

use super::writer::{Prepare, Prepared};
use super::{Ledger, ServiceError};
use crate::domain::account::Side;
use crate::domain::assets::{accumulated_account_of, DepreciationRun, FixedAsset};
use crate::domain::entity::EntityId;
use crate::domain::money::serialize_canonical;
use crate::store::WriteSet;
use crate::usecase::assets::depreciate_month::{self, DepreciateMonth};
use crate::usecase::assets::dispose_asset::{self, DisposeAsset};
use crate::usecase::assets::register_asset::{self, RegisterAsset};
use crate::usecase::Actor;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// An entry that debited a fixed-asset account and is not yet in the register.
#[derive(Debug, Clone, Serialize)]
pub struct Unregistered {
    pub seq: u64,
    pub date: NaiveDate,
    pub memo: String,
    pub account: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
}

impl Ledger {
    pub fn fixed_assets(&self, entity: EntityId) -> Result<Vec<FixedAsset>, ServiceError> {
        self.entity(entity)?;
        Ok(self.store.fixed_assets(entity)?)
    }

    pub fn depreciation_runs(&self, entity: EntityId) -> Result<Vec<DepreciationRun>, ServiceError> {
        self.entity(entity)?;
        Ok(self.store.depreciation_runs(entity)?)
    }

    /// Equipment purchases and grants in kind (entries debiting a fixed-asset account),
    /// not reversed, whose asset is not yet in the register: what is left to register.
    pub fn unregistered_assets(&self, entity: EntityId) -> Result<Vec<Unregistered>, ServiceError> {
        let registered = self.fixed_assets(entity)?;
        let mut left = Vec::new();
        for posted in self.store.entries(entity) {
            let posted = posted?;
            for line in posted.entry.lines().iter().filter(|l| l.side == Side::Debit) {
                let on_account = |a: &FixedAsset| a.source_seq == posted.seq && a.account == line.account;
                if accumulated_account_of(&line.account).is_none() || registered.iter().any(on_account) {
                    continue;
                }
                if self.store.reversed_by(entity, posted.seq)?.is_some() {
                    break;
                }
                left.push(Unregistered {
                    seq: posted.seq,
                    date: posted.entry.date(),
                    memo: posted.entry.memo().as_str().to_string(),
                    account: line.account.to_string(),
                    amount: line.amount.decimal(),
                });
            }
        }
        Ok(left)
    }

    /// Registers the asset an entry brought (`usecase::assets::register_asset`).
    pub async fn register_asset(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: register_asset::Input,
    ) -> Result<FixedAsset, ServiceError> {
        let found = self.entity_for(actor, entity, RegisterAsset::ACCESS)?;
        let command = RegisterAsset::parse(input)?;
        let by = actor.username().to_string();
        let (seq, account) = (command.entry_seq, command.account.clone());
        let prepare: Prepare = Box::new(move |_books, store| {
            let asset = command.prepare(store, entity, &by)?;
            let mut records = WriteSet::default();
            records.fixed_asset(entity, &asset);
            Ok(Prepared { records, ..Prepared::default() })
        });
        self.post_prepared(found.id, prepare, true, actor.username(), None).await?;
        let assets = self.store.fixed_assets(found.id)?;
        Ok(assets.into_iter().find(|a| a.source_seq == seq && a.account == account).expect("just registered"))
    }

    /// Posts a month's depreciation (`usecase::assets::depreciate_month`), once per month.
    pub async fn depreciate_month(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: depreciate_month::Input,
        today: NaiveDate,
    ) -> Result<DepreciationRun, ServiceError> {
        let found = self.entity_for(actor, entity, DepreciateMonth::ACCESS)?;
        let command = DepreciateMonth::parse(input)?;
        let by = actor.username().to_string();
        let (year, month) = (command.year, command.month);
        let prepare: Prepare = Box::new(move |books, store| {
            let (assets, runs) = (store.fixed_assets(entity)?, store.depreciation_runs(entity)?);
            let (entry, run) = command.prepare(books, &assets, &runs, today, &by)?;
            let mut records = WriteSet::default();
            records.depreciation_run(entity, &run);
            Ok(Prepared { entries: entry.into_iter().collect(), records, ..Prepared::default() })
        });
        self.post_prepared(found.id, prepare, true, actor.username(), None).await?;
        let runs = self.store.depreciation_runs(found.id)?;
        Ok(runs.into_iter().find(|r| (r.year, r.month) == (year, month)).expect("just posted"))
    }

    /// Takes an asset out of the books, sold or written off (`usecase::assets::dispose_asset`).
    pub async fn dispose_asset(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: dispose_asset::Input,
    ) -> Result<FixedAsset, ServiceError> {
        let found = self.entity_for(actor, entity, DisposeAsset::ACCESS)?;
        let command = DisposeAsset::parse(input)?;
        let (seq, account) = (command.entry_seq, command.account.clone());
        let prepare: Prepare = Box::new(move |books, store| {
            let (assets, runs) = (store.fixed_assets(entity)?, store.depreciation_runs(entity)?);
            let (entry, asset) = command.prepare(books, &assets, &runs)?;
            let mut records = WriteSet::default();
            records.fixed_asset(entity, &asset);
            Ok(Prepared { entries: vec![entry], records, ..Prepared::default() })
        });
        self.post_prepared(found.id, prepare, true, actor.username(), None).await?;
        let assets = self.store.fixed_assets(found.id)?;
        Ok(assets.into_iter().find(|a| a.source_seq == seq && a.account == account).expect("just disposed"))
    }
}
