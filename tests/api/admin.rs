//! The administration commands and the member register's commands through their JSON
//! doors: who may call each, every bad field named at its field, a retry with one key
//! stored once.

use crate::helpers::{login, send, send_raw, spawn_app, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", path, Some(token), Some(body)).await
}

/// The fields a refusal names, in order.
fn fields(answer: &Value) -> Vec<String> {
    let problems = answer["error"]["problems"].as_array().cloned().unwrap_or_default();
    problems.iter().map(|p| p["field"].as_str().unwrap_or("-").to_string()).collect()
}

#[tokio::test]
async fn only_an_admin_creates_entities_each_bad_field_named_and_a_kube_hangs_under_a_panti() {
    let app = spawn_app().await;
    let panti = json!({"kind": "panti", "name": "PSBK Baru", "address": "Jl. Melati 3, Surakarta"});
    for token in [&app.treasurer, &app.head, &app.supervisor, &app.member] {
        let (status, _) = post(&app, token, "/api/v1/entities", panti.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // A stranger is refused before the body is read.
    let (status, _) = post(&app, &app.head, "/api/v1/entities", json!({"nonsense": 1})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let bad = json!({"kind": "warung", "name": " ", "parent_id": "satu", "address": "\u{7}"});
    let (status, refused) = post(&app, &app.admin, "/api/v1/entities", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(fields(&refused), ["kind", "name", "parent_id", "address"]);
    let (status, made) = post(&app, &app.admin, "/api/v1/entities", panti).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let panti_id = made["id"].as_u64().unwrap();
    let (_, identity) = app.get(&app.admin, &format!("/api/v1/entities/{panti_id}/identity")).await;
    assert_eq!(identity["identity"]["address"], "Jl. Melati 3, Surakarta");
    let kube = json!({"kind": "kube", "name": "KUBE Melati", "parent_id": panti_id});
    let (status, kube) = post(&app, &app.admin, "/api/v1/entities", kube).await;
    assert_eq!((status, kube["parent_id"].as_u64()), (StatusCode::CREATED, Some(panti_id)), "{kube}");
    let under_kube = json!({"kind": "koperasi", "name": "Kop X", "parent_id": kube["id"]});
    let (status, refused) = post(&app, &app.admin, "/api/v1/entities", under_kube).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a koperasi hangs under a panti, not a KUBE: {refused}");
    let (_, listed) = app.get(&app.admin, "/api/v1/entities").await;
    assert_eq!(listed.as_array().unwrap().len(), 6, "four from the fixture and two made here");
}

#[tokio::test]
async fn only_an_admin_creates_users_who_then_sign_in_and_a_username_is_taken_once() {
    let app = spawn_app().await;
    let user = json!({"username": "bendahara.melati", "role": "treasurer", "entity_id": app.kube, "password": "rahasia-baru-1"});
    for token in [&app.treasurer, &app.head, &app.supervisor, &app.member] {
        assert_eq!(post(&app, token, "/api/v1/users", user.clone()).await.0, StatusCode::FORBIDDEN);
    }
    let bad = json!({"username": "Budi X", "role": "kasir", "password": "pendek"});
    let (status, refused) = post(&app, &app.admin, "/api/v1/users", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(fields(&refused), ["username", "role", "password"]);
    let unbound = json!({"username": "kepala.baru", "role": "head", "password": "rahasia-baru-1"});
    let (_, refused) = post(&app, &app.admin, "/api/v1/users", unbound).await;
    assert_eq!(fields(&refused), ["entity_id"], "a head belongs to a panti");
    let member_role =
        json!({"username": "anggota.x", "role": "member", "entity_id": app.kube, "password": "rahasia-baru-1"});
    let (_, refused) = post(&app, &app.admin, "/api/v1/users", member_role).await;
    assert_eq!(fields(&refused), ["role"], "a member's login is made from the member's record");
    let (status, made) = post(&app, &app.admin, "/api/v1/users", user.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        made,
        json!({"username": "bendahara.melati", "role": "treasurer", "entity_id": app.kube, "member_id": null, "disabled": false})
    );
    let (status, again) = post(&app, &app.admin, "/api/v1/users", user).await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::CONFLICT, json!("user_exists")), "{again}");
    let token = login(&app.router, "bendahara.melati", "rahasia-baru-1").await;
    let (status, _) = app.get(&token, &format!("/api/v1/entities/{}/accounts", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "the new treasurer reads their books");
}

#[tokio::test]
async fn a_member_registered_twice_under_one_key_is_stored_once() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/members", app.kube);
    let body = json!({"number": "TAHU-020", "name": "Wati", "kind": "keluarga", "joined_on": "2026-03-01"}).to_string();
    let key = [("idempotency-key", "anggota-0020")];
    let (first, one) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body.clone())).await;
    let (second, two) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body)).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED), "{two}");
    assert_eq!(one, two, "the retry answers the first registration");
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 2);
    let other = json!({"number": "TAHU-021", "name": "Lain", "kind": "klien", "joined_on": "2026-03-01"}).to_string();
    let (status, _) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(other)).await;
    assert_eq!(status, StatusCode::CONFLICT, "the key with another body");
    for token in [&app.head, &app.supervisor, &app.member] {
        let body = json!({"number": "TAHU-022", "name": "X", "kind": "klien", "joined_on": "2026-03-01"});
        assert_eq!(post(&app, token, &path, body).await.0, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_member_contact_changes_by_its_writers_only_and_a_bad_phone_is_named() {
    let app = spawn_app().await;
    let path = format!("/api/v1/members/{}", app.member_id);
    let patch = |token: &String, body: Value| {
        let token = token.clone();
        let (router, path) = (app.router.clone(), path.clone());
        async move { send(&router, "PATCH", &path, Some(&token), Some(body)).await }
    };
    let (status, changed) = patch(&app.treasurer, json!({"phone": "081234567890"})).await;
    assert_eq!((status, changed["phone"].clone()), (StatusCode::OK, json!("081234567890")), "{changed}");
    let (status, refused) = patch(&app.treasurer, json!({"phone": "12"})).await;
    assert_eq!((status, fields(&refused)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["phone".to_string()]));
    let (status, refused) = patch(&app.treasurer, json!({"member_id": "9", "phone": ""})).await;
    assert_eq!(
        (status, fields(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["member_id".to_string()]),
        "the path names the member"
    );
    for token in [&app.head, &app.supervisor, &app.member] {
        assert_eq!(patch(token, json!({"phone": ""})).await.0, StatusCode::FORBIDDEN);
    }
    let other = app
        .ledger
        .create_user("bendahara.jahit", kube_ledger::domain::user::Role::Treasurer, Some(app.kube_sibling), PASSWORD)
        .await;
    other.unwrap();
    let sibling = login(&app.router, "bendahara.jahit", PASSWORD).await;
    assert_eq!(patch(&sibling, json!({"phone": ""})).await.0, StatusCode::FORBIDDEN, "another KUBE's treasurer");
    let (_, member) = app.get(&app.treasurer, &path).await;
    assert_eq!(member["phone"], "081234567890", "refusals changed nothing");
    let (_, cleared) = patch(&app.treasurer, json!({"phone": " "})).await;
    assert_eq!(cleared["phone"], Value::Null);
}

#[tokio::test]
async fn a_cash_count_under_one_key_posts_its_difference_once() {
    let app = spawn_app().await;
    let sale = crate::helpers::sale("2026-02-20", "100000");
    app.post_entry(&app.treasurer, app.kube, sale).await;
    let path = format!("/api/v1/entities/{}/cash-counts", app.kube);
    let bad = json!({"date": "2026-02-30", "counted": "-5", "reason": "\u{202e}"});
    let (status, refused) = post(&app, &app.treasurer, &path, bad).await;
    assert_eq!(
        (status, fields(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["date".into(), "counted".into(), "reason".into()])
    );
    let body = json!({"date": "2026-02-28", "counted": "99000", "reason": "uang receh hilang"}).to_string();
    let key = [("idempotency-key", "opname-0228")];
    let (first, one) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body.clone())).await;
    let (second, two) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body)).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED), "{one} {two}");
    assert_eq!((one["difference"].clone(), one["book"].clone()), (json!("-1000.00"), json!("100000.00")));
    assert_eq!(one["entry"]["seq"], two["entry"]["seq"]);
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "99000.00", "the shortfall posted once");
    assert_eq!(
        post(&app, &app.head, &path, json!({"date": "2026-02-28", "counted": "1"})).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_admin_resets_a_password_and_disables_and_enables_a_login_and_each_ends_its_sessions() {
    let app = spawn_app().await;
    let reset = "/api/v1/users/bendahara/password";
    let access = "/api/v1/users/bendahara/disabled";
    for token in [&app.head, &app.treasurer, &app.supervisor, &app.member] {
        assert_eq!(post(&app, token, reset, json!({"password": "rahasia-baru-1"})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, token, access, json!({"disabled": true})).await.0, StatusCode::FORBIDDEN);
    }
    let (status, refused) = post(&app, &app.admin, reset, json!({"password": "pendek"})).await;
    assert_eq!((status, fields(&refused)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["password".to_string()]));
    let (_, refused) = post(&app, &app.admin, reset, json!({"username": "kepala", "password": "rahasia-baru-1"})).await;
    assert_eq!(refused["error"]["code"], "malformed", "the path names the login: {refused}");
    let (status, refused) =
        post(&app, &app.admin, "/api/v1/users/tidak.ada/password", json!({"password": "rahasia-baru-1"})).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_user")));
    let (_, refused) = post(&app, &app.admin, "/api/v1/users/tahu-001/password", json!({"password": "12345678"})).await;
    assert_eq!(refused["error"]["code"], "unknown_user", "a member's PIN is the treasurer's: {refused}");

    // A new password: the old one and the sessions it opened no longer work.
    let (status, reset_to) = post(&app, &app.admin, reset, json!({"password": "rahasia-baru-1"})).await;
    assert_eq!((status, reset_to["username"].as_str()), (StatusCode::OK, Some("bendahara")), "{reset_to}");
    assert_eq!(app.get(&app.treasurer, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the old session ended");
    let sign_in = |password: &'static str| {
        send(&app.router, "POST", "/api/v1/login", None, Some(json!({"username": "bendahara", "password": password})))
    };
    assert_eq!(sign_in(PASSWORD).await.0, StatusCode::UNAUTHORIZED, "the old password");
    let token = login(&app.router, "bendahara", "rahasia-baru-1").await;

    // Disabled: its session ends and the right password signs in no more, with why.
    let (status, disabled) = post(&app, &app.admin, access, json!({"disabled": true})).await;
    assert_eq!((status, &disabled["disabled"]), (StatusCode::OK, &json!(true)), "{disabled}");
    assert_eq!(app.get(&token, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "its session ended");
    let (status, refused) = sign_in("rahasia-baru-1").await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("login_disabled")));
    assert!(refused["error"]["message"].as_str().unwrap().contains("dinonaktifkan"), "{refused}");
    // Enabled again, it signs in with its last password.
    let (status, enabled) = post(&app, &app.admin, access, json!({"disabled": false})).await;
    assert_eq!((status, &enabled["disabled"]), (StatusCode::OK, &json!(false)), "{enabled}");
    login(&app.router, "bendahara", "rahasia-baru-1").await;

    // An admin does not lock themselves out; the choice is required.
    let (status, refused) = post(&app, &app.admin, "/api/v1/users/admin/disabled", json!({"disabled": true})).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("own_login")));
    assert_eq!(app.get(&app.admin, "/api/v1/me").await.0, StatusCode::OK);
    let (_, refused) = post(&app, &app.admin, access, json!({})).await;
    assert_eq!(fields(&refused), ["disabled"]);

    // The audit log says who did each.
    let (_, audit) = app.get(&app.admin, "/api/v1/audit").await;
    let actions: Vec<&str> = audit["events"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for action in ["password_reset", "login_disabled", "login_enabled"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}
