//! The doors every command is served through: a JSON body and a CSV file here, a page
//! form in `pages/form.rs`. Each only turns its medium into the command's input (one JSON
//! object) and the outcome or refusal back into its medium; access and rules are the
//! command's, run by the service.

use super::api::{entry_answer, idempotency, parse_id};
use super::error::AppError;
use super::extract::{CsvBody, CurrentUser, JsonBody};
use super::AppState;
use crate::domain::problem::{Problem, Problems};
use crate::messages::Lang;
use crate::service::ServiceError;
use crate::usecase::{Access, Actor, ChartCommand, Command, Records, RegisterCommand};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{post, MethodRouter};
use axum::Json;
use serde_json::{json, Map, Value};

pub use crate::messages::refusal_text;

/// A request's body or row as the command's input; a shape that does not fit is refused
/// like any other problem of the request.
pub(crate) use crate::service::import::input;

/// `POST /api/v1/entities/{id}/…` with a JSON body and an optional `Idempotency-Key`:
/// 201 with the stored entry.
pub fn json<C: Command>() -> MethodRouter<AppState> {
    json_then::<C>(|_, _, _| {})
}

/// The JSON door with `add` writing what the command's answer carries beside the entry
/// (a sale's receipt), from the entity and the stored entry's number.
pub fn json_then<C: Command>(add: fn(u64, u64, &mut Value)) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            run_json::<C>(&state, user, &id, None, &headers, body, add).await
        },
    )
}

/// `POST /api/v1/entities/{id}/…/{record}/…` like [`json`], with the path's record (a
/// loan) as the input's `field`; a body that names it too is refused.
pub fn json_at<C: Command>(field: &'static str) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path((id, record)): Path<(String, String)>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            run_json::<C>(&state, user, &id, Some((field, record)), &headers, body, |_, _, _| {}).await
        },
    )
}

async fn run_json<C: Command>(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    from_path: Option<(&'static str, String)>,
    headers: &HeaderMap,
    body: JsonBody<Value>,
    add: fn(u64, u64, &mut Value),
) -> Result<(StatusCode, Json<Value>), AppError> {
    let (actor, entity) = allowed(state, user, id, Records::Books, C::ACCESS)?;
    let mut value = body.value()?;
    let route = match &from_path {
        Some((_, record)) => format!("{}/{record}", C::NAME),
        None => C::NAME.to_string(),
    };
    let idempotency = idempotency(headers, &route, &body)?;
    if let Some((field, record)) = from_path {
        with_path_field(&mut value, field, record)?;
    }
    let posted = state.ledger.execute::<C>(&actor, entity, input::<C::Input>(value)?, idempotency).await?;
    let seq = posted.entries.first().map(|e| e.seq);
    let (status, Json(mut answer)) = entry_answer(posted);
    seq.inspect(|seq| add(entity, *seq, &mut answer));
    Ok((status, Json(answer)))
}

/// The caller as an actor allowed `access` to the path's entity's `records`, checked
/// before anything of the body is read: a stranger learns 403, not the body's faults.
fn allowed(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    records: Records,
    access: Access,
) -> Result<(Actor, u64), AppError> {
    let entity = parse_id(id, "entitas")?;
    let actor = Actor::new(user);
    state.ledger.entity_in(&actor, entity, records, access)?;
    Ok((actor, entity))
}

/// [`allowed`], then the body as `I`.
fn authorised<I: serde::de::DeserializeOwned>(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    (records, access): (Records, Access),
    body: &JsonBody<Value>,
) -> Result<(Actor, u64, I), AppError> {
    let (actor, entity) = allowed(state, user, id, records, access)?;
    Ok((actor, entity, input::<I>(body.value()?)?))
}

/// The path's record as the body's `field`; a body that names it too is refused.
fn with_path_field(value: &mut Value, field: &'static str, record: String) -> Result<(), AppError> {
    if let Value::Object(fields) = value {
        if fields.insert(field.to_string(), Value::String(record)).is_some() {
            let detail = format!("\"{field}\" comes from the path, not the body");
            return Err(ServiceError::Refused(Problems::one(Some(field), Problem::Malformed { detail })).into());
        }
    }
    Ok(())
}

/// `METHOD /api/v1/entities/{id}/…/{record}` with a JSON body that changes the path's
/// record of a register (its `field`): 200 with the record as now stored.
pub fn register_at<C: RegisterCommand>(
    field: &'static str,
    method: axum::routing::MethodFilter,
) -> MethodRouter<AppState> {
    register_at_then::<C>(field, method, |_| StatusCode::OK)
}

/// [`register_at`] answering with the status `status` gives the outcome (201 for a
/// plan's first version, 200 for each after).
pub fn register_at_then<C: RegisterCommand>(
    field: &'static str,
    method: axum::routing::MethodFilter,
    status: fn(&C::Outcome) -> StatusCode,
) -> MethodRouter<AppState> {
    axum::routing::on(
        method,
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path((id, record)): Path<(String, String)>,
              body: JsonBody<Value>| async move {
            let rule = (C::RECORDS, C::ACCESS);
            let (actor, entity, mut value) = authorised::<Value>(&state, user, &id, rule, &body)?;
            with_path_field(&mut value, field, record)?;
            let outcome = state.ledger.change::<C>(&actor, entity, input::<C::Input>(value)?).await?;
            Ok::<_, AppError>((status(&outcome), Json(json!(outcome))))
        },
    )
}

/// `POST /api/v1/entities/{id}/accounts…` with a JSON body: `status` with the account as
/// the chart now holds it.
pub fn chart<C: ChartCommand>(status: StatusCode) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              body: JsonBody<Value>| async move {
            let rule = (Records::Books, C::ACCESS);
            let (actor, entity, input) = authorised::<C::Input>(&state, user, &id, rule, &body)?;
            let account = state.ledger.change_chart::<C>(&actor, entity, input).await?;
            Ok::<_, AppError>((status, Json(json!(account))))
        },
    )
}

