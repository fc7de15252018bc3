//! Record a sale (penjualan): products leave stock at their moving-average cost, paid in
//! cash or on credit, to a walk-in customer or a member, with a discount on the whole.

use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, MemberId, ProductId};
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::sales::{sale_entry, SalesError};
use crate::domain::tag::EntryTag;
use crate::service::sales::{resolve_sale, SaleRequest};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// Lines of one sale or purchase at most: a market day's basket, far below what a page shows.
pub const LINES_MAX: usize = 100;

/// One product sold, as typed: by id (JSON, the page) or by code (a CSV row);
/// an empty `unit_price` takes the product's price.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LineInput {
    pub product_id: Option<Typed>,
    pub product: Option<String>,
    pub quantity: Typed,
    pub unit_price: Option<Typed>,
}

/// As typed: `{"date","customer"?,"member_id"?|"member"?,"lines":[…],"discount"?,
/// "payment"?,"memo"?}`; `member` is a member number, `payment` `tunai` or `kredit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Input {
    pub date: String,
    pub customer: Option<String>,
    pub member_id: Option<Typed>,
    pub member: Option<String>,
    pub lines: Vec<LineInput>,
    pub discount: Option<Typed>,
    pub payment: Option<String>,
    pub memo: Option<String>,
}

/// A product as the input names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductRef {
    Id(ProductId),
    Code(String),
}

/// A member as the input names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberRef {
    Id(MemberId),
    Number(String),
}

/// A sale ready to post: the request with its buyer and each line's product still as
/// named (`member`, `products` by line), resolved against the registers inside the writer.
#[derive(Debug, Clone)]
pub struct RecordSale {
    pub request: SaleRequest,
    pub member: Option<MemberRef>,
    pub products: Vec<ProductRef>,
}

/// A product named by id or by code; neither is `Required` at `product`.
pub(crate) fn product_ref(id: Option<&Typed>, code: Option<&str>) -> Result<ProductRef, Problem> {
    match (id.map(Typed::as_str).filter(|t| !t.is_empty()), code.map(str::trim).filter(|t| !t.is_empty())) {
        (Some(id), _) => fields::id(id).map(ProductRef::Id),
        (None, Some(code)) => Ok(ProductRef::Code(code.to_uppercase())),
        (None, None) => Err(Problem::Required),
    }
}

/// The product's id in `entity`'s register; one that is not there is not found.
pub(crate) fn product_id(store: &Store, entity: u64, product: &ProductRef) -> Result<ProductId, ServiceError> {
    match product {
        ProductRef::Id(id) => Ok(*id),
        ProductRef::Code(code) => store
            .product_by_code(entity, code)?
            .map(|p| p.id)
            .ok_or_else(|| ServiceError::NotFound(format!("produk {code:?}"))),
    }
}

