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
use crate::usecase::members::exit_member::ExitMember;
use crate::usecase::Command;
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
    let member = authorize_member(&state, &page.user, &id, ExitMember::ACCESS)?;
    Ok(exit_page(&state, &page, &member, &Shown::fresh(fresh(&EXIT, &[])))?.into_response())
}

pub(crate) async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let member = authorize_member(&state, &page.user, &id, ExitMember::ACCESS)?;
    let entity = state.ledger.entity(member.entity_id)?;
    let shown = Shown::posted(&form, &EXIT)?;
    let typed = serde_json::json!({ "date": shown.fields["date"], "member_id": member.id.to_string() });
    match super::form::run_as::<ExitMember>(&state, page, entity.id, shown, typed).await? {
        Ok(posted) if !posted.entries.is_empty() => Ok(saved(&entity, &posted)),
        Ok(_) => Ok(see_other(&format!("/entities/{}/members?q={}", entity.id, member.number.as_str()))),
        Err(shown) => Ok(refused(exit_page(&state, page, &member, &shown)?)),
    }
}
