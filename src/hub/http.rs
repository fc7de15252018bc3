//! The hub's web doors, apart from a panti's router: officers sign in (cookie session),
//! register a panti and hand its head a one-time code, upload a bundle from a flash disk,
//! read the revisions as submitted and the recap (page and CSV). A panti's instance calls
//! the two JSON doors: enrol (code and key) and push (a bundle). What the hub decides
//! lives in `hub/`; only `hub/store.rs` knows PostgreSQL.

use super::figures::Figure;
use super::recap::{recap, Rate, Recap};
use super::store::{HubError, HubStore, Officer, Registration};
use super::{OfficerError, Refusal, Scope};
use crate::domain::identity::{PantiType, RegionCode};
use crate::domain::money::rupiah;
use crate::domain::report::assembly::{sha256_hex, RecapStatus};
use crate::domain::report::bundle::BundleContents;
use crate::domain::report::cadence::{parse_due_days, parse_start_month, Stage, DUE_DAYS_DEFAULT};
use crate::domain::throttle::LoginThrottle;
use crate::http::extract::cookie;
use crate::messages::{message, Lang};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Multipart, Path, Query, State};
use axum::http::header::{
    CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, RETRY_AFTER, SET_COOKIE,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::Datelike;
use minijinja::{context, Environment, Value};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex};

/// The largest bundle the hub takes: a year's report with its charts is well under 2 MiB.
pub const BUNDLE_BYTES_MAX: usize = 8 * 1024 * 1024;
const SESSION_COOKIE: &str = "hub_session";

#[derive(Clone)]
pub struct HubState {
    pub store: Arc<HubStore>,
    /// Failed officer sign-ins by source and username.
    sign_ins: Arc<Mutex<LoginThrottle>>,
}

/// The hub's router, with the panti's security headers and, over TLS, `Secure` cookies.
/// Served by `crate::http::server::serve`, which gives each request its peer address.
pub fn app(store: Arc<HubStore>) -> Router {
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/", get(home))
        .route("/panti", post(register))
        .route("/panti/{id}", get(panti_page))
        .route("/panti/{id}/code", post(new_code))
        .route("/panti/{id}/revisions/{period}/{revision}", get(revision_html))
        .route("/upload", get(upload_form).post(upload))
        .route("/recap", get(recap_page))
        .route("/recap.csv", get(recap_csv))
        .route("/api/v1/enrol", post(enrol))
        .route("/api/v1/bundles", post(push))
        .layer(DefaultBodyLimit::max(BUNDLE_BYTES_MAX))
        .layer(axum::middleware::from_fn(crate::http::secure_cookies));
    crate::http::with_security_headers(router).with_state(HubState { store, sign_ins: Arc::default() })
}

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in [
        ("hub/layout.html", include_str!("../../templates/hub/layout.html")),
        ("hub/login.html", include_str!("../../templates/hub/login.html")),
        ("hub/home.html", include_str!("../../templates/hub/home.html")),
        ("hub/panti.html", include_str!("../../templates/hub/panti.html")),
        ("hub/upload.html", include_str!("../../templates/hub/upload.html")),
        ("hub/recap.html", include_str!("../../templates/hub/recap.html")),
    ] {
        env.add_template(name, source).unwrap_or_else(|e| panic!("template {name}: {e}"));
    }
    env
});

fn render(name: &str, lang: Lang, extra: Value) -> Html<String> {
    let base = context! { lang => lang.code(), t => lang.texts() };
    let template = TEMPLATES.get_template(name).unwrap_or_else(|e| panic!("template {name} exists: {e}"));
    let context = minijinja::value::merge_maps([base, extra]);
    Html(template.render(context).unwrap_or_else(|e| panic!("template {name} renders: {e}")))
}

/// The reader's language: `?lang=`, then the `lang` cookie; Indonesian first.
fn lang_of(parts: &Parts) -> Lang {
    Lang::of(&parts.headers, parts.uri.query())
}

/// Everything that goes wrong, in the shape of its door.
pub enum HubFailure {
    /// Not signed in: to the sign-in page.
    SignIn,
    /// A panti or revision outside the officer's region answers as unknown.
    NotFound(Lang),
    Forbidden(Lang),
    Refused(Lang, Refusal),
    Invalid(Lang, String),
    Internal(String),
}

