//! `/api/v1` routes for products, purchases, production and sales.

use super::api::{
    authorize, date_param, entry_json, idempotency, invalid, parse_amount, parse_body_date, parse_id, today,
};
use super::door::ReadQuery;
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::trade::Credit;
use crate::domain::user::Access;
use crate::service::Ledger;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type Answer = Result<Json<Value>, AppError>;

fn open_items(ledger: &Ledger, entity: &Entity, credit: Credit, query: &ReadQuery) -> Answer {
    let as_of = query.as_of()?;
    let parties = ledger.open_items(entity.id, credit, as_of)?;
    let total: rust_decimal::Decimal = parties.iter().map(|p| p.open).sum();
    Ok(Json(
        json!({ "entity_id": entity.id, "as_of": as_of, "parties": parties, "total": crate::domain::money::canonical(total) }),
    ))
}

pub(crate) fn receivables(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    open_items(ledger, entity, Credit::Receivable, query)
}

pub(crate) fn payables(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    open_items(ledger, entity, Credit::Payable, query)
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

pub(crate) fn sales_summary(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    Ok(Json(json!(ledger.sales_summary(entity.id, query.date("from")?, query.date("to")?)?)))
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

pub(crate) fn list_products(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    Ok(Json(json!({ "entity_id": entity.id, "products": ledger.products(entity.id)? })))
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

pub(crate) fn get_sale(ledger: &Ledger, entity: &Entity, seq: &str, _: &ReadQuery) -> Answer {
    let seq = parse_id(seq, "penjualan")?;
    let (entry, record) = ledger.sale(entity.id, seq)?;
    let reversed_by = ledger.reversed_by(entity.id, seq)?;
    Ok(Json(json!({ "receipt_no": receipt_no(seq), "sale": record, "entry": entry_json(&entry, reversed_by) })))
}
