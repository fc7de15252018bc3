//! The admin's pages (administrasi): every staff login with its role and entity, the
//! form that creates one while the service runs (`create_user`, the command of
//! `POST /api/v1/users` and `kube-ledger user add`), and one login's page: a new password
//! (`reset_password`) and disabling or enabling it (`disable_login`).

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::render;
use super::session::{see_other, Page, PageForm};
use crate::domain::entity::EntityKind;
use crate::usecase::entities::create_entity::{CreateEntity, KINDS};
use crate::usecase::users::create_user::{CreateUser, ROLES};
use crate::usecase::users::disable_login::DisableLogin;
use crate::usecase::users::reset_password::ResetPassword;
use crate::usecase::{Actor, AdminCommand};
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const USER: FormKind =
    FormKind { template: "admin_users.html", fields: &["username", "role", "entity_id", "password"] };
const PASSWORD: FormKind = FormKind { template: "admin_user.html", fields: &["password"] };
/// What a login's page says was saved (`?saved=`): each has its text `admin_saved_…`.
pub(super) const SAVED: &[&str] = &["password", "disabled", "enabled"];

/// The admin posting `form`, checked before anything of it is read.
fn admin(state: &AppState, form: &PageForm) -> Result<Actor, AppError> {
    let actor = Actor::new(form.page.user.clone());
    state.ledger.administrator(&actor)?;
    Ok(actor)
}

fn role_text(page: &Page, role: crate::domain::user::Role) -> String {
    page.lang.text(&format!("admin_role_{}", super::reports::name_of(role)))
}

fn users_page(state: &AppState, page: &Page, shown: &Shown, added: Option<&str>) -> Result<Html<String>, AppError> {
    let entities = state.ledger.entities()?;
    let name_of = |id| entities.iter().find(|e| Some(e.id) == id).map(|e| e.name.clone());
    let role_text = |role| role_text(page, role);
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
    let (page, actor) = (&form.page, admin(&state, &form)?);
    let mut shown = Shown::posted(&form, &USER)?;
    let f = &shown.fields;
    let entity = Some(f["entity_id"].as_str()).filter(|e| !e.is_empty());
    let typed = serde_json::json!({
        "username": f["username"], "role": f["role"], "entity_id": entity, "password": f["password"],
    });
    // Once per form; the password is left out of what the key is bound to, so no hash
    // of it is kept beside the argon2 one.
    let once = super::form::idempotency(
        "admin-users",
        &shown.form_key,
        &serde_json::json!([typed["username"], typed["role"], entity]),
    );
    let input = crate::service::import::written_input(typed)?;
    let answer = state.ledger.administer_once::<CreateUser>(&actor, input, once).await;
    // A password is never sent back to the browser, kept or not.
    shown.fields.insert("password", String::new());
    match super::form::settle(answer, page.lang, shown, CreateUser::place)? {
        Ok(user) => Ok(see_other(&format!("/admin/users?added={}", user.username))),
        Err(shown) => Ok(refused(users_page(&state, page, &shown, None)?)),
    }
}

/// One login's page: who it is, a new password, and disabling or enabling it; `refusal`
/// is what the disable form was refused with.
fn user_page(
    state: &AppState,
    page: &Page,
    username: &str,
    shown: &Shown,
    refusal: Option<String>,
    saved: Option<&str>,
) -> Result<Html<String>, AppError> {
    let user = state.ledger.staff_user(&Actor::new(page.user.clone()), username)?;
    let entity = user.entity_id.map(|id| state.ledger.entity(id)).transpose()?.map(|e| e.name);
    let user = context! {
        username => user.username, role => role_text(page, user.role), entity, disabled => user.disabled,
    };
    let saved = saved.filter(|s| SAVED.contains(s)).map(|s| page.lang.text(&format!("admin_saved_{s}")));
    Ok(render(PASSWORD.template, page.context(context! { user, saved, refusal, ..shown.form_context(&PASSWORD) })))
}

pub(crate) async fn user(
    State(state): State<AppState>,
    page: Page,
    Path(username): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let shown = Shown::fresh(fresh(&PASSWORD, &[]));
    user_page(&state, &page, &username, &shown, None, query.get("saved").map(String::as_str))
}

pub(crate) async fn save_password(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let (page, actor) = (&form.page, admin(&state, &form)?);
    let mut shown = Shown::posted(&form, &PASSWORD)?;
    let typed = serde_json::json!({ "username": username, "password": shown.fields["password"] });
    let input = crate::service::import::written_input(typed)?;
    let answer = state.ledger.administer::<ResetPassword>(&actor, input).await;
    // A password is never sent back to the browser.
    shown.fields.insert("password", String::new());
    match super::form::settle(answer, page.lang, shown, ResetPassword::place)? {
        Ok(user) => Ok(see_other(&format!("/admin/users/{}?saved=password", user.username))),
        Err(shown) => Ok(refused(user_page(&state, page, &username, &shown, None, None)?)),
    }
}

