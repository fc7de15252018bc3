//! `/api/v1` routes for the SHU allocation policy's versions and the year's allocation
//! preview; setting the policy is a command (`usecase::members::set_shu_policy`).

use super::api::{authorize, parse_id, today};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::close::YearClose;
use crate::domain::shu::ShuPreview;
use crate::domain::user::Access;
use crate::domain::user::Role;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub(crate) async fn list_policies(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({ "entity_id": entity.id, "versions": state.ledger.shu_policies(entity.id)? })))
}

/// A year in a path: a whole number, else 404.
pub(super) fn parse_year(text: &str) -> Result<i32, AppError> {
    i32::try_from(parse_id(text, "tahun")?).map_err(|_| AppError::NotFound(format!("tahun {text}")))
}

pub(crate) async fn preview(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
) -> Result<Json<ShuPreview>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(state.ledger.shu_preview(entity.id, parse_year(&year)?)?))
}

pub(crate) async fn list_closes(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let closes = state.ledger.year_closes(entity.id)?;
    let locked_through = state.ledger.entity(entity.id)?.locked_through;
    Ok(Json(json!({ "entity_id": entity.id, "locked_through": locked_through, "closes": closes })))
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
