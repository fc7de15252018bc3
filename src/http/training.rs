//! `/api/v1` routes for vocational training: skills, the client register, cohorts,
//! placement, packages, follow-up, staff and statistics.
//!
//! Two rules decide access. Client records (the register, participants, attendance,
//! assessments, completions, placements, follow-ups, packages as recorded) and the staff
//! register hold personal data: the panti's head writes them, its supervisor reads them,
//! an admin does both, and nobody else sees them ([`allows_training`]). What holds none
//! (skills, cohorts as planned, the list of packages to pay, statistics, the social-worker
//! indicator) is readable by whoever may read the panti's books; paying a package writes
//! the books, so it is for the panti's treasurer (or an admin).

use super::api::{authorize, entry_json, parse_amount, parse_body_date, parse_id};
use super::error::AppError;
use super::extract::{CsvBody, CurrentUser, JsonBody};
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::entry::{EntryErrors, Memo};
use crate::domain::training::aftercare::{Business, FollowUp, PackageItem, PlacementKind, PlacementRequest};
use crate::domain::training::client::Client;
use crate::domain::training::cohort::{Assessment, Cohort, CohortPlan, Competency, Completion, Instructor, Outcome};
use crate::domain::training::skill::{Skill, SkillCode, SkillRow};
use crate::domain::training::staff::StaffDetails;
use crate::domain::training::statistics::TrainingStatistics;
use crate::domain::training::{allows_training, parse_note, parse_text, ClientId, TrainingError};
use crate::domain::user::{Access, Role, User};
use crate::service::import::ImportError;
use crate::service::training::{ClientFields, NewClient, TrainingFailure};
use crate::service::ServiceError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Datelike;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// A refused request: an ordinary API error, or a rule of the programme with its own status.
#[derive(Debug)]
pub(crate) enum Refusal {
    App(AppError),
    Rule(TrainingError),
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Refusal {
        Refusal::App(error)
    }
}

impl From<ServiceError> for Refusal {
    fn from(error: ServiceError) -> Refusal {
        Refusal::App(error.into())
    }
}

impl From<TrainingError> for Refusal {
    fn from(error: TrainingError) -> Refusal {
        Refusal::Rule(error)
    }
}

impl From<TrainingFailure> for Refusal {
    fn from(failure: TrainingFailure) -> Refusal {
        match failure {
            TrainingFailure::Rule(rule) => Refusal::Rule(rule),
            TrainingFailure::Service(error) => Refusal::App(error.into()),
        }
    }
}

impl From<ImportError> for Refusal {
    fn from(error: ImportError) -> Refusal {
        Refusal::App(error.into())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::App(error) => error.into_response(),
            Refusal::Rule(rule) => {
                let (status, code) = rule.status_code();
                (status, Json(json!({ "error": { "code": code, "message": rule.to_string() } }))).into_response()
            }
        }
    }
}

type Answer<T> = Result<T, Refusal>;
type Created = Answer<(StatusCode, Json<Value>)>;

/// Which rule a request goes by: the books' rule, or the rule of client records.
#[derive(Clone, Copy)]
pub(super) enum Rule {
    Books(Access),
    Training(Access),
}

/// The entity, if this user may access it under the rule; strangers learn nothing.
pub(super) fn entity_for(state: &AppState, user: &User, id: &str, rule: Rule) -> Result<Entity, AppError> {
    let books_access = match rule {
        Rule::Books(access) => access,
        Rule::Training(_) => Access::Read,
    };
    let entity = authorize(state, user, id, books_access)?;
    match rule {
        Rule::Training(access) if !allows_training(user.role, user.entity_id, access, &entity) => {
            Err(AppError::Forbidden)
        }
        _ => Ok(entity),
    }
}

/// A record that does not exist is named only to an admin, who could see it if it did.
fn missing(user: &User, what: String) -> AppError {
    match user.role {
        Role::Admin => AppError::NotFound(what),
        _ => AppError::Forbidden,
    }
}

fn client_for(state: &AppState, user: &User, id: &str, rule: Rule) -> Answer<Client> {
    let id = parse_id(id, "klien")?;
    let client = state.ledger.find_client(id)?;
    let client = client.ok_or_else(|| missing(user, format!("klien {id}")))?;
    entity_for(state, user, &client.panti_id.to_string(), rule)?;
    Ok(client)
}