impl From<HubError> for HubFailure {
    fn from(error: HubError) -> HubFailure {
        match error {
            HubError::Refused(refusal) => HubFailure::Refused(Lang::Id, refusal),
            other => HubFailure::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for HubFailure {
    fn into_response(self) -> Response {
        let page = |status: StatusCode, lang: Lang, text: String| {
            (status, render("hub/layout.html", lang, context! { error => text })).into_response()
        };
        match self {
            HubFailure::SignIn => (StatusCode::SEE_OTHER, [(LOCATION, "/login")]).into_response(),
            HubFailure::NotFound(lang) => page(StatusCode::NOT_FOUND, lang, lang.text("hub-not_found")),
            HubFailure::Forbidden(lang) => page(StatusCode::FORBIDDEN, lang, lang.text("hub-forbidden")),
            HubFailure::Refused(lang, refusal) => page(StatusCode::UNPROCESSABLE_ENTITY, lang, refusal.message(lang)),
            HubFailure::Invalid(lang, text) => page(StatusCode::UNPROCESSABLE_ENTITY, lang, text),
            HubFailure::Internal(detail) => {
                tracing::error!(%detail, "hub request failed");
                page(StatusCode::SERVICE_UNAVAILABLE, Lang::Id, Lang::Id.text("hub-unavailable"))
            }
        }
    }
}

/// A signed-in officer's request: who, in which language, and the form token.
pub struct Signed {
    officer: Officer,
    lang: Lang,
    csrf: String,
}

/// A form's token: bound to the session, so a page of another site cannot post for it.
fn csrf_of(token: &str) -> String {
    sha256_hex(format!("kube-ledger hub csrf {token}").as_bytes())
}

impl FromRequestParts<HubState> for Signed {
    type Rejection = HubFailure;
    async fn from_request_parts(parts: &mut Parts, state: &HubState) -> Result<Signed, HubFailure> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(HubFailure::SignIn)?.to_string();
        let officer = state.store.session(&token).await?.ok_or(HubFailure::SignIn)?;
        Ok(Signed { officer, lang: lang_of(parts), csrf: csrf_of(&token) })
    }
}

impl Signed {
    fn check(&self, given: &str) -> Result<(), HubFailure> {
        let same: bool = subtle::ConstantTimeEq::ct_eq(self.csrf.as_bytes(), given.as_bytes()).into();
        if same {
            Ok(())
        } else {
            Err(HubFailure::Forbidden(self.lang))
        }
    }

    fn context(&self, extra: Value) -> Value {
        let officer = context! { username => self.officer.username, region => self.officer.scope.shown() };
        context! { officer, csrf => self.csrf, ..extra }
    }
}

struct LangOnly(Lang);

impl<S: Send + Sync> FromRequestParts<S> for LangOnly {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<LangOnly, Self::Rejection> {
        Ok(LangOnly(lang_of(parts)))
    }
}

async fn login_form(LangOnly(lang): LangOnly) -> Html<String> {
    render("hub/login.html", lang, context! {})
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(
    State(state): State<HubState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    LangOnly(lang): LangOnly,
    Form(form): Form<LoginForm>,
) -> Response {
    match super::sign_in(&state.store, &state.sign_ins, &form.username, &form.password, peer.ip()).await {
        Ok(token) => {
            let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            (StatusCode::SEE_OTHER, [(SET_COOKIE, cookie), (LOCATION, "/".to_string())]).into_response()
        }
        Err(HubError::Officer(OfficerError::BadCredentials)) => {
            let context = context! { error => lang.text("hub-bad_credentials"), username => form.username };
            (StatusCode::UNAUTHORIZED, render("hub/login.html", lang, context)).into_response()
        }
        Err(HubError::Officer(OfficerError::TooManyAttempts { retry_after_seconds })) => {
            let text = message(lang, "hub-too_many_attempts", &[("seconds", retry_after_seconds.into())]);
            let context = context! { error => text, username => form.username };
            let retry = [(RETRY_AFTER, retry_after_seconds.to_string())];
            (StatusCode::TOO_MANY_REQUESTS, retry, render("hub/login.html", lang, context)).into_response()
        }
        Err(other) => HubFailure::from(other).into_response(),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): State<HubState>,
    headers: HeaderMap,
    signed: Signed,
    Form(form): Form<CsrfForm>,
) -> Result<Response, HubFailure> {
    signed.check(&form.csrf)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.close_session(&token).await?;
    }
    let gone = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0");
    Ok((StatusCode::SEE_OTHER, [(SET_COOKIE, gone), (LOCATION, "/login".to_string())]).into_response())
}

fn type_options() -> Vec<Value> {
    PantiType::ALL.iter().map(|kind| context! { code => kind.code(), name => kind.name() }).collect()
}

/// Panti listed on one page of the officer's list.
const PANTI_PER_PAGE: i64 = 50;

/// The list's search and page, from `?q=&page=`.
struct ListQuery {
    search: String,
    page: i64,
}

impl ListQuery {
    /// The first page of every panti: what a form's answer lists.
    fn first() -> ListQuery {
        ListQuery { search: String::new(), page: 1 }
    }

    fn of(query: &HashMap<String, String>) -> ListQuery {
        let page = query.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1);
        let search: String = query.get("q").map_or("", |q| q.trim()).chars().take(100).collect();
        ListQuery { search, page }
    }
}

async fn home_page(
    state: &HubState,
    signed: &Signed,
    list: &ListQuery,
    form: BTreeMap<&str, String>,
    errors: BTreeMap<&str, String>,
    registered: Option<Value>,
) -> Result<Response, HubFailure> {
    let offset = (list.page - 1).saturating_mul(PANTI_PER_PAGE);
    let (listed, matching) = state.store.panti_of(&signed.officer.scope, &list.search, offset, PANTI_PER_PAGE).await?;
    let panti: Vec<Value> = listed
        .into_iter()
        .map(|p| {
            context! {
                id => p.panti_id, name => p.name, region => p.region, panti_type => p.panti_type,
                fingerprint => p.fingerprint, revisions => p.revisions,
            }
        })
        .collect();
    let pages = ((matching + PANTI_PER_PAGE - 1) / PANTI_PER_PAGE).max(1);
    let paging = context! {
        page => list.page, pages, matching, search => list.search,
        previous => (list.page > 1).then(|| (list.page - 1).min(pages)),
        next => (list.page < pages).then(|| list.page + 1),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let context = signed.context(context! { panti, paging, form, errors, registered, types => type_options() });
    Ok((status, render("hub/home.html", signed.lang, context)).into_response())
}

/// The register form as first shown: its defaults and a new form key.
fn fresh_form() -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("due_days", DUE_DAYS_DEFAULT.to_string()),
        ("stage", "awal".to_string()),
        ("form_key", crate::service::random_token()),
    ])
}

