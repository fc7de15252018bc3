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
use crate::usecase::members::set_shu_policy::{self, SetShuPolicy};
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const TERMS: FormKind = FormKind { template: "bylaws.html", fields: &["effective_from", "pokok", "wajib"] };
const SHU: FormKind = FormKind {
    template: "bylaws.html",
    fields: &[
        "shu_from",
        "capital_basis",
        "reserve",
        "jasa_modal",
        "jasa_usaha",
        "fund_name",
        "fund_percent",
        "fund_account",
    ],
};

/// A percentage the Indonesian way: `2,5`.
fn percent(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// What the page confirms or where it shows a refusal.
enum Saved<'a> {
    Nothing,
    Terms(&'a str),
    Shu(&'a str),
    /// The SHU form was refused: its errors show over it, not over the savings terms.
    ShuRefused,
}

fn bylaws_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    shown: &Shown,
    saved: Saved<'_>,
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
    let (saved, shu_saved, shu_form) = match saved {
        Saved::Nothing => (None, None, false),
        Saved::Terms(from) => (Some(from), None, false),
        Saved::Shu(from) => (None, Some(from), false),
        Saved::ShuRefused => (None, None, true),
    };
    let bases = [
        ["year_end".to_string(), t("bylaws_basis_year_end")],
        ["monthly_average".into(), t("bylaws_basis_monthly_average")],
    ];
    let extra = context! { terms, policies, saved, shu_saved, shu_form, bases };
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
    let today = super::super::api::today().to_string();
    fields.insert("effective_from", today.clone());
    fields.insert("shu_from", today);
    fields.insert("capital_basis", "year_end".into());
    let saved = match (query.get("saved"), query.get("shu_saved")) {
        (Some(from), _) => Saved::Terms(from),
        (None, Some(from)) => Saved::Shu(from),
        (None, None) => Saved::Nothing,
    };
    Ok(bylaws_page(&state, &page, &entity, &Shown::fresh(fields), saved)?.into_response())
}

/// The SHU form's rows as the command's shares: the reserve, jasa modal and jasa usaha
/// when a percentage is typed, and one fund with its account.
fn shu_input(fields: &super::books::Fields) -> set_shu_policy::Input {
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut shares = Vec::new();
    for (kind, name) in [("reserve", "Cadangan"), ("jasa_modal", "Jasa modal"), ("jasa_usaha", "Jasa usaha")] {
        if !field(kind).is_empty() {
            let percent = field(kind).as_str().into();
            shares.push(set_shu_policy::ShareInput {
                name: name.into(),
                percent,
                kind: kind.into(),
                account: String::new(),
            });
        }
    }
    if !field("fund_percent").is_empty() {
        let percent = field("fund_percent").as_str().into();
        let (name, account) = (field("fund_name"), field("fund_account"));
        shares.push(set_shu_policy::ShareInput { name, percent, kind: "fund".into(), account });
    }
    set_shu_policy::Input { effective_from: field("shu_from"), capital_basis: field("capital_basis"), shares }
}

pub(crate) async fn save_shu(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, SetShuPolicy::ACCESS)?;
    let shown = Shown::posted(&form, &SHU)?;
    let input = shu_input(&shown.fields);
    match super::form::run_register_with::<SetShuPolicy>(&state, page, entity.id, shown, input).await? {
        Ok(policy) => {
            let from = policy.effective_from;
            Ok(see_other(&format!("/entities/{}/bylaws?shu_saved={from}#policy-{from}", entity.id)))
        }
        Err(shown) => Ok(refused(bylaws_page(&state, page, &entity, &shown, Saved::ShuRefused)?)),
    }
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
        Err(shown) => Ok(refused(bylaws_page(&state, page, &entity, &shown, Saved::Nothing)?)),
    }
}
