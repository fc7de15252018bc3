//! CSV upload from a page (sales, purchases, members): all or nothing through the same
//! import as the command line, every bad line shown as `FILE:LINE: reason`.

use super::super::api::authorize;
use super::super::error::AppError;
use super::super::AppState;
use super::form::{self, new_form_key};
use super::render;
use super::session::{see_other, Page};
use crate::domain::user::Access;
use crate::service::import::{ImportError, ImportKind};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use std::collections::HashMap;

/// The kinds a treasurer uploads, by their form value.
pub(super) const KINDS: [(&str, ImportKind); 3] =
    [("sales", ImportKind::Sales), ("purchases", ImportKind::Purchases), ("members", ImportKind::Members)];

/// What the upload page shows: the kind chosen, the lines refused, and how many were imported.
struct UploadPage<'a> {
    kind: &'a str,
    problems: Vec<String>,
    kind_error: bool,
    file_error: bool,
    imported: Option<(usize, &'static str)>,
}

fn upload_page(page: &Page, entity: &crate::domain::entity::Entity, shown: UploadPage<'_>) -> Html<String> {
    let kinds: Vec<_> = KINDS.iter().map(|(value, _)| *value).collect();
    render(
        "upload.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, kinds, kind => shown.kind,
            problems => shown.problems, kind_error => shown.kind_error, file_error => shown.file_error,
            imported => shown.imported.map(|(count, noun)| context! { count, noun }), form_key => new_form_key(),
            can_write => true,
        }),
    )
}

pub(crate) async fn upload_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let kind = query.get("kind").map_or("sales", String::as_str);
    let imported = query
        .get("imported")
        .and_then(|count| count.parse().ok())
        .zip(KINDS.iter().find(|(value, _)| *value == kind).map(|(_, k)| k.noun()));
    let shown = UploadPage { kind, problems: Vec::new(), kind_error: false, file_error: false, imported };
    Ok(upload_page(&page, &entity, shown))
}

/// The parts of the upload form: the CSRF token and form key, the kind, the file.
#[derive(Default)]
struct Parts {
    csrf: String,
    form_key: String,
    kind: String,
    file_name: String,
    text: Option<String>,
    /// The file was sent but is not UTF-8 (Latin-1, UTF-16): refused, never imported garbled.
    not_utf8: bool,
}

async fn read_parts(mut multipart: Multipart) -> Result<Parts, AppError> {
    let mut parts = Parts::default();
    let unreadable = |e: axum::extract::multipart::MultipartError| AppError::InvalidBody(e.body_text());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "csrf" => parts.csrf = field.text().await.map_err(unreadable)?,
            "form_key" => parts.form_key = field.text().await.map_err(unreadable)?,
            "kind" => parts.kind = field.text().await.map_err(unreadable)?,
            "file" => {
                // Only the file's own name: a browser may send a path.
                let name = field.file_name().unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
                parts.file_name = name.to_string();
                let bytes = field.bytes().await.map_err(unreadable)?;
                match String::from_utf8(bytes.to_vec()) {
                    Ok(text) => parts.text = (!text.is_empty()).then_some(text),
                    Err(_) => parts.not_utf8 = true,
                }
            }
            _ => {}
        }
    }
    Ok(parts)
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let parts = read_parts(multipart).await?;
    page.check_csrf(&state, &parts.csrf)?;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let kind = KINDS.iter().find(|(value, _)| *value == parts.kind).map(|(_, kind)| *kind);
    let mut shown = UploadPage {
        kind: &parts.kind,
        problems: Vec::new(),
        kind_error: kind.is_none(),
        file_error: parts.text.is_none() && !parts.not_utf8,
        imported: None,
    };
    if parts.not_utf8 {
        shown.problems = vec![crate::messages::message(page.lang, "http-not_utf8", &[])];
    }
    let (Some(kind), Some(text)) = (kind, &parts.text) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, upload_page(&page, &entity, shown)).into_response());
    };
    // A file that posts money is posted once under the form key, bound to the file.
    let key = form::checked_form_key(&parts.form_key)?;
    let asked = serde_json::json!([entity.id, parts.kind, crate::service::sha256(text.as_bytes())]);
    let idempotency = form::idempotency("import", key, &asked);
    let file_name = if parts.file_name.is_empty() { "unggahan.csv" } else { &parts.file_name };
    let by = page.user.username.as_str();
    match kind.run(&state.ledger, entity.id, file_name, text, by, Some(idempotency)).await {
        Ok(count) => Ok(see_other(&format!("/entities/{}/import?kind={}&imported={count}", entity.id, parts.kind))),
        Err(ImportError::Rows(rows)) => {
            shown.problems = rows;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, upload_page(&page, &entity, shown)).into_response())
        }
        Err(ImportError::Service(error)) => {
            let (_, message) = form::refusal(error, page.lang, |_| None)?;
            shown.problems = vec![message];
            Ok((StatusCode::UNPROCESSABLE_ENTITY, upload_page(&page, &entity, shown)).into_response())
        }
    }
}