async fn home(
    State(state): State<HubState>,
    signed: Signed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, HubFailure> {
    home_page(&state, &signed, &ListQuery::of(&query), fresh_form(), BTreeMap::new(), None).await
}

#[derive(Deserialize)]
struct RegisterForm {
    csrf: String,
    /// The form's key: the same form sent again registers nothing new.
    #[serde(default)]
    form_key: String,
    name: String,
    region: String,
    panti_type: String,
    stage: String,
    reports_from: String,
    due_days: String,
}

/// An officer registers a panti of their region; the one-time code is shown once.
async fn register(
    State(state): State<HubState>,
    signed: Signed,
    Form(form): Form<RegisterForm>,
) -> Result<Response, HubFailure> {
    signed.check(&form.csrf)?;
    let lang = signed.lang;
    // A form of before the keys (or a hand-made post) gets a key of its own.
    let form_key = match form.form_key.trim() {
        key if key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()) => key.to_string(),
        _ => crate::service::random_token(),
    };
    let mut errors = BTreeMap::new();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.insert("name", lang.text("hub-e_name"));
    }
    let region = RegionCode::parse(&form.region).ok();
    match &region {
        None => _ = errors.insert("region", lang.text("hub-e_region")),
        Some(code) if !signed.officer.scope.covers(code.regency()) => {
            errors.insert(
                "region",
                message(lang, "hub-e_region_outside", &[("scope", signed.officer.scope.shown().to_string().into())]),
            );
        }
        Some(_) => {}
    }
    let panti_type = PantiType::parse(&form.panti_type).ok();
    if panti_type.is_none() {
        errors.insert("panti_type", lang.text("hub-e_choose"));
    }
    let stage = match form.stage.as_str() {
        "awal" => Some(Stage::Awal),
        "mapan" => Some(Stage::Mapan),
        _ => None,
    };
    if stage.is_none() {
        errors.insert("stage", lang.text("hub-e_choose"));
    }
    let reports_from = parse_start_month(form.reports_from.trim()).ok();
    if reports_from.is_none() {
        errors.insert("reports_from", lang.text("hub-e_reports_from"));
    }
    let due_days = form.due_days.trim().parse().ok().and_then(|days| parse_due_days(days).ok());
    if due_days.is_none() {
        errors.insert("due_days", lang.text("hub-e_due_days"));
    }
    let typed = BTreeMap::from([
        ("name", form.name.clone()),
        ("region", form.region.clone()),
        ("panti_type", form.panti_type.clone()),
        ("stage", form.stage.clone()),
        ("reports_from", form.reports_from.clone()),
        ("due_days", form.due_days.clone()),
        ("form_key", form_key.clone()),
    ]);
    let (Some(region), Some(panti_type), Some(stage), Some(reports_from), Some(due_days), true) =
        (region, panti_type, stage, reports_from, due_days, errors.is_empty())
    else {
        return home_page(&state, &signed, &ListQuery::first(), typed, errors, None).await;
    };
    let registration = Registration {
        region,
        name: name.to_string(),
        panti_type,
        stage,
        reports_from,
        due_days,
        registered_by: signed.officer.username.clone(),
    };
    let (panti_id, code) = state.store.register_panti_once(&registration, &form_key).await?;
    let registered = context! { panti_id, name, code };
    home_page(&state, &signed, &ListQuery::first(), fresh_form(), BTreeMap::new(), Some(registered)).await
}

