//! Record production (catat produksi): a batch turns inputs from stock, and a direct cost
//! paid from cash, into outputs at their cost. This is what puts made goods (tahu) into
//! stock so that they can be sold.

use super::record_sale::{product_id, product_ref, ProductRef};
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Memo, Quantity};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::product::Product;
use crate::domain::sales::{production_entry, Production, SalesError};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows of each side of a batch at most; each row's problems are named by its place,
/// `input_2` (its product) and `input_qty_2` (its quantity), as the page's fields are.
pub const ROWS_MAX: usize = 8;
pub const INPUT_FIELDS: [(&str, &str); ROWS_MAX] = [
    ("input_1", "input_qty_1"),
    ("input_2", "input_qty_2"),
    ("input_3", "input_qty_3"),
    ("input_4", "input_qty_4"),
    ("input_5", "input_qty_5"),
    ("input_6", "input_qty_6"),
    ("input_7", "input_qty_7"),
    ("input_8", "input_qty_8"),
];
pub const OUTPUT_FIELDS: [(&str, &str); ROWS_MAX] = [
    ("output_1", "output_qty_1"),
    ("output_2", "output_qty_2"),
    ("output_3", "output_qty_3"),
    ("output_4", "output_qty_4"),
    ("output_5", "output_qty_5"),
    ("output_6", "output_qty_6"),
    ("output_7", "output_qty_7"),
    ("output_8", "output_qty_8"),
];

/// One row of a side as typed: a product by id or code, and its quantity; a row left
/// wholly empty is skipped.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ItemInput {
    pub product_id: Option<Typed>,
    pub product: Option<String>,
    pub quantity: Typed,
}

/// As typed: `{"date","inputs":[…],"outputs":[…],"direct_cost"?,"memo"?}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Input {
    pub date: String,
    pub inputs: Vec<ItemInput>,
    pub outputs: Vec<ItemInput>,
    pub direct_cost: Option<Typed>,
    pub memo: Option<String>,
}

/// A batch ready to post; each row keeps its place for the names of its problems.
#[derive(Debug, Clone)]
pub struct RecordProduction {
    pub date: NaiveDate,
    pub inputs: Vec<(usize, ProductRef, Quantity)>,
    pub outputs: Vec<(usize, ProductRef, Quantity)>,
    pub direct_cost: Money,
    pub memo: Option<Memo>,
}

fn is_empty(item: &ItemInput) -> bool {
    let blank = |text: Option<&str>| text.is_none_or(|t| t.trim().is_empty());
    blank(item.product_id.as_ref().map(Typed::as_str))
        && blank(item.product.as_deref())
        && item.quantity.as_str().is_empty()
}

/// One side, each row checked at its place; an empty side is `Required` at its first row.
fn side(
    check: &mut FieldCheck,
    items: &[ItemInput],
    names: &[(&'static str, &'static str); ROWS_MAX],
) -> Vec<(usize, ProductRef, Quantity)> {
    if items.len() > ROWS_MAX {
        check.take::<()>(names[0].0, Err(Problem::TooManyLines { max: ROWS_MAX }));
        return Vec::new();
    }
    let mut rows = Vec::new();
    for (place, item) in items.iter().enumerate().filter(|(_, item)| !is_empty(item)) {
        let (product_field, quantity_field) = names[place];
        let product = check.take(product_field, product_ref(item.product_id.as_ref(), item.product.as_deref()));
        let quantity = check.take(quantity_field, fields::quantity(&item.quantity));
        rows.extend(product.zip(quantity).map(|(product, quantity)| (place, product, quantity)));
    }
    if items.iter().all(is_empty) {
        check.take::<()>(names[0].0, Err(Problem::Required));
    }
    rows
}

impl Command for RecordProduction {
    type Input = Input;
    const NAME: &'static str = "record_production";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    /// One rule for every door: a direct cost of zero or more (empty: none), as the JSON
    /// door took it; the page refused a typed zero.
    fn parse(input: Input) -> Result<RecordProduction, Problems> {
        let mut check = FieldCheck::default();
        let date = check.take("date", fields::date(&input.date));
        let inputs = side(&mut check, &input.inputs, &INPUT_FIELDS);
        let outputs = side(&mut check, &input.outputs, &OUTPUT_FIELDS);
        let direct_cost = check.take("direct_cost", fields::amount_or_zero(input.direct_cost.as_ref()));
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        check.finish()?;
        Ok(RecordProduction {
            date: date.expect("checked"),
            inputs,
            outputs,
            direct_cost: direct_cost.expect("checked"),
            memo: memo.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let entity = books.entity_id;
        let products = |rows: &[(usize, ProductRef, Quantity)]| {
            rows.iter()
                .map(|(place, product, quantity)| {
                    let id = product_id(store, entity, product)?;
                    match store.product(id)? {
                        Some(found) if found.entity_id == entity => Ok((*place, found, *quantity)),
                        _ => Err(ServiceError::NotFound(format!("produk {id} di entitas {entity}"))),
                    }
                })
                .collect::<Result<Vec<(usize, Product, Quantity)>, ServiceError>>()
        };
        let (inputs, outputs) = (products(&self.inputs)?, products(&self.outputs)?);
        let batch = Production {
            date: self.date,
            inputs: inputs.iter().map(|(_, p, q)| (p.clone(), *q)).collect(),
            outputs: outputs.iter().map(|(_, p, q)| (p.clone(), *q)).collect(),
            direct_cost: self.direct_cost,
            memo: self.memo.clone(),
        };
        let entry = production_entry(books, &batch).map_err(|error| match error {
            // Short stock is named at the quantity of the input that asked too much.
            SalesError::InsufficientStock { ref product, .. } => {
                let place = inputs.iter().find(|(_, p, _)| *product == format!("{} ({})", p.name, p.code));
                let field = INPUT_FIELDS[place.map_or(0, |(place, _, _)| *place)].1;
                super::stock_at(field)(error.into())
            }
            other => other.into(),
        })?;
        Ok((entry, Some(EntryTag::Production)))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Sales(SalesError::Funds(_)) => Some("direct_cost"),
            ServiceError::Sales(SalesError::ServiceNotStocked(_)) => Some(OUTPUT_FIELDS[0].0),
            ServiceError::NotFound(_) => Some(INPUT_FIELDS[0].0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_named_by_its_place_and_empty_rows_are_skipped() {
        let input: Input = serde_json::from_value(serde_json::json!({"date": "2026-07-03",
            "inputs": [{}, {"product_id": "3", "quantity": "nol"}], "outputs": [{"product_id": 4}]}))
        .unwrap();
        let problems = RecordProduction::parse(input).err().expect("refused");
        let named: Vec<_> = problems.iter().map(|(field, problem)| (field.unwrap(), problem.code())).collect();
        assert_eq!(named, [("input_qty_2", "invalid_quantity"), ("output_qty_1", "required")]);
        let none: Input = serde_json::from_value(serde_json::json!({"date": "2026-07-03",
            "outputs": [{"product": "TAHU", "quantity": 300}]}))
        .unwrap();
        let problems = RecordProduction::parse(none).err().expect("refused");
        assert_eq!(problems.iter().next().map(|(field, _)| *field), Some(Some("input_1")));
    }
}
