use crate::helpers::{send, spawn_app};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_new_kube_gets_the_shipped_chart_of_accounts_with_zero_balances() {
    let app = spawn_app().await;
    let (status, created) = send(
        &app.router,
        "POST",
        "/api/v1/entities",
        Some(&app.admin),
        Some(json!({"kind": "kube", "name": "KUBE Ternak Lele", "parent_id": app.panti})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["parent_id"], app.panti);
    let id = created["id"].as_u64().unwrap();
    let (status, body) = app.get(&app.admin, &format!("/api/v1/entities/{id}/accounts")).await;
    assert_eq!(status, StatusCode::OK);
    let accounts = body["accounts"].as_array().unwrap();
    let kas = accounts.iter().find(|a| a["code"] == "1101").expect("Kas exists");
    assert_eq!(kas["name"], "Kas");
    assert_eq!(kas["account_type"], "aset");
    assert_eq!(kas["balance"], "0.00");
    assert_eq!(kas["postable"], true);
    let pokok = accounts.iter().find(|a| a["code"] == "3101").unwrap();
    assert_eq!(pokok["member_subledger"], true);
    assert_eq!(accounts.iter().find(|a| a["code"] == "1000").unwrap()["postable"], false);
}

#[tokio::test]
async fn balances_are_shown_on_the_normal_side() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2026-07-01", "250000.50")).await;
    let (_, body) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/accounts", app.kube)).await;
    let find = |code: &str| body["accounts"].as_array().unwrap().iter().find(|a| a["code"] == code).unwrap().clone();
    assert_eq!(find("1101")["balance"], "250000.50");
    assert_eq!(find("4101")["balance"], "250000.50");
    assert_eq!(find("4101")["credit"], "250000.50");
}

#[tokio::test]
async fn invalid_entities_are_refused_with_422() {
    let app = spawn_app().await;
    let cases = [
        // A bad field is named at its field; a parent of the wrong kind by the books' rule.
        (json!({"kind": "warung", "name": "X"}), ("/error/problems/0/field", "kind")),
        (json!({"kind": "kube", "name": "  "}), ("/error/problems/0/field", "name")),
        (json!({"kind": "kube", "name": "X", "parent_id": app.kube}), ("/error/code", "invalid_entity")),
        (json!({"kind": "panti", "name": "X", "parent_id": app.panti}), ("/error/code", "invalid_entity")),
    ];
    for (body, (pointer, expected)) in cases {
        let (status, answer) =
            send(&app.router, "POST", "/api/v1/entities", Some(&app.admin), Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {answer}");
        assert_eq!(answer.pointer(pointer).and_then(|v| v.as_str()), Some(expected), "{body} → {answer}");
    }
    let (status, answer) = send(
        &app.router,
        "POST",
        "/api/v1/entities",
        Some(&app.admin),
        Some(json!({"kind": "kube", "name": "X", "parent_id": 999})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (_, listed) = app.get(&app.admin, "/api/v1/entities").await;
    assert_eq!(listed.as_array().unwrap().len(), 4, "nothing was created");
}
