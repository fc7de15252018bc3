//! Record a purchase (pembelian): goods into stock at their cost, tools and sundries by
//! description, or a cost paid to an expense account of the chart; cash or on credit.

use super::record_sale::{product_id, product_ref, ProductRef, LINES_MAX};
use crate::domain::books::Books;
use crate::domain::entry::BalancedEntry;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::sales::{purchase_entry, SalesError};
use crate::domain::tag::EntryTag;
use crate::service::sales::{resolve_purchase, PurchaseItem, PurchaseRequest};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// One line bought, as typed: a product by id (JSON, the page) or code (a CSV row), or a
/// described item; `expense_account` pays the line to that account (e.g. `5203` fuel).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LineInput {
    pub product_id: Option<Typed>,
    pub product: Option<String>,
    pub description: Option<String>,
    pub quantity: Typed,
    pub unit_cost: Typed,
    pub expense_account: Option<String>,
}

/// As typed: `{"date","supplier","member_id"?,"lines":[…],"payment"?,"memo"?}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Input {
    pub date: String,
    pub supplier: String,
    /// A member selling to the KUBE (counts toward their jasa usaha).
    pub member_id: Option<Typed>,
    pub lines: Vec<LineInput>,
    pub payment: Option<String>,
    pub memo: Option<String>,
}

/// A purchase ready to post: the request with each line's product still as named
/// (`products`, by line), resolved against the register inside the writer.
#[derive(Debug, Clone)]
pub struct RecordPurchase {
    pub request: PurchaseRequest,
    pub products: Vec<Option<ProductRef>>,
}

impl Command for RecordPurchase {
    type Input = Input;
    const NAME: &'static str = "record_purchase";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    /// The strictest of the old doors' rules: the supplier and a line's description are
    /// short texts also in a CSV row, and a unit cost is more than zero (the page's rule;
    /// the JSON door and the CSV took any amount).
    fn parse(input: Input) -> Result<RecordPurchase, Problems> {
        let mut check = FieldCheck::default();
        let date = check.take("date", fields::date(&input.date));
        let supplier = check.take("supplier", fields::name(&input.supplier));
        let member_id = match input.member_id.as_ref().map(Typed::as_str).filter(|t| !t.is_empty()) {
            None => Some(None),
            Some(id) => check.take("member_id", fields::id(id)).map(Some),
        };
        let on_credit = check.take("payment", fields::on_credit(input.payment.as_deref().unwrap_or_default()));
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        if input.lines.len() > LINES_MAX {
            check.take::<()>("lines", Err(Problem::TooManyLines { max: LINES_MAX }));
        }
        let (mut lines, mut products) = (Vec::with_capacity(input.lines.len()), Vec::new());
        for line in &input.lines {
            let product = match product_ref(line.product_id.as_ref(), line.product.as_deref()) {
                Err(Problem::Required) => Some(None),
                other => check.take("product", other.map(Some)),
            };
            let description = check.take("description", fields::optional_name(line.description.as_deref()));
            let account = match line.expense_account.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Some(None),
                Some(code) => check.take("expense_account", fields::account_code(code).map(Some)),
            };
            let quantity = check.take("quantity", fields::quantity(&line.quantity));
            let unit_cost = check.take("unit_cost", fields::positive_amount(&line.unit_cost));
            if let (Some(product), Some(description), Some(expense_account), Some(quantity), Some(unit_cost)) =
                (product, description, account, quantity, unit_cost)
            {
                lines.push(PurchaseItem { product_id: None, description, quantity, unit_cost, expense_account });
                products.push(product);
            }
        }
        check.finish()?;
        let request = PurchaseRequest {
            date: date.expect("checked"),
            supplier: supplier.expect("checked"),
            member_id: member_id.expect("checked"),
            lines,
            on_credit: on_credit.expect("checked"),
            memo: memo.expect("checked"),
        };
        Ok(RecordPurchase { request, products })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let entity = books.entity_id;
        let mut request = self.request.clone();
        for (line, product) in request.lines.iter_mut().zip(&self.products) {
            line.product_id = product.as_ref().map(|p| product_id(store, entity, p)).transpose()?;
        }
        let (entry, record) = purchase_entry(books, &resolve_purchase(store, entity, &request)?)?;
        Ok((entry, Some(EntryTag::Purchase(record))))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::NotFound(what) if what.starts_with("anggota") => Some("member_id"),
            ServiceError::NotFound(_) | ServiceError::Sales(SalesError::ServiceNotStocked(_)) => Some("product"),
            ServiceError::Sales(SalesError::DescriptionRequired) => Some("description"),
            ServiceError::Sales(SalesError::Funds(_)) => Some("payment"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_and_a_body_parse_alike_and_every_bad_field_is_named() {
        let row: Input =
            crate::usecase::fields::written(serde_json::json!({"date": "2026-07-03", "supplier": "Toko Besi",
            "lines": [{"description": "Cetakan tahu", "quantity": "1", "unit_cost": "1.500.000"},
                      {"product": "kdl", "quantity": "50", "unit_cost": "10.000"}]}));
        let purchase = RecordPurchase::parse(row).ok().expect("parsed");
        assert_eq!(purchase.request.lines[0].unit_cost.canonical(), "1500000.00");
        assert_eq!(purchase.products, [None, Some(ProductRef::Code("KDL".into()))]);
        let bad: Input = crate::usecase::fields::written(serde_json::json!({"date": "2026-07-03", "supplier": "",
            "lines": [{"description": "x".repeat(201), "quantity": "0", "unit_cost": "0", "expense_account": "5x"}]}));
        let problems = RecordPurchase::parse(bad).err().expect("refused");
        let named: Vec<_> = problems.iter().map(|(field, _)| field.unwrap()).collect();
        assert_eq!(named, ["supplier", "description", "expense_account", "quantity", "unit_cost"]);
    }
}
