//! `/api/v1` routes of the empowerment report: the yearly plan, report settings, the
//! stage, the reports due and the assessments. The panti's head (and an admin) writes
//! them, its supervisor reads them; nobody else sees them ([`allows_report`]).

use super::api::{date_param, idempotency, parse_body_date, parse_id, today};
use super::error::AppError;
use super::extract::{CurrentUser, JsonBody};
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::money::canonical;
use crate::domain::report::assessment::{
    AssessmentDetails, Conduct, Conducts, Environment, GroupWork, Official, Rating, EVALUATOR_ROLES, MONITOR_ROLES,
};
use crate::domain::report::cadence::{PeriodKey, Stage};
use crate::domain::report::{parse_year, Field, Person, ReportError};
use crate::domain::user::{Access, User};
use crate::service::ServiceError;
use crate::usecase::reports::{put_plan::StoredPlan, set_report_settings::StoredSettings};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type Answer = Result<Json<Value>, AppError>;
type Created = Result<(StatusCode, Json<Value>), AppError>;

/// The path's panti, if the service lets this user touch its report records with
/// `access` ([`Ledger::report_panti`](crate::service::Ledger::report_panti)).
pub(super) fn allowed_panti(state: &AppState, user: &User, id: &str, access: Access) -> Result<Entity, AppError> {
    let actor = crate::usecase::Actor::new(user.clone());
    Ok(state.ledger.report_panti(&actor, parse_id(id, "entitas")?, access)?)
}

/// The path's panti, if this user signs its reports: its head alone
/// ([`Ledger::submitting_panti`](crate::service::Ledger::submitting_panti)).
pub(super) fn signing_panti(state: &AppState, user: &User, id: &str) -> Result<Entity, AppError> {
    let actor = crate::usecase::Actor::new(user.clone());
    Ok(state.ledger.submitting_panti(&actor, parse_id(id, "entitas")?)?)
}

pub(super) fn refused(error: ReportError) -> AppError {
    ServiceError::from(error).into()
}

pub(super) fn year_of(text: &str) -> Result<i32, AppError> {
    parse_year(parse_id(text, "tahun")? as i64).map_err(refused)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonBody {
    name: String,
    position: String,
}

/// The latest plan of the year, or `?version=N`.
pub(crate) async fn get_plan(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let version = query.get("version").map(|v| parse_id(v, "versi rencana")).transpose()?;
    let version = version.map(|v| u32::try_from(v).unwrap_or(u32::MAX));
    Ok(Json(json!(StoredPlan::of(state.ledger.plan(panti.id, year_of(&year)?, version)?))))
}

/// Every version of the year's plan, oldest first, each with its budget total.
pub(crate) async fn plan_versions(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year)): Path<(String, String)>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let year = year_of(&year)?;
    let versions: Vec<Value> = state
        .ledger
        .plan_versions(panti.id, year)?
        .iter()
        .map(|plan| {
            json!({ "version": plan.version, "recorded_by": plan.recorded_by, "recorded_at": plan.recorded_at,
                "activities": plan.activities.len(), "budget_total": canonical(plan.budget().total) })
        })
        .collect();
    Ok(Json(json!({ "entity_id": panti.id, "year": year, "versions": versions })))
}

pub(crate) async fn get_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    Ok(Json(json!(StoredSettings::of(panti.id, state.ledger.report_settings(panti.id)?))))
}

/// The current stage and every change, oldest first.
pub(crate) async fn get_stage(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let changes = state.ledger.stage_changes(panti.id)?;
    let stage = changes.last().map_or(Stage::Awal, |c| c.stage);
    Ok(Json(json!({ "entity_id": panti.id, "stage": stage, "changes": changes })))
}

