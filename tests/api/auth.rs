use crate::helpers::{login, send, send_raw, spawn_app, PASSWORD};
use axum::http::StatusCode;
use kube_ledger::http::routes::Who;
use serde_json::{json, Value};

#[tokio::test]
async fn wrong_password_and_unknown_user_are_401_with_the_same_message() {
    let app = spawn_app().await;
    let (status, wrong) = send(
        &app.router,
        "POST",
        "/api/v1/login",
        None,
        Some(json!({"username": "admin", "password": "salah-sekali"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong["error"]["code"], "bad_credentials");
    let (status, unknown) =
        send(&app.router, "POST", "/api/v1/login", None, Some(json!({"username": "siapa", "password": PASSWORD})))
            .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn missing_malformed_or_unknown_tokens_are_401() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/accounts", app.kube);
    let (status, body) = send(&app.router, "GET", &path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");
    let (status, _) = send(&app.router, "GET", &path, Some("bukan-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send_raw(&app.router, "GET", &path, None, &[("authorization", "Basic YWRtaW46eA==")], None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let token = login(&app.router, "bendahara", PASSWORD).await;
    let (status, _) = send(&app.router, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(&app.router, "POST", "/api/v1/logout", Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&app.router, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn passwords_are_stored_only_as_argon2_hashes() {
    let app = spawn_app().await;
    let user = app.ledger.store_for_tests().user("bendahara").unwrap().unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"), "{}", user.password_hash);
    assert!(!user.password_hash.contains(PASSWORD));
}

/// Every entity route with every role: (role token, entity, access) → expected status.
#[tokio::test]
async fn authorisation_matrix_holds_for_every_role() {
    let app = spawn_app().await;
    let roles = [
        ("admin", &app.admin),
        ("treasurer", &app.treasurer),
        ("head", &app.head),
        ("supervisor", &app.supervisor),
        ("member", &app.member),
    ];
    let entities =
        [("panti", app.panti), ("kube", app.kube), ("sibling", app.kube_sibling), ("elsewhere", app.kube_elsewhere)];
    // Expected read permission per role and entity.
    let can_read = |role: &str, entity: &str| match role {
        "admin" => true,
        "treasurer" => entity == "kube",
        "head" | "supervisor" => entity != "elsewhere",
        _ => false,
    };
    let can_write = |role: &str, entity: &str| match role {
        "admin" => true,
        "treasurer" => entity == "kube",
        _ => false,
    };
    crate::report::prepare_report_routes(&app).await;
    let mut mapan = false;
    for (role, token) in roles {
        for (name, id) in entities {
            crate::report::assert_report_access(&app, role, token, name, id, &mut mapan).await;
            crate::report_submit::assert_submit_access(&app, role, token, name, id).await;
            for path in ["", "/accounts", "/entries", "/trial-balance?as_of=2026-12-31"] {
                let (status, body) = app.get(token, &format!("/api/v1/entities/{id}{path}")).await;
                let expected = if can_read(role, name) { StatusCode::OK } else { StatusCode::FORBIDDEN };
                assert_eq!(status, expected, "{role} GET {name}{path}: {body}");
            }
            let (status, body) = app.post_entry(token, id, crate::helpers::sale("2026-07-01", "1000")).await;
            let expected = if can_write(role, name) { StatusCode::CREATED } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} POST entry to {name}: {body}");
            let seq = body["seq"].as_u64().unwrap_or(1);
            let reverse = format!("/api/v1/entities/{id}/entries/{seq}/reverse");
            let (status, _) =
                send(&app.router, "POST", &reverse, Some(token), Some(json!({"date": "2026-07-02"}))).await;
            let expected = if can_write(role, name) { StatusCode::CREATED } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} reverse in {name}");
        }
        let (status, _) = send(
            &app.router,
            "POST",
            "/api/v1/entities",
            Some(token),
            Some(json!({"kind": "kube", "name": "KUBE Baru"})),
        )
        .await;
        let expected = if role == "admin" { StatusCode::CREATED } else { StatusCode::FORBIDDEN };
        assert_eq!(status, expected, "{role} creates an entity");
    }
}

#[tokio::test]
async fn a_stranger_cannot_learn_whether_an_entity_exists() {
    let app = spawn_app().await;
    let (missing, _) = app.get(&app.treasurer, "/api/v1/entities/999/accounts").await;
    let (existing, _) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/accounts", app.kube_elsewhere)).await;
    assert_eq!((missing, existing), (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN));
    let (status, body) = app.get(&app.admin, "/api/v1/entities/999/accounts").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn entity_list_shows_only_what_the_user_may_read() {
    let app = spawn_app().await;
    let (_, listed) = app.get(&app.head, "/api/v1/entities").await;
    let ids: Vec<u64> = listed.as_array().unwrap().iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, vec![app.panti, app.kube, app.kube_sibling]);
    let (_, listed) = app.get(&app.member, "/api/v1/entities").await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn an_expired_token_is_401() {
    let app = spawn_app().await;
    let token = "a".repeat(64);
    let mut writes = kube_ledger::store::WriteSet::default();
    let session =
        kube_ledger::store::Session { username: "admin".into(), expires_at: chrono::Utc::now().timestamp() - 1 };
    writes.session(&kube_ledger::service::sha256(token.as_bytes()), &session);
    app.ledger.store_for_tests().commit(writes).unwrap();
    let (status, _) = send(&app.router, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The same session, not yet expired, is accepted: the test above fails for the right reason.
    let mut writes = kube_ledger::store::WriteSet::default();
    let session =
        kube_ledger::store::Session { username: "admin".into(), expires_at: chrono::Utc::now().timestamp() + 60 };
    writes.session(&kube_ledger::service::sha256(token.as_bytes()), &session);
    app.ledger.store_for_tests().commit(writes).unwrap();
    let (status, _) = send(&app.router, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn login_sets_an_http_only_same_site_session_cookie() {
    use tower::ServiceExt;
    let app = spawn_app().await;
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(json!({"username": "bendahara", "password": PASSWORD}).to_string()))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("kube_ledger_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
}

async fn audit_actions(app: &crate::helpers::TestApp, token: &str) -> Vec<(String, String)> {
    let (status, log) = app.get(token, "/api/v1/audit?limit=1000").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let events = log["events"].as_array().unwrap().iter();
    events.map(|e| (e["actor"].as_str().unwrap().to_string(), e["action"].as_str().unwrap().to_string())).collect()
}

/// A sign-in sent from `source`, as the server sees a connection from there.
async fn login_from(router: &axum::Router, source: &str, username: &str, password: &str) -> (StatusCode, Value) {
    use tower::ServiceExt;
    let body = json!({"username": username, "password": password}).to_string();
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{source}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// `count` wrong passwords sent at once, the `i`th from `source(i)` for `username(i)`.
fn flood(
    router: &axum::Router,
    count: usize,
    source: impl Fn(usize) -> String,
    username: impl Fn(usize) -> String,
) -> Vec<tokio::task::JoinHandle<(StatusCode, Value)>> {
    (0..count)
        .map(|i| {
            let (router, source, username) = (router.clone(), source(i), username(i));
            tokio::spawn(async move { login_from(&router, &source, &username, "salah").await })
        })
        .collect()
}

/// How many attempts of a flood are refused (429) within `seconds`; those still held
/// back then are not waited for. Every answer is 401 or 429.
async fn refused_within(flood: Vec<tokio::task::JoinHandle<(StatusCode, Value)>>, seconds: u64) -> usize {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let mut refused = 0;
    for mut attempt in flood {
        match tokio::time::timeout_at(deadline, &mut attempt).await {
            Ok(answer) => {
                let (status, body) = answer.unwrap();
                refused += usize::from(status == StatusCode::TOO_MANY_REQUESTS);
                assert!([StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status), "{body}");
            }
            Err(_) => attempt.abort(),
        }
    }
    refused
}

/// Under a flood of wrong passwords for other usernames, from many addresses and from
/// one, the owner of a login signs in with the right password; the one address that
/// floods is held back and refused, the others are not.
#[tokio::test]
async fn a_flood_of_failures_for_other_usernames_leaves_the_owner_signing_in() {
    let app = spawn_app().await;
    for attempt in flood(&app.router, 70, |i| format!("10.1.0.{i}"), |i| format!("tebak{i}")) {
        assert_eq!(attempt.await.unwrap().0, StatusCode::UNAUTHORIZED);
    }
    let from_one = flood(&app.router, 30, |_| "10.9.9.9".into(), |i| format!("coba{i}"));
    let (status, body) = login_from(&app.router, "10.0.0.1", "bendahara", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the owner signs in during the flood: {body}");
    assert!(refused_within(from_one, 2).await > 0, "the flooding address is refused once its turns lie too far ahead");
}

/// Wrong passwords for the owner's own username slow it down but never lock the owner out.
#[tokio::test]
async fn wrong_passwords_for_a_username_hold_it_back_but_do_not_lock_it() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(login_from(&app.router, "10.8.8.8", "bendahara", "salah-sekali").await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = login_from(&app.router, "10.0.0.1", "bendahara", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A flood of wrong passwords for one username, from many addresses at once, holds back
/// those addresses, not the owner signing in from another one.
#[tokio::test]
async fn a_flood_for_the_owners_own_username_does_not_lock_the_owner_out() {
    let app = spawn_app().await;
    let attackers = flood(&app.router, 300, |i| format!("10.3.0.{}", i % 50), |_| "bendahara".into());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (status, body) = login_from(&app.router, "10.0.0.1", "bendahara", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the owner signs in while the username is flooded: {body}");
    assert!(
        refused_within(attackers, 1).await > 0,
        "the flooding addresses are refused once their turns lie far ahead"
    );
}

async fn audit_events(app: &crate::helpers::TestApp) -> Vec<Value> {
    let (status, log) = app.get(&app.admin, "/api/v1/audit?limit=1000").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log["events"].as_array().unwrap().clone()
}

/// A username that cannot exist (here 500 KB of it) is refused before anything is
/// counted or written; repeated failures are written one by one only while few.
#[tokio::test]
async fn failed_sign_ins_are_written_in_bounded_form() {
    let app = spawn_app().await;
    let before = audit_events(&app).await.len();
    let huge = "a".repeat(500 * 1024);
    for _ in 0..40 {
        let (status, body) = login_from(&app.router, "10.7.7.7", &huge, "salah").await;
        assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNAUTHORIZED, json!("bad_credentials")));
    }
    assert_eq!(audit_events(&app).await.len(), before, "nothing written for a name that cannot exist");
    let (status, _) = login_from(&app.router, "10.7.7.7", "bendahara", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "nor counted against the address");

    for _ in 0..6 {
        assert_eq!(login_from(&app.router, "10.6.6.6", "kepala", "salah").await.0, StatusCode::UNAUTHORIZED);
    }
    let events = audit_events(&app).await;
    let failed: Vec<&str> = events
        .iter()
        .filter(|e| e["actor"] == "kepala" && e["action"] == "login_failed")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(failed.len(), 4, "the 1st to 4th failures, not the 5th and 6th: {failed:?}");
    assert!(failed[0].contains("dari 10.6.6.6: percobaan ke-4"), "{failed:?}");
    assert!(events.len() < before + 10, "{events:?}");
}

/// Failures for many usernames from many addresses: the service writes the first 100 of a
/// window one by one and then only each doubling, so the trail of a flood stays bounded.
#[tokio::test]
async fn a_flood_from_many_addresses_leaves_a_bounded_trail() {
    let app = spawn_app().await;
    for attempt in flood(&app.router, 150, |i| format!("10.4.0.{}", i % 30), |i| format!("tebak-{i}")) {
        assert_eq!(attempt.await.unwrap().0, StatusCode::UNAUTHORIZED);
    }
    let failed: Vec<String> = audit_events(&app)
        .await
        .iter()
        .filter(|e| e["action"] == "login_failed")
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(failed.len(), 101, "100 one by one, then the 128th: {failed:?}");
    assert!(failed.iter().any(|d| d.ends_with("ke-128 seluruhnya dalam 15 menit")), "{failed:?}");
}

/// Posting and reversing are audited with who and where; a supervisor sees the events
/// of their panti's books only, and others may not read the log.
#[tokio::test]
async fn postings_and_reversals_are_audited_and_visible_per_panti() {
    let app = spawn_app().await;
    let (status, posted) = app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2026-07-01", "5000")).await;
    assert_eq!(status, StatusCode::CREATED);
    let reverse = format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, posted["seq"]);
    let (status, _) =
        send(&app.router, "POST", &reverse, Some(&app.treasurer), Some(json!({"date": "2026-07-02"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.post_entry(&app.admin, app.kube_elsewhere, crate::helpers::sale("2026-07-01", "7000")).await;
    assert_eq!(status, StatusCode::CREATED);
    let seen_by_supervisor = audit_actions(&app, &app.supervisor).await;
    assert_eq!(
        seen_by_supervisor[..2],
        [("bendahara".to_string(), "reversal".to_string()), ("bendahara".to_string(), "post".to_string())],
    );
    assert!(
        !seen_by_supervisor.iter().any(|(actor, _)| actor == "admin"),
        "not another panti's books: {seen_by_supervisor:?}"
    );
    let (_, log) = app.get(&app.admin, "/api/v1/audit?limit=3").await;
    assert_eq!(log["events"][0]["action"], "post");
    assert_eq!(log["events"][0]["entity_id"], app.kube_elsewhere);
    assert_eq!(
        log["events"][1]["detail"],
        format!(
            "jurnal #{}: Pembalikan jurnal #{}: Penjualan tahu",
            posted["seq"].as_u64().unwrap() + 1,
            posted["seq"]
        )
    );
    for token in [&app.treasurer, &app.head, &app.member] {
        assert_eq!(app.get(token, "/api/v1/audit").await.0, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn responses_carry_security_headers() {
    use tower::ServiceExt;
    let app = spawn_app().await;
    let request = axum::http::Request::builder().uri("/login").body(axum::body::Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(header("content-security-policy").unwrap().contains("frame-ancestors 'none'"));
}

/// Which callers a rule of the route table lets in, in the order of `CALLERS`, for a path
/// that names a KUBE (its treasurer, the head and supervisor of its panti, its member) or a
/// panti (with its clients, cohorts and staff). Written here, apart from the service, so
/// the test holds the service to the table.
fn allowed(who: Who, on_panti: bool) -> [bool; 6] {
    let marks = match (who, on_panti) {
        (Who::Anyone | Who::SignedIn, _) => "yyyyyy",
        (Who::Admin, _) => "y.....",
        (Who::Auditors, _) => "y..y..",
        (Who::Readers, false) => "yyyy..",
        (Who::MemberOrReaders, false) => "yyyy.y",
        (Who::Writers, false) => "yy....",
        (Who::Readers | Who::MemberOrReaders, true) => "y.yy..",
        (Who::Writers, true) => "y.y...",
        (Who::Head, _) => "..y...",
    };
    std::array::from_fn(|index| marks.as_bytes()[index] == b'y')
}

/// Whether a sample's path fits a route of the table: `{…}` stands for one segment.
fn fits(table_path: &str, sample_path: &str) -> bool {
    let sample = sample_path.split('?').next().unwrap_or_default();
    let (ours, theirs): (Vec<_>, Vec<_>) = (table_path.split('/').collect(), sample.split('/').collect());
    ours.len() == theirs.len() && ours.iter().zip(&theirs).all(|(a, b)| a.starts_with('{') || a == b)
}

/// Calls every route of the route table as every kind of caller (with a body from
/// tests/api/routes.rs): a caller without a token gets 401, one the table's rule leaves out
/// 403, one it lets in neither; none gets 5xx. Page forms are sent without the CSRF token
/// that only a page hands out: 403 for everyone signed in (tests/api/pages*.rs post them
/// with it). A route of the table without a sample, or a sample of
/// no route, fails the test, so a new route cannot be left out.
#[tokio::test]
async fn every_route_allows_exactly_the_callers_the_route_table_names() {
    use crate::routes::{CALLERS, ROUTES};
    let table = kube_ledger::http::routes::table();
    let route_of = |sample: &crate::routes::Route| {
        // As the router does: a literal segment wins over a placeholder.
        let literals = |path: &str| path.split('/').filter(|segment| !segment.starts_with('{')).count();
        let fitting: Vec<_> =
            table.iter().filter(|r| r.method.as_str() == sample.method && fits(r.path, sample.path)).collect();
        let most = fitting.iter().map(|r| literals(r.path)).max();
        let best: Vec<_> = fitting.into_iter().filter(|r| Some(literals(r.path)) == most).collect();
        assert_eq!(best.len(), 1, "{} {} fits {} routes of the table", sample.method, sample.path, best.len());
        best[0]
    };
    let unsampled: Vec<_> = table
        .iter()
        .filter(|r| !ROUTES.iter().any(|s| s.method == r.method.as_str() && fits(r.path, s.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        unsampled.is_empty(),
        "routes of the table without a sample in tests/api/routes.rs:\n{}",
        unsampled.join("\n")
    );

    let app = spawn_app().await;
    app.ledger
        .create_user("bendahara-lain", kube_ledger::domain::user::Role::Treasurer, Some(app.kube_elsewhere), PASSWORD)
        .await
        .unwrap();
    let other = login(&app.router, "bendahara-lain", PASSWORD).await;
    let tokens = [&app.admin, &app.treasurer, &app.head, &app.supervisor, &other, &app.member];
    let fixtures = crate::routes::fixtures(&app).await;
    let fill = |text: &str| fixtures.iter().fold(text.to_string(), |text, (from, to)| text.replace(from, to));
    let mut wrong = Vec::new();
    // Sign-out last: it ends the session the other calls are made with.
    let (logouts, others): (Vec<_>, Vec<_>) = ROUTES.iter().partition(|s| s.path.ends_with("/logout"));
    for sample in others.into_iter().chain(logouts) {
        let route = route_of(sample);
        let on_panti = ["{panti}", "{client}", "{cohort}", "{staff}"].iter().any(|p| sample.path.contains(p));
        let allowed = allowed(route.who, on_panti);
        let path = fill(sample.path);
        let form = route.is_page() && route.method == "POST";
        let content_type = match () {
            _ if sample.body.starts_with("--x") => "multipart/form-data; boundary=x",
            _ if route.is_page() => "application/x-www-form-urlencoded",
            _ if path.ends_with("/import") => "text/csv",
            _ => "application/json",
        };
        let callers = CALLERS.iter().zip(tokens.map(Some)).chain([(&"no token", None)]);
        for (index, (caller, token)) in callers.enumerate() {
            let cookie = token.map(|t| format!("kube_ledger_session={t}"));
            let mut headers = vec![("content-type", content_type)];
            headers.extend(cookie.as_deref().map(|c| ("cookie", c)));
            let body = (!sample.body.is_empty()).then(|| fill(sample.body));
            let (status, answer) =
                send_raw(&app.router, sample.method, &path, token.map(String::as_str), &headers, body).await;
            let expected = match (route.who, token) {
                (_, Some(_)) | (Who::Anyone, None) if form => Some(StatusCode::FORBIDDEN),
                (Who::Anyone, _) => None,
                (_, None) => Some(StatusCode::UNAUTHORIZED),
                (_, Some(_)) if allowed[index] => None,
                _ => Some(StatusCode::FORBIDDEN),
            };
            let denied = [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&status);
            let right = match expected {
                Some(expected) => status == expected,
                None => !denied,
            };
            if !right || status.is_server_error() {
                let answer: String = answer.to_string().chars().take(160).collect();
                wrong.push(format!(
                    "{} {} as {caller}: {status}, expected {expected:?}: {answer}",
                    sample.method, sample.path
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}

/// The route reference in docs/ is the route table's: `UPDATE_DOCS=1` writes it anew.
#[test]
fn routes_doc_is_written_from_the_route_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/routes.md");
    let written = kube_ledger::http::routes::reference();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &written).unwrap();
    }
    let on_file = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_file == written,
        "docs/routes.md differs from the route table: run UPDATE_DOCS=1 cargo test --test api routes"
    );
}

/// A POST with the given content type (or none) and body, as a browser form could send it.
async fn post_typed(
    router: &axum::Router,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> axum::response::Response {
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder().method("POST").uri(path);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let request = request.body(axum::body::Body::from(body.to_string())).unwrap();
    router.clone().oneshot(request).await.unwrap()
}

/// A form on another site can post `text/plain` that happens to be JSON: it is refused
/// (415, in the error shape, no session cookie); JSON said to be JSON signs in.
#[tokio::test]
async fn json_routes_refuse_a_body_not_declared_as_json() {
    let app = spawn_app().await;
    let body = json!({"username": "bendahara", "password": PASSWORD}).to_string();
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let response = post_typed(&app.router, "/api/v1/login", content_type, &body).await;
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}");
        assert!(response.headers().get("set-cookie").is_none(), "{content_type:?} signed in");
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        let answer: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(answer["error"]["code"], "unsupported_media_type", "{answer}");
    }
    let response = post_typed(&app.router, "/api/v1/login", Some("application/json; charset=utf-8"), &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let entry = crate::helpers::sale("2026-07-01", "1000").to_string();
    let path = format!("/api/v1/entities/{}/entries", app.kube);
    let (status, _) =
        crate::helpers::send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[], Some(entry.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "the same entry declared as JSON is stored");
    use tower::ServiceExt;
    let request = axum::http::Request::builder()
        .method("POST")
        .uri(&path)
        .header("authorization", format!("Bearer {}", app.treasurer))
        .header("content-type", "text/plain")
        .body(axum::body::Body::from(entry))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "every JSON route, not only sign-in");
    assert_eq!(app.entries_count(app.kube).await, 1);
}

/// The language switch goes back only to a path of this site, read as a browser reads it.
#[tokio::test]
async fn the_language_switch_redirects_only_to_this_site() {
    use tower::ServiceExt;
    let app = spawn_app().await;
    let cases = [
        ("/%09/other-host/x", "/"),
        ("/%0a/x", "/"),
        ("/%0d%0a/x", "/"),
        ("/%5Cother-host", "/"),
        ("%5C%5Cother-host", "/"),
        ("//other-host", "/"),
        ("https://other-host/", "/"),
        ("/%E2%80%AE/x", "/"),
        ("/entities/3/members%3Fq%3DSiti%2520Aminah", "/entities/3/members?q=Siti%20Aminah"),
        ("/login", "/login"),
    ];
    for (next, expected) in cases {
        let request = axum::http::Request::builder()
            .uri(format!("/lang/en?next={next}"))
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next}");
        let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(location.as_deref(), Some(expected), "next={next}");
    }
}