fn cohort_for(state: &AppState, user: &User, id: &str, rule: Rule) -> Answer<Cohort> {
    let id = parse_id(id, "angkatan")?;
    let cohort = state.ledger.find_cohort(id)?;
    let cohort = cohort.ok_or_else(|| missing(user, format!("angkatan {id}")))?;
    entity_for(state, user, &cohort.panti_id.to_string(), rule)?;
    Ok(cohort)
}

fn created(value: impl serde::Serialize) -> Created {
    Ok((StatusCode::CREATED, Json(serde_json::to_value(value).expect("a training record serialises"))))
}

fn year_query(query: &HashMap<String, String>) -> Answer<Option<i32>> {
    match query.get("year") {
        None => Ok(None),
        Some(text) => match text.parse::<i32>() {
            Ok(year) if (1900..=2200).contains(&year) => Ok(Some(year)),
            _ => Err(AppError::InvalidBody(format!("tahun {text:?} tidak sah: 1900–2200")).into()),
        },
    }
}

pub(crate) async fn shipped_skills(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
) -> Answer<Json<Value>> {
    Ok(Json(json!({ "skills": state.ledger.skills(None)? })))
}

pub(crate) async fn list_skills(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Books(Access::Read))?;
    Ok(Json(json!({ "entity_id": panti.id, "skills": state.ledger.skills(Some(panti.id))? })))
}

/// A skill of the panti's own: `code,name_id,name_en,group` as in `data/skills.csv`.
pub(crate) async fn add_skill(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<SkillRow>,
) -> Created {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let skill = Skill::parse(&body)?;
    created(state.ledger.add_skill(panti.id, skill).await?)
}

pub(crate) async fn list_clients(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Read))?;
    Ok(Json(json!({ "entity_id": panti.id, "clients": state.ledger.clients(panti.id)? })))
}

pub(crate) async fn add_client(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<ClientFields>,
) -> Created {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let new = NewClient::parse(&body)
        .map_err(|problems| AppError::Invalid { code: "invalid_client", message: problems.join("; ") })?;
    created(state.ledger.add_client(panti.id, new).await?)
}

/// CSV upload of clients (`text/csv` body), all or nothing.
pub(crate) async fn import_clients(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: CsvBody,
) -> Created {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    state.ledger.panti(panti.id)?;
    let count = crate::service::training::import_clients(&state.ledger, panti.id, "unggahan.csv", body.text()?).await?;
    created(json!({ "imported": count }))
}

