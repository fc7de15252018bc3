//! The head's pages of one period's empowerment report: what it is made of so far, the
//! A4 preview exactly as it would be submitted, the head's evaluation form, submission
//! (the head alone, once the period has ended) and the list of submitted revisions with
//! each stored copy. The supervisor reads all of it.

use super::super::api::{parse_id, today};
use super::super::error::AppError;
use super::super::report::allowed_panti;
use super::super::report_submit::{period_key, render_html, stored_revision};
use super::super::AppState;
use super::form::{self, first_error, Check, FieldErrors};
use super::panti::date_text;
use super::render;
use super::reports::{label, name_of, Typed};
use super::session::{see_other, Page, PageForm};
use crate::domain::entity::Entity;
use crate::domain::report::assembly::{Evaluation, Submission};
use crate::domain::report::cadence::PeriodKey;
use crate::domain::report::{allows_report, Field, ReportError};
use crate::domain::user::{Access, Role};
use crate::service::report_assembly::SubmitRequest;
use crate::service::ServiceError;
use crate::usecase::reports::put_evaluation::{FieldInput, Input as EvaluationInput, PutEvaluation, PLACES};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use minijinja::{context, Value};
use std::collections::{BTreeSet, HashMap};

fn evaluation_fields() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = PLACES.iter().flat_map(|(_, process, results)| [*process, *results]).collect();
    names.push("overall");
    names
}

/// The submit form: why a correction is made, and the head's confirmation.
const SUBMIT: [&str; 3] = ["reason", "confirm", "revision"];

/// The evaluation form as the command's input: each field with anything typed, then
/// overall.
fn evaluation_input(key: PeriodKey, fields: &Typed) -> EvaluationInput {
    let filled = PLACES.iter().filter(|(_, process, results)| !fields.all_empty(&[process, results]));
    EvaluationInput {
        period: key.to_string(),
        fields: filled
            .map(|(field, process, results)| FieldInput {
                field: name_of(field),
                process: fields.get(process).to_string(),
                results: fields.get(results).to_string(),
            })
            .collect(),
        overall: fields.get("overall").to_string(),
    }
}

/// What the page shows of a form: as typed, its errors, and what is wrong with all of it.
struct Shown {
    fields: Typed,
    errors: FieldErrors,
    form_error: Option<String>,
}

impl Shown {
    fn fresh(fields: Typed) -> Shown {
        Shown { fields, errors: FieldErrors::new(), form_error: None }
    }
}

/// Which of the page's two forms comes back as posted; the other shows what is stored.
enum Posted {
    /// Neither; `saved` when the evaluation was stored a moment ago (the page says so).
    Nothing {
        saved: bool,
    },
    Evaluation(Shown),
    Submission(Shown),
}

