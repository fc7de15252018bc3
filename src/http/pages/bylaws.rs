//! The bylaws page (AD/ART): the savings terms and the SHU policy, every version with the
//! date it holds from, each rule said in a sentence; for a writer, the form that sets a
//! new version of the savings terms (`set_savings_terms`).

use super::super::api::authorize;
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::shu::{CapitalBasis, ShareKind};
use crate::domain::user::Access;
use crate::usecase::members::set_savings_terms::SetSavingsTerms;
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const TERMS: FormKind = FormKind { template: "bylaws.html", fields: &["effective_from", "pokok", "wajib"] };

/// A percentage the Indonesian way: `2,5`.
fn percent(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

fn bylaws_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    shown: &Shown,
    saved: Option<&str>,
) -> Result<Html<String>, AppError> {
    let t = |key: &str| page.lang.text(key);
    let terms: Vec<Value> = (state.ledger.savings_terms(entity.id)?.iter().rev())
        .map(|v| {
            let from = v.effective_from.to_string();
            context! { from, pokok => rupiah(v.pokok.decimal()), wajib => rupiah(v.wajib.decimal()) }
        })
        .collect();
    let policies: Vec<Value> = (state.ledger.shu_policies(entity.id)?.iter().rev())
        .map(|policy| {
            let basis = match policy.capital_basis {
                CapitalBasis::YearEnd => t("bylaws_basis_year_end"),
                CapitalBasis::MonthlyAverage => t("bylaws_basis_monthly_average"),
            };
            let shares: Vec<Value> = (policy.shares.iter())
                .map(|share| {
                    let rule = match &share.kind {
                        ShareKind::Reserve => t("bylaws_share_reserve"),
                        ShareKind::JasaModal => t("bylaws_share_jasa_modal"),
                        ShareKind::JasaUsaha => t("bylaws_share_jasa_usaha"),
                        ShareKind::Fund { account } => format!("{} ({account})", t("bylaws_share_fund")),
                    };
                    context! { name => share.name, percent => percent(share.percent), rule }
                })
                .collect();
            context! { from => policy.effective_from.to_string(), basis, shares }
        })
        .collect();
    let extra = context! { terms, policies, saved };
    Ok(render(TERMS.template, shown.context(page, &TERMS, entity, extra)))
}

pub(crate) async fn bylaws(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let mut fields = fresh(&TERMS, &[]);
    fields.remove("date");
    fields.insert("effective_from", super::super::api::today().to_string());
    let saved = query.get("saved").map(String::as_str);
    Ok(bylaws_page(&state, &page, &entity, &Shown::fresh(fields), saved)?.into_response())
}

pub(crate) async fn save_terms(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, SetSavingsTerms::ACCESS)?;
    match super::form::run_register::<SetSavingsTerms>(&state, page, entity.id, Shown::posted(&form, &TERMS)?).await? {
        Ok(terms) => {
            let from = terms.effective_from;
            Ok(see_other(&format!("/entities/{}/bylaws?saved={from}#terms-{from}", entity.id)))
        }
        Err(shown) => Ok(refused(bylaws_page(&state, page, &entity, &shown, None)?)),
    }
}
