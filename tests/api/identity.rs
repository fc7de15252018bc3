//! An entity's identity (issue 17, item 1): a panti's region, type and registration
//! number, a koperasi's badan hukum; set through the API and the page, each part refused
//! at its field, and carried by the report's letterhead and its signed bundle.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn set(app: &TestApp, token: &str, entity: u64, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", &format!("/api/v1/entities/{entity}/identity"), Some(token), Some(body)).await
}

fn fields(answer: &Value) -> Vec<(String, String)> {
    let problems = answer["error"]["problems"].as_array().cloned().unwrap_or_default();
    problems.iter().map(|p| (p["field"].as_str().unwrap_or("").into(), p["code"].as_str().unwrap().into())).collect()
}

#[tokio::test]
async fn each_kind_sets_its_own_identity_and_every_bad_part_is_named_at_its_field() {
    let app = spawn_app().await;
    let (status, body) = set(&app, &app.admin, app.panti, json!({"region": "33.7", "nib": "12"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        [("region".into(), "invalid_region_code".into()), ("nib".into(), "invalid_digits".into()),]
    );
    let (status, body) = set(&app, &app.admin, app.panti, json!({"region": "33.74"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&body),
        [("panti_type".into(), "required".into()), ("registration_number".into(), "required".into())]
    );
    let panti = json!({"region": "33.74.01.1001", "panti_type": "PSBK", "registration_number": "466/123/2019", "address": "Jl. Mawar 1, Semarang"});
    let (status, stored) = set(&app, &app.admin, app.panti, panti.clone()).await;
    assert_eq!((status, stored["panti_type"].clone()), (StatusCode::OK, json!("Psbk")), "{stored}");
    let (_, read) = app.get(&app.supervisor, &format!("/api/v1/entities/{}/identity", app.panti)).await;
    assert_eq!(read["identity"]["region"], "33.74.01.1001");
    // Only the entity's own writers (and the admin who registers entities) set it; the
    // head reads it on the letterhead.
    assert_eq!(set(&app, &app.treasurer, app.panti, panti.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(set(&app, &app.head, app.panti, panti.clone()).await.0, StatusCode::FORBIDDEN);
    // A KUBE has no panti type; a koperasi needs its badan hukum, with its date.
    let (status, body) = set(&app, &app.treasurer, app.kube, json!({"panti_type": "PSBK"})).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec![("panti_type".into(), "not_for_kind".into())])
    );
    let koperasi = app
        .ledger
        .create_entity(kube_ledger::domain::entity::EntityKind::Koperasi, "Koperasi Maju", Some(app.panti))
        .await
        .unwrap();
    let (status, body) = set(&app, &app.admin, koperasi.id, json!({"legal_number": "AHU-0001234.AH.01.26.2020"})).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec![("legal_date".into(), "required".into())])
    );
    let legal = json!({"legal_number": "AHU-0001234.AH.01.26.2020", "legal_date": "2020-05-04", "nik_koperasi": "3374010020000001", "nib": "9120001234567"});
    let (status, stored) = set(&app, &app.admin, koperasi.id, legal).await;
    assert_eq!((status, stored["legal"]["nib"].clone()), (StatusCode::OK, json!("9120001234567")), "{stored}");
}

#[tokio::test]
async fn the_page_sets_it_and_the_letterhead_prints_it() {
    let app = spawn_app().await;
    let head = session(&app.admin);
    let path = format!("/entities/{}/identity", app.panti);
    let read_only = request(&app, "GET", &path, &session(&app.head), None).await;
    assert!(read_only.status == StatusCode::OK && !read_only.body.contains("form_key"), "the head reads it");
    let page = request(&app, "GET", &path, &head, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Jenis panti") && !page.body.contains("NIK koperasi"), "only a panti's parts");
    let csrf = page.input("csrf");
    let key = page.input("form_key");
    let bad = [
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("region", "3374"),
        ("panti_type", "PSBK"),
        ("registration_number", "466/123/2019"),
    ];
    let refused = request(&app, "POST", &path, &head, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"region-error\"") && refused.body.contains("bukan kode wilayah"),
        "{}",
        refused.body
    );
    assert_eq!(refused.input("registration_number"), "466&#x2f;123&#x2f;2019", "what was typed is kept (escaped)");
    let key = refused.input("form_key");
    let good = [
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("region", "33.74.01.1001"),
        ("panti_type", "PSBK"),
        ("registration_number", "466/123/2019"),
    ];
    let saved = request(&app, "POST", &path, &head, Some(&good)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = request(&app, "GET", saved.location(), &head, None).await;
    assert!(shown.body.contains("id=\"saved\""), "{}", shown.body);
    // The report's letterhead, as previewed and as it will be submitted and signed.
    crate::pages_report::report_settings(&app).await;
    let (_, html) =
        app.get(&app.supervisor, &format!("/api/v1/entities/{}/reports/2026-TW1?format=html", app.panti)).await;
    let html = html.as_str().unwrap();
    assert!(
        html.contains(
            "Panti Sosial Bina Karya (PSBK) · No. registrasi 466&#x2f;123&#x2f;2019 · Kode wilayah 33.74.01.1001"
        ),
        "{html}"
    );
}
