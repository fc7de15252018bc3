//! A member leaves (anggota keluar): the page shows what the member is paid back — pokok,
//! wajib, sukarela and any SHU share not yet paid — and the cash on hand, before the
//! treasurer confirms; the exit posts the payout in one entry and marks the member exited.

use super::super::error::AppError;
use super::super::members::authorize_member;
use super::super::AppState;
use super::books::{fresh, refused, saved, FormKind, Shown};
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::member::{Member, CASH};
use crate::domain::user::Access;
use crate::service::ServiceError;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

const EXIT: FormKind = FormKind { template: "member_exit.html", fields: &["date"] };

fn exit_page(state: &AppState, page: &Page, member: &Member, shown: &Shown) -> Result<Html<String>, AppError> {
    let entity: Entity = state.ledger.entity(member.entity_id)?;
    let owed = state.ledger.member_balance(member.id, super::super::api::today())?;
    let cash = state.ledger.accounts(entity.id)?.into_iter().find(|a| a.account.code.as_str() == CASH);
    let cash = cash.map(|a| a.balance).unwrap_or_default();
    let parts: Vec<[String; 2]> =
        [("pokok", owed.pokok), ("wajib", owed.wajib), ("sukarela", owed.sukarela), ("shu", owed.shu_unpaid)]
            .into_iter()
            .map(|(key, amount)| [page.lang.text(key), rupiah(amount)])
            .collect();
    let extra = context! {
        member_id => member.id, member_name => member.name, member_number => member.number.as_str(),
        exited => member.exited_on.map(|d| d.to_string()), parts, total => rupiah(owed.total), cash => rupiah(cash),
        short => cash < owed.total,
    };
    Ok(render(EXIT.template, shown.context(page, &EXIT, &entity, extra)))
}

pub(crate) async fn exit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let member = authorize_member(&state, &page.user, &id, Access::Write)?;
    Ok(exit_page(&state, &page, &member, &Shown::fresh(fresh(&EXIT, &[])))?.into_response())
}

pub(crate) async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let member = authorize_member(&state, &page.user, &id, Access::Write)?;
    let entity = state.ledger.entity(member.entity_id)?;
    let mut shown = Shown::posted(&form, &EXIT)?;
    let mut check = super::form::Check::new(page.lang);
    let Some(date) = check.date("date", &shown.fields["date"]) else {
        shown.errors = check.errors;
        return Ok(refused(exit_page(&state, page, &member, &shown)?));
    };
    let once = shown.once(&format!("exit/{}", member.id), &entity);
    match state.ledger.exit_member(member.id, date, None, page.user.username.as_str(), Some(once)).await {
        Ok((_, posted)) if !posted.entries.is_empty() => Ok(saved(&entity, &posted)),
        Ok((exited, _)) => Ok(see_other(&format!("/entities/{}/members?q={}", entity.id, exited.number.as_str()))),
        Err(error) => {
            let place = |e: &ServiceError| super::form::is_locked_date(e).then_some("date");
            let shown = shown.refused(error, page.lang, place)?;
            Ok(refused(exit_page(&state, page, &member, &shown)?))
        }
    }
}
