//! The pages of a panti's head and its supervisor: the panti overview with each KUBE's
//! statements, the year close (preview, confirm, close, the list of closes), cohorts and
//! placements, and the supervisor's read-only view across the panti of their area.

use super::super::api::{authorize, today};
use super::super::error::AppError;
use super::super::period::parse_year;
use super::super::statements::{period, table_context};
use super::super::AppState;
use super::form::{self, Check};
use super::session::{see_other, Page, PageForm};
use super::training::{instructors_text, skill_name};
use super::{render, rupiah};
use crate::domain::close::{AllocationStatus, CloseError};
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::problem::Problem;
use crate::domain::user::{allows, Access};
use crate::service::ServiceError;
use crate::usecase::close::allocate_shu;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use minijinja::{context, Value};
use std::collections::HashMap;

/// The statements each KUBE links to: route name and page text.
const STATEMENTS: [(&str, &str); 5] = [
    ("neraca", "st_neraca"),
    ("hasil-usaha", "st_hasil_usaha"),
    ("perubahan-ekuitas", "st_perubahan_ekuitas"),
    ("arus-kas", "st_arus_kas"),
    ("catatan", "st_catatan"),
];

pub(super) fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// A panti this user may read, refused if the entity is a KUBE or koperasi.
fn panti_for(state: &AppState, page: &Page, id: &str) -> Result<Entity, AppError> {
    let panti = authorize(state, &page.user, id, Access::Read)?;
    if panti.kind != EntityKind::Panti {
        return Err(ServiceError::NotAllowed(format!("{} bukan panti", panti.name)).into());
    }
    Ok(panti)
}

/// The overview of a panti for the period asked, and its KUBE and koperasi with links.
fn panti_context(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    query: &HashMap<String, String>,
) -> Result<Value, AppError> {
    let table = state.ledger.panti_overview(panti.id, period(query)?)?;
    let statements: Vec<Value> =
        STATEMENTS.iter().map(|(kind, key)| context! { kind => *kind, label => page.lang.text(key) }).collect();
    let groups: Vec<Value> = state
        .ledger
        .entities()?
        .into_iter()
        .filter(|e| e.parent_id == Some(panti.id))
        .map(|e| context! { id => e.id, name => e.name })
        .collect();
    Ok(context! {
        panti_id => panti.id, panti_name => panti.name, table => table_context(&table), groups, statements,
        last_year => today().year() - 1,
        training => crate::domain::training::allows_training(page.user.role, page.user.entity_id, Access::Read, panti),
        report_status => super::reports::status_summary(state, page, panti)?,
    })
}

pub(crate) async fn overview(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let panti = panti_for(&state, &page, &id)?;
    let extra = panti_context(&state, &page, &panti, &query)?;
    Ok(render("overview.html", page.context(context! { p => extra })))
}

/// A supervisor's start: the overview of every panti they may read, side by side with
/// the status of its reports (a place kept for the empowerment reports).
pub(crate) async fn area(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    let query = HashMap::new();
    let mut pantis = Vec::new();
    for panti in state.ledger.entities()? {
        if panti.kind == EntityKind::Panti && allows(page.user.role, page.user.entity_id, Access::Read, &panti) {
            pantis.push(panti_context(&state, &page, &panti, &query)?);
        }
    }
    Ok(render("area.html", page.context(context! { pantis })))
}

/// Years a close can be previewed for: each year closed, and last year.
pub(crate) async fn closes(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let closes: Vec<Value> = state
        .ledger
        .year_closes(entity.id)?
        .into_iter()
        .rev()
        .map(|c| {
            let reopened = c.reopened.map(|r| context! { by => r.by, at => r.at, reason => r.reason });
            let shu = c.allocation.map(|a| rupiah(a.shu));
            context! {
                year => c.year, version => c.version, closed_by => c.closed_by, closed_at => c.closed_at,
                entries => c.seqs.len(), shu, reopened,
            }
        })
        .collect();
    let locked_through = state.ledger.entity(entity.id)?.locked_through.map(date_text);
    Ok(render(
        "closes.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, closes, locked_through, last_year => today().year() - 1,
        }),
    ))
}

