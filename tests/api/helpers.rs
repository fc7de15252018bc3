use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use kube_ledger::domain::entity::EntityKind;
use kube_ledger::domain::user::Role;
use kube_ledger::service::Ledger;
use serde_json::{json, Value};
use tower::ServiceExt;

pub const PASSWORD: &str = "rahasia-uji-1";

/// A fresh service: a panti (with two KUBE under it), a stray KUBE under no panti, and a
/// logged-in user of every role.
pub struct TestApp {
    pub router: axum::Router,
    pub ledger: Ledger,
    pub panti: u64,
    pub kube: u64,
    pub kube_sibling: u64,
    pub kube_elsewhere: u64,
    pub admin: String,
    pub treasurer: String,
    pub head: String,
    pub supervisor: String,
    pub member: String,
    /// The member behind the `member` login, in `kube`.
    pub member_id: u64,
    pub dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = Ledger::open(dir.path()).expect("open database");
    let panti = ledger.create_entity(EntityKind::Panti, "PSBK Uji", None).await.unwrap().id;
    let kube = ledger.create_entity(EntityKind::Kube, "KUBE Tahu", Some(panti)).await.unwrap().id;
    let kube_sibling = ledger.create_entity(EntityKind::Kube, "KUBE Jahit", Some(panti)).await.unwrap().id;
    let kube_elsewhere = ledger.create_entity(EntityKind::Kube, "KUBE Lain", None).await.unwrap().id;
    let users = [
        ("admin", Role::Admin, None),
        ("bendahara", Role::Treasurer, Some(kube)),
        ("kepala", Role::Head, Some(panti)),
        ("pengawas", Role::Supervisor, Some(panti)),
    ];
    for (name, role, entity) in users {
        ledger.create_user(name, role, entity, PASSWORD).await.unwrap();
    }
    let member = ledger.add_member(kube, new_member("TAHU-001", "Siti Aminah")).await.unwrap();
    ledger.add_member_login(member.id, PASSWORD, "operator").await.unwrap();
    let member_id = member.id;
    let router = kube_ledger::http::app(ledger.clone());
    let mut tokens = Vec::new();
    for name in ["admin", "bendahara", "kepala", "pengawas", "tahu-001"] {
        tokens.push(login(&router, name, PASSWORD).await);
    }
    let [admin, treasurer, head, supervisor, member] = tokens.try_into().expect("five tokens");
    TestApp {
        router,
        ledger,
        panti,
        kube,
        kube_sibling,
        kube_elsewhere,
        admin,
        treasurer,
        head,
        supervisor,
        member,
        member_id,
        dir,
    }
}

/// Opens the database of a dropped app again, once its writer has let go of it (the
/// writer thread lets go when the last handle is dropped).
pub async fn reopen(app: TestApp) -> (Ledger, u64, tempfile::TempDir) {
    let TestApp { ledger, router, dir, kube, .. } = app;
    drop(router);
    drop(ledger);
    loop {
        match Ledger::open(dir.path()) {
            Ok(ledger) => return (ledger, kube, dir),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
        }
    }
}

pub fn new_member(number: &str, name: &str) -> kube_ledger::usecase::members::register_member::Input {
    kube_ledger::usecase::members::register_member::Input {
        number: number.into(),
        name: name.into(),
        kind: "klien".into(),
        joined_on: "2026-01-15".into(),
        ..Default::default()
    }
}

pub async fn login(router: &axum::Router, username: &str, password: &str) -> String {
    let (status, body) =
        send(router, "POST", "/api/v1/login", None, Some(json!({"username": username, "password": password}))).await;
    assert_eq!(status, StatusCode::OK, "login {username}: {body}");
    body["token"].as_str().expect("token").to_string()
}

/// Sends one request; `body` is JSON.
pub async fn send(
    router: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    send_raw(router, method, path, token, &[], body.map(|b| b.to_string())).await
}

/// Sends one request with extra headers and a raw body.
pub async fn send_raw(
    router: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> (StatusCode, Value) {
    answer_of(router, raw_request(method, path, token, headers, body)).await
}

/// The request `send_raw` sends: JSON unless `headers` name a content type.
pub fn raw_request(
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
        request = request.header("content-type", "application/json");
    }
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(body.map_or_else(Body::empty, Body::from)).unwrap()
}

/// The router's answer to `request`: its status and body, as JSON when it is JSON.
pub async fn answer_of(router: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value =
        serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

/// A balanced two-line sale: cash in, revenue.
pub fn sale(date: &str, amount: &str) -> Value {
    json!({"date": date, "memo": "Penjualan tahu", "lines": [
        {"account": "1101", "debit": amount},
        {"account": "4101", "credit": amount}
    ]})
}

impl TestApp {
    pub async fn post_entry(&self, token: &str, entity: u64, body: Value) -> (StatusCode, Value) {
        send(&self.router, "POST", &format!("/api/v1/entities/{entity}/entries"), Some(token), Some(body)).await
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        send(&self.router, "GET", path, Some(token), None).await
    }

    pub async fn trial_balance(&self, entity: u64, as_of: &str) -> Value {
        let (status, body) =
            self.get(&self.admin, &format!("/api/v1/entities/{entity}/trial-balance?as_of={as_of}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Net (debit − credit) of one account in a trial balance, as text.
    pub async fn net(&self, entity: u64, as_of: &str, account: &str) -> String {
        let report = self.trial_balance(entity, as_of).await;
        let line = report["lines"].as_array().unwrap().iter().find(|l| l["account"] == account);
        match line {
            None => "0.00".into(),
            Some(line) if line["debit"] != "0.00" || line["credit"] == "0.00" => {
                line["debit"].as_str().unwrap().to_string()
            }
            Some(line) => format!("-{}", line["credit"].as_str().unwrap()),
        }
    }

    /// How many entries an entity holds (the next seq minus one).
    pub async fn entries_count(&self, entity: u64) -> usize {
        let (status, body) = self.get(&self.admin, &format!("/api/v1/entities/{entity}/entries?limit=1000")).await;
        assert_eq!(status, StatusCode::OK);
        body["entries"].as_array().unwrap().len()
    }
}
