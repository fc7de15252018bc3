//! The panti's Dinas Sosial hub page (`/entities/{panti}/hub`): where the panti enrolled
//! and, for its head, the form that enrols it with the hub's address and the officer's
//! one-time code (`Ledger::enrol_at_hub`). Readers of the panti see the enrolment.

use super::super::error::AppError;
use super::super::report::{allowed_panti, signing_panti};
use super::super::AppState;
use super::form::{self, first_error, FieldErrors};
use super::render;
use super::session::{see_other, Page, PageForm};
use crate::domain::entity::Entity;
use crate::domain::report::outbox::Sending;
use crate::domain::user::{Access, Role};
use crate::messages::Lang;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use std::collections::{BTreeMap, HashMap};

const FIELDS: [&str; 2] = ["address", "code"];

/// How the submitted list says where a revision stands towards the hub.
pub(crate) fn sending_text(lang: Lang, sending: Sending) -> String {
    match sending {
        Sending::Delivered => lang.text("hub_sending_delivered"),
        Sending::Waiting => lang.text("hub_sending_waiting"),
        Sending::Refused => lang.text("hub_sending_refused"),
    }
}

fn hub_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    fields: BTreeMap<&str, String>,
    errors: FieldErrors,
    form_error: Option<String>,
    saved: bool,
) -> Result<Response, AppError> {
    let link = state.ledger.hub_link(panti.id)?;
    let fingerprint = state.ledger.signing_fingerprint()?;
    let refused = !errors.is_empty() || form_error.is_some();
    let html = render(
        "hub.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, link, fingerprint, saved,
            is_head => page.user.role == Role::Head,
            fields, first_error => first_error(&FIELDS, &errors), errors, form_error,
        }),
    );
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, html).into_response())
}

pub(crate) async fn hub(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    hub_page(&state, &page, &panti, BTreeMap::new(), FieldErrors::new(), None, query.contains_key("saved"))
}

/// The head enrols the panti: the hub is called now, and its refusal shown at its field.
pub(crate) async fn enrol(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    // The hub pins the key of whoever enrols: the head, who signs the reports.
    let panti = signing_panti(&state, &page.user, &id)?;
    let fields: BTreeMap<&str, String> = FIELDS.iter().map(|name| (*name, form.field(name).to_string())).collect();
    let enrolled = state
        .ledger
        .enrol_at_hub(panti.id, form.field("address"), form.field("code"), page.user.username.as_str())
        .await;
    match enrolled {
        Ok(_) => Ok(see_other(&format!("/entities/{}/hub?saved=1#saved", panti.id))),
        Err(error) => {
            let (errors, form_error) = form::placed(page.lang, error, &FIELDS)?;
            hub_page(&state, page, &panti, fields, errors, form_error, false)
        }
    }
}
