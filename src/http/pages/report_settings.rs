//! The report settings page of a panti (when reporting starts, the days allowed to
//! submit, the stage of empowerment and its changes) and the supervisor's regional recap.
//! The head writes the settings and the stage, the supervisor reads them
//! ([`allows_report`]); the recap is for supervisors and admins, as the API's.

use super::super::api::today;
use super::super::error::AppError;
use super::super::report::panti_for;
use super::super::AppState;
use super::form::{self, first_error, Check, FieldErrors};
use super::panti::date_text;
use super::reports::{label, name_of, options};
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::report::cadence::{
    parse_due_days, parse_start_month, PeriodKey, ReportSettings, Stage, DUE_DAYS_DEFAULT,
};
use crate::domain::report::{allows_report, by_name, parse_year, required_note, ReportError};
use crate::domain::user::{Access, Role};
use crate::service::ServiceError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use minijinja::{context, Value};
use std::collections::{BTreeMap, HashMap};

const SETTINGS_FIELDS: [&str; 2] = ["start_month", "due_days"];
const STAGE_FIELDS: [&str; 3] = ["stage", "date", "reason"];

/// One of the page's forms as shown: what was typed (kept whole on an error), what is
/// wrong at which field, and a refusal of the whole form.
#[derive(Default)]
struct Shown {
    fields: BTreeMap<&'static str, String>,
    errors: FieldErrors,
    form_error: Option<String>,
}

impl Shown {
    fn typed(form: &PageForm, names: &[&'static str]) -> Shown {
        Shown { fields: names.iter().map(|name| (*name, form.field(name).to_string())).collect(), ..Shown::default() }
    }

    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |text| text.trim())
    }

    fn context(&self, order: &[&'static str]) -> Value {
        context! {
            fields => self.fields, errors => self.errors, form_error => self.form_error,
            first_error => first_error(order, &self.errors),
        }
    }

    /// Puts a refusal of the service at the field `place` names, or on the whole form.
    fn refused(
        mut self,
        error: ServiceError,
        page: &Page,
        place: impl FnOnce(&ServiceError) -> Option<&'static str>,
    ) -> Result<Shown, AppError> {
        let (field, message) = form::refusal(error, page.lang, place)?;
        match field {
            Some(field) => _ = self.errors.insert(field, message),
            None => self.form_error = Some(message),
        }
        Ok(self)
    }
}

/// The settings form as stored, or empty with the default days before the first save.
fn stored_settings(settings: Option<ReportSettings>) -> Shown {
    let start_month = settings.map_or_else(String::new, |s| s.start.format("%Y-%m").to_string());
    let due_days = settings.map_or(DUE_DAYS_DEFAULT, |s| s.due_days).to_string();
    Shown { fields: BTreeMap::from([("start_month", start_month), ("due_days", due_days)]), ..Shown::default() }
}

/// A fresh stage form: dated today, offering the stage the panti is not at.
fn fresh_stage(last: Option<Stage>) -> Shown {
    let next = match last {
        Some(Stage::Awal) | None => Stage::Mapan,
        Some(Stage::Mapan) => Stage::Awal,
    };
    let fields = BTreeMap::from([("stage", name_of(next)), ("date", today().to_string()), ("reason", String::new())]);
    Shown { fields, ..Shown::default() }
}

fn settings_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    settings_form: Option<Shown>,
    stage_form: Option<Shown>,
    saved: Option<&str>,
) -> Result<Response, AppError> {
    let lang = page.lang;
    let stored = state.ledger.report_settings(panti.id)?;
    let changes = state.ledger.stage_changes(panti.id)?;
    let in_force = changes.iter().rev().find(|c| c.date <= today()).map_or(Stage::Awal, |c| c.stage);
    let history: Vec<Value> = changes
        .iter()
        .rev()
        .map(|c| {
            context! {
                date => date_text(c.date), stage => label(lang, "stage", c.stage), reason => c.reason,
                changed_by => c.changed_by,
            }
        })
        .collect();
    let refused =
        settings_form.as_ref().or(stage_form.as_ref()).is_some_and(|s| !s.errors.is_empty() || s.form_error.is_some());
    let settings_form = settings_form.unwrap_or_else(|| stored_settings(stored));
    let stage_form = stage_form.unwrap_or_else(|| fresh_stage(changes.last().map(|c| c.stage)));
    let html = render(
        "report_settings.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name,
            can_write => allows_report(page.user.role, page.user.entity_id, Access::Write, panti),
            has_settings => stored.is_some(), stored => stored_settings(stored).fields,
            stage => label(lang, "stage", in_force), history,
            stage_options => options(lang, "stage", [Stage::Awal, Stage::Mapan]),
            settings => settings_form.context(&SETTINGS_FIELDS), stage_form => stage_form.context(&STAGE_FIELDS),
            saved => saved.map(|what| lang.text(&format!("saved_{what}"))),
        }),
    );
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, html).into_response())
}

/// `?saved=settings|stage` after a form was stored says so once.
pub(crate) async fn settings(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let panti = panti_for(&state, &page.user, &id, Access::Read)?;
    let saved = query.get("saved").map(String::as_str).filter(|s| matches!(*s, "settings" | "stage"));
    settings_page(&state, &page, &panti, None, None, saved)
}

fn settings_url(panti: &Entity, saved: &str) -> String {
    format!("/entities/{}/reports/settings?saved={saved}", panti.id)
}

