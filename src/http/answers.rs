//! Every error answer in its door's shape, whoever made it (a handler, the router's own
//! 404 and 405, a body limit's 413, the timeout's 408): under `/api` the JSON error shape
//! (`{"error": {"code", "message"}}`), elsewhere a page.

use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The code of an answer that came without one, by its status; each has a message
/// `http-<code>` in the catalogue.
pub(crate) fn status_word(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "body_too_large",
        415 => "unsupported_media_type",
        422 => "invalid_body",
        429 => "too_many_requests",
        431 => "headers_too_large",
        503 => "unavailable",
        500..=599 => "server_error",
        _ => "bad_request",
    }
}

/// Every code [`status_word`] answers, for the catalogue's test.
#[cfg(test)]
pub(crate) const STATUS_WORDS: &[&str] = &[
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "request_timeout",
    "body_too_large",
    "unsupported_media_type",
    "invalid_body",
    "too_many_requests",
    "headers_too_large",
    "unavailable",
    "server_error",
    "bad_request",
];

pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
}

/// Pages answer errors as pages, `/api` (and `/healthz`) in the JSON error shape.
pub async fn shape_errors(
    axum::extract::State(state): axum::extract::State<super::AppState>,
    request: Request,
    next: Next,
) -> Response {
    if super::routes::is_page_path(request.uri().path()) {
        return super::pages::error_pages(&state, request, next).await;
    }
    let lang = super::lang_of(request.headers(), request.uri().query());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(response.headers()) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(CONTENT_TYPE);
    parts.headers.remove(CONTENT_LENGTH);
    let code = status_word(status);
    let message = crate::messages::message(lang, &format!("http-{code}"), &[]);
    let body = axum::Json(json!({ "error": { "code": code, "message": message } }));
    (parts, body).into_response()
}