pub(crate) async fn get_client(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Client>> {
    Ok(Json(client_for(&state, &user, &id, Rule::Training(Access::Read))?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstructorBody {
    name: String,
    affiliation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CohortBody {
    skill: String,
    number: u32,
    instructors: Vec<InstructorBody>,
    planned_start: String,
    planned_end: String,
    hours: u32,
    capacity: u32,
}

impl TryFrom<CohortBody> for CohortPlan {
    type Error = Refusal;
    fn try_from(body: CohortBody) -> Answer<CohortPlan> {
        let instructors = body.instructors.iter().map(|i| Instructor::new(&i.name, &i.affiliation));
        Ok(CohortPlan {
            skill: SkillCode::parse(&body.skill)?,
            number: body.number,
            instructors: instructors.collect::<Result<_, _>>()?,
            planned_start: parse_body_date(&body.planned_start)?,
            planned_end: parse_body_date(&body.planned_end)?,
            hours: body.hours,
            capacity: body.capacity,
        })
    }
}

pub(crate) async fn add_cohort(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<CohortBody>,
) -> Created {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    created(state.ledger.add_cohort(panti.id, CohortPlan::try_from(body)?).await?)
}

pub(crate) async fn list_cohorts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Books(Access::Read))?;
    Ok(Json(json!({ "entity_id": panti.id, "cohorts": state.ledger.cohorts(panti.id)? })))
}

/// A cohort as planned, with how many seats are taken: no names.
pub(crate) async fn get_cohort(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let cohort = cohort_for(&state, &user, &id, Rule::Books(Access::Read))?;
    let enrolled = state.ledger.enrolments(cohort.id)?.len();
    Ok(Json(json!({ "cohort": cohort, "enrolled": enrolled })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnrolBody {
    client_id: ClientId,
    date: String,
}

pub(crate) async fn enrol(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<EnrolBody>,
) -> Created {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let date = parse_body_date(&body.date)?;
    created(state.ledger.enrol(cohort.id, body.client_id, date).await?)
}

pub(crate) async fn list_enrolments(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Read))?;
    Ok(Json(json!({ "cohort_id": cohort.id, "enrolments": state.ledger.enrolments(cohort.id)? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssessmentBody {
    date: String,
    result: String,
    score: u64,
}

pub(crate) async fn assess(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, client)): Path<(String, String)>,
    body: JsonBody<AssessmentBody>,
) -> Created {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let assessment = Assessment::new(parse_body_date(&body.date)?, Competency::parse(&body.result)?, body.score)?;
    created(state.ledger.assess(cohort.id, parse_id(&client, "klien")?, assessment).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CompletionBody {
    outcome: String,
    date: String,
    reason: Option<String>,
}

pub(crate) async fn complete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, client)): Path<(String, String)>,
    body: JsonBody<CompletionBody>,
) -> Created {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let completion =
        Completion::new(Outcome::parse(&body.outcome)?, parse_body_date(&body.date)?, body.reason.as_deref())?;
    created(state.ledger.complete(cohort.id, parse_id(&client, "klien")?, completion).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionBody {
    date: String,
    topic: String,
    /// The clients present; every other participant of the day is marked absent.
    present: Vec<ClientId>,
}

pub(crate) async fn record_session(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<SessionBody>,
) -> Created {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let (date, topic) = (parse_body_date(&body.date)?, parse_text(&body.topic, "materi sesi")?);
    created(state.ledger.record_session(cohort.id, date, topic, body.present).await?)
}

pub(crate) async fn list_sessions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let cohort = cohort_for(&state, &user, &id, Rule::Training(Access::Read))?;
    Ok(Json(json!({ "cohort_id": cohort.id, "sessions": state.ledger.sessions(cohort.id)? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlacementBody {
    kind: String,
    date: String,
    destination: Option<String>,
    member_id: Option<u64>,
    note: Option<String>,
}

pub(crate) async fn place(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<PlacementBody>,
) -> Created {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let request = PlacementRequest {
        kind: PlacementKind::parse(&body.kind)?,
        date: parse_body_date(&body.date)?,
        destination: body.destination.as_deref().map(|d| parse_text(d, "tujuan penyaluran")).transpose()?,
        member_id: body.member_id,
        note: parse_note(body.note.as_deref(), "catatan")?,
    };
    created(state.ledger.place(client.id, request).await?)
}

pub(crate) async fn get_placement(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Read))?;
    let placement = state.ledger.placement(client.id)?;
    let placement = placement.ok_or_else(|| AppError::NotFound(format!("penyaluran klien {}", client.number())))?;
    Ok(Json(serde_json::to_value(placement).expect("a placement serialises")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FollowUpBody {
    date: String,
    /// `berjalan` or `berhenti`; left out when the client runs no business.
    business: Option<String>,
    income_estimate: Value,
    needs: Option<String>,
    notes: Option<String>,
}

pub(crate) async fn add_follow_up(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<FollowUpBody>,
) -> Created {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    let visit = FollowUp::new(
        parse_body_date(&body.date)?,
        body.business.as_deref().map(Business::parse).transpose()?,
        parse_amount(&body.income_estimate, 1)?,
        parse_note(body.needs.as_deref(), "kebutuhan")?,
        parse_note(body.notes.as_deref(), "catatan")?,
    )?;
    created(state.ledger.add_follow_up(client.id, visit).await?)
}

pub(crate) async fn list_follow_ups(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Read))?;
    let visits = state.ledger.placement(client.id)?.map(|p| p.follow_ups).unwrap_or_default();
    Ok(Json(json!({ "client_id": client.id, "follow_ups": visits })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemBody {
    name: String,
    quantity: u32,
    value: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackageBody {
    date: String,
    items: Vec<ItemBody>,
}

pub(crate) async fn record_package(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<PackageBody>,
) -> Created {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let mut items = Vec::new();
    let body = body.value()?;
    for (index, item) in body.items.iter().enumerate() {
        items.push(PackageItem::new(&item.name, item.quantity, parse_amount(&item.value, index + 1)?)?);
    }
    created(state.ledger.record_package(client.id, parse_body_date(&body.date)?, items).await?)
}

pub(crate) async fn get_package(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let client = client_for(&state, &user, &id, Rule::Training(Access::Read))?;
    Ok(Json(serde_json::to_value(state.ledger.package(&client)?).expect("a package serialises")))
}

/// The packages of a panti for its treasurer to pay: client numbers, no names.
pub(crate) async fn list_packages(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Books(Access::Read))?;
    Ok(Json(json!({ "entity_id": panti.id, "packages": state.ledger.packages(panti.id)? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaymentBody {
    date: String,
    memo: Option<String>,
}

pub(crate) async fn pay_package(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<PaymentBody>,
) -> Created {
    let client = client_for(&state, &user, &id, Rule::Books(Access::Write))?;
    let body = body.value()?;
    let date = parse_body_date(&body.date)?;
    let memo =
        body.memo.as_deref().map(Memo::parse).transpose().map_err(|e| ServiceError::Entry(EntryErrors(vec![e])))?;
    let (package, posted) = state.ledger.pay_package(client.id, date, memo, user.username.as_str()).await?;
    let entry = posted.entries.first().map(|e| entry_json(e, None));
    created(json!({ "package": package, "entry": entry, "replayed": posted.replayed }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffBody {
    name: String,
    position: String,
    joined_on: String,
    left_on: Option<String>,
    social_worker_certified_on: Option<String>,
}

impl TryFrom<StaffBody> for StaffDetails {
    type Error = Refusal;
    fn try_from(body: StaffBody) -> Answer<StaffDetails> {
        let optional_date = |text: Option<&str>| text.map(parse_body_date).transpose();
        Ok(StaffDetails {
            name: parse_text(&body.name, "nama petugas")?,
            position: parse_text(&body.position, "jabatan")?,
            joined_on: parse_body_date(&body.joined_on)?,
            left_on: optional_date(body.left_on.as_deref())?,
            social_worker_certified_on: optional_date(body.social_worker_certified_on.as_deref())?,
        })
    }
}

pub(crate) async fn add_staff(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    body: JsonBody<StaffBody>,
) -> Created {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let body = body.value()?;
    created(state.ledger.add_staff(panti.id, StaffDetails::try_from(body)?).await?)
}

pub(crate) async fn update_staff(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, staff)): Path<(String, String)>,
    body: JsonBody<StaffBody>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Write))?;
    let staff_id = parse_id(&staff, "petugas")?;
    let body = body.value()?;
    let updated = state.ledger.update_staff(panti.id, staff_id, StaffDetails::try_from(body)?).await?;
    Ok(Json(serde_json::to_value(updated).expect("a staff member serialises")))
}

pub(crate) async fn list_staff(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Training(Access::Read))?;
    Ok(Json(json!({ "entity_id": panti.id, "staff": state.ledger.staff(panti.id)? })))
}

/// Number of professional social workers (jumlah pekerja sosial profesional) in a year,
/// this year when none is asked for.
pub(crate) async fn staff_indicator(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer<Json<Value>> {
    let panti = entity_for(&state, &user, &id, Rule::Books(Access::Read))?;
    let year = year_query(&query)?.unwrap_or_else(|| chrono::Local::now().date_naive().year());
    let count = state.ledger.professional_social_workers(panti.id, year)?;
    Ok(Json(json!({ "entity_id": panti.id, "year": year, "professional_social_workers": count })))
}

fn statistics_csv(statistics: &TrainingStatistics) -> String {
    crate::service::csv_out::serialized_csv(&statistics.rows)
}

/// Outcomes per cohort, skill, sex and year: JSON, or CSV with `?format=csv`.
pub(crate) async fn training_statistics(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer<Response> {
    let panti = entity_for(&state, &user, &id, Rule::Books(Access::Read))?;
    let statistics = state.ledger.training_statistics(panti.id, year_query(&query)?)?;
    match query.get("format").map(String::as_str) {
        None | Some("json") => Ok(Json(json!({ "entity_id": panti.id, "statistics": statistics })).into_response()),
        Some("csv") => {
            Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], statistics_csv(&statistics)).into_response())
        }
        Some(other) => Err(AppError::InvalidBody(format!("format {other:?} tidak dikenal (json, csv)")).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::statistics::{statistics, TrainingRecords};

    #[test]
    fn statistics_csv_has_a_header_and_empty_cells_for_missing_rates() {
        let text = statistics_csv(&statistics(&TrainingRecords::default(), Some(2026)));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("dimension,key,enrolled,attendance_rate,completed,completion_rate,passed,placed_within_3_months,placed_within_6_months,running_business")
        );
        assert_eq!(lines.next(), Some("total,semua,0,,0,,0,0,0,0"));
        assert_eq!(lines.next(), None);
    }
}