impl Command for RecordSale {
    type Input = Input;
    const NAME: &'static str = "record_sale";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    /// The strictest of the old doors' rules: the customer's name is a short text also in
    /// a CSV row (the CSV door did not check its length); a negative unit price or
    /// discount is refused everywhere.
    fn parse(input: Input) -> Result<RecordSale, Problems> {
        let mut check = FieldCheck::default();
        let date = check.take("date", fields::date(&input.date));
        let customer = check.take("customer", fields::optional_name(input.customer.as_deref()));
        let member = match (&input.member_id, input.member.as_deref().map(str::trim)) {
            (Some(id), _) if !id.as_str().is_empty() => {
                check.take("member_id", fields::id(id.as_str()).map(MemberRef::Id)).map(Some)
            }
            (_, Some(number)) if !number.is_empty() => Some(Some(MemberRef::Number(number.to_string()))),
            _ => Some(None),
        };
        let discount = check.take("discount", fields::amount_or_zero(input.discount.as_ref()));
        let on_credit = check.take("payment", fields::on_credit(input.payment.as_deref().unwrap_or_default()));
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        if input.lines.len() > LINES_MAX {
            check.take::<()>("lines", Err(Problem::TooManyLines { max: LINES_MAX }));
        }
        let (mut lines, mut products) = (Vec::with_capacity(input.lines.len()), Vec::new());
        for line in &input.lines {
            let product = check.take("product", product_ref(line.product_id.as_ref(), line.product.as_deref()));
            let quantity = check.take("quantity", fields::quantity(&line.quantity));
            let unit_price = check.take("unit_price", fields::optional_price(line.unit_price.as_ref()));
            if let (Some(product), Some(quantity), Some(unit_price)) = (product, quantity, unit_price) {
                // The product's id is the register's, filled in by `prepare`.
                lines.push((0, quantity, unit_price));
                products.push(product);
            }
        }
        check.finish()?;
        let request = SaleRequest {
            date: date.expect("checked"),
            customer: customer.expect("checked"),
            member_id: None,
            lines,
            discount: discount.expect("checked"),
            on_credit: on_credit.expect("checked"),
            memo: memo.expect("checked"),
        };
        Ok(RecordSale { request, member: member.expect("checked"), products })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let entity = books.entity_id;
        let member_id = match &self.member {
            None => None,
            Some(MemberRef::Id(id)) => Some(*id),
            Some(MemberRef::Number(number)) => Some(
                store
                    .member_by_number(entity, number)?
                    .ok_or_else(|| ServiceError::NotFound(format!("anggota {number}")))?
                    .id,
            ),
        };
        let mut request = SaleRequest { member_id, ..self.request.clone() };
        for (line, product) in request.lines.iter_mut().zip(&self.products) {
            line.0 = product_id(store, entity, product)?;
        }
        let sale = resolve_sale(store, entity, &request)?;
        let (entry, record) =
            sale_entry(books, &sale).map_err(ServiceError::from).map_err(super::stock_at("quantity"))?;
        Ok((entry, Some(EntryTag::Sale(record))))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Sales(SalesError::Empty) => Some("quantity"),
            ServiceError::Sales(SalesError::CustomerRequired) => Some("customer"),
            ServiceError::Sales(SalesError::DiscountTooLarge { .. }) => Some("discount"),
            ServiceError::NotFound(what) if what.starts_with("anggota") => Some("member_id"),
            ServiceError::NotFound(_) | ServiceError::Sales(SalesError::NoStockValue(_)) => Some("product"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: serde_json::Value) -> Input {
        crate::usecase::fields::written(json)
    }

    #[test]
    fn json_page_and_csv_shapes_parse_into_one_sale() {
        let json = input(serde_json::json!({"date": "2026-07-05", "lines": [{"product_id": 7, "quantity": 3}]}));
        let sale = RecordSale::parse(json).ok().expect("parsed");
        assert_eq!((sale.products[0].clone(), sale.request.on_credit), (ProductRef::Id(7), false));
        let row = input(serde_json::json!({"date": "2026-07-05", "member": "TAHU-001", "payment": "kredit",
            "customer": "Bu Sri", "discount": "1.000", "lines": [{"product": "tahu", "quantity": "1,5", "unit_price": "3.500"}]}));
        let sale = RecordSale::parse(row).ok().expect("parsed");
        assert_eq!(sale.products[0], ProductRef::Code("TAHU".into()));
        assert_eq!((sale.request.discount.canonical(), sale.request.on_credit), ("1000.00".to_string(), true));
        assert_eq!(sale.member, Some(MemberRef::Number("TAHU-001".into())));
    }

    #[test]
    fn a_long_customer_name_is_refused_also_from_a_file() {
        let row = input(serde_json::json!({"date": "2026-07-05", "customer": "x".repeat(201), "payment": "hutang",
            "lines": [{"product": "TAHU", "quantity": "-1"}]}));
        let problems = RecordSale::parse(row).err().expect("refused");
        let named: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(
            named,
            [("customer", "invalid_text"), ("payment", "unknown_choice"), ("quantity", "invalid_quantity")]
        );
    }
}
