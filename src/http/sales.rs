//! `/api/v1` routes for products, purchases, production and sales.

use super::api::{authorize, date_param, entry_json, parse_id, today};
use super::door::ReadQuery;
use super::error::AppError;
use super::extract::CurrentUser;
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::trade::Credit;
use crate::domain::user::Access;
use crate::service::Ledger;

use axum::extract::{Path, Query, State};
use axum::Json;
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

pub(crate) fn sales_summary(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    Ok(Json(json!(ledger.sales_summary(entity.id, query.date("from")?, query.date("to")?)?)))
}

pub(crate) fn list_products(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    Ok(Json(json!({ "entity_id": entity.id, "products": ledger.products(entity.id)? })))
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

pub(crate) fn get_sale(ledger: &Ledger, entity: &Entity, seq: &str, _: &ReadQuery) -> Answer {
    let seq = parse_id(seq, "penjualan")?;
    let (entry, record) = ledger.sale(entity.id, seq)?;
    let reversed_by = ledger.reversed_by(entity.id, seq)?;
    Ok(Json(json!({ "receipt_no": receipt_no(seq), "sale": record, "entry": entry_json(&entry, reversed_by) })))
}
