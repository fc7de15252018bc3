//! `/api/v1` doors of a panti's link to its regional hub: where it enrolled and each
//! submission's place in the outbox, and the head's enrolment with the officer's code.

use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::report::{allowed_panti, signing_panti};
use super::AppState;
use crate::domain::user::Access;
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// The enrolment, the key's fingerprint and every submission's sending state.
pub(crate) async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let link = state.ledger.hub_link(panti.id)?;
    let mut outbox = Vec::new();
    for submission in state.ledger.submissions(panti.id, None)? {
        let (period, revision) = (submission.header.period, submission.header.revision);
        outbox.push(json!({
            "period": period.to_string(), "revision": revision,
            "sending": state.ledger.sending(panti.id, period, revision)?,
            "refusal": state.ledger.hub_refusal(panti.id, period, revision)?,
        }));
    }
    Ok(Json(json!({"link": link, "fingerprint": state.ledger.signing_fingerprint()?, "outbox": outbox})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnrolBody {
    address: String,
    code: String,
}

/// The head enrols the panti: the hub is called now and pins this instance's key.
pub(crate) async fn enrol(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<EnrolBody>,
) -> Result<Json<Value>, AppError> {
    // The hub pins the key of whoever enrols: the head, who signs the reports.
    let panti = signing_panti(&state, &user, &id)?;
    let body = body.value()?;
    let link = state.ledger.enrol_at_hub(panti.id, &body.address, &body.code, user.username.as_str()).await?;
    Ok(Json(json!({"link": link})))
}
