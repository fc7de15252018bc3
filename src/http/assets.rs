//! `/api/v1` routes of the fixed-asset register and the month-end depreciation.

use super::api::today;
use super::door::{authorised, ReadQuery};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::assets::{DepreciationRun, FixedAsset};
use crate::domain::entity::Entity;
use crate::service::Ledger;
use crate::usecase::assets::{depreciate_month, dispose_asset, register_asset};
use crate::usecase::Rule;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// The register, each month's depreciation, and the equipment entries not yet registered.
pub(crate) fn list(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Result<Json<Value>, AppError> {
    Ok(Json(json!({
        "entity_id": entity.id,
        "assets": ledger.fixed_assets(entity.id)?,
        "depreciation": ledger.depreciation_runs(entity.id)?,
        "unregistered": ledger.unregistered_assets(entity.id)?,
    })))
}

pub(crate) async fn register(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<FixedAsset>), AppError> {
    let access = register_asset::RegisterAsset::ACCESS;
    let (actor, entity, input) = authorised(&state, user, &id, Rule::Books, access, &body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.register_asset(&actor, entity, input).await?)))
}

pub(crate) async fn depreciate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<DepreciationRun>), AppError> {
    let access = depreciate_month::DepreciateMonth::ACCESS;
    let (actor, entity, input) = authorised(&state, user, &id, Rule::Books, access, &body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.depreciate_month(&actor, entity, input, today()).await?)))
}

pub(crate) async fn dispose(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<Value>,
) -> Result<(StatusCode, Json<FixedAsset>), AppError> {
    let access = dispose_asset::DisposeAsset::ACCESS;
    let (actor, entity, input) = authorised(&state, user, &id, Rule::Books, access, &body)?;
    Ok((StatusCode::CREATED, Json(state.ledger.dispose_asset(&actor, entity, input).await?)))
}
