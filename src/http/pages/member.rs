//! A member's own pages: savings balances, statement and arrears. A member sees only
//! their own; staff see the members of books they may read (as in the API).

use super::super::api::today;
use super::super::error::AppError;
use super::super::members::authorize_member;
use super::super::AppState;
use super::session::Page;
use super::text::Lang;
use super::{render, rupiah};
use crate::domain::member::{Member, MANDATORY_SAVINGS, PRINCIPAL_SAVINGS, SHU_PAYABLE, VOLUNTARY_SAVINGS};
use crate::domain::user::Access;
use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::{context, Value};

/// The parts every member page shares: who, and the links between the three pages.
pub(super) fn member_context(page: &Page, member: &Member, current: &str, extra: Value) -> Value {
    page.context(context! {
        member_id => member.id, member_name => member.name, member_number => member.number.as_str(),
        current, date => today().format("%d-%m-%Y").to_string(), ..extra
    })
}

/// A savings account by its page name, or the chart's name for any other.
fn account_label(lang: Lang, code: &str, chart_name: &str) -> String {
    let key = match code {
        PRINCIPAL_SAVINGS => "pokok",
        MANDATORY_SAVINGS => "wajib",
        VOLUNTARY_SAVINGS => "sukarela",
        SHU_PAYABLE => "shu",
        _ => return chart_name.to_string(),
    };
    lang.text(key)
}

pub(crate) async fn balances(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let member = authorize_member(&state, &page.user, &id, Access::Read)?;
    let b = state.ledger.member_balance(member.id, today())?;
    let rows = [("pokok", b.pokok), ("wajib", b.wajib), ("sukarela", b.sukarela), ("shu", b.shu_unpaid)]
        .into_iter()
        .map(|(key, amount)| context! { label => page.lang.text(key), key, amount => rupiah(amount) })
        .collect::<Vec<_>>();
    let extra = context! { rows, total => rupiah(b.total), arrears => rupiah(b.arrears.amount) };
    Ok(render("member_balances.html", member_context(&page, &member, "balances", extra)))
}

pub(crate) async fn statement(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let member = authorize_member(&state, &page.user, &id, Access::Read)?;
    let statement = state.ledger.member_statement(member.id, member.joined_on, today())?;
    let amount = |value: rust_decimal::Decimal| (!value.is_zero()).then(|| rupiah(value));
    let lines: Vec<Value> = statement
        .lines
        .iter()
        .map(|l| {
            context! {
                date => l.date.format("%d-%m-%Y").to_string(), memo => l.memo,
                account => account_label(page.lang, &l.account, &l.account_name),
                money_in => amount(l.credit), money_out => amount(l.debit), balance => rupiah(l.balance),
            }
        })
        .collect();
    Ok(render("member_statement.html", member_context(&page, &member, "statement", context! { lines })))
}

pub(crate) async fn arrears(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let member = authorize_member(&state, &page.user, &id, Access::Read)?;
    let balance = state.ledger.member_balance(member.id, today())?;
    let wajib = state.ledger.terms_on(member.entity_id, today())?.map(|t| rupiah(t.wajib.decimal()));
    let extra = context! {
        periods => balance.arrears.periods, amount => rupiah(balance.arrears.amount),
        owing => !balance.arrears.amount.is_zero(), wajib,
    };
    Ok(render("member_arrears.html", member_context(&page, &member, "arrears", extra)))
}
