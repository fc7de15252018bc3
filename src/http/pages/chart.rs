//! The chart of accounts page: every account with its balance, and for a writer the form
//! that adds one (the `add_account` command).

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::session::{Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::usecase::chart::add_account::AddAccount;
use crate::usecase::{Access, Actor};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;

const ACCOUNT: FormKind = FormKind { template: "accounts.html", fields: &["code", "name", "parent"] };

fn entity(state: &AppState, page: &Page, id: &str, access: Access) -> Result<Entity, AppError> {
    let id = super::super::api::parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(page.user.clone()), id, access)?)
}

fn accounts_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let chart = state.ledger.accounts(entity.id)?;
    let accounts: Vec<_> = chart
        .iter()
        .map(|a| {
            context! {
                code => a.account.code.as_str(), name => a.account.name, parent => a.account.parent.as_ref().map(|p| p.to_string()),
                balance => rupiah(a.balance), postable => a.postable, active => a.active,
            }
        })
        .collect();
    let parents: Vec<[String; 2]> = chart
        .iter()
        .filter(|a| a.active)
        .map(|a| [a.account.code.to_string(), format!("{} {}", a.account.code, a.account.name)])
        .collect();
    Ok(render(ACCOUNT.template, shown.context(page, &ACCOUNT, entity, context! { accounts, parents })))
}

pub(crate) async fn accounts(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = entity(&state, &page, &id, Access::Read)?;
    let shown = Shown::fresh(fresh(&ACCOUNT, &[]));
    Ok(accounts_page(&state, &page, &entity, &shown)?.into_response())
}

pub(crate) async fn add_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = entity(&state, page, &id, Access::Write)?;
    match super::form::run_chart::<AddAccount>(&state, page, entity.id, Shown::posted(&form, &ACCOUNT)?).await? {
        Ok(added) => {
            Ok(Redirect::to(&format!("/entities/{}/accounts#account-{}", entity.id, added.account.code))
                .into_response())
        }
        Err(shown) => Ok(refused(accounts_page(&state, page, &entity, &shown)?)),
    }
}
