//! The head's training pages (pelatihan): the client register with search and paging and
//! the form that registers a client (`register_client`); a client's record; the form that
//! plans a cohort (`plan_cohort`); a cohort's page, and its four step forms: enrol a client
//! (`enrol_client`), a session with its attendance (`record_session`), an assessment
//! (`assess_client`) and the end of a participant's training (`complete_training`); the
//! staff register with the form that adds a staff member (`add_staff`). Each
//! form is a command through the page-form door; the service decides who sees names.

use super::super::api::parse_id;
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::panti::date_text;
use super::reports::{label, options};
use super::session::{see_other, Page, PageForm};
use super::{paged, render};
use crate::domain::entity::Entity;
use crate::domain::training::client::{Client, ClientStatus, Sex};
use crate::domain::training::cohort::{Competency, Enrolment, Outcome};
use crate::domain::training::statistics::CohortRecords;
use crate::domain::training::ClientId;
use crate::domain::user::Access;
use crate::usecase::training::{
    add_staff::AddStaff, assess_client::AssessClient, complete_training::CompleteTraining, enrol_client::EnrolClient,
    plan_cohort::PlanCohort, record_session::RecordSession, register_client::RegisterClient,
};
use crate::usecase::{Actor, RegisterCommand};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use minijinja::{context, Value};
use serde_json::json;
use std::collections::HashMap;

/// Clients shown on one page of the register.
const CLIENTS_PER_PAGE: usize = 20;

const CLIENT: FormKind = FormKind {
    template: "client_form.html",
    fields: &["number", "cohort_number", "name", "sex", "birth_date", "religion", "origin", "admitted_on", "case_type"],
};
const COHORT: FormKind = FormKind {
    template: "cohort_form.html",
    fields: &[
        "skill",
        "number",
        "instructor_name",
        "instructor_affiliation",
        "planned_start",
        "planned_end",
        "hours",
        "capacity",
    ],
};

/// The staff register's form: who joined, and when certified as a social worker.
const STAFF: FormKind =
    FormKind { template: "staff.html", fields: &["name", "position", "joined_on", "social_worker_certified_on"] };

/// What a cohort's page records, each a form of its own at `/cohorts/{id}/{step}`; the
/// order of `FormKind::fields` is the order shown. `present` holds the ids ticked.
pub(super) const STEPS: [(&str, FormKind); 4] = [
    ("enrolment", FormKind { template: "cohort_step.html", fields: &["client_id", "date"] }),
    ("session", FormKind { template: "cohort_step.html", fields: &["date", "topic", "present"] }),
    ("assessment", FormKind { template: "cohort_step.html", fields: &["client", "date", "result", "score"] }),
    ("completion", FormKind { template: "cohort_step.html", fields: &["client", "outcome", "date", "reason"] }),
];

/// Whether the page's user may change the panti's client records (its head, an admin).
fn may_write(page: &Page, panti: &Entity) -> bool {
    crate::domain::training::allows_training(page.user.role, page.user.entity_id, Access::Write, panti)
}

fn actor(page: &Page) -> Actor {
    Actor::new(page.user.clone())
}

fn step_of(step: &str) -> Result<&'static (&'static str, FormKind), AppError> {
    STEPS.iter().find(|(name, _)| *name == step).ok_or_else(|| AppError::NotFound(format!("langkah {step}")))
}

fn client_context(page: &Page, client: &Client) -> Value {
    let details = &client.details;
    context! {
        id => client.id, number => details.number.as_str(), name => details.name, cohort_number => details.cohort_number,
        sex => label(page.lang, "tr_sex", details.sex), birth_date => date_text(details.birth_date),
        religion => details.religion, origin => details.origin, admitted_on => date_text(details.admitted_on),
        case_type => details.case_type, status => label(page.lang, "tr_status", client.status),
        active => client.status == ClientStatus::Aktif,
    }
}

pub(crate) async fn clients(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let (panti, clients) = state.ledger.clients_for(&actor(&page), parse_id(&id, "entitas")?)?;
    let q = query.get("q").map_or("", |q| q.trim());
    let wanted = q.to_lowercase();
    let found: Vec<&Client> = (clients.iter())
        .filter(|c| c.details.name.to_lowercase().contains(&wanted) || c.number().to_lowercase().contains(&wanted))
        .collect();
    let (shown, at, pages) = paged(&found, CLIENTS_PER_PAGE, &query);
    let shown: Vec<Value> = shown.iter().map(|c| client_context(&page, c)).collect();
    let added = query.get("added").and_then(|added| clients.iter().find(|c| c.id.to_string() == *added));
    let added = added.map(|c| client_context(&page, c));
    Ok(render(
        "clients.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, clients => shown, q, found => found.len(), at, pages,
            added, can_write => may_write(&page, &panti),
        }),
    ))
}