/// The year's allocation as the preview computes it; a year without a policy (or a
/// panti, which has none) shows why instead.
fn preview_context(state: &AppState, entity: &Entity, year: i32) -> Result<Value, AppError> {
    let (closes, decisions) = (state.ledger.year_closes(entity.id)?, state.ledger.shu_decisions(entity.id)?);
    let posted = AllocationStatus::of(year, &closes, &decisions, true).allocation().cloned();
    let preview = match posted.map_or_else(|| state.ledger.shu_preview(entity.id, year), Ok) {
        Ok(preview) => preview,
        Err(ServiceError::NotAllowed(reason)) => return Ok(context! { unavailable => reason }),
        Err(other) => return Err(other.into()),
    };
    let pools: Vec<Value> = preview
        .pools
        .iter()
        .map(|p| context! { name => p.share.name, percent => p.share.percent.to_string(), amount => rupiah(p.amount) })
        .collect();
    let members: Vec<Value> = preview
        .members
        .iter()
        .map(|m| {
            context! {
                number => m.number, name => m.name, jasa_modal => rupiah(m.jasa_modal),
                jasa_usaha => rupiah(m.jasa_usaha), total => rupiah(m.total),
            }
        })
        .collect();
    Ok(context! {
        revenue => rupiah(preview.revenue), expenses => rupiah(preview.expenses), shu => rupiah(preview.shu),
        loss => preview.shu.is_sign_negative(), pools, members,
        unallocated => (!preview.unallocated_to_reserve.is_zero()).then(|| rupiah(preview.unallocated_to_reserve)),
    })
}

fn year_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    year: i32,
    template: &str,
    extra: Value,
) -> Result<Html<String>, AppError> {
    let closes = state.ledger.year_closes(entity.id)?;
    let closed = closes.iter().any(|c| c.year == year && c.reopened.is_none());
    let decisions = state.ledger.shu_decisions(entity.id)?;
    let rat = match AllocationStatus::of(year, &closes, &decisions, entity.kind != EntityKind::Panti) {
        AllocationStatus::AwaitingRat => context! { awaiting => true },
        AllocationStatus::Decided(d) => context! {
            decided => true, rat_date => date_text(d.rat_date), minutes => d.minutes, by => d.recorded_by,
        },
        AllocationStatus::AtClose(_) => context! { at_close => true },
        AllocationStatus::None => context! {},
    };
    Ok(render(
        template,
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, year, closed, rat,
            preview => preview_context(state, entity, year)?,
            can_close => allows(page.user.role, page.user.entity_id, Access::Write, entity), ..extra
        }),
    ))
}