pub(crate) async fn save_disabled(
    State(state): State<AppState>,
    Path(username): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let (page, actor) = (&form.page, admin(&state, &form)?);
    let disabled = form.field("disabled") == "true";
    let input = crate::usecase::users::disable_login::Input { username: username.clone(), disabled: Some(disabled) };
    match state.ledger.administer::<DisableLogin>(&actor, input).await {
        Ok(user) => {
            let saved = if user.disabled { "disabled" } else { "enabled" };
            Ok(see_other(&format!("/admin/users/{}?saved={saved}", user.username)))
        }
        Err(error @ crate::service::ServiceError::Refused(_)) => {
            let text = crate::messages::refusal_text(page.lang, &error);
            let shown = Shown::fresh(fresh(&PASSWORD, &[]));
            Ok(refused(user_page(&state, page, &username, &shown, Some(text), None)?))
        }
        Err(other) => Err(other.into()),
    }
}

const ENTITY: FormKind =
    FormKind { template: "admin_entities.html", fields: &["kind", "name", "parent_id", "address"] };

/// Every panti, KUBE and koperasi with what it hangs under, and the form that creates one.
fn entities_page(state: &AppState, page: &Page, shown: &Shown, added: Option<u64>) -> Result<Html<String>, AppError> {
    let entities = state.ledger.entities()?;
    let kind_text = |kind: EntityKind| page.lang.text(&format!("admin_kind_{}", super::reports::name_of(kind)));
    let name_of = |id: Option<u64>| entities.iter().find(|e| Some(e.id) == id).map(|e| e.name.clone());
    let listed: Vec<Value> = (entities.iter())
        .map(|e| context! { id => e.id, name => e.name, kind => kind_text(e.kind), parent => name_of(e.parent_id) })
        .collect();
    let kinds: Vec<[String; 2]> = KINDS.iter().map(|(name, kind)| [name.to_string(), kind_text(*kind)]).collect();
    let panti: Vec<[String; 2]> =
        (entities.iter().filter(|e| e.kind == EntityKind::Panti)).map(|e| [e.id.to_string(), e.name.clone()]).collect();
    let added =
        added.and_then(|id| entities.iter().find(|e| e.id == id)).map(|e| context! { id => e.id, name => e.name });
    let context = context! { entities => listed, kinds, panti, added, ..shown.form_context(&ENTITY) };
    Ok(render(ENTITY.template, page.context(context)))
}

pub(crate) async fn entities(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    state.ledger.administrator(&Actor::new(page.user.clone()))?;
    let shown = Shown::fresh(fresh(&ENTITY, &[("kind", "kube")]));
    entities_page(&state, &page, &shown, query.get("added").and_then(|id| id.parse().ok()))
}

/// Creates an entity from the page, once per form: a second send answers the first.
pub(crate) async fn save_entity(State(state): State<AppState>, form: PageForm) -> Result<Response, AppError> {
    let (page, actor) = (&form.page, admin(&state, &form)?);
    let shown = Shown::posted(&form, &ENTITY)?;
    let f = &shown.fields;
    let optional = |name: &str| Some(f[name].trim()).filter(|v| !v.is_empty());
    let typed = serde_json::json!({
        "kind": f["kind"], "name": f["name"], "parent_id": optional("parent_id"), "address": optional("address"),
    });
    let once = super::form::idempotency("admin-entities", &shown.form_key, &typed);
    let input = crate::service::import::written_input(typed)?;
    let answer = state.ledger.administer_once::<CreateEntity>(&actor, input, once).await;
    match super::form::settle(answer, page.lang, shown, CreateEntity::place)? {
        Ok(entity) => Ok(see_other(&format!("/admin/entities?added={}", entity.id))),
        Err(shown) => Ok(refused(entities_page(&state, page, &shown, None)?)),
    }
}

/// The backups: download one now (a consistent snapshot), the schedule `serve` runs with
/// its backups, and a scheduled backup taken now.
pub(crate) async fn backups(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let schedule = state.ledger.backup_schedule(&Actor::new(page.user.clone()))?;
    let schedule = schedule.map(|(schedule, files)| {
        let files: Vec<Value> = (files.iter().rev())
            .map(|f| context! { name => f.name, size => format!("{:.1} MB", f.bytes as f64 / 1_048_576.0) })
            .collect();
        let every = spacing_text(schedule.every);
        context! { dir => schedule.dir.display().to_string(), keep => schedule.keep, every, files }
    });
    let taken = query.get("taken").filter(|name| name.ends_with(".kubebak"));
    Ok(render("admin_backups.html", page.context(context! { schedule, taken })))
}

/// The schedule's spacing in its largest whole unit, as `--backup-every` takes it (`1d`, `6h`).
fn spacing_text(every: std::time::Duration) -> String {
    let seconds = every.as_secs();
    match seconds {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

pub(crate) async fn take_backup(State(state): State<AppState>, form: PageForm) -> Result<Response, AppError> {
    let actor = admin(&state, &form)?;
    match state.ledger.backup_now(&actor).await? {
        Some(name) => Ok(see_other(&format!("/admin/backups?taken={name}"))),
        None => Ok(see_other("/admin/backups")),
    }
}