/// `POST /api/v1/entities/{id}/…` with a JSON body that changes a register: `status` with
/// the record as now stored.
pub fn register<C: RegisterCommand>(status: StatusCode) -> MethodRouter<AppState> {
    register_on::<C>(axum::routing::MethodFilter::POST, status)
}

/// [`register`] on `method` (a `PUT` that sets the record).
pub fn register_on<C: RegisterCommand>(
    method: axum::routing::MethodFilter,
    status: StatusCode,
) -> MethodRouter<AppState> {
    axum::routing::on(
        method,
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              body: JsonBody<Value>| async move {
            let rule = (C::RECORDS, C::ACCESS);
            let (actor, entity, input) = authorised::<C::Input>(&state, user, &id, rule, &body)?;
            let outcome = state.ledger.change::<C>(&actor, entity, input).await?;
            Ok::<_, AppError>((status, Json(json!(outcome))))
        },
    )
}

/// `POST /api/v1/entities/{id}/…/import` with a `text/csv` body, one command a row, all or
/// nothing: 201 `{"imported": n}`, or 422 with every bad row as `FILE:LINE: reason`.
pub fn csv<C: Command>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let lang = super::request_lang();
            let (actor, entity) = allowed(&state, user, &id, Records::Books, C::ACCESS)?;
            let imported = import_csv::<C>(&state, &actor, entity, "unggahan.csv", body.text()?, lang).await?;
            Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "imported": imported }))))
        },
    )
}

/// Reads `text` as rows of `C`'s input (a header of field names, an empty cell is an
/// absent field) and runs them all or nothing; the count stored.
pub(crate) async fn import_csv<C: Command>(
    state: &AppState,
    actor: &Actor,
    entity: u64,
    file_name: &str,
    text: &str,
    lang: Lang,
) -> Result<usize, AppError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return Err(AppError::Rows(vec![format!("{file_name}:1: {error}")])),
    };
    let rows: Vec<(u64, Result<C::Input, ServiceError>)> =
        crate::service::import::csv_rows(file_name, &mut reader, &mut errors)
            .into_iter()
            .map(|(line, record)| {
                let fields: Map<String, Value> = headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(_, cell)| !cell.is_empty())
                    .map(|(name, cell)| (name.to_string(), Value::String(cell.to_string())))
                    .collect();
                (line, crate::service::import::written_input::<C::Input>(Value::Object(fields)))
            })
            .collect();
    if !errors.is_empty() {
        return Err(AppError::Rows(errors.into_iter().map(|(_, m)| m).collect()));
    }
    Ok(state.ledger.execute_rows::<C>(actor, entity, file_name, rows, lang).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::problem::{Arg, Problem};
    use crate::messages::problem_text;

    #[test]
    fn every_problem_has_words_in_both_languages_with_its_arguments() {
        for problem in Problem::examples() {
            for lang in Lang::ALL {
                let text = problem_text(lang, &problem);
                assert!(!text.starts_with("error-"), "{lang:?} has no words for {}", problem.code());
                assert!(!text.contains("{$"), "{lang:?} {}: an argument is missing: {text}", problem.code());
                // `expected` selects the words; every other text argument is shown.
                for (name, arg) in problem.args().into_iter().filter(|(name, _)| *name != "expected") {
                    if let Arg::Text(value) = arg {
                        assert!(text.contains(&value), "{lang:?} {}: {text} shows no {name}", problem.code());
                    }
                }
            }
        }
    }
}
