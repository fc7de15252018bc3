//! Products, stock, purchases, production and sales.

use super::{Ledger, ServiceError};
use crate::domain::books::StockLevel;
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::entry::ProductId;
use crate::domain::money::Money;
use crate::domain::product::{Product, ProductError, ProductKind};
use serde::Serialize;

/// A new product, as the treasurer enters it.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub default_price: Money,
    pub kind: ProductKind,
}

/// A product with what is on hand.
#[derive(Debug, Clone, Serialize)]
pub struct ProductStock {
    #[serde(flatten)]
    pub product: Product,
    #[serde(flatten)]
    pub on_hand: StockLevel,
}

impl Ledger {
    pub async fn add_product(&self, entity: EntityId, new: NewProduct) -> Result<Product, ServiceError> {
        if self.entity(entity)?.kind == EntityKind::Panti {
            return Err(ServiceError::NotAllowed("produk hanya untuk KUBE atau koperasi".into()));
        }
        if new.default_price.is_negative() {
            return Err(ProductError::NegativePrice.into());
        }
        self.writer
            .apply(move |store, writes| {
                if store.product_by_code(entity, &new.code)?.is_some() {
                    return Err(ProductError::DuplicateCode(new.code).into());
                }
                let id = store.next_product_id()?;
                let product = Product {
                    id,
                    entity_id: entity,
                    code: new.code,
                    name: new.name,
                    unit: new.unit,
                    default_price: new.default_price,
                    kind: new.kind,
                };
                writes.product(&product);
                writes.next_product_id(id + 1);
                Ok(product)
            })
            .await
    }

    pub fn product(&self, id: ProductId) -> Result<Product, ServiceError> {
        self.store.product(id)?.ok_or_else(|| ServiceError::NotFound(format!("produk {id}")))
    }

    /// An entity's products with their stock on hand.
    pub fn products(&self, entity: EntityId) -> Result<Vec<ProductStock>, ServiceError> {
        let stock = self.store.stock(entity)?;
        Ok(self
            .store
            .products(entity)?
            .into_iter()
            .map(|product| {
                let on_hand = product
                    .stock_account()
                    .and_then(|account| stock.get(&(account, product.id)).copied())
                    .unwrap_or_default();
                ProductStock { product, on_hand }
            })
            .collect())
    }
}
