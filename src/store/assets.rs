//! The fixed-asset register and each month's depreciation run.

use super::codec::{encode, entity_key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::assets::{DepreciationRun, FixedAsset};
use crate::domain::entity::EntityId;

impl WriteSet {
    /// An asset of the register, under the entry it came from and its account.
    pub fn fixed_asset(&mut self, entity: EntityId, asset: &FixedAsset) {
        let key = [&asset.source_seq.to_be_bytes()[..], asset.account.as_str().as_bytes()];
        self.put(entity_key(prefix::FIXED_ASSET, entity, &key), encode(asset));
    }

    /// A month's depreciation: written once.
    pub fn depreciation_run(&mut self, entity: EntityId, run: &DepreciationRun) {
        let key = [&(run.year as u32).to_be_bytes()[..], &run.month.to_be_bytes()];
        self.put(entity_key(prefix::DEPRECIATION, entity, &key), encode(run));
    }
}

impl Store {
    /// The register, by source entry.
    pub fn fixed_assets(&self, entity: EntityId) -> Result<Vec<FixedAsset>, StoreError> {
        self.scan(entity_key(prefix::FIXED_ASSET, entity, &[])).map(|item| item.map(|(_, a)| a)).collect()
    }

    /// Every month's depreciation run, oldest first.
    pub fn depreciation_runs(&self, entity: EntityId) -> Result<Vec<DepreciationRun>, StoreError> {
        self.scan(entity_key(prefix::DEPRECIATION, entity, &[])).map(|item| item.map(|(_, r)| r)).collect()
    }
}
