//! Sign-in and sign-out, the page session and its CSRF token, the language switch, the
//! start page, and errors answered as pages.

use super::super::error::AppError;
use super::super::extract::{cookie, session_cookie, SourceIp, SESSION_COOKIE};
use super::super::AppState;
use super::render;
use super::text::{Lang, LANG_COOKIE};
use crate::domain::entity::EntityKind;
use crate::domain::user::{allows, Access, Role, User};
use crate::service::pages::same_secret;
use crate::service::{random_token, ServiceError};
use axum::extract::{FromRequest, FromRequestParts, Query, Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::value::merge_maps;
use minijinja::{context, Value};
use std::collections::HashMap;

/// The sign-in form's CSRF token travels in this cookie and in the form (double submit):
/// before sign-in there is no session to keep it with.
const LOGIN_CSRF_COOKIE: &str = "kube_ledger_login_csrf";
/// Largest error body the error pages read back.
const ERROR_BODY_BYTES_MAX: usize = 64 * 1024;

/// A signed-in browser user on a page: who, in which language, and the CSRF token its
/// forms must carry.
pub struct Page {
    pub user: User,
    pub token: String,
    pub lang: Lang,
    pub csrf: String,
    /// Path and query of this page, to come back to after switching language.
    pub path: String,
}

impl Page {
    /// The template context: the layout's (language, texts, navigation) merged with `extra`.
    pub fn context(&self, extra: Value) -> Value {
        let nav = context! { username => self.user.username.as_str(), csrf => &self.csrf };
        context! { nav, csrf => &self.csrf, ..merge_maps([base(self.lang, &self.path), extra]) }
    }
}

impl Page {
    /// A post is this session's only when it carries this session's CSRF token.
    pub fn check_csrf(&self, state: &AppState, given: &str) -> Result<(), AppError> {
        match state.ledger.csrf_matches(&self.token, given)? {
            true => Ok(()),
            false => Err(AppError::CsrfRefused),
        }
    }
}

/// The context of a page read with an API token rather than a page session (a receipt
/// fetched by a client): the layout's language and texts, no session navigation.
pub fn sessionless_context(parts: &Parts, extra: Value) -> Value {
    merge_maps([base(Lang::of(&parts.headers, parts.uri.query()), &path_of(&parts.uri)), extra])
}

/// What every page's layout reads, signed in or not.
fn base(lang: Lang, path: &str) -> Value {
    context! { lang => lang.code(), other_lang => lang.other().code(), t => lang.texts(), path }
}

fn path_of(uri: &axum::http::Uri) -> String {
    uri.path_and_query().map_or("/", |p| p.as_str()).to_string()
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Page, AppError> {
        let lang = Lang::of(&parts.headers, parts.uri.query());
        let token = session_cookie(&parts.headers).ok_or(AppError::Unauthorized)?.trim().to_string();
        let user = state.ledger.authenticate(&token)?.ok_or(AppError::Unauthorized)?;
        let csrf = state.ledger.page_csrf(&token).await?;
        Ok(Page { user, token, lang, csrf, path: path_of(&parts.uri) })
    }
}

/// A form posted from a page: only exists once its CSRF token matched its session's.
pub struct PageForm {
    pub page: Page,
    fields: HashMap<String, String>,
}

impl PageForm {
    /// A field as typed, or empty.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

impl FromRequest<AppState> for PageForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<PageForm, AppError> {
        let (mut parts, body) = request.into_parts();
        let page = Page::from_request_parts(&mut parts, state).await?;
        let Form(fields) = Form::<HashMap<String, String>>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|rejection| AppError::InvalidBody(rejection.body_text()))?;
        let form = PageForm { page, fields };
        form.page.check_csrf(state, form.field("csrf"))?;
        Ok(form)
    }
}

pub fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location.to_string())]).into_response()
}

/// The sign-in page with a fresh CSRF token; `username` is kept after a failed try.
/// Served with `--demo`, it lists the demo logins.
fn login_page(state: &AppState, lang: Lang, username: &str, error: Option<&str>, status: StatusCode) -> Response {
    let csrf = random_token();
    let cookie = format!("{LOGIN_CSRF_COOKIE}={csrf}; HttpOnly; SameSite=Strict; Path=/login");
    let demo: Vec<Value> = (state.ledger.demo_logins().into_iter())
        .map(|(username, password, role)| {
            let role = lang.text(&format!("admin_role_{}", super::reports::name_of(role)));
            context! { username, password, role }
        })
        .collect();
    let page = render("login.html", context! { csrf, username, error, demo, ..base(lang, "/login") });
    (status, [(SET_COOKIE, cookie)], page).into_response()
}

pub(crate) async fn login_form(State(state): State<AppState>, request: Request) -> Response {
    login_page(&state, Lang::of(request.headers(), request.uri().query()), "", None, StatusCode::OK)
}