/// The reports from the start up to the period of `as_of` (today when left out).
pub(crate) async fn due(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let as_of = date_param(&query, "as_of")?.unwrap_or_else(today);
    let listing = state.ledger.due_reports(panti.id, as_of)?;
    let mut value = serde_json::to_value(&listing).expect("a due listing serialises");
    value["settings"] = json!(StoredSettings::of(panti.id, Some(listing.settings)));
    Ok(Json(value))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingBody {
    /// 1 kurang, 2 cukup, 3 baik, 4 sangat baik.
    score: i64,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvironmentBody {
    gardens_and_rooms: RatingBody,
    yard_and_garden: RatingBody,
    room_cleanliness: RatingBody,
    bathrooms_and_kitchen: RatingBody,
    room_harmony: RatingBody,
    community_national_events: RatingBody,
    community_religious_events: RatingBody,
    community_local_events: RatingBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConductBody {
    attitude: Option<String>,
    behaviour: Option<String>,
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConductsBody {
    staff: ConductBody,
    clients: ConductBody,
    families: ConductBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupBody {
    group: String,
    field: String,
    kube_id: Option<u64>,
    cooperation: String,
    way_of_working: String,
    results: String,
    problems: Option<String>,
    solutions: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialBody {
    role: String,
    name: String,
    position: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssessmentBody {
    assessed_on: String,
    assessor: PersonBody,
    environment: EnvironmentBody,
    conduct: ConductsBody,
    #[serde(default)]
    groups: Vec<GroupBody>,
    monitors: Vec<OfficialBody>,
    evaluators: Vec<OfficialBody>,
}

fn officials<R: serde::de::DeserializeOwned>(
    bodies: &[OfficialBody],
    roles: &'static str,
) -> Result<Vec<Official<R>>, ReportError> {
    bodies.iter().map(|b| Official::new(&b.role, Person::new(&b.name, &b.position)?, roles)).collect()
}

impl TryFrom<AssessmentBody> for AssessmentDetails {
    type Error = AppError;
    fn try_from(body: AssessmentBody) -> Result<AssessmentDetails, AppError> {
        let rating = |r: &RatingBody| Rating::new(r.score, r.notes.as_deref());
        let e = &body.environment;
        let conduct =
            |who, c: &ConductBody| Conduct::new(who, c.attitude.as_deref(), c.behaviour.as_deref(), c.role.as_deref());
        let group = |g: &GroupBody| {
            let field = Field::parse(&g.field)?;
            let (problems, solutions) = (g.problems.as_deref(), g.solutions.as_deref());
            GroupWork::new(
                &g.group,
                field,
                g.kube_id,
                &g.cooperation,
                &g.way_of_working,
                &g.results,
                problems,
                solutions,
            )
        };
        let assessed_on = parse_body_date(&body.assessed_on)?;
        let details = (|| {
            Ok(AssessmentDetails {
                assessed_on,
                assessor: Person::new(&body.assessor.name, &body.assessor.position)?,
                environment: Environment {
                    gardens_and_rooms: rating(&e.gardens_and_rooms)?,
                    yard_and_garden: rating(&e.yard_and_garden)?,
                    room_cleanliness: rating(&e.room_cleanliness)?,
                    bathrooms_and_kitchen: rating(&e.bathrooms_and_kitchen)?,
                    room_harmony: rating(&e.room_harmony)?,
                    community_national_events: rating(&e.community_national_events)?,
                    community_religious_events: rating(&e.community_religious_events)?,
                    community_local_events: rating(&e.community_local_events)?,
                },
                conduct: Conducts {
                    staff: conduct("petugas", &body.conduct.staff)?,
                    clients: conduct("klien", &body.conduct.clients)?,
                    families: conduct("keluarga penghuni", &body.conduct.families)?,
                },
                groups: body.groups.iter().map(group).collect::<Result<_, _>>()?,
                monitors: officials(&body.monitors, MONITOR_ROLES)?,
                evaluators: officials(&body.evaluators, EVALUATOR_ROLES)?,
            })
        })();
        details.map_err(refused)
    }
}

pub(super) fn period_param(query: &HashMap<String, String>) -> Result<Option<PeriodKey>, AppError> {
    query.get("period").map(|text| PeriodKey::parse(text).map_err(refused)).transpose()
}

/// Records an assessment of `?period=2026-TW2`, once under an `Idempotency-Key`.
pub(crate) async fn add_assessment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: JsonBody<AssessmentBody>,
) -> Created {
    let panti = allowed_panti(&state, &user, &id, Access::Write)?;
    let period = period_param(&query)?
        .ok_or_else(|| AppError::InvalidBody("sebutkan periode penilaian: ?period=2026-TW2".into()))?;
    let once = idempotency(&headers, &format!("assessments/{period}"), &body)?;
    let body = body.value()?;
    let details = AssessmentDetails::try_from(body)?;
    let assessment = state.ledger.add_assessment(panti.id, period, details, once, user.username.as_str()).await?;
    Ok((StatusCode::CREATED, Json(serde_json::to_value(assessment).expect("an assessment serialises"))))
}

/// The assessments of `?period=…`, or of every period, oldest first within a period.
pub(crate) async fn list_assessments(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    let panti = allowed_panti(&state, &user, &id, Access::Read)?;
    let assessments = state.ledger.assessments(panti.id, period_param(&query)?)?;
    Ok(Json(json!({ "entity_id": panti.id, "assessments": assessments })))
}
