//! The report settings page (start month, due days, stage and its changes) and the
//! supervisor's regional recap, through the real router.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session, Answer};
use axum::http::StatusCode;
use serde_json::{json, Value};

fn settings_path(app: &TestApp) -> String {
    format!("/entities/{}/reports/settings", app.panti)
}

fn stage_path(app: &TestApp) -> String {
    format!("{}/stage", settings_path(app))
}

async fn stored_settings(app: &TestApp) -> Value {
    app.get(&app.head, &format!("/api/v1/entities/{}/reports/settings", app.panti)).await.1
}

async fn stored_stage(app: &TestApp) -> Value {
    app.get(&app.head, &format!("/api/v1/entities/{}/stage", app.panti)).await.1
}

async fn start_reporting(app: &TestApp, month: &str) {
    let path = format!("/api/v1/entities/{}/reports/settings", app.panti);
    let (status, body) = send(&app.router, "PUT", &path, Some(&app.head), Some(json!({"start_month": month}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn assert_error(answer: &Answer, field: &str, message: &str) {
    let shown = format!("id=\"{field}-error\">{message}");
    assert!(answer.body.contains(&shown), "{shown}: {}", answer.body);
}

#[tokio::test]
async fn the_head_sets_reporting_up_and_records_a_stage_change_with_errors_at_the_field() {
    let app = spawn_app().await;
    let (path, head) = (settings_path(&app), session(&app.head));
    let empty = request(&app, "GET", &path, &head, None).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert_eq!((empty.input("start_month"), empty.input("due_days")), (String::new(), "15".to_string()));
    assert!(empty.body.contains("id=\"stage-needs-settings\""), "no stage form before the settings");
    let csrf = empty.input("csrf");

    let settings = [("start_month", "2026-01"), ("due_days", "20")];
    assert_eq!(request(&app, "POST", &path, &head, Some(&settings)).await.status, StatusCode::FORBIDDEN);
    let bad = [("start_month", "2026-13"), ("due_days", "91"), ("csrf", csrf.as_str())];
    let refused = request(&app, "POST", &path, &head, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_error(&refused, "start_month", "Tulis bulan seperti 2026-01");
    assert_error(&refused, "due_days", "Tulis angka 1 sampai 90");
    assert_eq!((refused.input("start_month"), refused.input("due_days")), ("2026-13".into(), "91".into()));
    assert!(refused.body.contains("aria-describedby=\"start_month-hint start_month-error\" autofocus"));
    assert_eq!(stored_settings(&app).await["start_month"], Value::Null, "nothing stored on a refusal");

    let saved = request(&app, "POST", &path, &head, Some(&[settings[0], settings[1], ("csrf", &csrf)])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{path}?saved=settings"));
    assert_eq!(stored_settings(&app).await, json!({"entity_id": app.panti, "start_month": "2026-01", "due_days": 20}));
    let shown = request(&app, "GET", saved.location(), &head, None).await;
    assert!(shown.body.contains("id=\"saved\">Pengaturan laporan tersimpan."), "{}", shown.body);
    assert_eq!((shown.input("start_month"), shown.input("due_days")), ("2026-01".into(), "20".into()));
    assert!(shown.body.contains("id=\"no-stage-changes\""));
    assert!(shown.body.contains("<option value=\"mapan\" selected>"), "the stage it is not at is offered");

    let stage = stage_path(&app);
    let change = [("stage", "mapan"), ("date", "2026-08-10"), ("reason", "Usaha sudah mandiri")];
    let no_csrf = request(&app, "POST", &stage, &head, Some(&change)).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let bad = [("stage", "matang"), ("date", "10-08-2026"), ("reason", "  "), ("csrf", csrf.as_str())];
    let refused = request(&app, "POST", &stage, &head, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&refused, "stage", "Pilih salah satu.");
    assert_error(&refused, "date", "");
    assert_error(&refused, "reason", "Wajib diisi");
    assert_eq!(refused.input("date"), "10-08-2026", "what was typed is kept");
    let early = [("stage", "mapan"), ("date", "2025-12-31"), ("reason", "Usaha sudah mandiri"), ("csrf", &csrf)];
    let refused = request(&app, "POST", &stage, &head, Some(&early)).await;
    assert_error(&refused, "date", "Tidak disimpan: perubahan tahap tanggal 2025-12-31 tidak boleh sebelum 2026-01-01");
    assert_eq!(refused.input("reason"), "Usaha sudah mandiri");
    assert_eq!(stored_stage(&app).await["changes"], json!([]), "nothing stored on a refusal");

    let saved = request(&app, "POST", &stage, &head, Some(&[change[0], change[1], change[2], ("csrf", &csrf)])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = stored_stage(&app).await;
    assert_eq!(
        (stored["stage"].as_str(), stored["changes"][0]["changed_by"].as_str()),
        (Some("mapan"), Some("kepala"))
    );
    let shown = request(&app, "GET", saved.location(), &head, None).await;
    assert!(shown.body.contains("id=\"saved\">Perubahan tahap tersimpan."), "{}", shown.body);
    for cell in
        ["<td>10-08-2026</td>", ">Tahap mapan (laporan semester dan tahunan)<", ">Usaha sudah mandiri<", ">kepala<"]
    {
        assert!(shown.body.contains(cell), "{cell}: {}", shown.body);
    }
    let again = request(&app, "POST", &stage, &head, Some(&[change[0], change[1], change[2], ("csrf", &csrf)])).await;
    assert_error(&again, "stage", "Tidak disimpan: panti sudah berada pada tahap mapan");
    let later = [("start_month", "2026-09"), ("due_days", "20"), ("csrf", &csrf)];
    let refused = request(&app, "POST", &path, &head, Some(&later)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&refused, "start_month", "Tidak disimpan: bulan mulai pelaporan tidak boleh sesudah");
    assert_eq!(stored_settings(&app).await["start_month"], "2026-01");
    assert_eq!(stored_stage(&app).await["changes"].as_array().unwrap().len(), 1);

    let english = request(&app, "GET", &format!("{path}?lang=en"), &head, None).await;
    assert!(english.body.contains("Established (half-yearly and yearly reports)"), "{}", english.body);
}

#[tokio::test]
async fn the_supervisor_reads_the_settings_but_may_not_change_them_and_strangers_are_refused() {
    let app = spawn_app().await;
    let (path, stage) = (settings_path(&app), stage_path(&app));
    let reports = format!("/entities/{}/reports", app.panti);
    let hint = request(&app, "GET", &reports, &session(&app.head), None).await;
    let set_up = format!("href=\"{path}\" id=\"set-up-{}\"", app.panti);
    assert!(hint.body.contains(&set_up), "the 'not set up yet' hint leads to the page: {}", hint.body);
    start_reporting(&app, "2026-01").await;

    let supervisor = session(&app.supervisor);
    let read = request(&app, "GET", &path, &supervisor, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(read.body.contains("id=\"start-month\">2026-01<") && read.body.contains("id=\"due-days\">15<"));
    assert!(!read.body.contains("id=\"save-settings\"") && !read.body.contains("id=\"save-stage\""), "no forms");
    assert!(request(&app, "GET", &reports, &supervisor, None).await.body.contains("id=\"settings-link\""));
    let csrf = read.input("csrf");
    let forms: [(&str, Vec<(&str, &str)>); 2] = [
        (&path, vec![("start_month", "2025-01"), ("due_days", "30")]),
        (&stage, vec![("stage", "mapan"), ("date", "2026-08-10"), ("reason", "Mandiri")]),
    ];
    for (route, fields) in &forms {
        let mut fields = fields.clone();
        fields.push(("csrf", &csrf));
        assert_eq!(request(&app, "POST", route, &supervisor, Some(&fields)).await.status, StatusCode::FORBIDDEN);
    }
    for token in [&app.treasurer, &app.member] {
        let cookie = session(token);
        assert_eq!(request(&app, "GET", &path, &cookie, None).await.status, StatusCode::FORBIDDEN);
        let start = request(&app, "GET", "/", &cookie, None).await;
        let their_csrf = request(&app, "GET", start.location(), &cookie, None).await.input("csrf");
        for (route, fields) in &forms {
            let mut fields = fields.clone();
            fields.push(("csrf", &their_csrf));
            assert_eq!(request(&app, "POST", route, &cookie, Some(&fields)).await.status, StatusCode::FORBIDDEN);
        }
    }
    assert_eq!(stored_settings(&app).await["start_month"], "2026-01", "nobody but the head changed anything");
    assert_eq!(stored_stage(&app).await["changes"], json!([]));
}

#[tokio::test]
async fn the_recap_shows_a_submitted_periods_status_in_the_users_language() {
    let app = spawn_app().await;
    start_reporting(&app, "2025-01").await;
    let submit = format!("/api/v1/entities/{}/reports/2025-TW1/submit", app.panti);
    let (status, body) = send(&app.router, "POST", &submit, Some(&app.head), Some(json!({}))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let submitted_on = chrono::Local::now().date_naive().format("%d-%m-%Y").to_string();

    let supervisor = session(&app.supervisor);
    let area = request(&app, "GET", "/area", &supervisor, None).await;
    assert!(area.body.contains("href=\"/recap\""), "the area page links the recap");
    let recap = request(&app, "GET", "/recap", &supervisor, None).await;
    assert_eq!(recap.status, StatusCode::OK, "{}", recap.body);
    let status = |answer: &Answer, key: &str| -> String {
        let marker = format!("id=\"recap-status-{}-{key}\">", app.panti);
        let start = answer.body.find(&marker).unwrap_or_else(|| panic!("{key}: {}", answer.body)) + marker.len();
        answer.body[start..].split('<').next().unwrap().to_string()
    };
    assert_eq!(status(&recap, "2025-TW1"), "Terlambat", "submitted after its due date");
    assert_eq!(status(&recap, "2025-TW2"), "Tidak ada");
    let row = format!("id=\"recap-{}-2025-TW1\">", app.panti);
    let row = &recap.body[recap.body.find(&row).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&format!("<td>{submitted_on}</td><td class=\"num\">1</td>")), "{row}");
    assert!(recap.body.contains("PSBK Uji") && recap.body.contains("Pendapatan"), "the key figures");
    assert!(recap.body.contains("<div class=\"scroll\">"));

    let before = request(&app, "GET", "/recap?as_of=2025-04-10&lang=en", &supervisor, None).await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(status(&before, "2025-TW1"), "Not yet due", "not due and not submitted as of then");
    assert_eq!(status(&before, "2025-TW2"), "Not yet due", "the period as_of falls in");
    assert!(!before.body.contains("2025-TW3"), "no later period");
    assert_eq!(before.input("as_of"), "2025-04-10");
    let english = request(&app, "GET", "/recap?lang=en", &supervisor, None).await;
    assert_eq!((status(&english, "2025-TW1"), status(&english, "2025-TW2")), ("Late".into(), "Missing".into()));

    for (as_of, message) in [
        ("2025-13-01", "Tanggal"),
        ("1999-12-31", "tanggal 1999-12-31 di luar rentang pembukuan: 01-01-2000 sampai 31-12-2100"),
    ] {
        let refused = request(&app, "GET", &format!("/recap?as_of={as_of}"), &supervisor, None).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{as_of}");
        assert_error(&refused, "as_of", message);
        assert_eq!(refused.input("as_of"), as_of, "what was typed is kept");
    }
    assert_eq!(request(&app, "GET", "/recap", &session(&app.admin), None).await.status, StatusCode::OK);
    for token in [&app.head, &app.treasurer, &app.member] {
        let refused = request(&app, "GET", "/recap", &session(token), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.body.contains("Anda tidak berhak membuka halaman ini."), "a 403 page");
    }
}
