//! `/api/v1` routes for products, purchases, production and sales.

use super::api::{
    authorize, date_param, entry_answer, entry_json, idempotency, invalid, optional_memo, parse_amount,
    parse_body_date, parse_id, today,
};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::entry::Quantity;
use crate::domain::money::Money;
use crate::domain::problem::Problems;
use crate::domain::product::{Product, ProductKind};
use crate::domain::trade::Credit;
use crate::domain::user::{Access, User};
use crate::service::sales::{NewProduct, ProductionRequest, PurchaseItem, PurchaseRequest};
use crate::service::ServiceError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

async fn open_items(
    state: &AppState,
    user: &User,
    id: &str,
    credit: Credit,
    query: &HashMap<String, String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(state, user, id, Access::Read)?;
    let as_of = date_param(query, "as_of")?.unwrap_or_else(today);
    let parties = state.ledger.open_items(entity.id, credit, as_of)?;
    let total: rust_decimal::Decimal = parties.iter().map(|p| p.open).sum();
    Ok(Json(
        json!({ "entity_id": entity.id, "as_of": as_of, "parties": parties, "total": crate::domain::money::canonical(total) }),
    ))
}

pub(crate) async fn receivables(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    open_items(&state, &user, &id, Credit::Receivable, &query).await
}

pub(crate) async fn payables(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    open_items(&state, &user, &id, Credit::Payable, &query).await
}

pub(crate) async fn cash_book(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let date = date_param(&query, "date")?.unwrap_or_else(today);
    Ok(Json(serde_json::to_value(state.ledger.cash_book(entity.id, date)?).expect("a cash book serialises")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CashCountBody {
    date: String,
    counted: Value,
    reason: Option<String>,
}

pub(crate) async fn cash_count(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<CashCountBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, "cash-counts", &body)?;
    let body = body.value()?;
    let counted = parse_amount(&body.counted, 1)?;
    let reason = optional_text(body.reason, "alasan")?;
    let date = parse_body_date(&body.date)?;
    let (book, posted) =
        state.ledger.cash_count(entity.id, date, counted, reason, user.username.as_str(), idempotency).await?;
    let difference = counted.decimal() - book;
    let entry = posted.entries.first().map(|e| entry_json(e, None));
    let canonical = crate::domain::money::canonical;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "date": date, "book": canonical(book), "counted": counted, "difference": canonical(difference), "entry": entry }),
        ),
    ))
}

pub(crate) async fn sales_summary(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let summary = state.ledger.sales_summary(entity.id, date_param(&query, "from")?, date_param(&query, "to")?)?;
    Ok(Json(serde_json::to_value(summary).expect("a summary serialises")))
}

/// A quantity as JSON: `"1.5"`, `"1,5"` or a number.
fn parse_quantity(value: &Value, line: usize) -> Result<Quantity, AppError> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        other => return Err(invalid(format!("baris {line}: jumlah barang {other} bukan angka"))),
    };
    Quantity::parse(&text).map_err(|e| invalid(format!("baris {line}: {e}")))
}

pub(super) fn optional_text(text: Option<String>, what: &str) -> Result<Option<String>, AppError> {
    use crate::domain::text::{ShortText, TextError};
    match text.as_deref().map(ShortText::parse) {
        None | Some(Err(TextError::Empty)) => Ok(None),
        Some(Ok(text)) => Ok(Some(text.into_string())),
        Some(Err(_)) => {
            Err(invalid(format!("{what} paling banyak 200 karakter, tanpa karakter kontrol atau format tak terlihat")))
        }
    }
}

/// The payment word of a JSON body, as every door reads it (`fields::on_credit`).
fn on_credit(payment: Option<&str>) -> Result<bool, AppError> {
    crate::usecase::fields::on_credit(payment.unwrap_or_default())
        .map_err(|problem| ServiceError::Refused(Problems::one(Some("payment"), problem)).into())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProductBody {
    code: String,
    name: String,
    unit: String,
    default_price: Value,
    kind: String,
}

pub(crate) async fn add_product(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<ProductBody>,
) -> Result<(StatusCode, Json<Product>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let body = body.value()?;
    let product_error = |e| AppError::Service(ServiceError::Product(e));
    let new = NewProduct {
        code: Product::parse_code(&body.code).map_err(product_error)?,
        name: Product::parse_name(&body.name).map_err(product_error)?,
        unit: Product::parse_unit(&body.unit).map_err(product_error)?,
        default_price: parse_amount(&body.default_price, 1)?,
        kind: ProductKind::parse(&body.kind).map_err(product_error)?,
    };
    Ok((StatusCode::CREATED, Json(state.ledger.add_product(entity.id, new).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProductChangeBody {
    name: Option<String>,
    unit: Option<String>,
    default_price: Option<Value>,
}

pub(crate) async fn update_product(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, product)): Path<(String, String)>,
    body: JsonBody<ProductChangeBody>,
) -> Result<Json<Product>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let product = parse_id(&product, "produk")?;
    let body = body.value()?;
    let product_error = |e| AppError::Service(ServiceError::Product(e));
    let name = body.name.as_deref().map(Product::parse_name).transpose().map_err(product_error)?;
    let unit = body.unit.as_deref().map(Product::parse_unit).transpose().map_err(product_error)?;
    let price = body.default_price.as_ref().map(|p| parse_amount(p, 1)).transpose()?;
    Ok(Json(state.ledger.update_product(entity.id, product, name, unit, price).await?))
}

pub(crate) async fn list_products(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "products": state.ledger.products(entity.id)? })))
}