pub(crate) async fn login(
    State(state): State<AppState>,
    SourceIp(source): SourceIp,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let lang = Lang::of(&headers, uri.query());
    let field = |name: &str| fields.get(name).map_or("", String::as_str);
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(expected, field("csrf")) {
        return Err(AppError::CsrfRefused);
    }
    // Usernames are lower case; a member types the member number as printed (TAHU-001).
    let username = field("username").trim().to_lowercase();
    let token = match state.ledger.login(&username, field("password"), source).await {
        Ok(token) => token,
        Err(ServiceError::BadCredentials) => {
            // A username that cannot exist is not sent back: 500 KB typed, a small page out.
            let typed = Some(field("username")).filter(|typed| typed.len() <= 64).unwrap_or_default();
            return Ok(login_page(&state, lang, typed, Some(&lang.text("e_login")), StatusCode::UNAUTHORIZED));
        }
        // A disabled login: the password was right, so it is told why.
        Err(error @ ServiceError::Refused(_)) => {
            let text = crate::messages::refusal_text(lang, &error);
            return Ok(login_page(&state, lang, field("username"), Some(&text), StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(other) => return Err(other.into()),
    };
    state.ledger.page_csrf(&token).await?;
    let ttl = crate::service::SESSION_TTL_SECONDS;
    let session = format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={ttl}");
    let spent = format!("{LOGIN_CSRF_COOKIE}=; HttpOnly; SameSite=Strict; Path=/login; Max-Age=0");
    let mut response = see_other("/");
    response.headers_mut().append(SET_COOKIE, session.parse().expect("a hex token is a valid header"));
    response.headers_mut().append(SET_COOKIE, spent.parse().expect("a valid header"));
    Ok(response)
}

pub(crate) async fn logout(State(state): State<AppState>, form: PageForm) -> Result<Response, AppError> {
    state.ledger.end_page_session(&form.page.token).await?;
    let mut response = see_other("/login");
    let cleared = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    response.headers_mut().append(SET_COOKIE, cleared.parse().expect("a valid header"));
    Ok(response)
}

/// Remembers the language in a cookie and goes back to the page (only a local path).
pub(crate) async fn switch_lang(
    axum::extract::Path(code): axum::extract::Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or(Lang::Id);
    let next = query.get("next").and_then(|next| same_origin_path(next));
    let mut response = see_other(next.as_deref().unwrap_or("/"));
    let cookie = format!("{LANG_COOKIE}={}; SameSite=Strict; Path=/; Max-Age=31536000", lang.code());
    response.headers_mut().append(SET_COOKIE, cookie.parse().expect("a valid header"));
    response
}

/// `next` as a path on this site, read the way a browser reads a `Location`: tabs and
/// line breaks dropped, backslashes taken as slashes. `None` unless the result starts
/// with one slash (`//host` and `/\\host` lead to another site) and is plain visible
/// ASCII, as every path this site links to is once percent-encoded.
fn same_origin_path(next: &str) -> Option<String> {
    let path: String =
        next.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).map(|c| if c == '\\' { '/' } else { c }).collect();
    let local = path.starts_with('/') && !path.starts_with("//") && path.bytes().all(|b| b.is_ascii_graphic());
    local.then_some(path)
}

/// Where a user starts: a treasurer at the books' home, a member at their savings, a
/// head at their panti's overview, a supervisor at their area; others at the list of
/// books they may read.
pub(crate) async fn start(State(state): State<AppState>, page: Page) -> Result<Response, AppError> {
    match (page.user.role, page.user.entity_id, page.user.member_id) {
        (Role::Treasurer, Some(entity), _) => return Ok(see_other(&format!("/entities/{entity}"))),
        (Role::Member, _, Some(member)) => return Ok(see_other(&format!("/members/{member}"))),
        (Role::Supervisor, ..) => return Ok(see_other("/area")),
        (Role::Head, Some(panti), _) if state.ledger.entity(panti)?.kind == EntityKind::Panti => {
            return Ok(see_other(&format!("/entities/{panti}/overview")))
        }
        _ => {}
    }
    let books: Vec<Value> = state
        .ledger
        .entities()?
        .into_iter()
        .filter(|e| allows(page.user.role, page.user.entity_id, Access::Read, e))
        .map(|e| context! { id => e.id, name => e.name })
        .collect();
    let disk_warning = match page.user.role {
        Role::Admin => state.ledger.space().ok().filter(|space| space.is_short()).map(|space| {
            let mb = |bytes: u64| crate::messages::FluentValue::from(bytes / (1024 * 1024));
            let args = [("free_mb", mb(space.free_bytes)), ("total_mb", mb(space.total_bytes))];
            crate::messages::message(page.lang, "storage-short", &args)
        }),
        _ => None,
    };
    let is_admin = page.user.role == Role::Admin;
    Ok(render("start.html", page.context(context! { books, disk_warning, is_admin })).into_response())
}

/// Turns error answers on page routes into pages in the user's language: a 401 into the
/// sign-in page, anything else (the API's JSON errors, and the router's bare 404, 405,
/// 413 or 408) into an error page with the same status.
pub async fn error_pages(state: &AppState, request: Request, next: Next) -> Response {
    let lang = Lang::of(request.headers(), request.uri().query());
    let response = next.run(request).await;
    let status = response.status();
    let is_page = response.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_page || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::UNAUTHORIZED {
        return login_page(state, lang, "", None, status);
    }
    let (code, message, detail) = if super::super::answers::is_json(response.headers()) {
        let body = axum::body::to_bytes(response.into_body(), ERROR_BODY_BYTES_MAX).await.unwrap_or_default();
        let error: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let code = error["error"]["code"].as_str().unwrap_or_default().to_string();
        let detail = error["error"]["message"].as_str().unwrap_or_default().to_string();
        let (message, detail) = match code.as_str() {
            "forbidden" | "not_found" | "csrf_refused" => (lang.text(&format!("err_{code}")), None),
            _ if lang == Lang::Id => (detail, None),
            _ => (lang.text("err_other"), Some(detail)),
        };
        (code, message, detail)
    } else {
        let code = super::super::answers::status_word(status);
        (code.to_string(), lang.text(&format!("http-{code}")), None)
    };
    let page = render("error.html", context! { code, message, detail, ..base(lang, "/") });
    (status, page).into_response()
}
