//! Change a product (ubah produk): its name, unit or the price a sale starts from. Its
//! kind, and so the account its stock is kept in, never changes.

use crate::domain::entity::Entity;
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::product::Product;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"product","name"?,"unit"?,"default_price"?}`; the JSON door takes
/// `product` from the path; a field left out or empty stays as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub product: Typed,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub default_price: Typed,
}

#[derive(Debug, Clone)]
pub struct ChangeProduct {
    pub product: u64,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub default_price: Option<Money>,
}

/// `parse` of what is typed, `None` when nothing is.
fn given<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, crate::domain::problem::Problem>,
) -> Result<Option<T>, crate::domain::problem::Problem> {
    Some(text).filter(|t| !t.trim().is_empty()).map(parse).transpose()
}

impl RegisterCommand for ChangeProduct {
    type Input = Input;
    type Outcome = Product;
    const NAME: &'static str = "change_product";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<ChangeProduct, Problems> {
        let mut check = FieldCheck::default();
        let product = check.take("product", fields::id(input.product.as_str()));
        let name = check.take("name", given(&input.name, fields::name));
        let unit = check.take("unit", given(&input.unit, super::unit));
        let price = given(input.default_price.as_str(), |_| fields::amount_not_negative(&input.default_price));
        let default_price = check.take("default_price", price);
        check.finish()?;
        Ok(ChangeProduct {
            product: product.expect("checked"),
            name: name.expect("checked"),
            unit: unit.expect("checked"),
            default_price: default_price.expect("checked"),
        })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Product, ServiceError> {
        let mut product = match store.product(self.product)? {
            Some(product) if product.entity_id == entity.id => product,
            _ => return Err(ServiceError::NotFound(format!("produk {} di entitas {}", self.product, entity.id))),
        };
        product.name = self.name.unwrap_or(product.name);
        product.unit = self.unit.unwrap_or(product.unit);
        product.default_price = self.default_price.unwrap_or(product.default_price);
        writes.product(&product);
        Ok(product)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_left_empty_stays_and_a_negative_price_is_refused() {
        let typed = |text: &str| crate::usecase::fields::written::<Typed>(serde_json::json!(text));
        let change =
            ChangeProduct::parse(Input { product: typed("4"), default_price: typed("4.000"), ..Input::default() })
                .unwrap();
        assert_eq!(
            (change.product, change.name, change.default_price.map(|p| p.canonical())),
            (4, None, Some("4000.00".into()))
        );
        let bad = Input { product: typed("4"), default_price: typed("-1"), ..Input::default() };
        assert_eq!(ChangeProduct::parse(bad).unwrap_err().first().code(), "amount_negative");
    }
}
