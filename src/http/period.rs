//! `/api/v1` routes for the SHU allocation policy's versions and the year's allocation
//! preview; setting the policy is a command (`usecase::members::set_shu_policy`).

use super::api::{authorize, parse_id, today};
use super::door::ReadQuery;
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::close::{ShuDecision, YearClose};
use crate::domain::entity::Entity;
use crate::domain::user::Access;
use crate::domain::user::Role;
use crate::service::Ledger;
use crate::usecase::close::allocate_shu::{self, AllocateShu};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

type Answer = Result<Json<Value>, AppError>;

pub(crate) fn list_policies(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    Ok(Json(json!({ "entity_id": entity.id, "versions": ledger.shu_policies(entity.id)? })))
}

/// A year in a path: a whole number, else 404.
pub(super) fn parse_year(text: &str) -> Result<i32, AppError> {
    i32::try_from(parse_id(text, "tahun")?).map_err(|_| AppError::NotFound(format!("tahun {text}")))
}

pub(crate) fn preview(ledger: &Ledger, entity: &Entity, year: &str, _: &ReadQuery) -> Answer {
    Ok(Json(json!(ledger.shu_preview(entity.id, parse_year(year)?)?)))
}

pub(crate) fn list_closes(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    let closes = ledger.year_closes(entity.id)?;
    let decisions = ledger.shu_decisions(entity.id)?;
    Ok(Json(json!({
        "entity_id": entity.id, "locked_through": entity.locked_through, "closes": closes, "shu_decisions": decisions,
    })))
}

/// Closing posts into the year and locks it: the entity's writers may do it.
pub(crate) async fn close(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
) -> Result<(StatusCode, Json<YearClose>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let close = state.ledger.close_year(entity.id, parse_year(&year)?, today(), user.username.as_str()).await?;
    Ok((StatusCode::CREATED, Json(close)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReopenBody {
    reason: String,
}

/// Reopening unlocks books others rely on: an admin only, with a reason on record.
pub(crate) async fn reopen(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
    body: JsonBody<ReopenBody>,
) -> Result<Json<YearClose>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let body = body.value()?;
    let reopened =
        state.ledger.reopen_year(entity.id, parse_year(&year)?, &body.reason, user.username.as_str()).await?;
    Ok(Json(reopened))
}

/// The RAT's decision on a closed year's SHU (`usecase::close::allocate_shu`): 201 with the
/// decision and the entries it posted on the RAT's date.
pub(crate) async fn decide_shu(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<ShuDecision>), AppError> {
    let entity = parse_id(&id, "entitas")?;
    let actor = crate::usecase::Actor::new(user);
    // The caller is authorised before the body is parsed: a stranger learns 403, not its faults.
    state.ledger.entity_for(&actor, entity, AllocateShu::ACCESS)?;
    let input = super::door::input::<allocate_shu::Input>(body.value()?)?;
    let decision = state.ledger.allocate_shu(&actor, entity, parse_year(&year)?, input).await?;
    Ok((StatusCode::CREATED, Json(decision)))
}
