//! The assembled empowerment report, its submission, revisions and the regional recap
//! (issue 7, parts 4–7), through the real router: issue 7's full year, in 2025 so that
//! every period has ended.

use crate::helpers::{sale, send, spawn_app, TestApp};
use crate::report::{assessment_body, plan_body};
use axum::http::StatusCode;
use kube_ledger::domain::report::assembly::sha256_hex;
use serde_json::{json, Value};

async fn call(app: &TestApp, method: &str, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, method, path, Some(token), Some(body)).await
}

fn report_path(app: &TestApp, key: &str) -> String {
    format!("/api/v1/entities/{}/reports/{key}", app.panti)
}

/// A table of the report JSON by its title.
fn table<'a>(report: &'a Value, title: &str) -> &'a Value {
    let sections = report["sections"].as_array().unwrap();
    let tables = sections.iter().flat_map(|s| s["tables"].as_array().unwrap());
    tables.into_iter().find(|t| t["title"].as_str().is_some_and(|t| t.starts_with(title))).unwrap_or_else(|| {
        panic!("table {title} in {report}");
    })
}

/// The values of the row labelled `label` in a table.
fn row<'a>(table: &'a Value, label: &str) -> &'a Value {
    let rows = table["sections"].as_array().unwrap().iter().flat_map(|s| s["rows"].as_array().unwrap());
    &rows.into_iter().find(|r| r["label"].as_str().is_some_and(|l| l.starts_with(label))).unwrap()["values"]
}

/// A cost paid in cash: raw material (HPP) of a KUBE.
fn cost(date: &str, amount: &str) -> Value {
    json!({"date": date, "memo": "Beli kedelai", "lines": [
        {"account": "5101", "debit": amount}, {"account": "1101", "credit": amount}]})
}

/// Sales of an entity over a period, as its income statement says (a year close's own
/// entries left out, as the statement does).
async fn revenue(app: &TestApp, entity: u64, from: &str, to: &str) -> rust_decimal::Decimal {
    let path = format!("/api/v1/entities/{entity}/statements/hasil-usaha?from={from}&to={to}");
    let (status, statement) = app.get(&app.supervisor, &path).await;
    assert_eq!(status, StatusCode::OK, "{statement}");
    let rows = statement["sections"].as_array().unwrap().iter().flat_map(|s| s["rows"].as_array().unwrap());
    // A statement leaves out accounts that did not move.
    let sales = rows.into_iter().find(|r| r["code"] == "4101");
    sales.map_or(rust_decimal::Decimal::ZERO, |r| r["values"][0].as_str().unwrap().parse().unwrap())
}

/// Checks a report's figures against the statements and statistics the API answers.
async fn check_figures(app: &TestApp, key: &str, from: &str, to: &str) -> Value {
    let (status, report) = app.get(&app.supervisor, &report_path(app, key)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["start"].as_str().unwrap(), report["end"].as_str().unwrap()), (from, to));
    let overview_path = format!("/api/v1/entities/{}/overview?from={from}&to={to}", app.panti);
    let (_, overview) = app.get(&app.supervisor, &overview_path).await;
    assert_eq!(table(&report, "Ikhtisar"), &overview, "section V is the panti overview of {key}");
    let plan = table(&report, "Rencana dan realisasi");
    for (name, kube) in [("KUBE Tahu", app.kube), ("KUBE Jahit", app.kube_sibling)] {
        let sold = revenue(app, kube, from, to).await;
        let shown: rust_decimal::Decimal = row(plan, name)[1].as_str().unwrap().parse().unwrap();
        assert_eq!(shown, sold, "{key} {name}: realisation equals the trial balance movement");
        let (_, capital) = app.get(&app.supervisor, &format!("/api/v1/entities/{kube}/capital?as_of={to}")).await;
        let capital_row = row(table(&report, "Perkembangan dan sumber modal"), "Modal sendiri akhir");
        let column = if kube == app.kube { 0 } else { 1 };
        let own: rust_decimal::Decimal = capital_row[column].as_str().unwrap().parse().unwrap();
        assert_eq!(
            own.to_string(),
            capital["own_capital_total"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap().to_string(),
            "{key} {name} capital"
        );
    }
    report
}