/// What a sale's JSON answer carries beside its entry: the receipt's number and page.
pub(crate) fn with_receipt(entity: u64, seq: u64, answer: &mut Value) {
    answer["receipt_no"] = json!(receipt_no(seq));
    answer["receipt_url"] = json!(format!("/entities/{entity}/sales/{seq}/receipt"));
}

/// The receipt (nota) number of the sale stored as entry `seq`.
pub fn receipt_no(seq: u64) -> String {
    format!("NOTA-{seq:06}")
}

pub(crate) async fn get_sale(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let seq = parse_id(&seq, "penjualan")?;
    let (entry, record) = state.ledger.sale(entity.id, seq)?;
    let reversed_by = state.ledger.reversed_by(entity.id, seq)?;
    Ok(Json(json!({ "receipt_no": receipt_no(seq), "sale": record, "entry": entry_json(&entry, reversed_by) })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PurchaseLineBody {
    product_id: Option<u64>,
    description: Option<String>,
    quantity: Value,
    unit_cost: Value,
    /// An expense account the line is paid to (e.g. `5203` fuel).
    expense_account: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PurchaseBody {
    date: String,
    supplier: String,
    /// A member selling to the KUBE (counts toward their jasa usaha).
    member_id: Option<u64>,
    lines: Vec<PurchaseLineBody>,
    payment: Option<String>,
    memo: Option<String>,
}

pub(crate) async fn purchase(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<PurchaseBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, "purchases", &body)?;
    let body = body.value()?;
    let supplier =
        optional_text(Some(body.supplier), "nama pemasok")?.ok_or_else(|| invalid("nama pemasok wajib diisi"))?;
    let mut lines = Vec::with_capacity(body.lines.len());
    for (index, line) in body.lines.into_iter().enumerate() {
        let description = optional_text(line.description, "keterangan")?;
        let expense_account = match line.expense_account.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(crate::usecase::fields::account_code(text).map_err(|problem| {
                ServiceError::Refused(crate::domain::problem::Problems::one(Some("expense_account"), problem))
            })?),
        };
        lines.push(PurchaseItem {
            product_id: line.product_id,
            description,
            quantity: parse_quantity(&line.quantity, index + 1)?,
            unit_cost: parse_amount(&line.unit_cost, index + 1)?,
            expense_account,
        });
    }
    let request = PurchaseRequest {
        date: parse_body_date(&body.date)?,
        supplier,
        member_id: body.member_id,
        lines,
        on_credit: on_credit(body.payment.as_deref())?,
        memo: optional_memo(body.memo.as_deref())?,
    };
    let posted = state.ledger.buy(entity.id, request, user.username.as_str(), idempotency).await?;
    Ok(entry_answer(posted))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemBody {
    product_id: u64,
    quantity: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProductionBody {
    date: String,
    inputs: Vec<ItemBody>,
    outputs: Vec<ItemBody>,
    direct_cost: Option<Value>,
    memo: Option<String>,
}

pub(crate) async fn production(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<ProductionBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, "production", &body)?;
    let body = body.value()?;
    let items = |list: &[ItemBody]| -> Result<Vec<_>, AppError> {
        list.iter().enumerate().map(|(i, item)| Ok((item.product_id, parse_quantity(&item.quantity, i + 1)?))).collect()
    };
    let request = ProductionRequest {
        date: parse_body_date(&body.date)?,
        inputs: items(&body.inputs)?,
        outputs: items(&body.outputs)?,
        direct_cost: body.direct_cost.as_ref().map_or(Ok(Money::ZERO), |d| parse_amount(d, 0))?,
        memo: optional_memo(body.memo.as_deref())?,
    };
    let posted = state.ledger.produce(entity.id, request, user.username.as_str(), idempotency).await?;
    Ok(entry_answer(posted))
}
