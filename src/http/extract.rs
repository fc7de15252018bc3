//! Request extractors that answer in the API's error shape: bearer auth, strict JSON,
//! and the address a request came from.

use super::error::AppError;
use super::AppState;
use crate::domain::user::User;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Name of the cookie that carries the session token to pages.
pub const SESSION_COOKIE: &str = "kube_ledger_session";

/// The value of the request's cookie `name`.
pub(crate) fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
}

pub(super) fn session_cookie(headers: &axum::http::HeaderMap) -> Option<&str> {
    cookie(headers, SESSION_COOKIE)
}

/// The user behind the request's `Authorization: Bearer TOKEN` (or, for a page read,
/// the session cookie).
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        // The session cookie only authenticates reads, so a forged cross-site form
        // cannot write anything with it.
        let cookie = (parts.method == axum::http::Method::GET).then(|| session_cookie(&parts.headers)).flatten();
        let token = bearer.or(cookie).ok_or(AppError::Unauthorized)?;
        match state.ledger.authenticate(token.trim())? {
            Some(user) => Ok(CurrentUser(user)),
            None => Err(AppError::Unauthorized),
        }
    }
}

/// The address a request came from: the connection's peer, or the unspecified address
/// when the router is called without a connection.
pub struct SourceIp(pub IpAddr);

impl<S: Sync> FromRequestParts<S> for SourceIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        Ok(SourceIp(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

/// Whether the request says its body is JSON. Required of every JSON body: a form on
/// another site can send `text/plain` to us without asking, but never `application/json`.
fn declares_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    value.split(';').next().is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The body's bytes within the size limit: 413 beyond it, `unreadable` when it breaks off.
async fn read_body(request: Request, state: &AppState, unreadable: fn(String) -> AppError) -> Result<Bytes, AppError> {
    Bytes::from_request(request, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge
        } else {
            unreadable(rejection.body_text())
        }
    })
}

/// A JSON body, read (declared JSON, within the size limit) but parsed strictly into `T`
/// only when the handler asks, after it has authorised the caller: a caller not allowed
/// on a route learns 401/403, never what is wrong with their body.
pub struct JsonBody<T> {
    raw: Bytes,
    shape: std::marker::PhantomData<fn() -> T>,
}

impl<T> JsonBody<T> {
    /// SHA-256 of the body with keys sorted and no whitespace, so that a retry is
    /// recognised whatever its formatting; of the bytes as sent when they are not JSON
    /// (such a body is refused when it is parsed).
    pub fn canonical_hash(&self) -> [u8; 32] {
        match serde_json::from_slice::<serde_json::Value>(&self.raw) {
            Ok(tree) => crate::service::sha256(&serde_json::to_vec(&tree).expect("a JSON value serialises")),
            Err(_) => crate::service::sha256(&self.raw),
        }
    }
}

impl<T: DeserializeOwned> JsonBody<T> {
    /// The body as `T`: 400 when it is not JSON, 422 when it does not fit `T`.
    pub fn value(&self) -> Result<T, AppError> {
        serde_json::from_slice(&self.raw).map_err(|error| match error.classify() {
            serde_json::error::Category::Data => AppError::InvalidBody(error.to_string()),
            _ => AppError::InvalidJson(error.to_string()),
        })
    }
}

impl<T> FromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        if !declares_json(request.headers()) {
            return Err(AppError::NotJson);
        }
        let raw = read_body(request, state, AppError::InvalidJson).await?;
        Ok(JsonBody { raw, shape: std::marker::PhantomData })
    }
}

/// A CSV file sent as the body, read within the size limit but decoded only when the
/// handler asks, after it has authorised the caller.
pub struct CsvBody(Bytes);

impl CsvBody {
    /// The file as text: refused when it is not UTF-8.
    pub fn text(&self) -> Result<&str, AppError> {
        std::str::from_utf8(&self.0).map_err(|_| AppError::Invalid {
            code: "not_utf8",
            message: crate::messages::message(super::request_lang(), "http-not_utf8", &[]),
        })
    }
}

impl FromRequest<AppState> for CsvBody {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        Ok(CsvBody(read_body(request, state, AppError::InvalidBody).await?))
    }
}
