//! The page of paying an expense: a form over the `pay_expense` command.

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, saved, FormKind, Shown};
use super::session::{Page, PageForm};
use super::{render, rupiah};
use crate::domain::account::AccountType;
use crate::domain::entity::Entity;
use crate::usecase::expenses::pay_expense::PayExpense;
use crate::usecase::{Actor, Command};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

const EXPENSE: FormKind =
    FormKind { template: "expense_form.html", fields: &["account", "amount", "paid_from", "description", "date"] };

/// The entity the page's user may pay from, as the command's access rule says.
fn entity(state: &AppState, page: &Page, id: &str) -> Result<Entity, AppError> {
    let id = super::super::api::parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(page.user.clone()), id, PayExpense::ACCESS)?)
}

fn expense_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let chart = state.ledger.accounts(entity.id)?;
    let accounts: Vec<[String; 2]> = chart
        .iter()
        .filter(|a| a.postable && a.account.account_type == AccountType::Beban)
        .map(|a| [a.account.code.to_string(), format!("{} {}", a.account.code, a.account.name)])
        .collect();
    let on_hand = |code: &str| {
        let balance = chart.iter().find(|a| a.account.code.as_str() == code).map(|a| a.balance).unwrap_or_default();
        rupiah(balance)
    };
    let t = |key: &str| page.lang.text(key);
    let sources = [
        ["kas".to_string(), format!("{} · {} {}", t("paid_from_cash"), t("on_hand"), on_hand("1101"))],
        ["bank".to_string(), format!("{} · {} {}", t("paid_from_bank"), t("on_hand"), on_hand("1102"))],
    ];
    Ok(render(EXPENSE.template, shown.context(page, &EXPENSE, entity, context! { accounts, sources })))
}

pub(crate) async fn new_expense(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = entity(&state, &page, &id)?;
    let shown = Shown::fresh(fresh(&EXPENSE, &[("paid_from", "kas")]));
    Ok(expense_page(&state, &page, &entity, &shown)?.into_response())
}

pub(crate) async fn save_expense(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = entity(&state, page, &id)?;
    match super::form::run::<PayExpense>(&state, page, entity.id, Shown::posted(&form, &EXPENSE)?).await? {
        Ok(posted) => Ok(saved(&entity, &posted)),
        Err(shown) => Ok(refused(expense_page(&state, page, &entity, &shown)?)),
    }
}
