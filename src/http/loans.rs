//! `/api/v1` routes of member loans (simpan pinjam): the application and its approval by
//! a second person, each loan with its schedule and standing, a member's own loans.

use super::api::{authorize, date_param, today};
use super::door;
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::loan::MemberLoan;
use crate::domain::user::Access;
use crate::service::loans::by_collectibility;
use crate::usecase::loans::apply_loan::ApplyLoan;
use crate::usecase::loans::approve_loan::ApproveLoan;
use crate::usecase::Rule;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) async fn terms(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "versions": state.ledger.loan_terms(entity.id)? })))
}

/// Every loan with where it stands at the end of `as_of` (today by default), and the
/// loans paid out per collectibility class.
pub(crate) async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    let loans = state.ledger.member_loans(entity.id, as_of)?;
    let classes = by_collectibility(&loans);
    Ok(Json(json!({ "entity_id": entity.id, "as_of": as_of, "loans": loans, "by_collectibility": classes })))
}

pub(crate) async fn one(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, loan)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let loan = super::api::parse_id(&loan, "pinjaman")?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    Ok(Json(serde_json::to_value(state.ledger.member_loan(entity.id, loan, as_of)?).expect("a loan serialises")))
}

/// A member's own loans, schedules and arrears: the member themself or a reader.
pub(crate) async fn of_member(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let member = super::api::parse_id(&id, "anggota")?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    let loans = state.ledger.loans_of_member(&crate::usecase::Actor::new(user), member, as_of)?;
    Ok(Json(json!({ "member_id": member, "as_of": as_of, "loans": loans })))
}

pub(crate) async fn apply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<MemberLoan>), AppError> {
    let (actor, entity, input) = door::authorised(&state, user, &id, Rule::Books, ApplyLoan::ACCESS, &body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.apply_loan(&actor, entity, input).await?)))
}

pub(crate) async fn approve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, loan)): Path<(String, String)>,
    body: JsonBody<Value>,
) -> Result<Json<MemberLoan>, AppError> {
    let (actor, entity) = door::allowed(&state, user, &id, Rule::Books, ApproveLoan::ACCESS)?;
    let mut value = body.value()?;
    door::with_path_field(&mut value, "loan", loan)?;
    Ok(Json(state.ledger.approve_loan(&actor, entity, door::input(value)?).await?))
}