fn client_page(page: &Page, panti: &Entity, shown: &Shown) -> Html<String> {
    let sexes = options(page.lang, "tr_sex", [Sex::Perempuan, Sex::LakiLaki]);
    render(CLIENT.template, shown.context(page, &CLIENT, panti, context! { sexes }))
}

pub(crate) async fn new_client(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let panti = state.ledger.panti_for(&actor(&page), parse_id(&id, "entitas")?, RegisterClient::ACCESS)?;
    let today = super::super::api::today().to_string();
    let shown = Shown::fresh(fresh(&CLIENT, &[("admitted_on", &today)]));
    Ok(client_page(&page, &panti, &shown).into_response())
}

pub(crate) async fn save_client(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = state.ledger.panti_for(&actor(page), parse_id(&id, "entitas")?, RegisterClient::ACCESS)?;
    match super::form::run_register::<RegisterClient>(&state, page, panti.id, Shown::posted(&form, &CLIENT)?).await? {
        Ok(client) => Ok(see_other(&format!("/entities/{}/clients?added={}", panti.id, client.id))),
        Err(shown) => Ok(refused(client_page(page, &panti, &shown))),
    }
}

/// The result and the end of a participant's training, as the pages word them.
fn enrolment_context(page: &Page, enrolment: &Enrolment) -> Value {
    context! {
        enrolled_on => date_text(enrolment.enrolled_on),
        result => enrolment.assessment.as_ref().map(|a| format!("{} ({})", label(page.lang, "tr_result", a.result), a.score)),
        outcome => enrolment.completion.as_ref().map(|c| label(page.lang, "tr_outcome", c.outcome)),
    }
}

pub(crate) async fn client(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let record = state.ledger.client_for(&actor(&page), parse_id(&id, "klien")?)?;
    let skills = state.ledger.skills(record.panti.id)?;
    let cohorts: Vec<Value> = (record.cohorts.iter())
        .map(|(cohort, enrolment)| {
            context! { id => cohort.id, name => cohort_name(&skills, cohort), ..enrolment_context(&page, enrolment) }
        })
        .collect();
    let placement = record.placement.as_ref().map(|p| {
        context! { kind => label(page.lang, "placement", p.kind), date => date_text(p.date), destination => p.destination }
    });
    Ok(render(
        "client.html",
        page.context(context! {
            panti_id => record.panti.id, panti_name => record.panti.name, client => client_context(&page, &record.client),
            cohorts, placement,
        }),
    ))
}

/// A skill's Indonesian name by its code (the code itself for one no longer listed).
pub(super) fn skill_name(
    skills: &[crate::domain::training::skill::Skill],
    code: &crate::domain::training::skill::SkillCode,
) -> String {
    skills.iter().find(|s| &s.code == code).map_or_else(|| code.as_str().to_string(), |s| s.name_id.clone())
}

/// A cohort's instructors as one line: "name (affiliation), …".
pub(super) fn instructors_text(plan: &crate::domain::training::cohort::CohortPlan) -> String {
    let each: Vec<String> = plan.instructors.iter().map(|i| format!("{} ({})", i.name, i.affiliation)).collect();
    each.join(", ")
}

fn cohort_name(
    skills: &[crate::domain::training::skill::Skill],
    cohort: &crate::domain::training::cohort::Cohort,
) -> String {
    format!("{} · {}", skill_name(skills, &cohort.plan.skill), cohort.plan.number)
}

fn cohort_form_page(state: &AppState, page: &Page, panti: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let skills: Vec<[String; 2]> =
        state.ledger.skills(panti.id)?.into_iter().map(|s| [s.code.as_str().to_string(), s.name_id]).collect();
    Ok(render(COHORT.template, shown.context(page, &COHORT, panti, context! { skills })))
}

pub(crate) async fn new_cohort(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let panti = state.ledger.panti_for(&actor(&page), parse_id(&id, "entitas")?, PlanCohort::ACCESS)?;
    let shown = Shown::fresh(fresh(&COHORT, &[("number", "1")]));
    Ok(cohort_form_page(&state, &page, &panti, &shown)?.into_response())
}

pub(crate) async fn save_cohort(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = state.ledger.panti_for(&actor(page), parse_id(&id, "entitas")?, PlanCohort::ACCESS)?;
    let shown = Shown::posted(&form, &COHORT)?;
    let f = &shown.fields;
    let input = json!({
        "skill": f["skill"], "number": f["number"], "planned_start": f["planned_start"], "planned_end": f["planned_end"],
        "hours": f["hours"], "capacity": f["capacity"],
        "instructors": [{ "name": f["instructor_name"], "affiliation": f["instructor_affiliation"] }],
    });
    match run_step::<PlanCohort>(&state, page, &panti, shown, input).await? {
        Ok(cohort) => Ok(see_other(&format!("/cohorts/{}?saved=planned", cohort.id))),
        Err(shown) => Ok(refused(cohort_form_page(&state, page, &panti, &shown)?)),
    }
}