pub(crate) async fn preview(
    State(state): State<AppState>,
    page: Page,
    Path((id, year)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    year_page(&state, &page, &entity, parse_year(&year)?, "shu_preview.html", context! {})
}

/// The confirm step: what the close will post, and a box to tick before it does.
pub(crate) async fn confirm_close(
    State(state): State<AppState>,
    page: Page,
    Path((id, year)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    year_page(&state, &page, &entity, parse_year(&year)?, "close_confirm.html", context! {})
}

/// The entity and year a post to a year's page names, for the books' writers, and the
/// list of closes a stored post returns to.
fn year_post(state: &AppState, page: &Page, id: &str, year: &str) -> Result<(Entity, i32, String), AppError> {
    let entity = authorize(state, &page.user, id, Access::Write)?;
    let year = parse_year(year)?;
    let closes_page = format!("/entities/{}/periods#year-{year}", entity.id);
    Ok((entity, year, closes_page))
}

/// Closes the year once the box is ticked. A second send of the same close finds the
/// year closed and goes, like the first, to the list of closes.
pub(crate) async fn close(
    State(state): State<AppState>,
    Path((id, year)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let (entity, year, closes_page) = year_post(&state, page, &id, &year)?;
    let mut check = Check::new(page.lang);
    let refusal = if check.field("confirm", "e_confirm", Some(()).filter(|_| form.field("confirm") == "yes")).is_none()
    {
        context! { errors => check.errors, first_error => "confirm" }
    } else {
        match state.ledger.close_year(entity.id, year, today(), page.user.username.as_str()).await {
            Ok(_) | Err(ServiceError::Close(CloseError::AlreadyClosed(_))) => return Ok(see_other(&closes_page)),
            Err(error) => context! { form_error => form::refusal(error, page.lang, |_| None)?.1 },
        }
    };
    let html = year_page(&state, page, &entity, year, "close_confirm.html", refusal)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// Records the RAT's decision on a closed year's SHU from the year's page; a second send
/// finds the SHU allocated and goes, like the first, to the list of closes.
pub(crate) async fn record_rat(
    State(state): State<AppState>,
    Path((id, year)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let (entity, year, closes_page) = year_post(&state, page, &id, &year)?;
    let typed = [("rat_date", form.field("rat_date").trim()), ("minutes", form.field("minutes").trim())];
    let input = allocate_shu::Input { rat_date: typed[0].1.to_string(), minutes: typed[1].1.to_string() };
    let actor = crate::usecase::Actor::new(page.user.clone());
    let (errors, form_error) = match state.ledger.allocate_shu(&actor, entity.id, year, input).await {
        Ok(_) => return Ok(see_other(&closes_page)),
        Err(ServiceError::Refused(problems)) if matches!(problems.first(), Problem::ShuAlreadyAllocated { .. }) => {
            return Ok(see_other(&closes_page))
        }
        Err(error) => form::placed(page.lang, error, &["rat_date", "minutes"])?,
    };
    let fields: HashMap<&str, &str> = typed.into_iter().collect();
    let first_error = form::first_error(&["rat_date", "minutes"], &errors);
    let refusal = context! { rat_fields => fields, errors, first_error, form_error };
    let html = year_page(&state, page, &entity, year, "shu_preview.html", refusal)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

pub(crate) async fn cohorts(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let panti = panti_for(&state, &page, &id)?;
    let skills = state.ledger.skills(panti.id)?;
    let cohorts: Vec<Value> = state
        .ledger
        .cohorts(panti.id)?
        .into_iter()
        .map(|c| {
            context! {
                id => c.id, skill => skill_name(&skills, &c.plan.skill), number => c.plan.number,
                start => date_text(c.plan.planned_start), end => date_text(c.plan.planned_end),
                hours => c.plan.hours, capacity => c.plan.capacity, instructors => instructors_text(&c.plan),
            }
        })
        .collect();
    let can_write =
        crate::domain::training::allows_training(page.user.role, page.user.entity_id, Access::Write, &panti);
    Ok(render(
        "cohorts.html",
        page.context(context! { panti_id => panti.id, panti_name => panti.name, cohorts, can_write }),
    ))
}

/// Placements hold clients' personal data: the panti's head and supervisor (and an admin) only.
pub(crate) async fn placements(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let actor = crate::usecase::Actor::new(page.user.clone());
    let (panti, placed) = state.ledger.placements_for(&actor, super::super::api::parse_id(&id, "entitas")?)?;
    let mut placements = Vec::new();
    for (client, placement) in placed {
        placements.push(context! {
            number => client.number(), name => client.details.name, date => date_text(placement.date),
            kind => super::reports::label(page.lang, "placement", placement.kind),
            destination => placement.destination, follow_ups => placement.follow_ups.len(),
            last_follow_up => placement.follow_ups.last().map(|f| date_text(f.date)),
        });
    }
    Ok(render("placements.html", page.context(context! { panti_id => panti.id, panti_name => panti.name, placements })))
}
