//! The member loan pages (simpan pinjam): the loans of the books with their collectibility,
//! the application form and the loan terms of the bylaws; one loan with its schedule,
//! repayments and the one step it waits for (approve, disburse, repay); and a member's own
//! loans with their schedule and arrears.

use super::super::api::{authorize, parse_id, today};
use super::super::error::AppError;
use super::super::members::authorize_member;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::form;
use super::panti::date_text;
use super::session::{see_other, Page, PageForm};
use super::text::Lang;
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::loan::{Collectibility, Method};
use crate::domain::user::Access;
use crate::service::loans::{by_collectibility, LoanView};
use crate::usecase::loans::{apply_loan, approve_loan, set_loan_terms::SetLoanTerms};
use crate::usecase::loans::{disburse_loan::DisburseLoan, repay_member_loan::RepayMemberLoan};
use crate::usecase::Actor;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const APPLY: FormKind =
    FormKind { template: "loans.html", fields: &["member_id", "principal", "term_months", "purpose", "date"] };
const TERMS: FormKind = FormKind {
    template: "loans.html",
    fields: &[
        "effective_from",
        "method",
        "monthly_rate_percent",
        "max_term_months",
        "admin_fee_percent",
        "savings_multiple",
    ],
};
const APPROVE: FormKind = FormKind { template: "loan.html", fields: &["date"] };
const DISBURSE: FormKind = FormKind { template: "loan.html", fields: &["via", "date"] };
const REPAY: FormKind = FormKind { template: "loan.html", fields: &["amount", "via", "date"] };

fn class_text(lang: Lang, class: Collectibility) -> String {
    lang.text(match class {
        Collectibility::Lancar => "loans_lancar",
        Collectibility::DalamPerhatianKhusus => "loans_dalam_perhatian_khusus",
        Collectibility::KurangLancar => "loans_kurang_lancar",
        Collectibility::Diragukan => "loans_diragukan",
        Collectibility::Macet => "loans_macet",
    })
}

fn status_text(lang: Lang, status: &str) -> String {
    lang.text(match status {
        "applied" => "loans_status_applied",
        "approved" => "loans_status_approved",
        "disbursed" => "loans_status_disbursed",
        _ => "loans_status_paid",
    })
}

/// A percentage the Indonesian way: `1,5`.
fn percent(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// One loan as a row of a list or the head of its page.
fn loan_row(lang: Lang, view: &LoanView) -> Value {
    let standing = view.standing.as_ref();
    context! {
        id => view.loan.id, member => format!("{} {}", view.member_number, view.member_name),
        member_id => view.loan.member_id, principal => rupiah(view.loan.principal), term => view.loan.term_months,
        applied_on => date_text(view.loan.applied_on), recorded_by => view.loan.recorded_by,
        approved_by => view.loan.approval.as_ref().map(|a| format!("{} ({})", a.by, date_text(a.on))),
        disbursed_on => view.disbursed_on.map(date_text), status => status_text(lang, view.status),
        fee => rupiah(view.admin_fee), rate => percent(view.loan.terms.monthly_rate_percent),
        method => lang.text(match view.loan.terms.method { Method::Flat => "loans_flat", Method::Annuity => "loans_annuity" }),
        collectibility => standing.map(|s| class_text(lang, s.collectibility)),
        days_past_due => standing.map(|s| s.days_past_due), arrears => standing.map(|s| rupiah(s.arrears)),
        outstanding => standing.map(|s| rupiah(s.outstanding)), late => standing.is_some_and(|s| s.days_past_due > 0),
    }
}

fn schedule_rows(view: &LoanView) -> Vec<Value> {
    (view.schedule.iter())
        .map(|i| {
            context! {
                number => i.number, due_on => date_text(i.due_on), fee => rupiah(i.parts.fee),
                interest => rupiah(i.parts.interest), principal => rupiah(i.parts.principal),
                total => rupiah(i.total), balance => rupiah(i.balance),
            }
        })
        .collect()
}

fn loans_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    shown: &Shown,
    extra: Value,
) -> Result<Html<String>, AppError> {
    let lang = page.lang;
    let views = state.ledger.member_loans(entity.id, today())?;
    let loans: Vec<Value> = views.iter().map(|v| loan_row(lang, v)).collect();
    let classes: Vec<Value> = by_collectibility(&views)
        .into_iter()
        .map(|c| {
            context! {
                name => class_text(lang, c.collectibility), loans => c.loans,
                outstanding => rupiah(c.outstanding), allowance => rupiah(c.allowance),
            }
        })
        .collect();
    let members: Vec<Value> = (state.ledger.members(entity.id)?.into_iter())
        .filter(|m| m.exited_on.is_none())
        .map(|m| context! { id => m.id.to_string(), number => m.number.as_str(), name => m.name })
        .collect();
    let terms: Vec<Value> = (state.ledger.loan_terms(entity.id)?.iter().rev())
        .map(|t| {
            let method = lang.text(match t.method {
                Method::Flat => "loans_flat",
                Method::Annuity => "loans_annuity",
            });
            context! {
                from => date_text(t.effective_from), method, rate => percent(t.monthly_rate_percent),
                max_term => t.max_term_months, fee => percent(t.admin_fee_percent), multiple => t.savings_multiple,
            }
        })
        .collect();
    let methods = [["flat".to_string(), lang.text("loans_flat")], ["anuitas".into(), lang.text("loans_annuity")]];
    let extra = context! { loans, classes, members, terms, methods, ..extra };
    Ok(render(APPLY.template, shown.context(page, &APPLY, entity, extra)))
}

