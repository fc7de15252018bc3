//! Add a product (tambah produk): a raw material, a finished good or a service the KUBE
//! buys, makes or sells, with its unit and the price a sale starts from.

use crate::domain::entity::{Entity, EntityKind};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::product::{Product, ProductError, ProductKind};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"code","name","unit","default_price","kind"}`; `kind` is `bahan_baku`,
/// `barang_jadi` or `jasa`; the price may be zero (set at each sale).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub default_price: Typed,
    #[serde(default)]
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct AddProduct {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub default_price: crate::domain::money::Money,
    pub kind: ProductKind,
}

const KINDS: &[(&str, ProductKind)] =
    &[("bahan_baku", ProductKind::BahanBaku), ("barang_jadi", ProductKind::BarangJadi), ("jasa", ProductKind::Jasa)];

impl RegisterCommand for AddProduct {
    type Input = Input;
    type Outcome = Product;
    const NAME: &'static str = "add_product";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<AddProduct, Problems> {
        let mut check = FieldCheck::default();
        let code = check.take("code", super::code(&input.code));
        let name = check.take("name", fields::name(&input.name));
        let unit = check.take("unit", super::unit(&input.unit));
        let default_price = check.take("default_price", fields::amount_not_negative(&input.default_price));
        let kind = check.take("kind", fields::choice(&input.kind, KINDS, None, "bahan_baku, barang_jadi, jasa"));
        check.finish()?;
        Ok(AddProduct {
            code: code.expect("checked"),
            name: name.expect("checked"),
            unit: unit.expect("checked"),
            default_price: default_price.expect("checked"),
            kind: kind.expect("checked"),
        })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Product, ServiceError> {
        if entity.kind == EntityKind::Panti {
            return Err(ServiceError::NotAllowed("produk hanya untuk KUBE atau koperasi".into()));
        }
        if store.product_by_code(entity.id, &self.code)?.is_some() {
            return Err(ProductError::DuplicateCode(self.code).into());
        }
        let id = store.next_product_id()?;
        let product = Product {
            id,
            entity_id: entity.id,
            code: self.code,
            name: self.name,
            unit: self.unit,
            default_price: self.default_price,
            kind: self.kind,
        };
        writes.product(&product);
        writes.next_product_id(id + 1);
        Ok(product)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once() {
        let price = |text: &str| serde_json::from_value::<Typed>(serde_json::json!(text)).unwrap();
        let bad = Input {
            code: "TAHU GORENG".into(),
            name: String::new(),
            unit: "kg2".into(),
            default_price: price("-1"),
            kind: "mentah".into(),
        };
        let problems = AddProduct::parse(bad).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(
            fields,
            [
                ("code", "invalid_code"),
                ("name", "required"),
                ("unit", "invalid_unit"),
                ("default_price", "amount_negative"),
                ("kind", "unknown_choice")
            ]
        );
        let good = Input {
            code: "tahu".into(),
            name: "Tahu".into(),
            unit: "Bungkus".into(),
            default_price: price("0"),
            kind: "barang_jadi".into(),
        };
        let product = AddProduct::parse(good).unwrap();
        assert_eq!((product.code.as_str(), product.unit.as_str()), ("TAHU", "bungkus"));
    }
}
