//! Products and their codes.

use super::codec::{encode, entity_key, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::entry::ProductId;
use crate::domain::product::Product;

impl WriteSet {
    /// A product and the index that keeps its code unique in its entity.
    pub fn product(&mut self, product: &Product) {
        self.put(key(prefix::PRODUCT, &[&product.id.to_be_bytes()]), encode(product));
        self.put(entity_key(prefix::PRODUCT_CODE, product.entity_id, &[product.code.as_bytes()]), encode(&product.id));
    }

    pub fn next_product_id(&mut self, next: ProductId) {
        self.put(key(prefix::META, &[b"next_product_id"]), encode(&next));
    }
}

impl Store {
    pub fn next_product_id(&self) -> Result<ProductId, StoreError> {
        Ok(self.get(&key(prefix::META, &[b"next_product_id"]))?.unwrap_or(1))
    }

    pub fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.get(&key(prefix::PRODUCT, &[&id.to_be_bytes()]))
    }

    pub fn product_by_code(&self, entity: EntityId, code: &str) -> Result<Option<Product>, StoreError> {
        let id: Option<ProductId> =
            self.get(&entity_key(prefix::PRODUCT_CODE, entity, &[code.to_uppercase().as_bytes()]))?;
        id.map_or(Ok(None), |id| self.product(id))
    }

    /// An entity's products in code order.
    pub fn products(&self, entity: EntityId) -> Result<Vec<Product>, StoreError> {
        self.scan::<ProductId>(entity_key(prefix::PRODUCT_CODE, entity, &[]))
            .map(|item| {
                let (_, id) = item?;
                self.product(id)?
                    .ok_or_else(|| StoreError::Io(std::io::Error::other(format!("index names missing product {id}"))))
            })
            .collect()
    }
}
