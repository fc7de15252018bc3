//! Products and their codes.

use super::codec::{date_bytes, encode, entity_key, key, prefix, u64_from_bytes};
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

    /// Indexes an entry under its date, for day books.
    pub fn entry_date_index(&mut self, posted: &crate::domain::entry::PostedEntry) {
        let date = date_bytes(posted.entry.date());
        self.put(entity_key(prefix::ENTRY_BY_DATE, posted.entity_id, &[&date, &posted.seq.to_be_bytes()]), Vec::new());
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

    /// Sequence numbers of the committed entries dated `date`, in order.
    pub fn entries_on(&self, entity: EntityId, date: chrono::NaiveDate) -> Result<Vec<u64>, StoreError> {
        let end = self.head(entity)?.next_seq;
        self.db
            .scan_prefix(entity_key(prefix::ENTRY_BY_DATE, entity, &[&date_bytes(date)]))
            .keys()
            .map(|key| Ok(u64_from_bytes(&key?[13..]).unwrap_or_default()))
            .filter(|seq| seq.as_ref().map_or(true, |seq| *seq < end))
            .collect()
    }

    /// Sequence numbers of the committed entries dated `from` to `to`, the latest day first
    /// and within a day the latest entry first: one reverse scan of the by-date index,
    /// read only as far as the caller goes.
    pub fn entries_between_newest_first(
        &self,
        entity: EntityId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<impl Iterator<Item = Result<u64, StoreError>>, StoreError> {
        let end = self.head(entity)?.next_seq;
        let first = entity_key(prefix::ENTRY_BY_DATE, entity, &[&date_bytes(from)]);
        let last = entity_key(prefix::ENTRY_BY_DATE, entity, &[&date_bytes(to), &u64::MAX.to_be_bytes()]);
        Ok(self
            .db
            .range(first..=last)
            .keys()
            .rev()
            .map(|key| Ok(u64_from_bytes(&key?[13..]).unwrap_or_default()))
            .filter(move |seq| seq.as_ref().map_or(true, |seq| *seq < end)))
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