fn id_of(text: &str, lang: Lang) -> Result<i64, HubFailure> {
    text.parse().map_err(|_| HubFailure::NotFound(lang))
}

async fn panti_page(
    State(state): State<HubState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Result<Response, HubFailure> {
    let id = id_of(&id, signed.lang)?;
    panti_view(&state, &signed, id, None).await
}

/// A new enrolment code for a panti of the officer's region, shown once on its page.
async fn new_code(
    State(state): State<HubState>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, HubFailure> {
    signed.check(&form.csrf)?;
    let id = id_of(&id, signed.lang)?;
    let code = state.store.new_enrolment_code(&signed.officer.scope, id).await?;
    let code = code.ok_or(HubFailure::NotFound(signed.lang))?;
    panti_view(&state, &signed, id, Some(code)).await
}

async fn panti_view(
    state: &HubState,
    signed: &Signed,
    id: i64,
    new_code: Option<String>,
) -> Result<Response, HubFailure> {
    let (scope, lang) = (&signed.officer.scope, signed.lang);
    let panti = state.store.panti_in(scope, id).await?.ok_or(HubFailure::NotFound(lang))?;
    let revisions: Vec<Value> = state
        .store
        .revisions_in(scope, id)
        .await?
        .into_iter()
        .map(|r| {
            context! {
                period => r.period, revision => r.revision, submitted_on => r.submitted_on,
                received_at => r.received_at, sha256 => r.sha256,
            }
        })
        .collect();
    let context = context! {
        panti => context! { id, name => panti.name, region => panti.region, panti_type => panti.panti_type, fingerprint => panti.fingerprint },
        revisions,
        new_code,
    };
    Ok(render("hub/panti.html", lang, signed.context(context)).into_response())
}

/// The stored HTML of a revision, byte for byte as the panti submitted it; sandboxed, so
/// that nothing in it runs in the hub's origin.
async fn revision_html(
    State(state): State<HubState>,
    signed: Signed,
    Path((id, period, revision)): Path<(String, String, String)>,
) -> Result<Response, HubFailure> {
    let lang = signed.lang;
    let revision: u32 = revision.parse().map_err(|_| HubFailure::NotFound(lang))?;
    let file = state
        .store
        .bundle_in(&signed.officer.scope, id_of(&id, lang)?, &period, revision)
        .await?
        .ok_or(HubFailure::NotFound(lang))?;
    let contents = BundleContents::open(&file).map_err(|error| HubFailure::Refused(lang, Refusal::Bundle(error)))?;
    let headers = [(CONTENT_TYPE, "text/html; charset=utf-8"), (CONTENT_SECURITY_POLICY, "sandbox")];
    Ok((headers, contents.html).into_response())
}

async fn upload_form(signed: Signed) -> Html<String> {
    render("hub/upload.html", signed.lang, signed.context(context! {}))
}

/// A bundle from a flash disk or WhatsApp, uploaded by an officer.
async fn upload(
    State(state): State<HubState>,
    signed: Signed,
    mut multipart: Multipart,
) -> Result<Response, HubFailure> {
    let lang = signed.lang;
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(|e| HubFailure::Invalid(lang, e.body_text()))? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "csrf" => csrf = field.text().await.map_err(|e| HubFailure::Invalid(lang, e.body_text()))?,
            "file" => file = Some(field.bytes().await.map_err(|e| HubFailure::Invalid(lang, e.body_text()))?),
            _ => {}
        }
    }
    signed.check(&csrf)?;
    let file =
        file.filter(|bytes| !bytes.is_empty()).ok_or_else(|| HubFailure::Invalid(lang, lang.text("hub-e_file")))?;
    let text = String::from_utf8_lossy(&file);
    let (status, outcome) = match state.store.receive(&text).await {
        Ok(received) => {
            let found = state.store.panti_in(&signed.officer.scope, received.panti_id).await?;
            let id = if received.new { "hub-received" } else { "hub-received_again" };
            let args = [("period", received.period.clone().into()), ("revision", received.revision.into())];
            let text = message(lang, id, &args);
            (StatusCode::OK, context! { ok => true, text, panti_id => found.map(|_| received.panti_id) })
        }
        Err(HubError::Refused(refusal)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, context! { ok => false, text => refusal.message(lang) })
        }
        Err(other) => return Err(other.into()),
    };
    Ok((status, render("hub/upload.html", lang, signed.context(context! { outcome }))).into_response())
}

