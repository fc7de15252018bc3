//! The pages' scripts, served as files from this site: the page policy
//! (`script-src 'self'`) runs no inline script and no `onclick` attribute.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// Every script a page loads, by the name in `/scripts/{name}`.
const SCRIPTS: &[(&str, &str)] =
    &[("sale-form.js", include_str!("../../assets/sale-form.js")), ("print.js", include_str!("../../assets/print.js"))];

/// `GET /scripts/{name}`: one of the shipped scripts, cacheable for an hour; 404 otherwise.
pub(crate) async fn script(Path(name): Path<String>) -> Response {
    match SCRIPTS.iter().find(|(shipped, _)| *shipped == name) {
        Some((_, source)) => {
            let headers = [(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "public, max-age=3600")];
            (headers, *source).into_response()
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
