//! Products, stock, purchases, production and sales.

use super::{Ledger, ServiceError};
use crate::domain::books::StockLevel;
use crate::domain::entity::EntityId;
use crate::domain::entry::{MemberId, Memo, ProductId, Quantity};
use crate::domain::money::Money;
use crate::domain::product::Product;
use crate::domain::sales::{Purchase, PurchaseLine, Sale, SaleLine};
use crate::domain::tag::EntryTag;
use crate::store::Store;
use chrono::NaiveDate;
use serde::Serialize;

/// A sale as asked for: products by id; a missing unit price takes the product's price.
#[derive(Debug, Clone)]
pub struct SaleRequest {
    pub date: NaiveDate,
    pub customer: Option<String>,
    pub member_id: Option<MemberId>,
    pub lines: Vec<(ProductId, Quantity, Option<Money>)>,
    pub discount: Money,
    pub on_credit: bool,
    pub memo: Option<Memo>,
}

/// A purchase as asked for: a line is a product by id, or a described item.
#[derive(Debug, Clone)]
pub struct PurchaseRequest {
    pub date: NaiveDate,
    pub supplier: String,
    pub member_id: Option<MemberId>,
    pub lines: Vec<PurchaseItem>,
    pub on_credit: bool,
    pub memo: Option<Memo>,
}

/// One line of a purchase as asked for: a product, or a described item, or an expense.
#[derive(Debug, Clone)]
pub struct PurchaseItem {
    pub product_id: Option<ProductId>,
    pub description: Option<String>,
    pub quantity: Quantity,
    pub unit_cost: Money,
    /// An expense account of the chart the line is paid to (`expense_account`).
    pub expense_account: Option<crate::domain::account::AccountCode>,
}

impl PurchaseItem {
    /// A product bought into stock.
    pub fn product(product_id: ProductId, quantity: Quantity, unit_cost: Money) -> PurchaseItem {
        PurchaseItem { product_id: Some(product_id), description: None, quantity, unit_cost, expense_account: None }
    }
}

/// A product of this entity, or not found.
fn product_of(store: &Store, entity: EntityId, id: ProductId) -> Result<Product, ServiceError> {
    match store.product(id)? {
        Some(product) if product.entity_id == entity => Ok(product),
        _ => Err(ServiceError::NotFound(format!("produk {id} di entitas {entity}"))),
    }
}

/// Resolves a sale's products and buyer against the store.
pub(crate) fn resolve_sale(store: &Store, entity: EntityId, request: &SaleRequest) -> Result<Sale, ServiceError> {
    ensure_member_of(store, entity, request.member_id)?;
    let lines = request
        .lines
        .iter()
        .map(|(id, quantity, price)| {
            let product = product_of(store, entity, *id)?;
            let unit_price = price.unwrap_or(product.default_price);
            Ok(SaleLine { product, quantity: *quantity, unit_price })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok(Sale {
        date: request.date,
        customer: request.customer.clone(),
        member_id: request.member_id,
        lines,
        discount: request.discount,
        on_credit: request.on_credit,
        memo: request.memo.clone(),
    })
}

/// A member named as buyer or seller must belong to the entity.
fn ensure_member_of(store: &Store, entity: EntityId, member_id: Option<MemberId>) -> Result<(), ServiceError> {
    let Some(member_id) = member_id else { return Ok(()) };
    match store.member(member_id)? {
        Some(member) if member.entity_id == entity => Ok(()),
        _ => Err(ServiceError::NotFound(format!("anggota {member_id} di entitas {entity}"))),
    }
}

pub(crate) fn resolve_purchase(
    store: &Store,
    entity: EntityId,
    request: &PurchaseRequest,
) -> Result<Purchase, ServiceError> {
    ensure_member_of(store, entity, request.member_id)?;
    let lines = request
        .lines
        .iter()
        .map(|item| {
            let product = item.product_id.map(|id| product_of(store, entity, id)).transpose()?;
            Ok(PurchaseLine {
                product,
                description: item.description.clone(),
                quantity: item.quantity,
                unit_cost: item.unit_cost,
                expense_account: item.expense_account.clone(),
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok(Purchase {
        date: request.date,
        supplier: request.supplier.clone(),
        member_id: request.member_id,
        lines,
        on_credit: request.on_credit,
        memo: request.memo.clone(),
    })
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
    /// A sale with its record, for the receipt (nota).
    pub fn sale(
        &self,
        entity: EntityId,
        seq: u64,
    ) -> Result<(crate::domain::entry::PostedEntry, crate::domain::sales::SaleRecord), ServiceError> {
        let entry = self.entry(entity, seq)?;
        match self.store.entry_tag(entity, seq)? {
            Some(EntryTag::Sale(record)) => Ok((entry, record)),
            _ => Err(ServiceError::NotFound(format!("penjualan #{seq}"))),
        }
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
