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
use crate::usecase::{Actor, AdminCommand, ChartCommand, Command, RegisterCommand};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{post, MethodRouter};
use axum::Json;
use serde_json::{json, Value};

pub use crate::messages::refusal_text;

/// A request's body or row as the command's input; a shape that does not fit is refused
/// like any other problem of the request.
pub(crate) use crate::service::import::input;

/// What a JSON door answers for a stored post, from the entity, the input as sent and
/// what was posted.
pub type Answer = fn(&AppState, u64, &Value, crate::service::Posted) -> Result<Value, AppError>;

/// The stored entry, and whether it was a replay: most posts' answer.
pub fn entry_body(_: &AppState, _: u64, _: &Value, posted: crate::service::Posted) -> Result<Value, AppError> {
    Ok(entry_answer(posted).1 .0)
}

/// `POST /api/v1/entities/{id}/…` with a JSON body and an optional `Idempotency-Key`:
/// 201 with the stored entry.
pub fn json<C: Command>() -> MethodRouter<AppState> {
    json_then::<C>(entry_body)
}

/// The JSON door answering what `answer` makes of the post (a sale's receipt beside its
/// entry, a cash count's booked cash and difference).
pub fn json_then<C: Command>(answer: Answer) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            run_json::<C>(&state, actor, entity, None, &headers, body, answer).await
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
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            run_json::<C>(&state, actor, entity, Some((field, record)), &headers, body, entry_body).await
        },
    )
}

/// `POST /api/v1/members/{id}/…`: a command on one member, on the books of the member's
/// entity, with the path's member as the input's `member_id`.
pub fn json_member<C: Command>(answer: Answer) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = member_allowed(&state, user, &id, C::ACCESS)?;
            run_json::<C>(&state, actor, entity, Some(("member_id", id)), &headers, body, answer).await
        },
    )
}

async fn run_json<C: Command>(
    state: &AppState,
    actor: Actor,
    entity: u64,
    from_path: Option<(&'static str, String)>,
    headers: &HeaderMap,
    body: JsonBody<Value>,
    answer: Answer,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let mut value = body.value()?;
    let route = match &from_path {
        Some((_, record)) => format!("{}/{record}", C::NAME),
        None => C::NAME.to_string(),
    };
    let idempotency = idempotency(headers, &route, &body)?;
    if let Some((field, record)) = from_path {
        with_path_field(&mut value, field, record)?;
    }
    let posted = state.ledger.execute::<C>(&actor, entity, input::<C::Input>(value.clone())?, idempotency).await?;
    Ok((StatusCode::CREATED, Json(answer(state, entity, &value, posted)?)))
}

/// The caller as an actor allowed `access` to the path's entity, checked before anything
/// of the body is read: a stranger learns 403, not the body's faults.
fn allowed(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    access: crate::usecase::Access,
) -> Result<(Actor, u64), AppError> {
    let entity = parse_id(id, "entitas")?;
    let actor = Actor::new(user);
    state.ledger.entity_for(&actor, entity, access)?;
    Ok((actor, entity))
}

/// The caller as an actor allowed `access` to the path's member, and the member's entity.
fn member_allowed(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    access: crate::usecase::Access,
) -> Result<(Actor, u64), AppError> {
    let member = parse_id(id, "anggota")?;
    let actor = Actor::new(user);
    let entity = state.ledger.member_for(&actor, member, access)?.entity_id;
    Ok((actor, entity))
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

/// A register change from a JSON body, with the path's record as the input's `field`
/// when there is one; under an `Idempotency-Key` once.
async fn run_register<C: RegisterCommand>(
    state: &AppState,
    actor: Actor,
    entity: u64,
    from_path: Option<(&'static str, String)>,
    headers: &HeaderMap,
    body: JsonBody<Value>,
) -> Result<Value, AppError> {
    let mut value = body.value()?;
    let route = match &from_path {
        Some((_, record)) => format!("{}/{record}", C::NAME),
        None => C::NAME.to_string(),
    };
    let idempotency = idempotency(headers, &route, &body)?;
    if let Some((field, record)) = from_path {
        with_path_field(&mut value, field, record)?;
    }
    let outcome = state.ledger.change::<C>(&actor, entity, input::<C::Input>(value)?, idempotency).await?;
    Ok(json!(outcome))
}

/// `METHOD /api/v1/entities/{id}/…/{record}` with a JSON body that changes the path's
/// record of a register (its `field`): 200 with the record as now stored.
pub fn register_at<C: RegisterCommand>(
    field: &'static str,
    method: axum::routing::MethodFilter,
) -> MethodRouter<AppState> {
    axum::routing::on(
        method,
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path((id, record)): Path<(String, String)>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            let outcome = run_register::<C>(&state, actor, entity, Some((field, record)), &headers, body).await?;
            Ok::<_, AppError>(Json(outcome))
        },
    )
}

/// `METHOD /api/v1/members/{id}` with a JSON body that changes the member's record of a
/// register (a contact): 200 with the record as now stored.
pub fn register_member<C: RegisterCommand>(method: axum::routing::MethodFilter) -> MethodRouter<AppState> {
    axum::routing::on(
        method,
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = member_allowed(&state, user, &id, C::ACCESS)?;
            let outcome = run_register::<C>(&state, actor, entity, Some(("member_id", id)), &headers, body).await?;
            Ok::<_, AppError>(Json(outcome))
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
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            let input = input::<C::Input>(body.value()?)?;
            let account = state.ledger.change_chart::<C>(&actor, entity, input).await?;
            Ok::<_, AppError>((status, Json(json!(account))))
        },
    )
}

/// `POST /api/v1/entities/{id}/…` with a JSON body that changes a register: `status` with
/// the record as now stored; under an `Idempotency-Key` once.
pub fn register<C: RegisterCommand>(status: StatusCode) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            let outcome = run_register::<C>(&state, actor, entity, None, &headers, body).await?;
            Ok::<_, AppError>((status, Json(outcome)))
        },
    )
}

/// `POST /api/v1/…` with a JSON body for an administration command: `status` with what it
/// answers. Only an admin; the service says so.
pub fn admin<C: AdminCommand>(status: StatusCode) -> MethodRouter<AppState> {
    post(move |State(state): State<AppState>, CurrentUser(user): CurrentUser, body: JsonBody<Value>| async move {
        let actor = Actor::new(user);
        // The caller is checked before the body is read: a stranger learns 403.
        state.ledger.administrator(&actor)?;
        let outcome = state.ledger.administer::<C>(&actor, input::<C::Input>(body.value()?)?).await?;
        Ok::<_, AppError>((status, Json(json!(outcome))))
    })
}

/// `POST /api/v1/entities/{id}/…/import` with a `text/csv` body, one command a row, all or
/// nothing: 201 `{"imported": n}`, or 422 with every bad row as `FILE:LINE: reason`.
pub fn csv<C: Command>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let lang = super::request_lang();
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            let imported = import_csv::<C>(&state, &actor, entity, "unggahan.csv", body.text()?, lang).await?;
            Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "imported": imported }))))
        },
    )
}

/// [`csv`] for a register: one change a row (a member), all or nothing.
pub fn csv_register<C: RegisterCommand>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let lang = super::request_lang();
            let (actor, entity) = allowed(&state, user, &id, C::ACCESS)?;
            let rows = crate::service::import::csv_inputs::<C::Input>("unggahan.csv", body.text()?)?;
            let imported = state.ledger.change_rows::<C>(&actor, entity, "unggahan.csv", rows, lang).await?;
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
    let rows = crate::service::import::csv_inputs::<C::Input>(file_name, text)?;
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
