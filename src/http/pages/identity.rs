//! The identity page (identitas lembaga): what the report's letterhead and its signed
//! bundle say of the entity, and for a writer the form that sets it (`set_identity`),
//! showing only the parts its kind has.

use super::super::api::authorize;
use super::super::error::AppError;
use super::super::AppState;
use super::books::{refused, Fields, FormKind, Shown};
use super::render;
use super::session::{see_other, Page, PageForm};
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::identity::{Identity, PantiType};
use crate::usecase::entities::set_identity::SetIdentity;
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use std::collections::HashMap;

const IDENTITY: FormKind = FormKind {
    template: "identity.html",
    fields: &[
        "panti_type",
        "registration_number",
        "region",
        "address",
        "legal_number",
        "legal_date",
        "nik_koperasi",
        "nib",
    ],
};

/// The form filled with what is stored.
fn stored_fields(identity: Option<Identity>) -> Fields {
    let identity = identity.unwrap_or_default();
    let legal = identity.legal.as_ref();
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    Fields::from([
        ("panti_type", text(identity.panti_type.map(PantiType::code))),
        ("registration_number", text(identity.registration_number.as_deref())),
        ("region", text(identity.region.as_ref().map(|r| r.as_str()))),
        ("address", text(identity.address.as_deref())),
        ("legal_number", text(legal.map(|l| l.number.as_str()))),
        ("legal_date", legal.map(|l| l.date.to_string()).unwrap_or_default()),
        ("nik_koperasi", text(legal.and_then(|l| l.nik_koperasi.as_deref()))),
        ("nib", text(legal.and_then(|l| l.nib.as_deref()))),
    ])
}

fn identity_page(page: &Page, entity: &Entity, shown: &Shown, saved: bool) -> Html<String> {
    let types: Vec<(&str, String)> =
        PantiType::ALL.iter().map(|kind| (kind.code(), format!("{} ({})", kind.name(), kind.code()))).collect();
    let extra = context! {
        saved, types,
        is_panti => entity.kind == EntityKind::Panti, is_koperasi => entity.kind == EntityKind::Koperasi,
    };
    render(IDENTITY.template, shown.context(page, &IDENTITY, entity, extra))
}

pub(crate) async fn identity(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, crate::domain::user::Access::Read)?;
    let shown = Shown::fresh(stored_fields(state.ledger.identity(entity.id)?));
    Ok(identity_page(&page, &entity, &shown, query.contains_key("saved")).into_response())
}

pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, SetIdentity::ACCESS)?;
    match super::form::run_register::<SetIdentity>(&state, page, entity.id, Shown::posted(&form, &IDENTITY)?).await? {
        Ok(_) => Ok(see_other(&format!("/entities/{}/identity?saved=1#saved", entity.id))),
        Err(shown) => Ok(refused(identity_page(page, &entity, &shown, false))),
    }
}
