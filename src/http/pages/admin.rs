//! The admin's pages (administrasi): every staff login with its role and entity, and the
//! form that creates one while the service runs (`create_user`), through the same command
//! as `POST /api/v1/users` and `kube-ledger user add`.

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::render;
use super::session::{see_other, Page, PageForm};
use crate::usecase::users::create_user::{CreateUser, ROLES};
use crate::usecase::{Actor, AdminCommand};
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const USER: FormKind =
    FormKind { template: "admin_users.html", fields: &["username", "role", "entity_id", "password"] };

fn users_page(state: &AppState, page: &Page, shown: &Shown, added: Option<&str>) -> Result<Html<String>, AppError> {
    let entities = state.ledger.entities()?;
    let name_of = |id| entities.iter().find(|e| Some(e.id) == id).map(|e| e.name.clone());
    let role_text = |role| page.lang.text(&format!("admin_role_{}", super::reports::name_of(role)));
    let users: Vec<Value> = (state.ledger.staff_users(&Actor::new(page.user.clone()))?.into_iter())
        .map(|u| {
            context! {
                username => u.username, role => role_text(u.role), entity => name_of(u.entity_id), disabled => u.disabled,
            }
        })
        .collect();
    let roles: Vec<[String; 2]> = ROLES.iter().map(|(name, role)| [name.to_string(), role_text(*role)]).collect();
    let choices: Vec<[String; 2]> = entities.iter().map(|e| [e.id.to_string(), e.name.clone()]).collect();
    Ok(render(USER.template, page.context(context! { users, roles, choices, added, ..shown.form_context(&USER) })))
}

pub(crate) async fn users(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let shown = Shown::fresh(fresh(&USER, &[("role", "treasurer")]));
    users_page(&state, &page, &shown, query.get("added").map(String::as_str))
}

pub(crate) async fn save_user(State(state): State<AppState>, form: PageForm) -> Result<Response, AppError> {
    let page = &form.page;
    let actor = Actor::new(page.user.clone());
    state.ledger.administrator(&actor)?;
    let mut shown = Shown::posted(&form, &USER)?;
    let f = &shown.fields;
    let entity = Some(f["entity_id"].as_str()).filter(|e| !e.is_empty());
    let typed = serde_json::json!({
        "username": f["username"], "role": f["role"], "entity_id": entity, "password": f["password"],
    });
    let input = crate::service::import::written_input(typed)?;
    let answer = state.ledger.administer::<CreateUser>(&actor, input).await;
    // A password is never sent back to the browser, kept or not.
    shown.fields.insert("password", String::new());
    match super::form::settle(answer, page.lang, shown, CreateUser::place)? {
        Ok(user) => Ok(see_other(&format!("/admin/users?added={}", user.username))),
        Err(shown) => Ok(refused(users_page(&state, page, &shown, None)?)),
    }
}
