//! Disk faults as the HTTP client sees them: once the store has failed to write, every
//! request is refused with `storage_unavailable` until `serve` has reopened the
//! database, because sled's memory may still hold a batch that never reached the disk.

use super::error::fault_status;
use super::AppState;
use crate::store::DiskFault;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::json;

fn refuse(fault: DiskFault) -> Response {
    let (status, code) = fault_status(fault);
    (status, Json(json!({ "error": { "code": code, "message": fault.text(super::request_lang()) } }))).into_response()
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.ledger.fault() {
        Some(fault) => refuse(fault),
        None => next.run(request).await,
    }
}

/// What `serve` answers while it reopens the database after a fault.
pub fn reopening_app(fault: DiskFault) -> Router {
    Router::new().fallback(move || async move { refuse(fault) })
}
