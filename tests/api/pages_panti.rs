//! The head's and supervisor's pages through the real router: the panti overview with
//! its statements, the year close with its confirm step, training lists, the area page.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_head_starts_at_the_panti_overview_and_opens_each_kubes_statements() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2026-02-01", "120000")).await;
    let cookie = session(&app.head);
    let start = request(&app, "GET", "/", &cookie, None).await;
    let overview = format!("/entities/{}/overview", app.panti);
    assert_eq!((start.status, start.location()), (StatusCode::SEE_OTHER, overview.as_str()));
    let page = request(&app, "GET", &overview, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for name in ["KUBE Tahu", "KUBE Jahit", "Rp120.000,00"] {
        assert!(page.body.contains(name), "{name} missing: {}", page.body);
    }
    assert!(!page.body.contains("KUBE Lain"), "a KUBE of no panti of theirs");
    assert!(page.body.contains(&format!("id=\"report-status-{}\"", app.panti)), "the report status has its place");
    for kind in ["neraca", "hasil-usaha", "perubahan-ekuitas", "arus-kas"] {
        let link = format!("/api/v1/entities/{}/statements/{kind}?format=html", app.kube);
        assert!(page.body.contains(&link), "{link} missing");
        let statement = request(&app, "GET", &link, &cookie, None).await;
        assert_eq!(statement.status, StatusCode::OK, "{kind}: {}", statement.body);
        assert!(statement.body.contains("KUBE Tahu"));
    }
    // A treasurer of one KUBE does not read the panti's overview.
    let refused = request(&app, "GET", &overview, &session(&app.treasurer), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn shu_policy_and_a_profit_in_2025(app: &TestApp) {
    let policy = json!({"effective_from": "2025-01-01", "shares": [
        {"name": "Cadangan", "percent": "40", "kind": "reserve"},
        {"name": "Jasa modal", "percent": "30", "kind": "jasa_modal"},
        {"name": "Jasa usaha", "percent": "30", "kind": "jasa_usaha"}]});
    let path = format!("/api/v1/entities/{}/bylaws/shu", app.kube);
    let (status, body) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(policy)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2025-06-01", "300000")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn closes_count(app: &TestApp) -> usize {
    let (_, body) = app.get(&app.admin, &format!("/api/v1/entities/{}/periods", app.kube)).await;
    body["closes"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_year_closes_once_after_the_confirm_step_and_only_for_the_books_writers() {
    let app = spawn_app().await;
    shu_policy_and_a_profit_in_2025(&app).await;
    let preview = format!("/entities/{}/periods/2025", app.kube);
    let head = request(&app, "GET", &preview, &session(&app.head), None).await;
    assert_eq!(head.status, StatusCode::OK, "{}", head.body);
    assert!(head.body.contains("id=\"shu\">Rp300.000<"), "{}", head.body);
    assert!(!head.body.contains("id=\"close-link\""), "the head previews; the books' writers close");
    let treasurer = session(&app.treasurer);
    let shown = request(&app, "GET", &preview, &treasurer, None).await;
    assert!(shown.body.contains("id=\"close-link\""));

    let confirm = format!("{preview}/close");
    let page = request(&app, "GET", &confirm, &treasurer, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.input("csrf");
    let unticked = request(&app, "POST", &confirm, &treasurer, Some(&[("csrf", csrf.as_str())])).await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unticked.body.contains("id=\"confirm-error\">Centang kotak ini"), "{}", unticked.body);
    assert!(unticked.body.contains("aria-describedby=\"confirm-error\" autofocus"));
    assert_eq!(closes_count(&app).await, 0, "nothing closed without the tick");
    let no_csrf = request(&app, "POST", &confirm, &treasurer, Some(&[("confirm", "yes")])).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    for role in [&app.head, &app.supervisor] {
        let cookie = session(role);
        assert_eq!(request(&app, "GET", &confirm, &cookie, None).await.status, StatusCode::FORBIDDEN);
        let their = request(&app, "GET", &preview, &cookie, None).await.input("csrf");
        let fields = [("csrf", their.as_str()), ("confirm", "yes")];
        assert_eq!(request(&app, "POST", &confirm, &cookie, Some(&fields)).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(closes_count(&app).await, 0);

    let fields = [("csrf", csrf.as_str()), ("confirm", "yes")];
    let (first, second) = tokio::join!(
        request(&app, "POST", &confirm, &treasurer, Some(&fields)),
        request(&app, "POST", &confirm, &treasurer, Some(&fields))
    );
    let expected = format!("/entities/{}/periods#year-2025", app.kube);
    for answer in [&first, &second] {
        assert_eq!((answer.status, answer.location()), (StatusCode::SEE_OTHER, expected.as_str()), "{}", answer.body);
    }
    assert_eq!(closes_count(&app).await, 1, "closed once");
    let list = request(&app, "GET", &format!("/entities/{}/periods", app.kube), &session(&app.head), None).await;
    assert!(
        list.body.contains("id=\"year-2025\"") && list.body.contains("id=\"locked-through\">31-12-2025<"),
        "{}",
        list.body
    );
}

#[tokio::test]
async fn a_supervisor_starts_at_the_area_and_reads_training_but_changes_nothing() {
    let app = spawn_app().await;
    let cookie = session(&app.supervisor);
    let start = request(&app, "GET", "/", &cookie, None).await;
    assert_eq!(start.location(), "/area");
    let area = request(&app, "GET", "/area", &cookie, None).await;
    assert_eq!(area.status, StatusCode::OK, "{}", area.body);
    assert!(area.body.contains("PSBK Uji") && area.body.contains("KUBE Tahu"), "{}", area.body);
    assert!(area.body.contains(&format!("id=\"report-status-{}\"", app.panti)));
    for path in ["/cohorts", "/placements"] {
        let page = request(&app, "GET", &format!("/entities/{}{path}", app.panti), &cookie, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }
    let form = request(&app, "GET", &format!("/entities/{}/purchases/new", app.kube), &cookie, None).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN, "a supervisor changes nothing");
    let admin = request(&app, "GET", &format!("/entities/{}/placements", app.panti), &session(&app.admin), None).await;
    assert_eq!(admin.status, StatusCode::OK, "an admin reads them too");
}

#[tokio::test]
async fn cohorts_and_placements_list_what_the_training_service_holds() {
    let app = spawn_app().await;
    let cohort = json!({"skill": "menjahit", "number": 3, "instructors": [{"name": "Bu Ani", "affiliation": "BLK Bekasi"}],
        "planned_start": "2026-02-01", "planned_end": "2026-04-30", "hours": 120, "capacity": 15});
    let path = format!("/api/v1/entities/{}/cohorts", app.panti);
    let (status, body) = send(&app.router, "POST", &path, Some(&app.head), Some(cohort)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let page = request(&app, "GET", &format!("/entities/{}/cohorts", app.panti), &session(&app.head), None).await;
    assert!(
        page.body.contains("Menjahit · angkatan ke- 3") && page.body.contains("Bu Ani (BLK Bekasi)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("01-02-2026 – 30-04-2026"));
    let placements = format!("/entities/{}/placements", app.panti);
    let none = request(&app, "GET", &placements, &session(&app.head), None).await;
    assert!(none.body.contains("Belum ada klien yang disalurkan."), "{}", none.body);
    let treasurer = request(&app, "GET", &placements, &session(&app.treasurer), None).await;
    assert_eq!(treasurer.status, StatusCode::FORBIDDEN);
}

/// The year's page of a closed year gains "catat keputusan RAT" for the books' writers:
/// each bad field marked at its place, then the decision stored once (a second send
/// finds it stored) and shown. The 300.000 of 2025, with no member basis, all go to the
/// reserve on the RAT's date.
#[tokio::test]
async fn the_years_page_records_the_rat_decision_once() {
    let app = spawn_app().await;
    shu_policy_and_a_profit_in_2025(&app).await;
    let close = format!("/api/v1/entities/{}/periods/2025/close", app.kube);
    assert_eq!(send(&app.router, "POST", &close, Some(&app.treasurer), None).await.0, StatusCode::CREATED);
    let year = format!("/entities/{}/periods/2025", app.kube);
    let head = request(&app, "GET", &year, &session(&app.head), None).await;
    assert!(head.body.contains("id=\"awaiting-rat\"") && !head.body.contains("id=\"record-rat\""), "{}", head.body);
    let treasurer = session(&app.treasurer);
    let page = request(&app, "GET", &year, &treasurer, None).await;
    assert!(page.body.contains("id=\"record-rat\"") && page.body.contains("Catat keputusan RAT"), "{}", page.body);
    let csrf = page.input("csrf");
    let rat = format!("{year}/rat");
    let bad = [("csrf", csrf.as_str()), ("rat_date", "2025-12-20"), ("minutes", "")];
    let refused = request(&app, "POST", &rat, &treasurer, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"rat_date-error\">RAT tahun buku 2025 diadakan sesudah"), "{}", refused.body);
    assert!(refused.body.contains("id=\"minutes-error\"") && refused.body.contains("value=\"2025-12-20\""));
    let good = [("csrf", csrf.as_str()), ("rat_date", "2026-03-14"), ("minutes", "BA-RAT/2026/01")];
    let periods = format!("/entities/{}/periods#year-2025", app.kube);
    for _ in 0..2 {
        let stored = request(&app, "POST", &rat, &treasurer, Some(&good)).await;
        assert_eq!((stored.status, stored.location()), (StatusCode::SEE_OTHER, periods.as_str()), "{}", stored.body);
    }
    let (_, decisions) = app.get(&app.admin, &format!("/api/v1/entities/{}/periods", app.kube)).await;
    assert_eq!(decisions["shu_decisions"].as_array().unwrap().len(), 1, "stored once: {decisions}");
    assert_eq!(app.net(app.kube, "2026-03-14", "3104").await, "-300000.00");
    let shown = request(&app, "GET", &year, &treasurer, None).await;
    assert!(
        shown.body.contains("id=\"rat-decision\"") && shown.body.contains("BA-RAT&#x2f;2026&#x2f;01"),
        "{}",
        shown.body
    );
    assert!(!shown.body.contains("id=\"record-rat\""));
}
