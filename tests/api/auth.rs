use crate::helpers::{login, send, send_raw, spawn_app, PASSWORD};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let (status, body) = send(&app.router, "GET", "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

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
    let user = app.ledger.store().user("bendahara").unwrap().unwrap();
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
    app.ledger.store().commit(writes).unwrap();
    let (status, _) = send(&app.router, "GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The same session, not yet expired, is accepted: the test above fails for the right reason.
    let mut writes = kube_ledger::store::WriteSet::default();
    let session =
        kube_ledger::store::Session { username: "admin".into(), expires_at: chrono::Utc::now().timestamp() + 60 };
    writes.session(&kube_ledger::service::sha256(token.as_bytes()), &session);
    app.ledger.store().commit(writes).unwrap();
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
