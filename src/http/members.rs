//! `/api/v1` routes for members, savings, grants, loans and capital that are not yet
//! commands; recording savings, grants and loans are (`usecase::members`, `usecase::funding`).

use super::api::{
    authorize, date_param, entry_answer, idempotency, invalid, optional_memo, parse_amount, parse_body_date, parse_id,
    positive, today,
};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::close::ShuChoice;
use crate::domain::member::Member;
use crate::domain::user::{Access, User};
use crate::usecase::Actor;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The member, if this user may access it so: a member reads only itself; staff go by
/// the rules of the member's entity. Strangers are never told whether it exists.
pub(super) fn authorize_member(state: &AppState, user: &User, id: &str, access: Access) -> Result<Member, AppError> {
    let id = parse_id(id, "anggota")?;
    Ok(state.ledger.member_for(&Actor::new(user.clone()), id, access)?)
}

pub(crate) async fn list_members(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "members": state.ledger.members(entity.id)? })))
}

pub(crate) async fn get_member(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Member>, AppError> {
    Ok(Json(authorize_member(&state, &user, &id, Access::Read)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginBody {
    password: String,
}

pub(crate) async fn add_member_login(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<LoginBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let member = authorize_member(&state, &user, &id, Access::Write)?;
    let body = body.value()?;
    let login = state.ledger.add_member_login(member.id, &body.password, user.username.as_str()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "username": login.username.as_str(), "member_id": member.id }))))
}

/// What an entity says of itself; `identity` is null until it is set.
pub(crate) async fn identity(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(
        json!({ "entity_id": entity.id, "kind": entity.kind.as_str(), "identity": state.ledger.identity(entity.id)? }),
    ))
}

pub(crate) async fn list_terms(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "versions": state.ledger.savings_terms(entity.id)? })))
}

pub(crate) async fn arrears(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    let members = state.ledger.arrears_list(entity.id, as_of)?;
    let total: Decimal = members.iter().map(|m| m.arrears.amount).sum();
    Ok(Json(
        json!({ "entity_id": entity.id, "as_of": as_of, "members": members, "total": crate::domain::money::canonical(total) }),
    ))
}

/// An exit's answer: the member as now stored, the payout's entry (none when nothing
/// was owed) and whether it was a replay.
pub(crate) fn exit_answer(
    state: &AppState,
    _: u64,
    sent: &Value,
    posted: crate::service::Posted,
) -> Result<Value, AppError> {
    let member = parse_id(sent["member_id"].as_str().unwrap_or_default(), "anggota")?;
    let entry = posted.entries.first().map(|e| super::api::entry_json(e, None));
    Ok(json!({ "member": state.ledger.member(member)?, "entry": entry, "replayed": posted.replayed }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShuPayoutBody {
    date: String,
    /// `tunai` (cash), `sukarela` or `wajib` (reinvested as savings).
    choice: String,
    /// The whole unpaid share when absent.
    amount: Option<Value>,
    memo: Option<String>,
}

pub(crate) async fn shu_payout(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<ShuPayoutBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let member = authorize_member(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, &format!("shu/{}", member.id), &body)?;
    let body = body.value()?;
    let choice = ShuChoice::parse(&body.choice)
        .ok_or_else(|| invalid(format!("pilihan SHU {:?} tidak dikenal (tunai, sukarela, wajib)", body.choice)))?;
    let amount = body.amount.as_ref().map(|a| parse_amount(a, 1).and_then(positive)).transpose()?;
    let (date, memo) = (parse_body_date(&body.date)?, optional_memo(body.memo.as_deref())?);
    let posted =
        state.ledger.shu_payout(member.id, choice, amount, date, memo, user.username.as_str(), idempotency).await?;
    Ok(entry_answer(posted))
}

pub(crate) async fn member_balance(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let member = authorize_member(&state, &user, &id, Access::Read)?;
    let balance = state.ledger.member_balance(member.id, date_param(&query, "as_of")?.unwrap_or_else(today))?;
    Ok(Json(serde_json::to_value(balance).expect("a balance serialises")))
}

pub(crate) async fn member_statement(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let member = authorize_member(&state, &user, &id, Access::Read)?;
    let to = date_param(&query, "to")?.unwrap_or_else(today);
    let from = match query.get("from") {
        Some(text) => parse_body_date(text)?,
        None => member.joined_on,
    };
    let statement = state.ledger.member_statement(member.id, from, to)?;
    Ok(Json(serde_json::to_value(statement).expect("a statement serialises")))
}

pub(crate) async fn list_grants(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let grants: Vec<Value> = state
        .ledger
        .grants(entity.id)?
        .into_iter()
        .map(|(seq, grant)| {
            let mut value = serde_json::to_value(grant).expect("a grant serialises");
            value["seq"] = json!(seq);
            value
        })
        .collect();
    Ok(Json(json!({ "entity_id": entity.id, "grants": grants })))
}

pub(crate) async fn list_loans(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "loans": state.ledger.loans(entity.id)? })))
}

pub(crate) async fn loan_schedule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, loan)): Path<(String, String)>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let loan_id = parse_id(&loan, "pinjaman")?;
    let status = state
        .ledger
        .loans(entity.id)?
        .into_iter()
        .find(|s| s.loan_id == loan_id)
        .ok_or_else(|| AppError::NotFound(format!("pinjaman {loan_id}")))?;
    let schedule = crate::domain::capital::schedule(&status.loan);
    Ok(Json(json!({ "loan": status, "method": "flat", "schedule": schedule })))
}

pub(crate) async fn capital(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let structure = state.ledger.capital_structure(entity.id, date_param(&query, "as_of")?.unwrap_or_else(today))?;
    Ok(Json(serde_json::to_value(structure).expect("a capital structure serialises")))
}
