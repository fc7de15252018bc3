//! The report settings page of a panti (when reporting starts, the days allowed to
//! submit, the stage of empowerment and its changes) and the supervisor's regional recap.
//! The head writes the settings and the stage, the supervisor reads them
//! ([`allows_report`]); the recap is for supervisors and admins, as the API's.

use super::super::api::today;
use super::super::error::AppError;
use super::super::report::allowed_panti;
use super::super::AppState;
use super::books::Shown;
use super::form::{self, first_error, Check};
use super::panti::date_text;
use super::reports::{label, name_of, options};
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::report::cadence::{PeriodKey, ReportSettings, Stage, DUE_DAYS_DEFAULT};
use crate::domain::report::{allows_report, parse_year};
use crate::domain::user::Access;
use crate::usecase::reports::{change_stage::ChangeStage, set_report_settings::SetReportSettings};
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use minijinja::{context, Value};
use std::collections::{BTreeMap, HashMap};

const SETTINGS_FIELDS: [&str; 2] = ["start_month", "due_days"];
const STAGE_FIELDS: [&str; 3] = ["stage", "date", "reason"];

/// One of the page's forms as typed. They change a register, so no one-time key is
/// sent; the one `Shown` makes goes unused.
fn typed(form: &PageForm, names: &[&'static str]) -> Shown {
    Shown::fresh(names.iter().map(|name| (*name, form.field(name).trim().to_string())).collect())
}

fn form_context(shown: &Shown, order: &[&'static str]) -> Value {
    context! {
        fields => shown.fields, errors => shown.errors, form_error => shown.form_error,
        first_error => first_error(order, &shown.errors),
    }
}

/// The settings form as stored, or empty with the default days before the first save.
fn stored_settings(settings: Option<ReportSettings>) -> Shown {
    let start_month = settings.map_or_else(String::new, |s| s.start.format("%Y-%m").to_string());
    let due_days = settings.map_or(DUE_DAYS_DEFAULT, |s| s.due_days).to_string();
    Shown::fresh(BTreeMap::from([("start_month", start_month), ("due_days", due_days)]))
}

/// A fresh stage form: dated today, offering the stage the panti is not at.
fn fresh_stage(last: Option<Stage>) -> Shown {
    let next = match last {
        Some(Stage::Awal) | None => Stage::Mapan,
        Some(Stage::Mapan) => Stage::Awal,
    };
    let fields = BTreeMap::from([("stage", name_of(next)), ("date", today().to_string()), ("reason", String::new())]);
    Shown::fresh(fields)
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
            settings => form_context(&settings_form, &SETTINGS_FIELDS), stage_form => form_context(&stage_form, &STAGE_FIELDS),
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
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let saved = query.get("saved").map(String::as_str).filter(|s| matches!(*s, "settings" | "stage"));
    settings_page(&state, &page, &panti, None, None, saved)
}

/// Which of the page's two forms is posted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Posted {
    Settings,
    Stage,
}

/// A post of one of the page's forms through its command: to `done` once stored, or the
/// page again with the form as typed, each refusal at its field.
async fn save<C: RegisterCommand>(
    state: &AppState,
    id: &str,
    form: &PageForm,
    posted: Posted,
    done: String,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = allowed_panti(state, &page.user, id, C::ACCESS)?;
    let names: &[&'static str] = if posted == Posted::Settings { &SETTINGS_FIELDS } else { &STAGE_FIELDS };
    match form::run_register::<C>(state, page, panti.id, typed(form, names)).await? {
        Ok(_) => Ok(see_other(&done)),
        Err(shown) if posted == Posted::Settings => settings_page(state, page, &panti, Some(shown), None, None),
        Err(shown) => settings_page(state, page, &panti, None, Some(shown), None),
    }
}

pub(crate) async fn save_settings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let done = format!("/entities/{id}/reports/settings?saved=settings");
    save::<SetReportSettings>(&state, &id, &form, Posted::Settings, done).await
}

pub(crate) async fn change_stage(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let done = format!("/entities/{id}/reports/settings?saved=stage#stage-history");
    save::<ChangeStage>(&state, &id, &form, Posted::Stage, done).await
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
    let actor = crate::usecase::Actor::new(page.user.clone());
    let recap = state.ledger.recap_for(&actor)?;
    let lang = page.lang;
    let typed = query.get("as_of").map_or_else(|| today().to_string(), |d| d.trim().to_string());
    let mut shown = Shown::fresh(BTreeMap::from([("as_of", typed)]));
    let mut check = Check::new(lang);
    // The report years are bounded: a far date would list thousands of periods.
    let as_of = check.date("as_of", &shown.fields["as_of"]).filter(|day| parse_year(day.year().into()).is_ok());
    let as_of = check.field("as_of", "e_recap_year", as_of);
    shown.errors = check.errors;
    let lines = as_of.map(recap).transpose()?.unwrap_or_default();
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
            pantis, as_of => as_of.map(date_text), form => form_context(&shown, &["as_of"]),
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
