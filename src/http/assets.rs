//! `/api/v1` routes of the fixed-asset register and the month-end depreciation.

use super::api::{authorize, parse_id, today};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::assets::{DepreciationRun, FixedAsset};
use crate::domain::user::Access;
use crate::usecase::assets::{depreciate_month, dispose_asset, register_asset};
use crate::usecase::Actor;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// The register, each month's depreciation, and the equipment entries not yet registered.
pub(crate) async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    Ok(Json(json!({
        "entity_id": entity.id,
        "assets": state.ledger.fixed_assets(entity.id)?,
        "depreciation": state.ledger.depreciation_runs(entity.id)?,
        "unregistered": state.ledger.unregistered_assets(entity.id)?,
    })))
}

/// The caller, authorised for `access` before the body is read, and the body as `T`.
fn actor_and_input<T: serde::de::DeserializeOwned>(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    access: Access,
    body: JsonBody<Value>,
) -> Result<(Actor, u64, T), AppError> {
    let entity = parse_id(id, "entitas")?;
    let actor = Actor::new(user);
    state.ledger.entity_for(&actor, entity, access)?;
    Ok((actor, entity, super::door::input::<T>(body.value()?)?))
}

pub(crate) async fn register(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<FixedAsset>), AppError> {
    let access = register_asset::RegisterAsset::ACCESS;
    let (actor, entity, input) = actor_and_input(&state, user, &id, access, body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.register_asset(&actor, entity, input).await?)))
}

pub(crate) async fn depreciate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<DepreciationRun>), AppError> {
    let access = depreciate_month::DepreciateMonth::ACCESS;
    let (actor, entity, input) = actor_and_input(&state, user, &id, access, body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.depreciate_month(&actor, entity, input, today()).await?)))
}

pub(crate) async fn dispose(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<FixedAsset>), AppError> {
    let access = dispose_asset::DisposeAsset::ACCESS;
    let (actor, entity, input) = actor_and_input(&state, user, &id, access, body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.dispose_asset(&actor, entity, input).await?)))
}
