//! `/api/v1` routes for products, purchases, production and sales.

use super::api::{authorize, date_param, entry_json, parse_id, today};
use super::error::AppError;
use super::extract::CurrentUser;
use super::AppState;
use crate::domain::trade::Credit;
use crate::domain::user::{Access, User};

use axum::extract::{Path, Query, State};
use axum::Json;
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

/// A cash count's answer: the cash the books held, the count, the difference and the
/// entry that posted it (none when they agree).
pub(crate) fn cash_count_answer(
    state: &AppState,
    entity: u64,
    sent: &Value,
    posted: crate::service::Posted,
) -> Result<Value, AppError> {
    use crate::usecase::{cash::count_cash::CountCash, Command};
    let count = CountCash::parse(super::door::input(sent.clone())?).map_err(crate::service::ServiceError::from)?;
    let entry = posted.entries.first();
    let book = match entry.map(|e| state.ledger.entry_tag(entity, e.seq)).transpose()?.flatten() {
        Some(crate::domain::tag::EntryTag::CashCount { book, .. }) => book.decimal(),
        _ => count.counted.decimal(),
    };
    let canonical = crate::domain::money::canonical;
    Ok(json!({
        "date": count.date, "book": canonical(book), "counted": count.counted,
        "difference": canonical(count.counted.decimal() - book), "entry": entry.map(|e| entry_json(e, None)),
    }))
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

pub(crate) async fn list_products(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "products": state.ledger.products(entity.id)? })))
}

/// What a sale's JSON answer carries beside its entry: the receipt's number and page.
pub(crate) fn with_receipt(
    state: &AppState,
    entity: u64,
    sent: &Value,
    posted: crate::service::Posted,
) -> Result<Value, AppError> {
    let seq = posted.entries.first().map(|e| e.seq);
    let mut answer = super::door::entry_body(state, entity, sent, posted)?;
    if let Some(seq) = seq {
        answer["receipt_no"] = json!(receipt_no(seq));
        answer["receipt_url"] = json!(format!("/entities/{entity}/sales/{seq}/receipt"));
    }
    Ok(answer)
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