/// A cohort's participants: each enrolment with its client.
fn participants<'a>(records: &'a CohortRecords, clients: &'a [Client]) -> Vec<(&'a Enrolment, &'a Client)> {
    (records.enrolments.iter()).filter_map(|e| clients.iter().find(|c| c.id == e.client_id).map(|c| (e, c))).collect()
}

pub(crate) async fn cohort(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let (panti, records) = state.ledger.cohort_for(&actor(&page), parse_id(&id, "angkatan")?, Access::Read)?;
    let clients = state.ledger.clients(panti.id)?;
    let held = records.sessions.len();
    let people: Vec<Value> = (participants(&records, &clients).into_iter())
        .map(|(enrolment, client)| {
            let present = (records.sessions.iter())
                .filter(|s| s.attendance.iter().any(|m| m.client_id == client.id && m.present))
                .count();
            context! {
                id => client.id, number => client.number(), name => client.details.name, present, held,
                ..enrolment_context(&page, enrolment)
            }
        })
        .collect();
    let sessions: Vec<Value> = (records.sessions.iter().rev())
        .map(|s| {
            let present = s.attendance.iter().filter(|m| m.present).count();
            context! { number => s.number, date => date_text(s.date), topic => s.topic, present, marked => s.attendance.len() }
        })
        .collect();
    let plan = &records.cohort.plan;
    let skills = state.ledger.skills(panti.id)?;
    let known = |s: &&String| s.as_str() == "planned" || STEPS.iter().any(|(step, _)| step == s);
    let saved = query.get("saved").filter(known);
    Ok(render(
        "cohort.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, cohort_id => records.cohort.id,
            name => cohort_name(&skills, &records.cohort), start => date_text(plan.planned_start),
            end => date_text(plan.planned_end), hours => plan.hours, capacity => plan.capacity,
            instructors => instructors_text(plan), people, sessions,
            saved => saved.map(|s| page.lang.text(&format!("tr_saved_{s}"))),
            can_write => may_write(&page, &panti),
        }),
    ))
}

/// A step's form with what it chooses from: the active clients not yet enrolled, or the
/// participants.
fn step_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    records: &CohortRecords,
    step: &'static (&'static str, FormKind),
    shown: &Shown,
) -> Result<Html<String>, AppError> {
    let clients = state.ledger.clients(panti.id)?;
    let choice = |c: &Client| [c.id.to_string(), format!("{} · {}", c.number(), c.details.name)];
    let choices: Vec<[String; 2]> = match step.0 {
        "enrolment" => (clients.iter())
            .filter(|c| c.status == ClientStatus::Aktif && !records.enrolments.iter().any(|e| e.client_id == c.id))
            .map(choice)
            .collect(),
        _ => participants(records, &clients).into_iter().map(|(_, client)| choice(client)).collect(),
    };
    let ticked: Vec<&str> = shown.fields.get("present").map_or(Vec::new(), |p| p.split(',').collect());
    let skills = state.ledger.skills(panti.id)?;
    let extra = context! {
        step => step.0, cohort_id => records.cohort.id, cohort_name => cohort_name(&skills, &records.cohort), choices, ticked,
        results => options(page.lang, "tr_result", [Competency::Kompeten, Competency::BelumKompeten]),
        outcomes => options(page.lang, "tr_outcome", [Outcome::Lulus, Outcome::TidakLulus, Outcome::Keluar]),
    };
    Ok(render(step.1.template, shown.context(page, &step.1, panti, extra)))
}

