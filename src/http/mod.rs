//! HTTP: the router, its limits, and the server loop.

mod answers;
pub mod api;
mod assets;
mod audit;
mod backup;
pub mod door;
pub use backup::SECRET_HEADER as BACKUP_SECRET_HEADER;
pub mod error;
pub(crate) mod extract;
pub mod faults;
mod hub_link;
mod loans;
mod members;
mod pages;
mod period;
mod report;
mod report_submit;
pub mod routes;
mod sales;
mod scripts;
pub mod server;
mod statements;

use crate::service::Ledger;
use axum::extract::DefaultBodyLimit;
use axum::Router;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The header carrying a request's id, set on the way in when absent and echoed back.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Largest ordinary request body.
pub const BODY_BYTES_MAX: usize = 1024 * 1024;
/// Largest batch body: 10,000 entries of a few lines each.
pub const BATCH_BODY_BYTES_MAX: usize = 32 * 1024 * 1024;
const REQUEST_TIMEOUT_MS: u64 = 30_000;

#[derive(Clone)]
pub struct AppState {
    pub ledger: Ledger,
}

pub fn app(ledger: Ledger) -> Router {
    let state = AppState { ledger };
    let fault_guard = axum::middleware::from_fn_with_state(state.clone(), faults::guard);
    let router = routes::router()
        .layer(DefaultBodyLimit::max(BODY_BYTES_MAX))
        .layer(fault_guard)
        .layer(axum::middleware::from_fn(language))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_millis(REQUEST_TIMEOUT_MS),
        ))
        // Outside the timeout, so that its 408 is shaped too.
        .layer(axum::middleware::from_fn_with_state(state.clone(), answers::shape_errors))
        .layer(axum::middleware::from_fn(secure_cookies))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        // Outermost, so the id exists before the trace span opens and survives any refusal.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    with_security_headers(router).with_state(state)
}

tokio::task_local! {
    /// The language the current request is answered in.
    static REQUEST_LANG: crate::messages::Lang;
}

/// The language of the request being answered: `?lang=`, then the `lang` cookie (the
/// user's choice on the pages), then `Accept-Language`; Indonesian when none says.
pub(crate) fn request_lang() -> crate::messages::Lang {
    REQUEST_LANG.try_with(|lang| *lang).unwrap_or(crate::messages::Lang::Id)
}

async fn language(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let lang = lang_of(request.headers(), request.uri().query());
    REQUEST_LANG.scope(lang, next.run(request)).await
}

fn lang_of(headers: &axum::http::HeaderMap, query: Option<&str>) -> crate::messages::Lang {
    pages::chosen_lang(headers, query).unwrap_or_else(|| {
        let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        accepted.map_or(crate::messages::Lang::Id, crate::messages::Lang::from_accept_language)
    })
}

/// The tracing span of one request: its id (kept from the caller's `x-request-id` or
/// made here), method and path, so every log line of a request can be found by its id.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request.headers().get(REQUEST_ID_HEADER).and_then(|value| value.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
}

/// Over TLS every cookie is `Secure`: the browser sends it back only over TLS.
pub(crate) async fn secure_cookies(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::SET_COOKIE;
    let over_tls = request.extensions().get::<server::ServedOverTls>().is_some();
    let mut response = next.run(request).await;
    if over_tls {
        let cookies: Vec<_> = response.headers().get_all(SET_COOKIE).iter().cloned().collect();
        response.headers_mut().remove(SET_COOKIE);
        for cookie in cookies {
            let secured = format!("{}; Secure", cookie.to_str().unwrap_or_default());
            response.headers_mut().append(SET_COOKIE, secured.parse().expect("a cookie stays a valid header"));
        }
    }
    response
}

/// Headers that keep pages from being framed, sniffed, fed foreign or inline scripts, or
/// kept in a cache.
pub(crate) fn with_security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    use axum::http::{header, HeaderValue};
    use tower_http::set_header::SetResponseHeaderLayer;
    let set = |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ))
        // Pages behind sign-in and API answers carry personal data: no copy is kept by the
        // browser or a proxy. Only the shipped scripts say otherwise (cacheable).
        .layer(set(header::CACHE_CONTROL, "no-store"))
}

/// Serves until ctrl-c or SIGTERM, then lets in-flight requests finish.
pub async fn serve(ledger: Ledger, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    server::serve(listener, app(ledger), &server::Network::default(), shutdown_signal()).await
}

pub async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => signal.recv().await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}
