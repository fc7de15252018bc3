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
use crate::service::training::{TrainingAnswer, TrainingRead};
use crate::service::ServiceError;
use crate::usecase::training::Scope;
use crate::usecase::{Actor, AdminCommand, ChartCommand, Command, RegisterCommand, RegisterRows, Rule};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{post, MethodRouter};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

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
            let (actor, entity) = allowed(&state, user, &id, Rule::Books, C::ACCESS)?;
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
            let (actor, entity) = allowed(&state, user, &id, Rule::Books, C::ACCESS)?;
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
pub(super) fn allowed(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    rule: Rule,
    access: crate::usecase::Access,
) -> Result<(Actor, u64), AppError> {
    let entity = parse_id(id, "entitas")?;
    let actor = Actor::new(user);
    state.ledger.entity_under(&actor, entity, rule, access)?;
    Ok((actor, entity))
}

/// [`allowed`] under `rule` and `access`, then the body as `I`.
pub(super) fn authorised<I: serde::de::DeserializeOwned>(
    state: &AppState,
    user: crate::domain::user::User,
    id: &str,
    rule: Rule,
    access: crate::usecase::Access,
    body: &JsonBody<Value>,
) -> Result<(Actor, u64, I), AppError> {
    let (actor, entity) = allowed(state, user, id, rule, access)?;
    Ok((actor, entity, input::<I>(body.value()?)?))
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
pub(super) fn with_path_field(value: &mut Value, field: &'static str, record: String) -> Result<(), AppError> {
    if let Value::Object(fields) = value {
        if fields.insert(field.to_string(), Value::String(record)).is_some() {
            let detail = format!("\"{field}\" comes from the path, not the body");
            return Err(ServiceError::Refused(Problems::one(Some(field), Problem::Malformed { detail })).into());
        }
    }
    Ok(())
}

/// A register change from a JSON body, with the path's records as the input's fields
/// they name; under an `Idempotency-Key` once (the key belongs to the route and records).
async fn run_register<C: RegisterCommand>(
    state: &AppState,
    actor: Actor,
    entity: u64,
    from_path: &[(&'static str, String)],
    headers: &HeaderMap,
    body: JsonBody<Value>,
) -> Result<C::Outcome, AppError> {
    let mut value = body.value()?;
    let route = std::iter::once(C::NAME).chain(from_path.iter().map(|(_, record)| record.as_str()));
    let idempotency = idempotency(headers, &route.collect::<Vec<_>>().join("/"), &body)?;
    for (field, record) in from_path {
        with_path_field(&mut value, field, record.clone())?;
    }
    Ok(state.ledger.change::<C>(&actor, entity, input::<C::Input>(value)?, idempotency).await?)
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
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = allowed(&state, user, &id, C::RULE, C::ACCESS)?;
            let outcome = run_register::<C>(&state, actor, entity, &[(field, record)], &headers, body).await?;
            Ok::<_, AppError>((status(&outcome), Json(json!(outcome))))
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
            let outcome = run_register::<C>(&state, actor, entity, &[("member_id", id)], &headers, body).await?;
            Ok::<_, AppError>(Json(json!(outcome)))
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
            let (actor, entity) = allowed(&state, user, &id, Rule::Books, C::ACCESS)?;
            let input = input::<C::Input>(body.value()?)?;
            let account = state.ledger.change_chart::<C>(&actor, entity, input).await?;
            Ok::<_, AppError>((status, Json(json!(account))))
        },
    )
}

/// `POST /api/v1/entities/{id}/…` with a JSON body that changes a register: `status` with
/// the record as now stored; under an `Idempotency-Key` once.
pub fn register<C: RegisterCommand>(status: StatusCode) -> MethodRouter<AppState> {
    register_via::<C>(axum::routing::MethodFilter::POST, status)
}

/// [`register`] on `method` (a `PUT` that sets the record).
pub fn register_via<C: RegisterCommand>(
    method: axum::routing::MethodFilter,
    status: StatusCode,
) -> MethodRouter<AppState> {
    axum::routing::on(
        method,
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let (actor, entity) = allowed(&state, user, &id, C::RULE, C::ACCESS)?;
            let outcome = run_register::<C>(&state, actor, entity, &[], &headers, body).await?;
            Ok::<_, AppError>((status, Json(json!(outcome))))
        },
    )
}

