//! Black-box tests of the HTTP layer (issue 18, network half): error shapes at both doors,
//! authorisation before the body, redirects, the page policy, connection limits and TLS.
//! In-process through the real router (tests/api/helpers.rs) where the answer is the
//! router's; through the real binary on a socket (tests/common) where it is the server's.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "api/routes.rs"]
mod routes;

use axum::http::StatusCode;
use helpers::{login, send_raw, spawn_app, PASSWORD};
use kube_ledger::http::routes::Who;
use serde_json::Value;
use tower::ServiceExt;

/// One request through the router: status, headers and the body as text.
async fn call(
    router: &axum::Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = axum::http::Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router.clone().oneshot(request.body(axum::body::Body::from(body)).unwrap()).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn content_type(headers: &axum::http::HeaderMap) -> &str {
    headers.get("content-type").map_or("", |v| v.to_str().unwrap())
}

/// The answer as the API's error shape: its code and message, or a panic saying what came.
fn error_shape(status: StatusCode, headers: &axum::http::HeaderMap, body: &str) -> (String, String) {
    assert!(content_type(headers).starts_with("application/json"), "{status} not JSON: {headers:?} {body:?}");
    let answer: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{status}: {e}: {body:?}"));
    let code = answer["error"]["code"].as_str().unwrap_or_else(|| panic!("{status} without a code: {answer}"));
    let message = answer["error"]["message"].as_str().unwrap_or_else(|| panic!("{status} without a message: {answer}"));
    assert!(!message.is_empty() && !message.starts_with("http-"), "{status}: message {message:?}");
    (code.to_string(), message.to_string())
}

/// What the router answers by itself (no route, no such method, a body over the limit)
/// comes in the error shape under /api and as a page elsewhere; in the caller's language.
#[tokio::test]
async fn every_api_answer_is_in_the_error_shape_and_every_page_error_a_page() {
    let app = spawn_app().await;
    let bearer = format!("Bearer {}", app.treasurer);
    let import = format!("/api/v1/entities/{}/entries/import", app.kube);
    let big = vec![b'x'; kube_ledger::http::BODY_BYTES_MAX + 1];
    let cases: [(&str, &str, Vec<(&str, &str)>, Vec<u8>, StatusCode, &str); 5] = [
        ("GET", "/api/v1/no-such-thing", vec![], vec![], StatusCode::NOT_FOUND, "not_found"),
        ("GET", "/api", vec![], vec![], StatusCode::NOT_FOUND, "not_found"),
        ("DELETE", "/api/v1/login", vec![], vec![], StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        ("GET", "/api/v1/login", vec![], vec![], StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (
            "POST",
            &import,
            vec![("authorization", bearer.as_str()), ("content-type", "text/csv")],
            big,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
    ];
    for (method, path, headers, body, status, code) in cases {
        let (got, answer_headers, text) = call(&app.router, method, path, &headers, body).await;
        assert_eq!(got, status, "{method} {path}: {text}");
        assert_eq!(error_shape(got, &answer_headers, &text).0, code, "{method} {path}");
    }
    let (status, headers, text) =
        call(&app.router, "GET", "/api/v1/nowhere", &[("accept-language", "en")], vec![]).await;
    let (_, message) = error_shape(status, &headers, &text);
    assert_eq!(message, "there is nothing at this address");
    let (_, allow, _) = call(&app.router, "DELETE", "/api/v1/login", &[], vec![]).await;
    assert!(allow.get("allow").is_some_and(|v| v.to_str().unwrap().contains("POST")), "405 keeps Allow: {allow:?}");

    let cookie = format!("kube_ledger_session={}", app.treasurer);
    let pages: [(&str, &str, StatusCode); 3] = [
        ("GET", "/no-such-page", StatusCode::NOT_FOUND),
        ("GET", "/entities/1/no-such-page", StatusCode::NOT_FOUND),
        ("PUT", "/login", StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, path, status) in pages {
        let (got, headers, text) = call(&app.router, method, path, &[("cookie", &cookie)], vec![]).await;
        assert_eq!(got, status, "{method} {path}");
        assert!(content_type(&headers).starts_with("text/html"), "{method} {path}: {headers:?}");
        assert!(text.contains("<html") && text.contains("</html>"), "{method} {path} is a page: {text:?}");
    }
    let (_, _, text) = call(&app.router, "GET", "/no-such-page?lang=en", &[], vec![]).await;
    assert!(text.contains("there is nothing at this address"), "{text}");
}

/// Every write of the API with a body, called by a caller its rule leaves out with a body
/// that is broken or does not fit: 401 or 403, never 400 or 422, so that a stranger learns
/// nothing from how the body is checked; and the body is still checked for those allowed.
#[tokio::test]
async fn a_caller_not_allowed_is_refused_before_the_body_is_read() {
    let app = spawn_app().await;
    app.ledger
        .create_user("bendahara-lain", kube_ledger::domain::user::Role::Treasurer, Some(app.kube_elsewhere), PASSWORD)
        .await
        .unwrap();
    let stranger = login(&app.router, "bendahara-lain", PASSWORD).await;
    let fixtures = routes::fixtures(&app).await;
    let fill = |text: &str| fixtures.iter().fold(text.to_string(), |text, (from, to)| text.replace(from, to));
    let table = kube_ledger::http::routes::table();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for sample in routes::ROUTES {
        let json = sample.body.starts_with('{');
        let route = table.iter().find(|r| {
            r.method.as_str() == sample.method
                && !r.is_page()
                && r.path.split('/').count() == sample.path.split('?').next().unwrap().split('/').count()
                && r.path
                    .split('/')
                    .zip(sample.path.split('?').next().unwrap().split('/'))
                    .all(|(a, b)| a.starts_with('{') || a == b)
        });
        let Some(route) = route.filter(|_| json) else { continue };
        if matches!(route.who, Who::Anyone | Who::SignedIn) {
            continue;
        }
        checked += 1;
        let path = fill(sample.path);
        for body in ["{", "{\"broken\": ", "{\"no_such_field\": 1}", "[]"] {
            for (caller, token, expected) in [
                ("a stranger", Some(stranger.as_str()), StatusCode::FORBIDDEN),
                ("no token", None, StatusCode::UNAUTHORIZED),
            ] {
                let (status, answer) = send_raw(&app.router, sample.method, &path, token, &[], Some(body.into())).await;
                if status != expected {
                    wrong.push(format!("{} {} as {caller} with {body:?}: {status} {answer}", sample.method, path));
                }
            }
        }
        let (status, _) = send_raw(&app.router, sample.method, &path, Some(&app.admin), &[], Some("{".into())).await;
        if route.who != Who::Head && status != StatusCode::BAD_REQUEST {
            wrong.push(format!("{} {path} as admin with broken JSON: {status}, expected 400", sample.method));
        }
    }
    assert!(checked > 40, "only {checked} JSON writes found");
    // The CSV uploads likewise: a file that is not even UTF-8 is 403 to a stranger.
    let mut uploads = 0;
    for sample in routes::ROUTES.iter().filter(|s| s.path.starts_with("/api/") && s.path.ends_with("/import")) {
        uploads += 1;
        let path = fill(sample.path);
        let latin1 = b"number,name,kind,joined_on\nTAHU-070,Ren\xe9,klien,2026-01-05\n".to_vec();
        for (caller, token, expected) in [
            ("a stranger", Some(stranger.as_str()), StatusCode::FORBIDDEN),
            ("no token", None, StatusCode::UNAUTHORIZED),
            ("the admin", Some(app.admin.as_str()), StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let bearer = token.map(|t| format!("Bearer {t}"));
            let mut headers = vec![("content-type", "text/csv")];
            headers.extend(bearer.as_deref().map(|b| ("authorization", b)));
            let (status, _, answer) = call(&app.router, "POST", &path, &headers, latin1.clone()).await;
            if status != expected {
                wrong.push(format!("POST {path} as {caller} with a Latin-1 file: {status} {answer}"));
            }
        }
    }
    assert!(uploads >= 5, "only {uploads} CSV uploads found");
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}

/// `GET /healthz` on an open connection, kept alive; true when `ok` comes back in time.
fn ask(stream: &mut std::net::TcpStream, wait: std::time::Duration) -> bool {
    use std::io::{Read, Write};
    stream.set_read_timeout(Some(wait)).unwrap();
    if stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    while !answer.ends_with(b"\r\n\r\nok") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
    answer.starts_with(b"HTTP/1.1 200")
}

/// How long until the server closes the connection (reads end), or `None` within `wait`.
fn closed_within(stream: &mut std::net::TcpStream, wait: std::time::Duration) -> Option<std::time::Duration> {
    use std::io::Read;
    let started = std::time::Instant::now();
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return None,
            Err(_) => return Some(started.elapsed()),
        }
    }
}

fn connect(server: &common::Server) -> std::net::TcpStream {
    std::net::TcpStream::connect(&server.addr).expect("connect to the server")
}

/// A request head sent in part, or nothing at all, is closed after the header timeout; a
/// kept-alive connection between requests waits for the idle timeout instead.
#[test]
fn a_half_sent_request_is_closed_after_the_header_timeout() {
    use std::io::Write;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let args = ["--header-timeout-ms", "400", "--idle-timeout-ms", "1500"];
    let server = common::Server::start_with(&db, false, &args, None);

    let mut half = connect(&server);
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: local").unwrap();
    let closed = closed_within(&mut half, Duration::from_secs(5)).expect("a half-sent head is closed");
    assert!(closed >= Duration::from_millis(300) && closed < Duration::from_secs(3), "closed after {closed:?}");

    let mut silent = connect(&server);
    let closed = closed_within(&mut silent, Duration::from_secs(5)).expect("a silent connection is closed");
    assert!(closed < Duration::from_secs(3), "closed after {closed:?}");

    let mut kept = connect(&server);
    assert!(ask(&mut kept, Duration::from_secs(5)), "answered");
    std::thread::sleep(Duration::from_millis(800));
    assert!(ask(&mut kept, Duration::from_secs(5)), "idle past the header timeout, within the idle timeout: answered");
    let closed = closed_within(&mut kept, Duration::from_secs(6)).expect("an idle connection is closed");
    assert!(closed >= Duration::from_millis(1000), "closed after {closed:?}, before the idle timeout");
    assert!(common::healthz(&server.addr), "the server still answers");
}

/// Over `--max-connections`, a new connection waits (in the kernel's queue) while the
/// connections already taken go on being answered; it is served once one of them ends.
#[test]
fn over_cap_connections_wait_while_an_existing_client_is_answered() {
    use std::io::Write;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let args = ["--max-connections", "2", "--header-timeout-ms", "60000", "--idle-timeout-ms", "60000"];
    let server = common::Server::start_with(&db, false, &args, None);
    // The start-up health checks of the harness have ended; give the server a moment to see it.
    std::thread::sleep(Duration::from_millis(200));
    let mut first = connect(&server);
    assert!(ask(&mut first, Duration::from_secs(5)));
    let mut second = connect(&server);
    assert!(ask(&mut second, Duration::from_secs(5)));
    let mut third = connect(&server);
    third.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    assert!(closed_within(&mut third, Duration::from_millis(800)).is_none(), "the third connection is not served");
    assert!(ask(&mut first, Duration::from_secs(5)), "an existing client is answered meanwhile");
    drop(second);
    use std::io::Read;
    third.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut answer = [0u8; 12];
    third.read_exact(&mut answer).expect("the third connection is served once one ends");
    assert_eq!(&answer, b"HTTP/1.1 200");
}

/// The page policy runs scripts from this site only, none inline: no template has an
/// inline script or an `on…=` attribute, and the scripts the pages load are served.
/// Personal answers (pages behind sign-in, the API's) are not kept by any cache.
#[tokio::test]
async fn pages_run_no_inline_script_and_personal_answers_are_not_cached() {
    let app = spawn_app().await;
    let cookie = format!("kube_ledger_session={}", app.treasurer);
    let (status, headers, page) =
        call(&app.router, "GET", &format!("/entities/{}/sales/new", app.kube), &[("cookie", &cookie)], vec![]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let policy = headers["content-security-policy"].to_str().unwrap();
    let scripts = policy.split(';').map(str::trim).find(|d| d.starts_with("script-src")).expect("a script-src");
    assert_eq!(scripts, "script-src 'self'", "{policy}");
    assert!(page.contains(r#"<script src="/scripts/sale-form.js"></script>"#), "{page}");
    assert_eq!(headers["cache-control"], "no-store");

    // The panti's templates and, one folder down, the hub's.
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let folders = std::fs::read_dir(&templates).unwrap().map(|f| f.unwrap().path()).filter(|p| p.is_dir());
    let files = [templates.clone()].into_iter().chain(folders).flat_map(|folder| {
        std::fs::read_dir(folder).unwrap().map(|f| f.unwrap().path()).filter(|p| p.is_file()).collect::<Vec<_>>()
    });
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let inline = text.match_indices("<script").any(|(at, _)| !text[at..].starts_with("<script src=\"/scripts/"));
        let handler = regex_free_on_attribute(&text);
        assert!(!inline && handler.is_none(), "{}: inline script {handler:?}", path.display());
    }
    for name in ["sale-form.js", "print.js"] {
        let (status, headers, source) = call(&app.router, "GET", &format!("/scripts/{name}"), &[], vec![]).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(content_type(&headers).starts_with("text/javascript"), "{name}: {headers:?}");
        assert!(source.contains("addEventListener"), "{name}");
    }
    let (status, headers, _) = call(&app.router, "GET", "/scripts/../Cargo.toml", &[], vec![]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type(&headers).starts_with("text/html"));

    let personal = [
        format!("/members/{}", app.member_id),
        format!("/entities/{}/members", app.kube),
        format!("/api/v1/members/{}/balance", app.member_id),
        "/api/v1/me".to_string(),
    ];
    for path in personal {
        let bearer = format!("Bearer {}", app.admin);
        let admin_cookie = format!("kube_ledger_session={}", app.admin);
        let (status, headers, body) =
            call(&app.router, "GET", &path, &[("authorization", &bearer), ("cookie", &admin_cookie)], vec![]).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert_eq!(headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
    }
}

/// The first ` on…=` attribute in a template (an inline event handler), if any.
fn regex_free_on_attribute(text: &str) -> Option<String> {
    text.match_indices(" on").find_map(|(at, _)| {
        let name: String = text[at + 1..].chars().take_while(|c| c.is_ascii_lowercase()).collect();
        (name.len() > 2 && text[at + 1 + name.len()..].starts_with('=')).then_some(name)
    })
}

/// The language switch over a real socket, as a browser sends it: a `next` that a
/// browser would read as another host (tab, line breaks, backslashes, `//`) goes to `/`,
/// and every 303 carries a `Location`.
#[test]
fn the_language_switch_never_leaves_the_site_nor_answers_without_a_location() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let server = common::Server::start(&dir.path().join("db"), false);
    let cases = [
        ("/%09/other-host/x", "/"),
        ("/%0a/x", "/"),
        ("/%0d/x", "/"),
        ("/%5C/other-host", "/"),
        ("/%09%5C/other-host", "/"),
        ("%2F%2Fother-host", "/"),
        ("http:%2F%2Fother-host", "/"),
        ("/%00/x", "/"),
        ("/entities/3", "/entities/3"),
    ];
    for (next, expected) in cases {
        let mut stream = connect(&server);
        let request = format!("GET /lang/en?next={next} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let head = answer.split("\r\n\r\n").next().unwrap();
        assert!(head.starts_with("HTTP/1.1 303"), "next={next}: {head}");
        let location = head.lines().find_map(|line| line.strip_prefix("location: "));
        assert_eq!(location, Some(expected), "next={next}: {head}");
    }
}

/// `serve --tls-cert --tls-key` answers HTTPS itself: a client trusting the test CA signs
/// in and its session cookie is `Secure`; a client that does not trust it, or speaks plain
/// HTTP to the port, is not answered.
#[tokio::test]
async fn https_with_the_test_ca_signs_in_and_the_session_cookie_is_secure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    common::add_user(&db, "root", "admin", None, PASSWORD);
    let common::TestCertificates { ca, cert_pem, key_pem, .. } = common::TestCertificates::new();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, cert_pem).unwrap();
    std::fs::write(&key, key_pem).unwrap();
    let addr = format!("127.0.0.1:{}", common::free_port());
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let child = std::process::Command::new(common::BIN)
        .args(["serve", "--db", db.to_str().unwrap(), "--addr", &addr])
        .args(["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()])
        .env_remove("KUBE_LEDGER_DB")
        .env_remove("KUBE_LEDGER_ADDR")
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _server = Killed(child);
    let mut roots = tokio_rustls::rustls::RootCertStore::empty();
    roots.add(ca).unwrap();
    let trusting = common::tls_client(roots);
    let health = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        match common::over_tls(&trusting, &addr, health).await {
            Ok(answer) if answer.ends_with("\r\n\r\nok") => break,
            _ if std::time::Instant::now() > deadline => {
                let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default();
                panic!("no HTTPS answer within 60 s: {log}");
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let body = format!(r#"{{"username":"root","password":"{PASSWORD}"}}"#);
    let login = format!(
        "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = common::over_tls(&trusting, &addr, &login).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let cookie = answer.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).expect("a cookie");
    assert!(cookie.contains("kube_ledger_session=") && cookie.ends_with("; Secure"), "{cookie}");

    // The sign-in page over TLS: its form cookie and the session it sets are `Secure` too.
    let cookies = |answer: &str| -> Vec<String> {
        let set = answer.lines().filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"));
        set.map(|l| l["set-cookie:".len()..].trim().to_string()).collect()
    };
    let form =
        common::over_tls(&trusting, &addr, "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
    let form = form.unwrap();
    assert!(form.contains(r#"id="about""#) && !form.contains("demo-logins"), "no demo logins without --demo: {form}");
    let form_cookies = cookies(&form);
    assert!(!form_cookies.is_empty() && form_cookies.iter().all(|c| c.ends_with("; Secure")), "{form_cookies:?}");
    let csrf_cookie = form_cookies[0].split(';').next().unwrap().to_string();
    let token =
        form.split("name=\"csrf\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a csrf field");
    let fields = format!("csrf={token}&username=root&password={PASSWORD}");
    let login = format!(
        "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Cookie: {csrf_cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{fields}",
        fields.len()
    );
    let answer = common::over_tls(&trusting, &addr, &login).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    let signed_in = cookies(&answer);
    let session = signed_in.iter().find(|c| c.starts_with("kube_ledger_session=")).expect("a session cookie");
    assert!(session.ends_with("; Secure") && signed_in.iter().all(|c| c.ends_with("; Secure")), "{signed_in:?}");

    let stranger = common::tls_client(tokio_rustls::rustls::RootCertStore::empty());
    assert!(
        common::over_tls(&stranger, &addr, health).await.is_err(),
        "a client without the CA does not trust the server"
    );
    assert!(!common::healthz(&addr), "plain HTTP to the TLS port is not answered");

    // The same sign-in without TLS (the router alone): no Secure, which a browser would
    // refuse to send back over plain HTTP.
    let app = spawn_app().await;
    let (_, headers, _) = call(
        &app.router,
        "POST",
        "/api/v1/login",
        &[("content-type", "application/json")],
        format!(r#"{{"username":"admin","password":"{PASSWORD}"}}"#).into_bytes(),
    )
    .await;
    assert!(!headers["set-cookie"].to_str().unwrap().contains("Secure"));
}

/// The answer to a request written as is on a fresh connection (read until `wait`).
fn exchange(server: &common::Server, request: &[u8], wait: std::time::Duration) -> String {
    use std::io::{Read, Write};
    let mut stream = connect(server);
    stream.write_all(request).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&answer);
        if text.contains("\r\n\r\n") && (text.ends_with('}') || text.contains("</html>")) {
            break;
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// With the defaults (30 s per request, 10 s per head, 60 s idle): a body that stops
/// coming gets 408 in the error shape under /api and as a page elsewhere; a kept-alive
/// connection quiet for longer than 30 s between requests is still answered.
#[test]
fn a_stalled_body_is_408_in_its_doors_shape_and_keep_alive_outlasts_it() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let server = std::sync::Arc::new(common::Server::start(&dir.path().join("db"), false));
    let idle = {
        let server = server.clone();
        std::thread::spawn(move || {
            let mut kept = connect(&server);
            assert!(ask(&mut kept, Duration::from_secs(5)));
            std::thread::sleep(Duration::from_secs(33));
            assert!(ask(&mut kept, Duration::from_secs(5)), "a kept-alive connection idle for 33 s is answered");
        })
    };
    let page = {
        let server = server.clone();
        std::thread::spawn(move || {
            let head = "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                        Content-Length: 100\r\n\r\nusername=ro";
            exchange(&server, head.as_bytes(), Duration::from_secs(45))
        })
    };
    let head = "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
                Content-Length: 100\r\n\r\n{\"username\":";
    let api = exchange(&server, head.as_bytes(), Duration::from_secs(45));
    assert!(api.starts_with("HTTP/1.1 408"), "{api}");
    assert!(api.to_ascii_lowercase().contains("content-type: application/json"), "{api}");
    assert!(api.contains(r#""code":"request_timeout""#), "{api}");
    let page = page.join().unwrap();
    assert!(page.starts_with("HTTP/1.1 408"), "{page}");
    assert!(page.contains("text/html") && page.contains("</html>"), "{page}");
    idle.join().unwrap();
}

/// SIGTERM stops the server promptly even with connections open in every state: idle
/// between requests, half through a head, silent since accepted; it exits 0.
#[test]
fn a_signal_stops_the_server_with_connections_open_in_every_state() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let mut server = common::Server::start(&dir.path().join("db"), false);
    let mut idle = connect(&server);
    assert!(ask(&mut idle, Duration::from_secs(5)));
    let mut half = connect(&server);
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: lo").unwrap();
    let _silent = connect(&server);
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let status = server.terminate();
    let took = started.elapsed();
    assert!(status.success(), "{status}");
    // Nothing is in flight: no connection is waited for (a half-sent head not for its 10 s).
    assert!(took < Duration::from_secs(5), "stopped after {took:?}");
    assert!(closed_within(&mut idle, Duration::from_secs(1)).is_some(), "the idle connection is closed");
}

/// A request head over 16 KiB is refused (431) without being read further; one just under
/// is answered.
#[test]
fn a_request_head_over_16_kib_is_refused() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let server = common::Server::start(&dir.path().join("db"), false);
    let head = |filler: usize| {
        format!(
            "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Filler: {}\r\nConnection: close\r\n\r\n",
            "a".repeat(filler)
        )
    };
    let over = exchange(&server, head(17 * 1024).as_bytes(), Duration::from_secs(5));
    assert!(over.starts_with("HTTP/1.1 431"), "{over:?}");
    let under = exchange(&server, head(15 * 1024).as_bytes(), Duration::from_secs(5));
    assert!(under.starts_with("HTTP/1.1 200"), "{under:?}");
}

/// Each request knows the address it came from (sign-in throttling is per source): over
/// the real socket the sign-in's audit event names 127.0.0.1, not the unspecified address.
#[tokio::test]
async fn a_request_carries_its_peers_address() {
    let dir = tempfile::tempdir().unwrap();
    let (server, client, token) = common::serve_as_root(&dir.path().join("db"), PASSWORD, &[], None).await;
    let audit = common::get_json(&client, &server.url("/api/v1/audit"), &token).await;
    let text = audit.to_string();
    assert!(text.contains("dari 127.0.0.1"), "{text}");
    assert!(!text.contains("dari 0.0.0.0"), "{text}");
}