/// A bundle file byte for byte as the API serves it: a file to save, read as it is.
async fn kube_ledger_bundle(app: &TestApp, path: &str) -> String {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .header("authorization", format!("Bearer {}", app.supervisor))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"laporan-"), "{disposition}");
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

async fn submit(app: &TestApp, key: &str, body: Value) -> (StatusCode, Value) {
    call(app, "POST", &app.head, &format!("{}/submit", report_path(app, key)), body).await
}

#[tokio::test]
async fn a_full_year_is_reported_submitted_locked_corrected_and_recapped() {
    let app = spawn_app().await;
    let settings = format!("/api/v1/entities/{}/reports/settings", app.panti);
    assert_eq!(call(&app, "PUT", &app.head, &settings, json!({"start_month": "2025-01"})).await.0, StatusCode::OK);
    let plan = format!("/api/v1/entities/{}/plans/2025", app.panti);
    assert_eq!(call(&app, "PUT", &app.head, &plan, plan_body(app.kube, "1500000")).await.0, StatusCode::CREATED);
    for (entity, body) in [
        (app.kube, sale("2025-02-10", "1000000")),
        (app.kube, cost("2025-03-01", "250000")),
        (app.kube_sibling, sale("2025-05-05", "500000")),
        (app.kube, sale("2025-09-20", "2000000")),
        (app.kube_sibling, sale("2025-11-11", "750000")),
    ] {
        let token = if entity == app.kube { &app.treasurer } else { &app.admin };
        let (status, body) = app.post_entry(token, entity, body).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let cohorts = format!("/api/v1/entities/{}/cohorts", app.panti);
    let cohort = json!({"skill": "tahu-tempe", "number": 1, "instructors": [{"name": "Bu Sri", "affiliation": "BLK"}],
        "planned_start": "2025-01-06", "planned_end": "2025-03-31", "hours": 120, "capacity": 5});
    let (_, cohort) = call(&app, "POST", &app.head, &cohorts, cohort).await;
    let cohort = cohort["id"].as_u64().unwrap();
    let clients = format!("/api/v1/entities/{}/clients", app.panti);
    let client = json!({"number": "K-1", "cohort_number": 1, "name": "Klien Satu", "sex": "perempuan",
        "birth_date": "1990-05-01", "religion": "Islam", "origin": "Surakarta", "admitted_on": "2025-01-02",
        "case_type": "gelandangan"});
    let client = call(&app, "POST", &app.head, &clients, client).await.1["id"].as_u64().unwrap();
    for (path, body) in [
        (format!("/api/v1/cohorts/{cohort}/enrolments"), json!({"client_id": client, "date": "2025-01-06"})),
        (
            format!("/api/v1/cohorts/{cohort}/enrolments/{client}/assessment"),
            json!({"date": "2025-03-30", "result": "kompeten", "score": 80}),
        ),
        (
            format!("/api/v1/cohorts/{cohort}/enrolments/{client}/completion"),
            json!({"outcome": "lulus", "date": "2025-03-31"}),
        ),
        (format!("/api/v1/clients/{client}/placement"), json!({"kind": "usaha_mandiri", "date": "2025-04-15"})),
        (
            format!("/api/v1/clients/{client}/follow-ups"),
            json!({"date": "2025-08-15", "business": "berjalan", "income_estimate": "900000"}),
        ),
    ] {
        let (status, body) = call(&app, "POST", &app.head, &path, body).await;
        assert_eq!(status, StatusCode::CREATED, "{path}: {body}");
    }
    let assessments = format!("/api/v1/entities/{}/assessments?period=2025-TW1", app.panti);
    let (status, body) = call(&app, "POST", &app.head, &assessments, assessment_body("2025-03-30", app.kube)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let evaluation = json!({"fields": [{"field": "kerajinan", "process": "Sesuai rencana", "results": "Target penjualan tercapai"}],
        "overall": "Pemberdayaan berjalan baik"});
    let (status, body) =
        call(&app, "PUT", &app.head, &format!("{}/evaluation", report_path(&app, "2025-TW1")), evaluation).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Triwulan I: every figure from the statements; sections in the guideline's order.
    let tw1 = check_figures(&app, "2025-TW1", "2025-01-01", "2025-03-31").await;
    let numbers: Vec<&str> =
        tw1["sections"].as_array().unwrap().iter().map(|s| s["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]);
    let training = table(&tw1, "Pelatihan");
    assert_eq!(
        (row(training, "Peserta lulus")[0].clone(), row(training, "Klien disalurkan")[0].clone()),
        (json!("1"), json!("0"))
    );
    assert_eq!(row(table(&tw1, "Penilaian lingkungan"), "Pekarangan")[0], "2");
    let text = tw1.to_string();
    assert!(text.contains("Target penjualan tercapai") && text.contains("Pemberdayaan berjalan baik"), "section VIII");
    assert_eq!(tw1["charts"].as_array().unwrap().len(), 3);
    assert!(tw1["charts"][0]["svg"].as_str().unwrap().starts_with("<svg"));

    let (status, html) = app.get(&app.supervisor, &format!("{}?format=html", report_path(&app, "2025-TW1"))).await;
    let html = html.as_str().unwrap().to_string();
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("size: A4")
            && html.contains("<svg")
            && html.contains("Kepala PSBK Uji")
            && !html.contains("<script"),
        "{html}"
    );
    let (status, csv) =
        app.get(&app.supervisor, &format!("{}?format=csv&table=1", report_path(&app, "2025-TW1"))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, plan) = app.get(&app.supervisor, &plan).await;
    let budget = plan["budget"]["by_kube"][app.kube.to_string()].as_str().unwrap();
    let line =
        format!("KUBE Tahu,{budget},{},{}", revenue(&app, app.kube, "2025-01-01", "2025-03-31").await, "250000.00");
    assert!(csv.as_str().unwrap().contains(&line), "{line} in {csv}");

    // Submission: a snapshot that verifies, and the books locked through 31 March.
    assert_eq!(submit(&app, "2025-TW1", json!({})).await.0, StatusCode::CREATED);
    let (status, locked) = app.post_entry(&app.treasurer, app.kube, sale("2025-03-15", "1000")).await;
    assert_eq!(
        (status, locked["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("period_locked")),
        "{locked}"
    );
    let (status, locked) = app.post_entry(&app.admin, app.kube_sibling, sale("2025-01-31", "1000")).await;
    assert_eq!((status, locked["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("period_locked")));
    let (_, first) = app.get(&app.supervisor, &format!("{}/revisions/1", report_path(&app, "2025-TW1"))).await;
    assert_eq!(first["verify"], true);
    let (_, first_html) =
        app.get(&app.supervisor, &format!("{}/revisions/1?format=html", report_path(&app, "2025-TW1"))).await;
    assert_eq!(sha256_hex(first_html.as_str().unwrap().as_bytes()), first["html_sha256"].as_str().unwrap());

    // A correction needs a reason; the first revision stays readable byte for byte.
    let (status, body) = submit(&app, "2025-TW1", json!({})).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("reason_required")));
    let (status, second) = submit(&app, "2025-TW1", json!({"reason": "Penilaian lingkungan dilengkapi"})).await;
    assert_eq!((status, second["revision"].clone()), (StatusCode::CREATED, json!(2)), "{second}");
    let (_, again) =
        app.get(&app.supervisor, &format!("{}/revisions/1?format=html", report_path(&app, "2025-TW1"))).await;
    assert_eq!(again, first_html);
    let (status, _) = app.get(&app.supervisor, &format!("{}/revisions/3", report_path(&app, "2025-TW1"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Each revision travels as a signed bundle: the stored copy, the reason, and where
    // every entity's chain stood when the books were locked.
    let bundle_path = format!("{}/revisions/2/bundle", report_path(&app, "2025-TW1"));
    let answer = kube_ledger_bundle(&app, &bundle_path).await;
    let bundle = kube_ledger::domain::report::bundle::BundleContents::open(&answer).expect("a good bundle");
    assert_eq!(bundle.header.reason.as_deref(), Some("Penilaian lingkungan dilengkapi"));
    assert_eq!(bundle.data_sha256, second["data_sha256"].as_str().unwrap());
    let heads: Vec<(u64, u64)> = bundle.chain_heads.iter().map(|h| (h.entity_id, h.entries)).collect();
    let kube_entries = app.ledger.store_for_tests().head(app.kube).unwrap().next_seq - 1;
    assert!(kube_entries > 0 && heads.contains(&(app.kube, kube_entries)), "{heads:?}");
    assert!(heads.iter().any(|(id, _)| *id == app.panti), "{heads:?}");
    // Both submissions are in the audit log the supervisor reads.
    let (_, log) = app.get(&app.supervisor, "/api/v1/audit?limit=50").await;
    let submits: Vec<&Value> = log["events"].as_array().unwrap().iter().filter(|e| e["action"] == "submit").collect();
    assert_eq!(submits.len(), 2, "{log}");
    assert_eq!(
        (submits[0]["actor"].clone(), submits[0]["detail"].clone()),
        (json!("kepala"), json!("laporan 2025-TW1 revisi 2"))
    );

    // Triwulan II, then mapan in August: Semester II and Tahunan.
    check_figures(&app, "2025-TW2", "2025-04-01", "2025-06-30").await;
    let stage = format!("/api/v1/entities/{}/stage", app.panti);
    let mapan = json!({"stage": "mapan", "date": "2025-08-10", "reason": "Usaha mandiri"});
    assert_eq!(call(&app, "POST", &app.head, &stage, mapan).await.0, StatusCode::CREATED);
    let due = |as_of: &'static str| {
        let app = &app;
        async move {
            let (_, listing) =
                app.get(&app.supervisor, &format!("/api/v1/entities/{}/reports/due?as_of={as_of}", app.panti)).await;
            listing["reports"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| format!("{} {}", r["key"].as_str().unwrap(), r["status"].as_str().unwrap()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        due("2025-08-20").await,
        ["2025-TW1 diserahkan", "2025-TW2 terlambat", "2025-SM2 berjalan", "2025-TH berjalan"]
    );
    assert_eq!(submit(&app, "2025-TW2", json!({})).await.0, StatusCode::CREATED);
    // A later year close still works: the submissions locked only through June.
    let bylaws = format!("/api/v1/entities/{}/bylaws/shu", app.kube);
    assert_eq!(call(&app, "POST", &app.admin, &bylaws, crate::period::bylaws_from(2025)).await.0, StatusCode::CREATED);
    let close = format!("/api/v1/entities/{}/periods/2025/close", app.kube);
    let (status, closed) = send(&app.router, "POST", &close, Some(&app.admin), None).await;
    assert_eq!(status, StatusCode::CREATED, "{closed}");
    let sm2 = check_figures(&app, "2025-SM2", "2025-07-01", "2025-12-31").await;
    assert_eq!(row(table(&sm2, "Pelatihan"), "Kunjungan bimbingan lanjut")[0], "1");
    let th = check_figures(&app, "2025-TH", "2025-01-01", "2025-12-31").await;
    let (_, stats) =
        app.get(&app.supervisor, &format!("/api/v1/entities/{}/training/statistics?year=2025", app.panti)).await;
    let total = &stats["statistics"]["rows"][0];
    let training = table(&th, "Pelatihan");
    for (label, field) in
        [("Peserta terdaftar", "enrolled"), ("Peserta selesai", "completed"), ("Peserta lulus", "passed")]
    {
        assert_eq!(row(training, label)[0].as_str().unwrap(), total[field].to_string(), "{label}");
    }
    assert_eq!(submit(&app, "2025-SM2", json!({})).await.0, StatusCode::CREATED);
    assert_eq!(
        due("2026-02-01").await,
        [
            "2025-TW1 diserahkan",
            "2025-TW2 diserahkan",
            "2025-SM2 diserahkan",
            "2025-TH terlambat",
            "2026-SM1 berjalan",
            "2026-TH berjalan"
        ]
    );

    // The Dinas Sosial's list, and the supervisor's recap: submitted late (today is past
    // every 2025 due date) or missing.
    let (_, listed) = app.get(&app.supervisor, &format!("/api/v1/entities/{}/reports/submitted", app.panti)).await;
    let listed: Vec<String> = listed["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["key"].as_str().unwrap(), s["revision"]))
        .collect();
    assert_eq!(listed, ["2025-TW1 1", "2025-TW1 2", "2025-TW2 1", "2025-SM2 1"]);
    let statuses = |recap: &Value| -> Vec<String> {
        let periods = recap["panti"][0]["periods"].as_array().unwrap();
        periods.iter().map(|p| format!("{} {}", p["key"].as_str().unwrap(), p["status"].as_str().unwrap())).collect()
    };
    let (status, recap) = app.get(&app.supervisor, "/api/v1/recap").await;
    assert_eq!(status, StatusCode::OK, "{recap}");
    assert_eq!(recap["panti"].as_array().unwrap().len(), 1, "the supervisor's own panti only");
    let expected = ["2025-TW1 terlambat", "2025-TW2 terlambat", "2025-SM2 terlambat", "2025-TH tidak_ada"];
    assert_eq!(statuses(&recap)[..4], expected);
    // On 1 February 2026 nothing had been submitted yet.
    let (_, recap) = app.get(&app.supervisor, "/api/v1/recap?as_of=2026-02-01").await;
    let missing = ["2025-TW1", "2025-TW2", "2025-SM2", "2025-TH"].map(|k| format!("{k} tidak_ada"));
    let pending = ["2026-SM1", "2026-TH"].map(|k| format!("{k} belum_jatuh_tempo"));
    assert_eq!(statuses(&recap), [missing.as_slice(), pending.as_slice()].concat());
    let panti = &recap["panti"][0];
    let (_, overview) = app
        .get(&app.supervisor, &format!("/api/v1/entities/{}/overview?from=2026-01-01&to=2026-02-01", app.panti))
        .await;
    assert_eq!(panti["key_figures"]["Pendapatan"], *row(&overview, "Pendapatan").as_array().unwrap().last().unwrap());
}

#[tokio::test]
async fn a_period_not_yet_ended_or_not_in_the_cadence_cannot_be_submitted() {
    let app = spawn_app().await;
    let settings = format!("/api/v1/entities/{}/reports/settings", app.panti);
    assert_eq!(call(&app, "PUT", &app.head, &settings, json!({"start_month": "2025-01"})).await.0, StatusCode::OK);
    let (status, body) = submit(&app, "2100-TW4", json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("period_not_ended")),
        "{body}"
    );
    let (status, body) = submit(&app, "2025-SM1", json!({})).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_period")));
    let (status, _) = app.get(&app.supervisor, &format!("{}/revisions/1", report_path(&app, "2025-TW1"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, entities) = app.get(&app.admin, &format!("/api/v1/entities/{}", app.kube)).await;
    assert_eq!(entities["locked_through"], Value::Null, "a refused submission locks nothing");
}

/// The new routes in the authorisation matrix: the head writes and submits, the
/// supervisor reads, the books keepers and members get 403, an admin reads and writes
/// the evaluation but does not sign.
pub async fn assert_submit_access(app: &TestApp, role: &str, token: &str, entity: &str, id: u64) {
    let (can_read, can_write, expected) = crate::report::report_rights(role, entity);
    let base = format!("/api/v1/entities/{id}/reports");
    for path in ["/2026-TW1", "/2026-TW1?format=html", "/submitted"] {
        let (status, body) = app.get(token, &format!("{base}{path}")).await;
        assert_eq!(status, expected(can_read, StatusCode::OK), "{role} GET {entity}{path}: {body}");
    }
    let evaluation = json!({"overall": "Baik"});
    let (status, body) = call(app, "PUT", token, &format!("{base}/2026-TW1/evaluation"), evaluation).await;
    assert_eq!(status, expected(can_write, StatusCode::OK), "{role} PUT evaluation {entity}: {body}");
    let (status, body) = call(app, "POST", token, &format!("{base}/2026-TW1/submit"), json!({})).await;
    let signs = match (role, entity) {
        ("head", "panti") => StatusCode::CREATED,
        ("admin", "panti") => StatusCode::FORBIDDEN,
        ("admin", _) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::FORBIDDEN,
    };
    assert_eq!(status, signs, "{role} submits {entity}: {body}");
    let (status, _) = app.get(token, "/api/v1/recap").await;
    let recap = if matches!(role, "admin" | "supervisor") { StatusCode::OK } else { StatusCode::FORBIDDEN };
    assert_eq!(status, recap, "{role} recap");
}