/// `POST /api/v1/…` with a JSON body for an administration command: `status` with what it
/// answers. Only an admin; the service says so.
pub fn admin<C: AdminCommand>(status: StatusCode) -> MethodRouter<AppState> {
    post(move |State(state): State<AppState>, CurrentUser(user): CurrentUser, body: JsonBody<Value>| async move {
        run_admin::<C>(&state, user, None, body).await.map(|outcome| (status, outcome))
    })
}

/// `POST …/{record}` of an administration command whose input's `field` the path gives
/// (a login's username): 200 with the outcome.
pub fn admin_at<C: AdminCommand>(field: &'static str) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(record): Path<String>,
              body: JsonBody<Value>| async move { run_admin::<C>(&state, user, Some((field, record)), body).await },
    )
}

async fn run_admin<C: AdminCommand>(
    state: &AppState,
    user: crate::domain::user::User,
    from_path: Option<(&'static str, String)>,
    body: JsonBody<Value>,
) -> Result<Json<Value>, AppError> {
    let actor = Actor::new(user);
    // The caller is checked before the body is read: a stranger learns 403.
    state.ledger.administrator(&actor)?;
    let mut value = body.value()?;
    if let Some((field, record)) = from_path {
        with_path_field(&mut value, field, record)?;
    }
    let outcome = state.ledger.administer::<C>(&actor, input::<C::Input>(value)?).await?;
    Ok(Json(json!(outcome)))
}

/// `POST /api/v1/entities/{id}/…/import` with a `text/csv` body, one command a row, all or
/// nothing: 201 `{"imported": n}`, or 422 with every bad row as `FILE:LINE: reason`.
pub fn csv<C: Command>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let lang = super::request_lang();
            let (actor, entity) = allowed(&state, user, &id, Rule::Books, C::ACCESS)?;
            let imported = import_csv::<C>(&state, &actor, entity, "unggahan.csv", body.text()?, lang).await?;
            Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "imported": imported }))))
        },
    )
}

/// `POST /api/v1/entities/{id}/…/import` with a `text/csv` body, one register change a
/// row, all or nothing, each row checked against the rows before it: 201
/// `{"imported": n}`, or 422 with every bad row (a column missing or unknown first) as
/// `FILE:LINE: reason`.
pub fn csv_register<C: RegisterRows>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let lang = super::request_lang();
            let (actor, entity) = allowed(&state, user, &id, C::RULE, C::ACCESS)?;
            let file_name = "unggahan.csv";
            let rows = crate::service::import::csv_inputs::<C::Input>(file_name, body.text()?, Some(C::COLUMNS))?;
            let imported = state.ledger.change_rows::<C>(&actor, entity, file_name, rows, lang).await?;
            Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "imported": imported }))))
        },
    )
}

/// The path's `{id}` as the record `scope` names, and the actor, if allowed `C` there:
/// checked before anything of the body is read.
fn allowed_on<C: RegisterCommand>(
    state: &AppState,
    user: crate::domain::user::User,
    scope: Scope,
    id: &str,
) -> Result<(Actor, u64, u64), AppError> {
    let record = parse_id(id, scope.kind().noun())?;
    let actor = Actor::new(user);
    let entity = state.ledger.scoped_entity(&actor, scope, record, C::RULE, C::ACCESS)?;
    Ok((actor, entity.id, record))
}

/// `POST /api/v1/{clients|cohorts}/{id}/…` with a JSON body that changes a training
/// register: the path's record is the input's `scope.field()`, and each of `also` (a
/// `{client}` further on) the field it names; `status` with the record as now stored.
pub fn register_on<C: RegisterCommand>(
    scope: Scope,
    also: &'static [&'static str],
    status: StatusCode,
) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(mut path): Path<HashMap<String, String>>,
              headers: HeaderMap,
              body: JsonBody<Value>| async move {
            let id = path.remove("id").unwrap_or_default();
            let (actor, entity, record) = allowed_on::<C>(&state, user, scope, &id)?;
            let mut fields = vec![(scope.field(), record.to_string())];
            fields.extend(also.iter().map(|&field| (field, path.remove(field).unwrap_or_default())));
            let outcome = run_register::<C>(&state, actor, entity, &fields, &headers, body).await?;
            Ok::<_, AppError>((status, Json(json!(outcome))))
        },
    )
}

