//! `/api/v1` routes of the assembled empowerment report: the preview (JSON, A4 HTML or
//! CSV of one table), the head's evaluation, submission and its revisions, the list for
//! the Dinas Sosial, and the regional recap.

use super::api::{date_param, invalid, parse_id, today};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::report::{allowed_panti, refused};
use super::statements::{sections_context, to_csv};
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::report::assembly::Submission;
use crate::domain::report::cadence::PeriodKey;
use crate::domain::report::ReportError;
use crate::domain::user::Access;
use crate::service::report_assembly::{AssembledReport, SubmitRequest};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use minijinja::context;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

pub(super) fn period_key(text: &str) -> Result<PeriodKey, AppError> {
    PeriodKey::parse(text).map_err(refused)
}

/// The report as the head prints and signs it.
pub(super) fn render_html(report: &AssembledReport) -> String {
    let sections: Vec<Value> = report
        .sections
        .iter()
        .map(|s| {
            let tables: Vec<_> = s
                .tables
                .iter()
                .map(|t| {
                    let parts = sections_context(t);
                    context! { title => t.title, columns => t.columns, sections => parts, notes => t.notes }
                })
                .collect();
            let section =
                context! { number => s.number, title => s.title, paragraphs => s.paragraphs, tables => tables };
            serde_json::to_value(section).expect("a section serialises")
        })
        .collect();
    super::pages::render(
        "report.html",
        context! {
            title => report.title, panti_name => report.panti_name, start => report.start, end => report.end,
            stage => report.stage.as_str(), sections => sections, charts => report.charts,
            printed_on => today().format("%d-%m-%Y").to_string(),
            revision => report.revision, signing_key => report.signing_key, identity => report.identity,
            panti_type => report.identity.as_ref().and_then(|i| i.panti_type).map(|kind| format!("{} ({})", kind.name(), kind.code())),
            bundle_file => report.revision.map(|revision| crate::domain::report::bundle::file_name(report.panti_id, report.key, revision)),
        },
    )
    .0
}

/// `?format=json` (default), `html`, or `csv` of the table numbered `table` (1 first).
pub(crate) async fn preview(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    Query(query): Params,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let report = state.ledger.assemble_report(panti.id, period_key(&key)?)?;
    match query.get("format").map(String::as_str).unwrap_or("json") {
        "json" => Ok(Json(report).into_response()),
        "html" => Ok(Html(render_html(&report)).into_response()),
        "csv" => {
            let tables: Vec<_> = report.tables().collect();
            let number = parse_id(query.get("table").map_or("1", String::as_str), "tabel")? as usize;
            let table = tables
                .get(number.wrapping_sub(1))
                .ok_or_else(|| AppError::NotFound(format!("tabel {number} (1–{})", tables.len())))?;
            Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], to_csv(table)).into_response())
        }
        other => Err(invalid(format!("format {other:?} tidak dikenal (json, csv, html)"))),
    }
}

/// A submission without its contents: what the Dinas Sosial checks a copy against.
pub(super) fn listing(submission: &Submission) -> Value {
    json!({
        "key": submission.header.period,
        "revision": submission.header.revision,
        "reason": submission.header.reason,
        "submitted_by": submission.header.submitted_by,
        "submitted_at": submission.header.submitted_at,
        "html_sha256": submission.html_sha256,
        "data_sha256": submission.data_sha256,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SubmitBody {
    /// Required from the second submission of a period on: why it is corrected.
    reason: Option<String>,
    /// The revision meant; a different next revision is refused (409 `revision_taken`).
    revision: Option<u32>,
}

/// The head alone submits: the report carries their signature.
pub(crate) async fn submit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, key)): Path<(String, String)>,
    body: JsonBody<SubmitBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let actor = crate::usecase::Actor::new(user);
    let panti = state.ledger.submitting_panti(&actor, parse_id(&id, "entitas")?)?;
    let key = period_key(&key)?;
    let body = body.value()?;
    let request =
        SubmitRequest { submitted_by: actor.username().to_string(), reason: body.reason, revision: body.revision };
    let submission = state.ledger.submit_report(panti.id, key, request, today(), render_html).await?;
    Ok((StatusCode::CREATED, Json(listing(&submission))))
}

/// One revision: `?format=html` is the stored HTML byte for byte; JSON adds its data and
/// whether the stored contents still match their hashes.
pub(crate) async fn revision(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, key, revision)): Path<(String, String, String)>,
    Query(query): Params,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let found = stored_revision(&state, &panti, period_key(&key)?, &revision)?;
    match query.get("format").map(String::as_str).unwrap_or("json") {
        "html" => Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], found.html).into_response()),
        "json" => {
            let mut value = listing(&found);
            value["verify"] = json!(found.verify());
            value["data"] = serde_json::from_str(&found.data).unwrap_or(Value::String(found.data.clone()));
            Ok(Json(value).into_response())
        }
        other => Err(invalid(format!("format {other:?} tidak dikenal (json, html)"))),
    }
}

/// The signed bundle of one revision as a file to save (`.kubelap`); `kube-ledger bundle
/// verify` checks it offline.
pub(crate) async fn bundle(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, key, revision)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let key = period_key(&key)?;
    // The same number check and refusal as `stored_revision`, without reading the revisions twice.
    let revision = parse_id(&revision, "revisi")?.min(u32::MAX.into()) as u32;
    let file = state
        .ledger
        .bundle(panti.id, key, revision)?
        .ok_or_else(|| refused(ReportError::NoRevision { period: key.to_string(), revision }))?;
    let disposition =
        format!("attachment; filename=\"{}\"", crate::domain::report::bundle::file_name(panti.id, key, revision));
    Ok(([(header::CONTENT_TYPE, "application/json".to_string()), (header::CONTENT_DISPOSITION, disposition)], file)
        .into_response())
}

/// Revision number `revision` (as typed in the path) of a period's submissions.
pub(super) fn stored_revision(
    state: &AppState,
    panti: &Entity,
    key: PeriodKey,
    revision: &str,
) -> Result<Submission, AppError> {
    let number = parse_id(revision, "revisi")?;
    let submissions = state.ledger.submissions(panti.id, Some(key))?;
    submissions.into_iter().find(|s| u64::from(s.header.revision) == number).ok_or_else(|| {
        refused(ReportError::NoRevision { period: key.to_string(), revision: number.min(u32::MAX.into()) as u32 })
    })
}

/// Every submission of the panti with its hashes.
pub(crate) async fn submitted(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let all = state.ledger.submissions(panti.id, None)?;
    Ok(Json(json!({ "entity_id": panti.id, "submissions": all.iter().map(listing).collect::<Vec<_>>() })))
}

/// Every panti the supervisor may read (an admin: all), side by side.
pub(crate) async fn recap(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Params,
) -> Result<Json<Value>, AppError> {
    let actor = crate::usecase::Actor::new(user);
    let recap = state.ledger.recap_for(&actor)?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    let lines = recap(as_of)?;
    Ok(Json(json!({ "as_of": as_of, "panti": lines })))
}