fn fresh_loans_form() -> Shown {
    let mut fields = fresh(&APPLY, &[("term_months", "12")]);
    fields.extend(fresh(&TERMS, &[("method", "flat"), ("effective_from", &today().to_string())]));
    Shown::fresh(fields)
}

pub(crate) async fn loans(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let terms_saved = query.get("terms_saved").map(String::as_str);
    Ok(loans_page(&state, &page, &entity, &fresh_loans_form(), context! { terms_saved })?.into_response())
}

/// The application from the form, recorded under the page user's name; on a refusal the
/// list again with each problem at its field and what was typed kept.
pub(crate) async fn apply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let shown = Shown::posted(&form, &APPLY)?;
    let input: apply_loan::Input = crate::service::import::written_input(serde_json::json!(shown.fields))?;
    let answer = state.ledger.apply_loan(&Actor::new(page.user.clone()), entity.id, input).await;
    match form::settle(answer, page.lang, shown, |_| None)? {
        Ok(loan) => Ok(see_other(&format!("/entities/{}/member-loans/{}?saved=applied", entity.id, loan.id))),
        Err(shown) => Ok(refused(loans_page(&state, page, &entity, &shown, context! {})?)),
    }
}

/// A new version of the loan terms from the form (`set_loan_terms`); the collectibility
/// classes keep the OJK defaults.
pub(crate) async fn save_terms(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let shown = Shown::posted(&form, &TERMS)?;
    match form::run_register::<SetLoanTerms>(&state, page, entity.id, shown).await? {
        Ok(terms) => {
            Ok(see_other(&format!("/entities/{}/member-loans?terms_saved={}", entity.id, terms.effective_from)))
        }
        Err(shown) => {
            let mut both = fresh_loans_form();
            both.fields.extend(shown.fields);
            let shown = Shown { fields: both.fields, ..shown };
            Ok(refused(loans_page(&state, page, &entity, &shown, context! { terms_form => true })?))
        }
    }
}

/// The step the loan waits for, and its form.
fn step(status: &str) -> Option<&'static FormKind> {
    match status {
        "applied" => Some(&APPROVE),
        "approved" => Some(&DISBURSE),
        "disbursed" => Some(&REPAY),
        _ => None,
    }
}