/// A post of one of the page's forms: the panti, if this user may write its settings,
/// the form as typed, and a check for its fields.
fn posted(
    state: &AppState,
    id: &str,
    form: &PageForm,
    names: &[&'static str],
) -> Result<(Entity, Shown, Check), AppError> {
    let panti = panti_for(state, &form.page.user, id, Access::Write)?;
    Ok((panti, Shown::typed(form, names), Check::new(form.page.lang)))
}

pub(crate) async fn save_settings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let (panti, mut shown, mut check) = posted(&state, &id, &form, &SETTINGS_FIELDS)?;
    let start = check.field("start_month", "e_start_month", parse_start_month(shown.get("start_month")).ok());
    let due_days = match shown.get("due_days") {
        "" => Some(DUE_DAYS_DEFAULT),
        text => text.parse().ok().and_then(|days| parse_due_days(days).ok()),
    };
    let due_days = check.field("due_days", "e_due_days", due_days);
    let (Some(start), Some(due_days)) = (start, due_days) else {
        shown.errors = check.errors;
        return settings_page(&state, page, &panti, Some(shown), None, None);
    };
    match state.ledger.set_report_settings(panti.id, ReportSettings { start, due_days }).await {
        Ok(_) => Ok(see_other(&settings_url(&panti, "settings"))),
        Err(error) => {
            let shown = shown.refused(error, page, |e| {
                matches!(e, ServiceError::Report(ReportError::StartAfterStageChange(_))).then_some("start_month")
            })?;
            settings_page(&state, page, &panti, Some(shown), None, None)
        }
    }
}

pub(crate) async fn change_stage(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let (panti, mut shown, mut check) = posted(&state, &id, &form, &STAGE_FIELDS)?;
    let stage = check.field("stage", "e_choose", by_name::<Stage>(shown.get("stage")));
    let date = check.date("date", shown.get("date"));
    let reason = check.field("reason", "e_note_required", required_note(shown.get("reason"), "alasan").ok());
    let (Some(stage), Some(date), Some(reason)) = (stage, date, reason) else {
        shown.errors = check.errors;
        return settings_page(&state, page, &panti, None, Some(shown), None);
    };
    match state.ledger.change_stage(panti.id, date, stage, reason, page.user.username.as_str()).await {
        Ok(_) => Ok(see_other(&format!("{}#stage-history", settings_url(&panti, "stage")))),
        Err(error) => {
            let shown = shown.refused(error, page, |e| match e {
                ServiceError::Report(ReportError::StageUnchanged(_)) => Some("stage"),
                ServiceError::Report(ReportError::StageTooEarly { .. }) => Some("date"),
                _ => None,
            })?;
            settings_page(&state, page, &panti, None, Some(shown), None)
        }
    }
}

/// A key figure as the recap gives it: money in its JSON form (always two decimals),
/// counts as whole numbers.
fn figure(text: &str) -> String {
    match text.contains('.') {
        true => text.parse().map_or_else(|_| text.to_string(), rupiah),
        false => text.to_string(),
    }
}

/// Every panti the user may read, each with its due periods' status as it stood on
/// `?as_of=` (today when left out) and the key figures of that year so far.
pub(crate) async fn recap(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    if !matches!(page.user.role, Role::Admin | Role::Supervisor) {
        return Err(AppError::Forbidden);
    }
    let lang = page.lang;
    let mut shown = Shown::default();
    shown.fields.insert("as_of", query.get("as_of").map_or_else(|| today().to_string(), |d| d.trim().to_string()));
    let mut check = Check::new(lang);
    // The report years are bounded: a far date would list thousands of periods.
    let as_of = check.date("as_of", shown.get("as_of")).filter(|day| parse_year(day.year().into()).is_ok());
    let as_of = check.field("as_of", "e_recap_year", as_of);
    shown.errors = check.errors;
    let may_read = |panti: &Entity| allows_report(page.user.role, page.user.entity_id, Access::Read, panti);
    let lines = as_of.map(|as_of| state.ledger.recap(as_of, may_read)).transpose()?.unwrap_or_default();
    let pantis: Vec<Value> = lines
        .iter()
        .map(|line| {
            let periods: Vec<Value> = line
                .periods
                .iter()
                .map(|p| {
                    context! {
                        key => p.key, title => PeriodKey::parse(&p.key).map_or_else(|_| p.key.clone(), PeriodKey::title),
                        due => date_text(p.due), status => name_of(p.status), status_text => label(lang, "recap", p.status),
                        first_submitted => p.first_submitted_on.map(date_text), revisions => p.revisions,
                    }
                })
                .collect();
            let figures: Vec<Value> =
                line.key_figures.iter().map(|(name, value)| context! { name, value => figure(value) }).collect();
            context! { id => line.panti_id, name => line.panti_name, periods, figures }
        })
        .collect();
    let status = if shown.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let html = render(
        "recap.html",
        page.context(context! {
            pantis, as_of => as_of.map(date_text), form => shown.context(&["as_of"]),
        }),
    );
    Ok((status, html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_figures_read_as_rupiah_and_counts_stay_whole() {
        assert_eq!(figure("1500000.00"), "Rp1.500.000");
        assert_eq!(figure("-2500.50"), "-Rp2.500,50");
        assert_eq!(figure("12"), "12");
    }
}