/// A JSON refusal: its code, the message in Indonesian and in English.
fn refusal_json(status: StatusCode, refusal: &Refusal) -> Response {
    let body =
        json!({"code": refusal.code(), "message": refusal.message(Lang::Id), "message_en": refusal.message(Lang::En)});
    (status, Json(body)).into_response()
}

fn json_failure(error: HubError) -> Response {
    match error {
        HubError::Refused(refusal) => {
            let status = match refusal {
                Refusal::Replayed { .. } | Refusal::Conflict { .. } | Refusal::OutOfOrder { .. } => {
                    StatusCode::CONFLICT
                }
                Refusal::UnknownCode => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            refusal_json(status, &refusal)
        }
        other => {
            tracing::error!(error = %other, "hub request failed");
            let body = json!({"code": "unavailable", "message": Lang::Id.text("hub-unavailable")});
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    pub code: String,
    pub public_key: String,
}

/// A panti's instance presents its code and key: the hub pins the key.
async fn enrol(State(state): State<HubState>, Json(request): Json<EnrolRequest>) -> Response {
    match state.store.enrol(&request.code, &request.public_key).await {
        Ok(panti) => {
            Json(json!({"panti_id": panti.panti_id, "name": panti.name, "region": panti.region})).into_response()
        }
        Err(error) => json_failure(error),
    }
}

/// A panti's instance pushes a bundle: 201 when new, 200 when this file was received
/// already (a retried push), a refusal with its reason otherwise.
async fn push(State(state): State<HubState>, body: String) -> Response {
    match state.store.receive(&body).await {
        Ok(received) => {
            let status = if received.new { StatusCode::CREATED } else { StatusCode::OK };
            let body = json!({"new": received.new, "panti_id": received.panti_id, "period": received.period, "revision": received.revision});
            (status, Json(body)).into_response()
        }
        Err(error) => json_failure(error),
    }
}

/// `?year=` (this year when left out) and `?as_of=` (today), and `?regency=` to list one
/// kabupaten/kota's panti within the officer's region.
async fn recap_of(state: &HubState, signed: &Signed, query: &HashMap<String, String>) -> Result<Recap, HubFailure> {
    let lang = signed.lang;
    let today = chrono::Local::now().date_naive();
    let as_of = match query.get("as_of").map(|d| d.trim()).filter(|d| !d.is_empty()) {
        Some(text) => text.parse().map_err(|_| HubFailure::Invalid(lang, lang.text("hub-e_as_of")))?,
        None => today,
    };
    let year = match query.get("year").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| HubFailure::Invalid(lang, lang.text("hub-e_year")))?,
        None => as_of.year(),
    };
    let (panti, reports) = state.store.recap_rows(&signed.officer.scope, year).await?;
    Ok(recap(year, as_of, panti, reports))
}

fn figure_text(figure: Figure, value: Option<&rust_decimal::Decimal>) -> String {
    match value {
        None => "–".into(),
        Some(value) if figure.is_count() => value.normalize().to_string(),
        Some(value) => rupiah(*value),
    }
}

fn rate_context(rate: &Rate, lang: Lang) -> Value {
    let figures: Vec<String> = Figure::ALL.iter().map(|f| figure_text(*f, rate.figures.get(f))).collect();
    let percent = |p: Option<u32>| p.map_or_else(|| "–".to_string(), |p| format!("{p}%"));
    context! {
        region => if rate.region.is_empty() { lang.text("hub-all") } else { rate.region.clone() },
        panti => rate.panti, expected => rate.expected, received => rate.received(), on_time => rate.on_time,
        late => rate.late, missing => rate.missing, reporting => percent(rate.reporting_percent()),
        timely => percent(rate.on_time_percent()), figures,
    }
}

fn status_id(status: RecapStatus) -> &'static str {
    match status {
        RecapStatus::TepatWaktu => "tepat_waktu",
        RecapStatus::Terlambat => "terlambat",
        RecapStatus::TidakAda => "tidak_ada",
        RecapStatus::BelumJatuhTempo => "belum_jatuh_tempo",
    }
}