fn loan_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    loan: u64,
    shown: Option<&Shown>,
    saved: Option<&str>,
) -> Result<Html<String>, AppError> {
    let view = state.ledger.member_loan(entity.id, loan, today())?;
    let kind = step(view.status);
    let fresh_form;
    let shown = match (shown, kind) {
        (Some(shown), _) => shown,
        (None, Some(kind)) => {
            fresh_form = Shown::fresh(fresh(kind, &[("via", "kas")]));
            &fresh_form
        }
        (None, None) => {
            fresh_form = Shown::fresh(fresh(&APPROVE, &[]));
            &fresh_form
        }
    };
    let repayments: Vec<Value> = (view.repayments.iter())
        .map(|r| {
            context! {
                seq => r.seq, date => date_text(r.date), amount => rupiah(r.amount), fee => rupiah(r.parts.fee),
                interest => rupiah(r.parts.interest), principal => rupiah(r.parts.principal),
            }
        })
        .collect();
    let saved = saved.map(|s| match s {
        "applied" => page.lang.text("loans_saved_applied"),
        "approved" => page.lang.text("loans_saved_approved"),
        "disbursed" => page.lang.text("loans_saved_disbursed"),
        _ => page.lang.text("loans_saved_repaid"),
    });
    let extra = context! {
        loan => loan_row(page.lang, &view), schedule => schedule_rows(&view), repayments, saved,
        step => kind.map(|_| view.status),
    };
    Ok(render("loan.html", shown.context(page, kind.unwrap_or(&APPROVE), entity, extra)))
}

pub(crate) async fn loan(
    State(state): State<AppState>,
    page: Page,
    Path((id, loan)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let loan = parse_id(&loan, "pinjaman")?;
    let saved = query.get("saved").map(String::as_str);
    Ok(loan_page(&state, &page, &entity, loan, None, saved)?.into_response())
}

/// Where a stored step sends the browser: the loan's page, saying what was saved.
fn after(entity: &Entity, loan: u64, saved: &str) -> Response {
    see_other(&format!("/entities/{}/member-loans/{loan}?saved={saved}", entity.id))
}

pub(crate) async fn approve(
    State(state): State<AppState>,
    Path((id, loan)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let loan = parse_id(&loan, "pinjaman")?;
    let shown = Shown::posted(&form, &APPROVE)?;
    let typed = serde_json::json!({"loan": loan.to_string(), "date": shown.fields["date"]});
    let input: approve_loan::Input = crate::service::import::written_input(typed)?;
    let answer = state.ledger.approve_loan(&Actor::new(page.user.clone()), entity.id, input).await;
    match form::settle(answer, page.lang, shown, |_| None)? {
        Ok(_) => Ok(after(&entity, loan, "approved")),
        Err(shown) => Ok(refused(loan_page(&state, page, &entity, loan, Some(&shown), None)?)),
    }
}

/// The posting steps (disburse, repay) through the page-form door, the path's loan in the input.
async fn post_step<C: crate::usecase::Command>(
    state: &AppState,
    form: &PageForm,
    id: &str,
    loan: &str,
    kind: &FormKind,
    saved: &str,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(state, &page.user, id, Access::Write)?;
    let loan = parse_id(loan, "pinjaman")?;
    let shown = Shown::posted(form, kind)?;
    let mut typed = serde_json::json!(shown.fields);
    typed["loan"] = serde_json::json!(loan.to_string());
    match form::run_as::<C>(state, page, entity.id, shown, typed).await? {
        Ok(_) => Ok(after(&entity, loan, saved)),
        Err(shown) => Ok(refused(loan_page(state, page, &entity, loan, Some(&shown), None)?)),
    }
}

pub(crate) async fn disburse(
    State(state): State<AppState>,
    Path((id, loan)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    post_step::<DisburseLoan>(&state, &form, &id, &loan, &DISBURSE, "disbursed").await
}

pub(crate) async fn repay(
    State(state): State<AppState>,
    Path((id, loan)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    post_step::<RepayMemberLoan>(&state, &form, &id, &loan, &REPAY, "repaid").await
}

/// A member's own loans: each with where it stands today, its schedule and repayments.
pub(crate) async fn member_loans(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let member = authorize_member(&state, &page.user, &id, Access::Read)?;
    let views = state.ledger.loans_of_member(&Actor::new(page.user.clone()), member.id, today())?;
    let loans: Vec<Value> =
        (views.iter()).map(|v| context! { head => loan_row(page.lang, v), schedule => schedule_rows(v) }).collect();
    let extra = context! { loans };
    Ok(render("member_loans.html", super::member::member_context(&page, &member, "loans", extra)))
}
