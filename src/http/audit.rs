//! `GET /api/v1/audit`: the audit log, for admins (everything) and supervisors (what
//! happened in the books of their panti).

use super::api::invalid;
use super::error::AppError;
use super::extract::CurrentUser;
use super::AppState;
use crate::domain::audit::AuditEvent;
use crate::domain::user::{allows, Access, Role};
use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Most events one page returns.
const PAGE_EVENTS_MAX: usize = 1000;

pub(crate) async fn audit_log(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    if !matches!(user.role, Role::Admin | Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    let number = |name: &str, default: usize| -> Result<usize, AppError> {
        query.get(name).map_or(Ok(default), |text| text.parse().map_err(|_| invalid(format!("{name} harus angka"))))
    };
    let (offset, limit) = (number("offset", 0)?, number("limit", 100)?.min(PAGE_EVENTS_MAX));
    let entities = state.ledger.entities()?;
    let readable = |event: &AuditEvent| match (user.role, event.entity_id) {
        (Role::Admin, _) => true,
        (_, Some(id)) => entities.iter().any(|e| e.id == id && allows(user.role, user.entity_id, Access::Read, e)),
        (_, None) => false,
    };
    let events = state.ledger.audit_log(readable, offset, limit)?;
    Ok(Json(json!({ "offset": offset, "events": events })))
}