/// What a read asks beyond its path: `?as_of=`, `?from=`, `?format=`…
pub struct ReadQuery(HashMap<String, String>);

impl ReadQuery {
    /// A `YYYY-MM-DD` parameter, if given.
    pub fn date(&self, name: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
        super::api::date_param(&self.0, name)
    }

    /// `?as_of=`, today when not given.
    pub fn as_of(&self) -> Result<chrono::NaiveDate, AppError> {
        Ok(self.date("as_of")?.unwrap_or_else(super::api::today))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn all(&self) -> &HashMap<String, String> {
        &self.0
    }
}

/// `GET /api/v1/entities/{id}/…`: `read` answers for whoever may read the entity (the
/// service decides, before anything is read).
pub fn read<R: IntoResponse + 'static>(
    read: fn(&crate::service::Ledger, &crate::domain::entity::Entity, &ReadQuery) -> Result<R, AppError>,
) -> MethodRouter<AppState> {
    axum::routing::get(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              Query(query): Query<HashMap<String, String>>| async move {
            let entity = super::api::authorize(&state, &user, &id, crate::usecase::Access::Read)?;
            read(&state.ledger, &entity, &ReadQuery(query))
        },
    )
}

/// `GET /api/v1/entities/{id}/…/{record}`: [`read`] with the path's record as typed.
pub fn read_at<R: IntoResponse + 'static>(
    read: fn(&crate::service::Ledger, &crate::domain::entity::Entity, &str, &ReadQuery) -> Result<R, AppError>,
) -> MethodRouter<AppState> {
    axum::routing::get(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path((id, record)): Path<(String, String)>,
              Query(query): Query<HashMap<String, String>>| async move {
            let entity = super::api::authorize(&state, &user, &id, crate::usecase::Access::Read)?;
            read(&state.ledger, &entity, &record, &ReadQuery(query))
        },
    )
}

/// `GET` a read of training records at the path's `{id}` (a panti, a client or a cohort),
/// as the service answers it for the caller: JSON, or CSV when it answers a table.
pub fn read_training(read: TrainingRead) -> MethodRouter<AppState> {
    axum::routing::get(
        move |State(state): State<AppState>,
              CurrentUser(user): CurrentUser,
              Path(id): Path<String>,
              Query(query): Query<HashMap<String, String>>| async move {
            let noun = read.scope().map_or("entitas", |scope| scope.kind().noun());
            let id = parse_id(&id, noun)?;
            let answer = match state.ledger.read_training(&Actor::new(user), read, id, &query)? {
                TrainingAnswer::Json(value) => Json(value).into_response(),
                TrainingAnswer::Csv(text) => {
                    ([(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")], text).into_response()
                }
            };
            Ok::<_, AppError>(answer)
        },
    )
}

/// `POST /api/v1/clients/{id}/package/payment`: the package paid from the panti's cash,
/// 201 with the package, its entry and whether it was replayed.
pub fn package_payment() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>,
         CurrentUser(user): CurrentUser,
         Path(id): Path<String>,
         body: JsonBody<Value>| async move {
            let client = parse_id(&id, Scope::Client.kind().noun())?;
            let actor = Actor::new(user);
            let access = <crate::usecase::training::pay_package::PayPackage as Command>::ACCESS;
            state.ledger.scoped_entity(&actor, Scope::Client, client, Rule::Books, access)?;
            let mut value = body.value()?;
            with_path_field(&mut value, "client", client.to_string())?;
            let (package, posted) = state.ledger.pay_package(&actor, client, input(value)?).await?;
            let entry = posted.entries.first().map(|e| super::api::entry_json(e, None));
            let answer = json!({ "package": package, "entry": entry, "replayed": posted.replayed });
            Ok::<_, AppError>((StatusCode::CREATED, Json(answer)))
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
    let rows = crate::service::import::csv_inputs::<C::Input>(file_name, text, None)?;
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
