//! The fixed-asset page: the register with cost and depreciation to date, the equipment
//! purchases and grants in kind not yet registered, and for the books' writers the forms
//! that register one and post a month's depreciation.

use super::super::api::{authorize, today};
use super::super::error::AppError;
use super::super::AppState;
use super::form;
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::user::{allows, Access};
use crate::usecase::assets::{depreciate_month, register_asset};
use crate::usecase::Actor;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const REGISTER_FIELDS: [&str; 4] = ["entry_seq", "name", "useful_life_months", "residual_value"];

fn assets_page(state: &AppState, page: &Page, entity: &Entity, extra: Value) -> Result<Html<String>, AppError> {
    let runs = state.ledger.depreciation_runs(entity.id)?;
    let assets: Vec<Value> = state
        .ledger
        .fixed_assets(entity.id)?
        .into_iter()
        .map(|a| {
            let charged = runs.iter().flat_map(|r| &r.charges).filter(|(s, _)| *s == a.source_seq).map(|(_, v)| *v);
            let depreciated: rust_decimal::Decimal = charged.sum();
            context! {
                seq => a.source_seq, name => a.name, account => a.account.to_string(),
                acquired_on => super::panti::date_text(a.acquired_on), cost => rupiah(a.cost),
                life => a.useful_life_months, residual => rupiah(a.residual_value),
                depreciated => rupiah(depreciated), disposed => a.disposal.map(|d| super::panti::date_text(d.date)),
            }
        })
        .collect();
    let unregistered: Vec<Value> = state
        .ledger
        .unregistered_assets(entity.id)?
        .into_iter()
        .map(|u| {
            context! {
                seq => u.seq, date => super::panti::date_text(u.date), memo => u.memo, account => u.account,
                amount => rupiah(u.amount),
            }
        })
        .collect();
    let last_run = runs.last().map(|r| format!("{}-{:02}", r.year, r.month));
    Ok(render(
        "assets.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, assets, unregistered, last_run,
            can_write => allows(page.user.role, page.user.entity_id, Access::Write, entity), ..extra
        }),
    ))
}

pub(crate) async fn assets(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    assets_page(&state, &page, &entity, context! {})
}

/// The form as typed, by field name, and as the command's input.
fn typed<'a>(form: &'a PageForm, fields: &[&'static str]) -> HashMap<&'static str, &'a str> {
    fields.iter().map(|name| (*name, form.field(name).trim())).collect()
}

/// A refused post: the page again with each problem at its field and what was typed kept.
fn refused_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    error: crate::service::ServiceError,
    fields: &[&'static str],
    shown: HashMap<&'static str, &str>,
) -> Result<Response, AppError> {
    let (errors, form_error) = form::placed(page.lang, error, fields)?;
    let first_error = form::first_error(fields, &errors);
    let extra = context! { fields => shown, errors, first_error, form_error };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, assets_page(state, page, entity, extra)?).into_response())
}

pub(crate) async fn register(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let shown = typed(&form, &REGISTER_FIELDS);
    let input: register_asset::Input = crate::service::import::written_input(serde_json::json!(shown))?;
    match state.ledger.register_asset(&Actor::new(page.user.clone()), entity.id, input).await {
        Ok(_) => Ok(see_other(&format!("/entities/{}/fixed-assets", entity.id))),
        Err(error) => refused_page(&state, page, &entity, error, &REGISTER_FIELDS, shown),
    }
}

pub(crate) async fn depreciate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let shown = typed(&form, &["month"]);
    let input = depreciate_month::Input { month: shown["month"].to_string() };
    match state.ledger.depreciate_month(&Actor::new(page.user.clone()), entity.id, input, today()).await {
        Ok(_) => Ok(see_other(&format!("/entities/{}/fixed-assets", entity.id))),
        Err(error) => refused_page(&state, page, &entity, error, &["month"], shown),
    }
}
