//! The chart of accounts pages: every account with its balance, and for a writer the form
//! that adds one (`add_account`); one account's page with the forms that rename it
//! (`rename_account`) and deactivate it (`deactivate_account`).

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::session::{Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::usecase::chart::add_account::AddAccount;
use crate::usecase::chart::deactivate_account::DeactivateAccount;
use crate::usecase::chart::rename_account::RenameAccount;
use crate::usecase::{Access, Actor, ChartCommand};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;

const ACCOUNT: FormKind = FormKind { template: "accounts.html", fields: &["code", "name", "parent"] };
const RENAME: FormKind = FormKind { template: "account.html", fields: &["code", "name"] };
const DEACTIVATE: FormKind = FormKind { template: "account.html", fields: &["code"] };

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

fn account_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    code: &str,
    shown: &Shown,
) -> Result<Html<String>, AppError> {
    let chart = state.ledger.accounts(entity.id)?;
    let found = chart
        .iter()
        .find(|a| a.account.code.as_str() == code)
        .ok_or_else(|| AppError::NotFound(format!("akun {code}")))?;
    let account = context! {
        code => found.account.code.as_str(), name => found.account.name, balance => rupiah(found.balance),
        postable => found.postable, active => found.active,
    };
    Ok(render(RENAME.template, shown.context(page, &RENAME, entity, context! { account })))
}

/// One account: its balance, and for a writer the rename and deactivate forms.
pub(crate) async fn account(
    State(state): State<AppState>,
    page: Page,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let entity = entity(&state, &page, &id, Access::Read)?;
    let mut shown = Shown::fresh(fresh(&RENAME, &[("code", code.as_str())]));
    let name = state.ledger.accounts(entity.id)?.into_iter().find(|a| a.account.code.as_str() == code);
    shown.fields.insert("name", name.map(|a| a.account.name).unwrap_or_default());
    Ok(account_page(&state, &page, &entity, &code, &shown)?.into_response())
}

async fn change<C: ChartCommand>(
    state: AppState,
    id: String,
    form: PageForm,
    kind: &FormKind,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = entity(&state, page, &id, Access::Write)?;
    let shown = Shown::posted(&form, kind)?;
    let code = shown.fields.get("code").cloned().unwrap_or_default();
    match super::form::run_chart::<C>(&state, page, entity.id, shown).await? {
        Ok(done) => {
            Ok(Redirect::to(&format!("/entities/{}/accounts/{}", entity.id, done.account.code)).into_response())
        }
        Err(mut shown) => {
            shown.fields.entry("name").or_default();
            Ok(refused(account_page(&state, page, &entity, &code, &shown)?))
        }
    }
}

pub(crate) async fn rename_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    change::<RenameAccount>(state, id, form, &RENAME).await
}

pub(crate) async fn deactivate_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    change::<DeactivateAccount>(state, id, form, &DEACTIVATE).await
}