async fn recap_page(
    State(state): State<HubState>,
    signed: Signed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, HubFailure> {
    let lang = signed.lang;
    let recap = recap_of(&state, &signed, &query).await?;
    // One kabupaten/kota's panti are listed; a province or the nation reads the rates.
    let listed = query.get("regency").cloned().or_else(|| match &signed.officer.scope {
        Scope::Kabupaten(code) => Some(code.clone()),
        _ => None,
    });
    let panti: Vec<Value> = recap
        .panti
        .iter()
        .filter(|line| listed.as_deref() == Some(line.panti.regency.as_str()))
        .map(|line| {
            let periods: Vec<Value> = line
                .periods
                .iter()
                .map(|p| context! { period => p.period, due => p.due.to_string(), status => status_id(p.status),
                    status_text => lang.text(&format!("hub-status-{}", status_id(p.status))),
                    submitted_on => p.first_submitted_on.map(|d| d.to_string()), revision => p.latest_revision })
                .collect();
            let figures: Vec<String> = Figure::ALL.iter().map(|f| figure_text(*f, line.figures.get(f))).collect();
            context! { id => line.panti.panti_id, name => line.panti.name, region => line.panti.region, periods, figures }
        })
        .collect();
    let figure_names: Vec<String> =
        Figure::ALL.iter().map(|f| lang.text(&format!("hub-figure-{}", f.name()))).collect();
    let context = context! {
        year => recap.year, as_of => recap.as_of.to_string(), listed, panti, figure_names,
        regencies => recap.regencies.iter().map(|r| rate_context(r, lang)).collect::<Vec<_>>(),
        provinces => recap.provinces.iter().map(|r| rate_context(r, lang)).collect::<Vec<_>>(),
        total => rate_context(&recap.total, lang),
    };
    Ok(render("hub/recap.html", lang, signed.context(context)).into_response())
}

/// The recap as CSV: one line per panti and period due, with the panti's figures of the
/// year; amounts in plain decimals.
async fn recap_csv(
    State(state): State<HubState>,
    signed: Signed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, HubFailure> {
    let recap = recap_of(&state, &signed, &query).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "province",
        "regency",
        "region",
        "panti_id",
        "panti",
        "period",
        "due",
        "status",
        "first_submitted_on",
        "latest_revision",
    ]
    .map(String::from)
    .to_vec();
    header.extend(Figure::ALL.iter().map(|f| f.name().to_string()));
    let written = |error: csv::Error| HubFailure::Internal(error.to_string());
    out.write_record(&header).map_err(written)?;
    for line in &recap.panti {
        for period in &line.periods {
            let mut record = vec![
                line.panti.province.clone(),
                line.panti.regency.clone(),
                line.panti.region.clone(),
                line.panti.panti_id.to_string(),
                line.panti.name.clone(),
                period.period.clone(),
                period.due.to_string(),
                status_id(period.status).to_string(),
                period.first_submitted_on.map(|d| d.to_string()).unwrap_or_default(),
                period.latest_revision.map(|r| r.to_string()).unwrap_or_default(),
            ];
            record.extend(Figure::ALL.iter().map(|f| line.figures.get(f).map(|v| v.to_string()).unwrap_or_default()));
            out.write_record(&record).map_err(written)?;
        }
    }
    let body = out.into_inner().map_err(|e| HubFailure::Internal(e.to_string()))?;
    let name = format!("attachment; filename=\"rekap-{}-{}.csv\"", signed.officer.scope.shown(), recap.year);
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, name)], body).into_response())
}
