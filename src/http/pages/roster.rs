//! The member register's pages: the list with search by name or number and paging, the
//! form that registers a member (`register_member`), so that the savings form has members
//! to choose from, and the form that changes a member's contact (`change_contact`).

use super::super::api::{authorize, parse_id};
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::render;
use super::session::{see_other, Page, PageForm};
use crate::domain::entity::Entity;
use crate::domain::user::{allows, Access};
use crate::messages::message;
use crate::usecase::members::register_member::RegisterMember;
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use std::collections::HashMap;

/// Members shown on one page of the list.
const MEMBERS_PER_PAGE: usize = 20;

const MEMBER: FormKind =
    FormKind { template: "member_form.html", fields: &["number", "name", "kind", "phone", "nik", "joined_on"] };

pub(crate) async fn members(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let q = query.get("q").map_or("", |q| q.trim());
    let wanted = q.to_lowercase();
    let found: Vec<_> = state
        .ledger
        .members(entity.id)?
        .into_iter()
        .filter(|m| m.name.to_lowercase().contains(&wanted) || m.number.as_str().to_lowercase().contains(&wanted))
        .collect();
    let (shown, at, pages) = super::paged(&found, MEMBERS_PER_PAGE, &query);
    let shown: Vec<_> = shown
        .iter()
        .map(|m| {
            context! {
                id => m.id, number => m.number.as_str(), name => m.name,
                joined => m.joined_on.format("%d-%m-%Y").to_string(),
                exited => m.exited_on.map(|d| d.format("%d-%m-%Y").to_string()),
            }
        })
        .collect();
    // The member just registered, said plainly, with the next steps one tap away.
    let added = match query.get("added") {
        Some(added) => Some(state.ledger.member(parse_id(added, "anggota")?)?).filter(|m| m.entity_id == entity.id),
        None => None,
    };
    let added = added.map(|m| {
        let args = [("number", m.number.as_str().to_string().into()), ("name", m.name.clone().into())];
        context! { id => m.id, sentence => message(page.lang, "done_member", &args) }
    });
    Ok(render(
        "members.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, members => shown, q, found => found.len(),
            at, pages, added, can_write => allows(page.user.role, page.user.entity_id, Access::Write, &entity),
        }),
    ))
}

fn member_page(page: &Page, entity: &Entity, shown: &Shown) -> Html<String> {
    let t = |key: &str| page.lang.text(key);
    let kinds = [("klien", t("kind_klien")), ("petugas", t("kind_petugas")), ("keluarga", t("kind_keluarga"))];
    render(MEMBER.template, shown.context(page, &MEMBER, entity, context! { kinds }))
}

pub(crate) async fn new_member(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, RegisterMember::ACCESS)?;
    let today = super::super::api::today().to_string();
    let shown = Shown::fresh(fresh(&MEMBER, &[("kind", "klien"), ("joined_on", &today)]));
    Ok(member_page(&page, &entity, &shown).into_response())
}

pub(crate) async fn save_member(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, RegisterMember::ACCESS)?;
    match super::form::run_register::<RegisterMember>(&state, page, entity.id, Shown::posted(&form, &MEMBER)?).await? {
        Ok(member) => Ok(see_other(&format!("/entities/{}/members?added={}", entity.id, member.id))),
        Err(shown) => Ok(refused(member_page(page, &entity, &shown))),
    }
}
