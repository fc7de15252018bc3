//! Free space below the floor, through the real router: new writes are refused with 507
//! `storage_low`, and nothing is stored; reads and sign-in go on; `/healthz` says so.

use crate::helpers::{login, send, send_raw, spawn_app, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};

fn sale(memo: &str) -> Value {
    json!({"date": "2026-07-01", "memo": memo, "lines": [
        {"account": "1101", "debit": "15000"}, {"account": "4101", "credit": "15000"}]})
}

#[tokio::test]
async fn healthz_reports_writes_open_and_the_disk() {
    let app = spawn_app().await;
    let (status, health) =
        send_raw(&app.router, "GET", "/healthz", None, &[("accept", "application/json")], None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&health["status"], &health["writes"]), (&json!("ok"), &json!("open")), "{health}");
    let free = health["disk"]["free_bytes"].as_u64().expect("free_bytes");
    let total = health["disk"]["total_bytes"].as_u64().expect("total_bytes");
    assert!(0 < free && free <= total, "{health}");
}

#[tokio::test]
async fn below_the_floor_writes_are_refused_with_507_while_reads_and_sign_in_go_on() {
    let app = spawn_app().await;
    let entries = format!("/api/v1/entities/{}/entries", app.kube);
    let (status, first) = send(&app.router, "POST", &entries, Some(&app.treasurer), Some(sale("sebelum"))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");

    // No disk has this much free.
    app.ledger.store_for_tests().set_min_free(u64::MAX);
    let keyed = [("Idempotency-Key", "low-1")];
    let body = Some(sale("saat disk hampir penuh").to_string());
    let (status, refused) = send_raw(&app.router, "POST", &entries, Some(&app.treasurer), &keyed, body.clone()).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{refused}");
    assert_eq!(refused["error"]["code"], "storage_low", "{refused}");
    let message = refused["error"]["message"].as_str().expect("message");
    assert!(message.contains("hampir habis") && message.contains("tidak disimpan"), "{message}");
    let english = [("Idempotency-Key", "low-1"), ("Accept-Language", "en")];
    let (_, in_english) = send_raw(&app.router, "POST", &entries, Some(&app.treasurer), &english, body.clone()).await;
    assert!(in_english["error"]["message"].as_str().expect("message").contains("almost full"), "{in_english}");
    let (status, entity) =
        send(&app.router, "POST", "/api/v1/entities", Some(&app.admin), Some(json!({"kind": "kube", "name": "X"})))
            .await;
    assert_eq!((status, &entity["error"]["code"]), (StatusCode::INSUFFICIENT_STORAGE, &json!("storage_low")));

    // Reads and sign-in go on.
    let (status, listed) = send(&app.router, "GET", &entries, Some(&app.treasurer), None).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let before = first["seq"].as_u64().expect("seq");
    assert_eq!(listed["entries"].as_array().map(Vec::len), Some(before as usize), "nothing more stored: {listed}");
    let token = login(&app.router, "bendahara", PASSWORD).await;
    let (_, health) = send_raw(&app.router, "GET", "/healthz", None, &[("accept", "application/json")], None).await;
    assert_eq!(health["writes"], "refused", "{health}");

    // Room again: the same key stores it, once.
    app.ledger.store_for_tests().set_min_free(0);
    let (status, stored) = send_raw(&app.router, "POST", &entries, Some(&token), &keyed, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["seq"], before + 1, "{stored}");
    let (status, again) = send_raw(&app.router, "POST", &entries, Some(&token), &keyed, body).await;
    assert_eq!((status, &again["seq"]), (StatusCode::CREATED, &json!(before + 1)), "{again}");
    let (_, health) = send_raw(&app.router, "GET", "/healthz", None, &[("accept", "application/json")], None).await;
    assert_eq!(health["writes"], "open", "{health}");
}
