//! Trade credit's pages: who owes the KUBE what from credit sales (piutang), and what it
//! owes its suppliers (utang), each aged, with the form that records a collection or a
//! supplier payment over the settlement commands.

use super::super::api::{authorize, today};
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::confirm::confirmed;
use super::session::{Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::trade::Credit;
use crate::domain::user::Access;
use crate::usecase::trade::settle::{CollectReceivable, PayPayable};
use crate::usecase::{Actor, Command};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use rust_decimal::Decimal;

const SETTLEMENT: FormKind = FormKind { template: "open_items.html", fields: &["party", "amount", "memo", "date"] };

/// The words of one side of trade credit.
fn words(page: &Page, credit: Credit) -> Value {
    let t = |key: &str| page.lang.text(key);
    match credit {
        Credit::Receivable => context! {
            title => t("receivables"), form_title => t("new_collection"), party => t("customer"),
            none => t("no_receivables"), save => t("save_collection"), path => "receivables",
        },
        Credit::Payable => context! {
            title => t("payables"), form_title => t("new_supplier_payment"), party => t("supplier"),
            none => t("no_payables"), save => t("save_supplier_payment"), path => "payables",
        },
    }
}

fn open_items_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    credit: Credit,
    shown: &Shown,
) -> Result<Html<String>, AppError> {
    let as_of = today();
    let parties = state.ledger.open_items(entity.id, credit, as_of)?;
    let total: Decimal = parties.iter().map(|p| p.open).sum();
    let bucket =
        |key: &str, amount: Decimal| (!amount.is_zero()).then(|| format!("{} {}", page.lang.text(key), rupiah(amount)));
    let rows: Vec<Value> = parties
        .iter()
        .map(|p| {
            let ageing: Vec<String> = [
                bucket("age_0_30", p.ageing.days_0_30),
                bucket("age_31_60", p.ageing.days_31_60),
                bucket("age_61_90", p.ageing.days_61_90),
                bucket("age_over_90", p.ageing.over_90),
            ]
            .into_iter()
            .flatten()
            .collect();
            let oldest = p.items.iter().map(|i| i.age_days).max().unwrap_or_default();
            context! { party => p.party, open => rupiah(p.open), ageing, oldest }
        })
        .collect();
    let choices: Vec<[String; 2]> =
        parties.iter().map(|p| [p.party.clone(), format!("{} · {}", p.party, rupiah(p.open))]).collect();
    let extra = context! {
        words => words(page, credit), rows, choices, total => rupiah(total),
        as_of => as_of.format("%d-%m-%Y").to_string(),
    };
    Ok(render(SETTLEMENT.template, shown.context(page, &SETTLEMENT, entity, extra)))
}

async fn open_items(state: AppState, page: Page, id: String, credit: Credit) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let shown = Shown::fresh(fresh(&SETTLEMENT, &[]));
    Ok(open_items_page(&state, &page, &entity, credit, &shown)?.into_response())
}

/// The form posts the settlement command of its side (`CollectReceivable`, `PayPayable`).
async fn settle<C: Command>(state: AppState, id: String, form: PageForm, credit: Credit) -> Result<Response, AppError> {
    let page = &form.page;
    let id = super::super::api::parse_id(&id, "entitas")?;
    // The command's access rule first: a reader is refused before anything typed is read.
    let entity = state.ledger.entity_for(&Actor::new(page.user.clone()), id, C::ACCESS)?;
    match super::form::run::<C>(&state, page, entity.id, Shown::posted(&form, &SETTLEMENT)?).await? {
        Ok(posted) => Ok(confirmed(&entity, &posted)),
        Err(shown) => Ok(refused(open_items_page(&state, page, &entity, credit, &shown)?)),
    }
}

pub(crate) async fn receivables(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    open_items(state, page, id, Credit::Receivable).await
}

pub(crate) async fn collect(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    settle::<CollectReceivable>(state, id, form, Credit::Receivable).await
}

pub(crate) async fn payables(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    open_items(state, page, id, Credit::Payable).await
}

pub(crate) async fn pay(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    settle::<PayPayable>(state, id, form, Credit::Payable).await
}