pub(crate) async fn cohort_step(
    State(state): State<AppState>,
    page: Page,
    Path((id, step)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let step = step_of(&step)?;
    let (panti, records) = state.ledger.cohort_for(&actor(&page), parse_id(&id, "angkatan")?, Access::Write)?;
    let client = query.get("client").map_or("", String::as_str);
    // A session is taken with everyone present; the head unticks who is not.
    let everyone: Vec<String> = records.enrolments.iter().map(|e| e.client_id.to_string()).collect();
    let everyone = everyone.join(",");
    let shown = Shown::fresh(fresh(&step.1, &[("client", client), ("client_id", client), ("present", &everyone)]));
    Ok(step_page(&state, &page, &panti, &records, step, &shown)?.into_response())
}

/// Runs `C` with `typed`, the input the page built from its form, under the form's key.
async fn run_step<C: RegisterCommand>(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    shown: Shown,
    typed: serde_json::Value,
) -> Result<Result<C::Outcome, Shown>, AppError> {
    let input = crate::service::import::written_input::<C::Input>(typed)?;
    super::form::run_register_with::<C>(state, page, panti.id, shown, input).await
}

pub(crate) async fn save_cohort_step(
    State(state): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let step = step_of(&step)?;
    let (panti, records) = state.ledger.cohort_for(&actor(page), parse_id(&id, "angkatan")?, Access::Write)?;
    let mut shown = Shown::posted(&form, &step.1)?;
    let cohort = records.cohort.id.to_string();
    let f = &mut shown.fields;
    let answer = match step.0 {
        "enrolment" => {
            let typed = json!({ "cohort": cohort, "client_id": f["client_id"], "date": f["date"] });
            run_step::<EnrolClient>(&state, page, &panti, shown, typed).await?.map(drop)
        }
        "session" => {
            let present: Vec<ClientId> = records
                .enrolments
                .iter()
                .map(|e| e.client_id)
                .filter(|id| form.field(&format!("present_{id}")) == "on")
                .collect();
            f.insert("present", present.iter().map(ClientId::to_string).collect::<Vec<_>>().join(","));
            let typed = json!({ "cohort": cohort, "date": f["date"], "topic": f["topic"], "present": present });
            run_step::<RecordSession>(&state, page, &panti, shown, typed).await?.map(drop)
        }
        "assessment" => {
            let typed = json!({
                "cohort": cohort, "client": f["client"], "date": f["date"], "result": f["result"], "score": f["score"],
            });
            run_step::<AssessClient>(&state, page, &panti, shown, typed).await?.map(drop)
        }
        _ => {
            let reason = Some(f["reason"].as_str()).filter(|r| !r.is_empty());
            let typed = json!({
                "cohort": cohort, "client": f["client"], "outcome": f["outcome"], "date": f["date"], "reason": reason,
            });
            run_step::<CompleteTraining>(&state, page, &panti, shown, typed).await?.map(drop)
        }
    };
    match answer {
        Ok(()) => Ok(see_other(&format!("/cohorts/{}?saved={}", records.cohort.id, step.0))),
        Err(shown) => Ok(refused(step_page(&state, page, &panti, &records, step, &shown)?)),
    }
}

/// The staff register with its professional social workers this year (seed 004), and for
/// the head the form that adds a staff member.
fn staff_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    shown: &Shown,
    added: Option<&str>,
) -> Result<Html<String>, AppError> {
    let (_, staff) = state.ledger.staff_for(&actor(page), panti.id)?;
    let year = super::super::api::today().year();
    let professionals = crate::domain::training::staff::professional_social_workers(&staff, year);
    let added = added.and_then(|id| staff.iter().find(|s| s.id.to_string() == id)).map(|s| s.details.name.clone());
    let staff: Vec<Value> = (staff.iter())
        .map(|s| {
            let d = &s.details;
            context! {
                id => s.id, name => d.name, position => d.position, joined_on => date_text(d.joined_on),
                left_on => d.left_on.map(date_text), certified_on => d.social_worker_certified_on.map(date_text),
            }
        })
        .collect();
    Ok(render(
        STAFF.template,
        shown.context(
            page,
            &STAFF,
            panti,
            context! { staff, year, professionals, added, may_write => may_write(page, panti) },
        ),
    ))
}

pub(crate) async fn staff(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let panti = state.ledger.panti_for(&actor(&page), parse_id(&id, "entitas")?, Access::Read)?;
    let today = super::super::api::today().to_string();
    let shown = Shown::fresh(fresh(&STAFF, &[("joined_on", &today)]));
    staff_page(&state, &page, &panti, &shown, query.get("added").map(String::as_str))
}

pub(crate) async fn save_staff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = state.ledger.panti_for(&actor(page), parse_id(&id, "entitas")?, AddStaff::ACCESS)?;
    let shown = Shown::posted(&form, &STAFF)?;
    let f = &shown.fields;
    let certified = Some(f["social_worker_certified_on"].as_str()).filter(|c| !c.is_empty());
    let typed = json!({
        "name": f["name"], "position": f["position"], "joined_on": f["joined_on"], "social_worker_certified_on": certified,
    });
    match run_step::<AddStaff>(&state, page, &panti, shown, typed).await? {
        Ok(added) => Ok(see_other(&format!("/entities/{}/staff?added={}#staff-{}", panti.id, added.id, added.id))),
        Err(shown) => Ok(refused(staff_page(&state, page, &panti, &shown, None)?)),
    }
}