fn empty(names: &[&'static str]) -> Typed {
    Typed(names.iter().map(|name| (*name, String::new())).collect())
}

/// The stored evaluation draft as the form shows it.
fn evaluation_form(stored: Option<&Evaluation>) -> Typed {
    let mut fields = empty(&evaluation_fields());
    if let Some(evaluation) = stored {
        for saved in &evaluation.fields {
            if let Some((_, process, results)) = PLACES.iter().find(|(f, ..)| *f == saved.field) {
                fields.0.insert(process, saved.process.clone());
                fields.0.insert(results, saved.results.clone());
            }
        }
        fields.0.insert("overall", evaluation.overall.clone());
    }
    fields
}

fn submission_context(submission: &Submission) -> Value {
    let h = &submission.header;
    context! {
        key => h.period.to_string(), title => h.period.title(), revision => h.revision, reason => h.reason,
        submitted_by => h.submitted_by, submitted_at => h.submitted_at, submitted_on => date_text(h.submitted_on),
        html_sha256 => submission.html_sha256, verified => submission.verify(),
    }
}

/// The report page: its period and status, what it is made of, the evaluation form and
/// the submit form (the head's), and the revisions submitted.
fn report_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    key: PeriodKey,
    posted: Posted,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = page.lang;
    let stored = state.ledger.evaluation(panti.id, key)?;
    let submissions = state.ledger.submissions(panti.id, Some(key))?;
    let fresh_evaluation = || Shown::fresh(evaluation_form(stored.as_ref()));
    let fresh_submission = || Shown::fresh(fresh_submit(submissions.len() + 1));
    let (evaluation, submission, saved) = match posted {
        Posted::Nothing { saved } => (fresh_evaluation(), fresh_submission(), saved),
        Posted::Evaluation(shown) => (shown, fresh_submission(), false),
        Posted::Submission(shown) => (fresh_evaluation(), shown, false),
    };
    let (span, stage) = state.ledger.report_period(panti.id, key)?;
    let listing = state.ledger.due_reports_if_set(panti.id, today())?;
    let due = listing.and_then(|l| l.reports.into_iter().find(|r| r.key == key.to_string()));
    let due = due.map(|d| {
        context! { due => date_text(d.due), status => name_of(d.status), status_text => label(lang, "status", d.status) }
    });
    let plan = state.ledger.plan_versions(panti.id, key.year())?.pop();
    let assessed = state.ledger.assessments(panti.id, Some(key))?.len();
    let planned: BTreeSet<Field> = plan.iter().flat_map(|p| p.activities.iter().map(|a| a.field)).collect();
    let rows: Vec<Value> = PLACES
        .iter()
        .map(|(field, process, results)| {
            let open = planned.contains(field)
                || !evaluation.fields.all_empty(&[process, results])
                || evaluation.errors.contains_key(process)
                || evaluation.errors.contains_key(results);
            context! { label => label(lang, "field", *field), process, results, open, planned => planned.contains(field) }
        })
        .collect();
    let revisions: Vec<Value> = submissions.iter().map(submission_context).collect();
    let can_write = allows_report(page.user.role, page.user.entity_id, Access::Write, panti);
    let html = render(
        "report_page.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, key => key.to_string(), title => key.title(),
            start => date_text(span.start), end => date_text(span.end), stage => label(lang, "stage", stage),
            due, plan_version => plan.map(|p| p.version), plan_year => key.year(), assessed,
            evaluated => stored.is_some(),
            can_write, can_submit => can_write && page.user.role == Role::Head, ended => today() > span.end,
            next_revision => revisions.len() + 1, revisions,
            rows, first_error => first_error(&evaluation_fields(), &evaluation.errors),
            fields => evaluation.fields, errors => evaluation.errors, form_error => evaluation.form_error, saved,
            submit => context! {
                first_error => first_error(&SUBMIT, &submission.errors),
                fields => submission.fields, errors => submission.errors, form_error => submission.form_error,
            },
        }),
    );
    Ok((status, html).into_response())
}

fn fresh_submit(next_revision: usize) -> Typed {
    let mut fields = empty(&SUBMIT);
    fields.0.insert("revision", next_revision.to_string());
    fields
}

pub(crate) async fn report(
    State(state): State<AppState>,
    page: Page,
    Path((id, key)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let key = period_key(&key)?;
    let saved = query.get("saved").is_some_and(|what| what == "evaluation");
    report_page(&state, &page, &panti, key, Posted::Nothing { saved }, StatusCode::OK)
}

/// The report as it would be submitted now: the very HTML a submission stores.
pub(crate) async fn preview(
    State(state): State<AppState>,
    page: Page,
    Path((id, key)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    Ok(Html(render_html(&state.ledger.assemble_report(panti.id, period_key(&key)?)?)))
}

pub(crate) async fn save_evaluation(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = allowed_panti(&state, &page.user, &id, Access::Write)?;
    let key = period_key(&key)?;
    let fields = Typed::of(&form, &evaluation_fields());
    let input = evaluation_input(key, &fields);
    let shown = super::books::Shown::fresh(fields.0);
    match form::run_register_with::<PutEvaluation>(&state, page, panti.id, shown, input).await? {
        Ok(_) => Ok(see_other(&format!("/entities/{}/reports/{key}?saved=evaluation#evaluation", panti.id))),
        Err(refused) => {
            let shown = Shown { fields: Typed(refused.fields), errors: refused.errors, form_error: refused.form_error };
            report_page(&state, page, &panti, key, Posted::Evaluation(shown), StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// Submits the report as the preview shows it. The form names the revision it means:
/// a resend of a submission that landed goes to the list, and one that someone else
/// submitted meanwhile is not followed by a second without the head seeing it.
pub(crate) async fn submit(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let actor = crate::usecase::Actor::new(page.user.clone());
    let panti = state.ledger.submitting_panti(&actor, parse_id(&id, "entitas")?)?;
    let key = period_key(&key)?;
    let fields = Typed::of(&form, &SUBMIT);
    let revision = fields.get("revision").parse::<u32>().map_err(|_| {
        AppError::InvalidBody("revisi yang diserahkan (revision) tidak sah; buka halaman laporan lagi".into())
    })?;
    let mut check = Check::new(page.lang);
    let reason = if revision > 1 { fields.required_note(&mut check, "reason") } else { None };
    check.field("confirm", "e_confirm_submit", (fields.get("confirm") == "yes").then_some(()));
    let listed = format!("/entities/{}/reports/submitted?done={key}-{revision}#submission-{key}-{revision}", panti.id);
    let again = |fields: Typed, errors: FieldErrors, form_error: Option<String>, status: StatusCode| {
        let shown = Posted::Submission(Shown { fields, errors, form_error });
        report_page(&state, page, &panti, key, shown, status)
    };
    if !check.errors.is_empty() {
        return again(fields, check.errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request =
        SubmitRequest { submitted_by: page.user.username.as_str().to_string(), reason, revision: Some(revision) };
    let error = match state.ledger.submit_report(panti.id, key, request, today(), render_html).await {
        Ok(_) => return Ok(see_other(&listed)),
        Err(error) => error,
    };
    if let ServiceError::Report(ReportError::RevisionTaken { .. }) = error {
        let stored = state.ledger.submissions(panti.id, Some(key))?;
        let same = stored.iter().find(|s| s.header.revision == revision);
        if same.is_some_and(|s| s.header.submitted_by == page.user.username.as_str()) {
            return Ok(see_other(&listed));
        }
        let message = form::not_saved(page.lang, &error);
        return again(fresh_submit(stored.len() + 1), FieldErrors::new(), Some(message), StatusCode::CONFLICT);
    }
    let (field, message) = form::refusal(error, page.lang, |e| match e {
        ServiceError::Report(ReportError::ReasonRequired(_)) => Some("reason"),
        _ => None,
    })?;
    let errors: FieldErrors = field.map(|f| (f, message.clone())).into_iter().collect();
    let form_error = field.is_none().then_some(message);
    again(fields, errors, form_error, StatusCode::UNPROCESSABLE_ENTITY)
}

/// Every submitted revision of the panti, newest first, with its fingerprint and whether
/// it came by the due date; `?done=KEY-REVISION` names the one just submitted.
pub(crate) async fn submitted(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let listing = state.ledger.due_reports_if_set(panti.id, today())?;
    let due: HashMap<String, NaiveDate> = listing.into_iter().flat_map(|l| l.reports).map(|r| (r.key, r.due)).collect();
    let stored = state.ledger.submissions(panti.id, None)?;
    let done = query.get("done").and_then(|done| {
        stored.iter().find(|s| *done == format!("{}-{}", s.header.period, s.header.revision)).map(|s| {
            context! { title => s.header.period.title(), revision => s.header.revision }
        })
    });
    let submissions: Vec<Value> = stored
        .iter()
        .rev()
        .map(|s| {
            let due_on = due.get(&s.header.period.to_string()).copied();
            let on_time = due_on.map(|d| s.header.submitted_on <= d);
            let (period, revision) = (s.header.period, s.header.revision);
            let sending = state.ledger.sending(panti.id, period, revision)?;
            let refusal = state.ledger.hub_refusal(panti.id, period, revision)?;
            Ok(context! {
                due => due_on.map(date_text), on_time, sending => sending.map(|s| super::hub::sending_text(page.lang, s)),
                sending_state => sending, hub_refusal => refusal, ..submission_context(s)
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(render(
        "submitted.html",
        page.context(context! { panti_id => panti.id, panti_name => panti.name, submissions, done }),
    ))
}

/// One submitted revision, byte for byte as it was stored.
pub(crate) async fn revision(
    State(state): State<AppState>,
    page: Page,
    Path((id, key, revision)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let found = stored_revision(&state, &panti, period_key(&key)?, &revision)?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], found.html).into_response())
}
