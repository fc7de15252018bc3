//! The empowerment report pages through the real router: reports due with their status
//! (and the summary on the overview and area), the assessment form and list, the plan.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session, Answer};
use axum::http::StatusCode;
use serde_json::json;

pub(crate) async fn report_settings(app: &TestApp) {
    let path = format!("/api/v1/entities/{}/reports/settings", app.panti);
    let (status, body) =
        send(&app.router, "PUT", &path, Some(&app.head), Some(json!({"start_month": "2026-01"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The strangers of the report records: a KUBE's treasurer and a member.
pub(crate) async fn refused_to_strangers(app: &TestApp, path: &str) {
    for role in [&app.treasurer, &app.member] {
        let answer = request(app, "GET", path, &session(role), None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}: {}", answer.body);
    }
}

#[tokio::test]
async fn the_reports_page_shows_each_periods_status_and_the_overview_and_area_count_them() {
    let app = spawn_app().await;
    let reports = format!("/entities/{}/reports", app.panti);
    let head = session(&app.head);
    let unset = request(&app, "GET", &reports, &head, None).await;
    assert_eq!(unset.status, StatusCode::OK, "{}", unset.body);
    assert!(unset.body.contains("Awal pelaporan belum diatur"), "{}", unset.body);

    report_settings(&app).await;
    let (_, due) = app.get(&app.head, &format!("/api/v1/entities/{}/reports/due", app.panti)).await;
    let listed = due["reports"].as_array().unwrap();
    assert!(!listed.is_empty());
    let count = |status: &str| listed.iter().filter(|r| r["status"] == status).count();
    let page = request(&app, "GET", &reports, &head, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for report in listed {
        let key = report["key"].as_str().unwrap();
        let text = match report["status"].as_str().unwrap() {
            "terlambat" => "Terlambat",
            "jatuh_tempo" => "Jatuh tempo",
            _ => "Berjalan",
        };
        assert!(page.body.contains(&format!("id=\"status-{key}\">{text}<")), "{key} {text}: {}", page.body);
        assert!(page.body.contains(&format!("/assessments/new?period={key}")), "the head assesses {key}");
    }
    let english = request(&app, "GET", &format!("{reports}?lang=en"), &head, None).await;
    assert!(english.body.contains("In progress"), "{}", english.body);

    let late = format!("id=\"reports-late-{}\">{} terlambat<", app.panti, count("terlambat"));
    let running = format!("id=\"reports-running-{}\">{} berjalan<", app.panti, count("berjalan"));
    let overview = request(&app, "GET", &format!("/entities/{}/overview", app.panti), &head, None).await;
    let supervisor = session(&app.supervisor);
    let area = request(&app, "GET", "/area", &supervisor, None).await;
    for page in [&overview, &area] {
        assert!(page.body.contains(&late) && page.body.contains(&running), "{}", page.body);
    }
    let read = request(&app, "GET", &reports, &supervisor, None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.body.contains("/assessments/new"), "a supervisor gets no form link");
    refused_to_strangers(&app, &reports).await;
}

const ASSESSMENT: &[(&str, &str)] = &[
    ("assessor_name", "Drs. Sutrisno"),
    ("assessor_position", "Kepala Panti"),
    ("assessed_on", "2026-02-10"),
    ("gardens_and_rooms", "3"),
    ("gardens_and_rooms_notes", "Taman tertata"),
    ("yard_and_garden", "2"),
    ("room_cleanliness", "4"),
    ("bathrooms_and_kitchen", "3"),
    ("room_harmony", "3"),
    ("community_national_events", "4"),
    ("community_religious_events", "4"),
    ("community_local_events", "2"),
    ("staff_attitude", "Aktif membimbing"),
    ("clients_behaviour", "Tertib"),
    ("families_role", "Membantu dapur umum"),
    ("group_name", "Kelompok Lele"),
    ("group_field", "perikanan_peternakan"),
    ("group_cooperation", "Kompak"),
    ("group_way_of_working", "Bergiliran"),
    ("group_results", "Panen 200 kg"),
    ("monitor1_role", "kepala_panti"),
    ("monitor1_name", "Drs. Sutrisno"),
    ("monitor1_position", "Kepala Panti"),
    ("evaluator1_role", "ketua_koperasi"),
    ("evaluator1_name", "Bu Wati"),
    ("evaluator1_position", "Ketua Koperasi"),
];

async fn assessments_stored(app: &TestApp) -> usize {
    let (_, body) = app.get(&app.head, &format!("/api/v1/entities/{}/assessments", app.panti)).await;
    body["assessments"].as_array().unwrap().len()
}

fn with<'a>(base: &[(&'a str, &'a str)], csrf: &'a str, change: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<_> = base.iter().filter(|(k, _)| !change.iter().any(|(c, _)| c == k)).copied().collect();
    fields.extend(change.iter().filter(|(_, v)| !v.is_empty()).copied());
    fields.push(("csrf", csrf));
    fields
}

/// With reporting set up, the head's assessment form of 2026-TW1: its path, the head's
/// session cookie and the form.
async fn assessment_form(app: &TestApp) -> (String, String, Answer) {
    report_settings(app).await;
    let form_path = format!("/entities/{}/assessments/new?period=2026-TW1", app.panti);
    let head = session(&app.head);
    let form = request(app, "GET", &form_path, &head, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    (form_path, head, form)
}

#[tokio::test]
async fn the_head_records_an_assessment_at_the_field_errors_keep_input_and_the_supervisor_reads_it() {
    let app = spawn_app().await;
    let (form_path, head, form) = assessment_form(&app).await;
    let csrf = form.input("csrf");
    let key = form.input("form_key");
    let filled = [ASSESSMENT, &[("form_key", key.as_str())]].concat();

    let no_csrf = request(&app, "POST", &form_path, &head, Some(ASSESSMENT)).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let missing = with(&filled, &csrf, &[("yard_and_garden", ""), ("assessor_position", ""), ("families_role", "")]);
    let refused = request(&app, "POST", &form_path, &head, Some(&missing)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for error in [
        "assessor_position-error\">Wajib diisi",
        "yard_and_garden-error\">Pilih nilai 1 sampai 4",
        "families_attitude-error\">Isi paling sedikit satu",
    ] {
        assert!(refused.body.contains(error), "{error}: {}", refused.body);
    }
    assert!(refused.body.contains("name=\"assessor_position\" value=\"\" autocomplete=\"off\" aria-invalid=\"true\" aria-describedby=\"assessor_position-error\" autofocus"), "focus on the first bad field");
    assert_eq!(refused.input("gardens_and_rooms_notes"), "Taman tertata", "what was typed is kept");
    assert_eq!(refused.input("group_results"), "Panen 200 kg");
    assert!(refused.body.contains("name=\"room_cleanliness\" value=\"4\" checked"), "the scores chosen are kept");
    let before = with(&filled, &csrf, &[("assessed_on", "2025-12-31")]);
    let early = request(&app, "POST", &form_path, &head, Some(&before)).await;
    assert!(early.body.contains("id=\"assessed_on-error\">Tidak disimpan"), "{}", early.body);
    assert_eq!(assessments_stored(&app).await, 0, "nothing stored on a refusal");

    let saved = request(&app, "POST", &form_path, &head, Some(&with(&filled, &csrf, &[]))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let list_path = format!("/entities/{}/assessments?period=2026-TW1", app.panti);
    assert!(saved.location().starts_with(&format!("{list_path}#assessment-")), "{}", saved.location());
    assert_eq!(assessments_stored(&app).await, 1);

    let supervisor = session(&app.supervisor);
    let list = request(&app, "GET", &list_path, &supervisor, None).await;
    assert_eq!(list.status, StatusCode::OK);
    for shown in ["Drs. Sutrisno", "3 baik", "Taman tertata", "Kelompok Lele", "Bu Wati", "Ketua koperasi"] {
        assert!(list.body.contains(shown), "{shown}: {}", list.body);
    }
    assert_eq!(request(&app, "GET", &form_path, &supervisor, None).await.status, StatusCode::FORBIDDEN);
    let their_csrf = list.input("csrf");
    let post = request(&app, "POST", &form_path, &supervisor, Some(&with(&filled, &their_csrf, &[]))).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    refused_to_strangers(&app, &form_path).await;
    refused_to_strangers(&app, &list_path).await;
    assert_eq!(assessments_stored(&app).await, 1);
}

const ACTIVITY: &[(&str, &str)] = &[
    ("field", "perikanan_peternakan"),
    ("name", "Budidaya lele"),
    ("group", "Kelompok Lele"),
    ("resp1_name", "Bu Sri"),
    ("resp1_position", "Kepala Seksi"),
    ("need1_kind", "bibit"),
    ("need1_item", "Bibit lele 5.000 ekor"),
    ("need1_funding", "kemensos"),
    ("need1_amount", "1.500.000"),
];

async fn plan_versions(app: &TestApp) -> Vec<serde_json::Value> {
    let (_, body) = app.get(&app.head, &format!("/api/v1/entities/{}/plans/2026/versions", app.panti)).await;
    body["versions"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_head_adds_plan_activities_as_new_versions_once_each_and_the_supervisor_reads_the_budget() {
    let app = spawn_app().await;
    let plan_path = format!("/entities/{}/plans/2026", app.panti);
    let head = session(&app.head);
    let empty = request(&app, "GET", &plan_path, &head, None).await;
    assert!(empty.body.contains("id=\"no-plan\""), "{}", empty.body);
    let csrf = empty.input("csrf");
    assert_eq!(empty.input("based_on"), "0");
    let kube = app.kube.to_string();
    let first = with(ACTIVITY, &csrf, &[("based_on", "0"), ("kube", kube.as_str())]);

    assert_eq!(request(&app, "POST", &plan_path, &head, Some(ACTIVITY)).await.status, StatusCode::FORBIDDEN);
    let bad = with(ACTIVITY, &csrf, &[("based_on", "0"), ("need1_amount", "12abc"), ("name", "")]);
    let refused = request(&app, "POST", &plan_path, &head, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"need1_amount-error\">jumlah &quot;12abc&quot; tidak sah"), "{}", refused.body);
    assert!(refused.body.contains("id=\"name-error\">Wajib diisi"));
    assert_eq!(refused.input("need1_amount"), "12abc", "what was typed is kept");
    assert_eq!(refused.input("need1_item"), "Bibit lele 5.000 ekor");
    assert!(plan_versions(&app).await.is_empty());

    for _ in 0..2 {
        let saved = request(&app, "POST", &plan_path, &head, Some(&first)).await;
        assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, plan_path.as_str()), "{}", saved.body);
    }
    assert_eq!(plan_versions(&app).await.len(), 1, "a resent form adds the activity once");
    let second = with(
        ACTIVITY,
        &csrf,
        &[("based_on", "1"), ("name", "Kebun sayur"), ("field", "pertanian"), ("need1_amount", "250000")],
    );
    assert_eq!(request(&app, "POST", &plan_path, &head, Some(&second)).await.status, StatusCode::SEE_OTHER);
    let stale = with(ACTIVITY, &csrf, &[("based_on", "1"), ("name", "Servis motor")]);
    let changed = request(&app, "POST", &plan_path, &head, Some(&stale)).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(changed.body.contains("Rencana sudah berubah"), "{}", changed.body);
    assert_eq!(changed.input("based_on"), "2", "the form now names the latest version");
    let versions = plan_versions(&app).await;
    assert_eq!(
        (versions.len(), versions[1]["activities"].clone(), versions[1]["budget_total"].clone()),
        (2, json!(2), json!("1750000.00"))
    );

    let supervisor = session(&app.supervisor);
    let read = request(&app, "GET", &plan_path, &supervisor, None).await;
    assert_eq!(read.status, StatusCode::OK);
    for shown in ["id=\"budget-total\">Rp1.750.000<", "Budidaya lele", "Kebun sayur", "KUBE Tahu", "Kementerian Sosial"]
    {
        assert!(read.body.contains(shown), "{shown}: {}", read.body);
    }
    assert!(!read.body.contains("id=\"add-activity\""), "a supervisor gets no form");
    let post = request(
        &app,
        "POST",
        &plan_path,
        &supervisor,
        Some(&with(ACTIVITY, &read.input("csrf"), &[("based_on", "2")])),
    )
    .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    refused_to_strangers(&app, &plan_path).await;
    assert_eq!(plan_versions(&app).await.len(), 2);
}

#[tokio::test]
async fn two_heads_adding_to_the_same_plan_version_at_once_store_one_and_the_other_sees_the_change() {
    let app = spawn_app().await;
    let plan_path = format!("/entities/{}/plans/2026", app.panti);
    let head = session(&app.head);
    let csrf = request(&app, "GET", &plan_path, &head, None).await.input("csrf");
    let lele = with(ACTIVITY, &csrf, &[("based_on", "0")]);
    let sayur = with(ACTIVITY, &csrf, &[("based_on", "0"), ("name", "Kebun sayur"), ("field", "pertanian")]);
    let (a, b) = tokio::join!(
        request(&app, "POST", &plan_path, &head, Some(&lele)),
        request(&app, "POST", &plan_path, &head, Some(&sayur)),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY], "{}\n{}", a.body, b.body);
    let shown = if a.status == StatusCode::SEE_OTHER { &b } else { &a };
    assert!(shown.body.contains("Rencana sudah berubah"), "{}", shown.body);
    assert_eq!(shown.input("based_on"), "1", "the form now names the version stored meanwhile");
    let versions = plan_versions(&app).await;
    assert_eq!((versions.len(), versions[0]["activities"].clone()), (1, json!(1)), "nothing overwritten");
    let far = with(ACTIVITY, &csrf, &[("based_on", "4294967295")]);
    let refused = request(&app, "POST", &plan_path, &head, Some(&far)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a version never stored: {}", refused.body);

    let path = format!("/api/v1/entities/{}/plans/2026", app.panti);
    let stale = json!({"based_on": 0, "activities": [{"field": "jasa", "name": "Servis", "group": "Bengkel",
        "responsible": [{"name": "Pak Budi", "position": "Instruktur"}]}]});
    let (status, body) = send(&app.router, "PUT", &path, Some(&app.head), Some(stale)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("plan_changed")), "{body}");
    assert_eq!(plan_versions(&app).await.len(), 1);
}

#[tokio::test]
async fn a_double_submitted_assessment_form_stores_one_assessment_and_every_answer_shows_it() {
    let app = spawn_app().await;
    let (form_path, head, form) = assessment_form(&app).await;
    let (csrf, key) = (form.input("csrf"), form.input("form_key"));
    assert_eq!(key.len(), 64, "a fresh one-time key: {key}");
    let posted = with(ASSESSMENT, &csrf, &[("form_key", key.as_str())]);

    let (first, second) = tokio::join!(
        request(&app, "POST", &form_path, &head, Some(&posted)),
        request(&app, "POST", &form_path, &head, Some(&posted)),
    );
    let resent = request(&app, "POST", &form_path, &head, Some(&posted)).await;
    for answer in [&first, &second, &resent] {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), first.location(), "every answer lands on the one stored");
    }
    assert!(first.location().contains("#assessment-"), "{}", first.location());
    assert_eq!(assessments_stored(&app).await, 1, "a double click and a resend store one assessment");

    let changed = with(ASSESSMENT, &csrf, &[("form_key", key.as_str()), ("assessor_name", "Bu Ani")]);
    let reused = request(&app, "POST", &form_path, &head, Some(&changed)).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reused.body);
    assert!(reused.body.contains("Formulir ini sudah pernah terkirim dengan isi lain"), "{}", reused.body);
    assert_eq!(reused.input("assessor_name"), "Bu Ani", "what was typed is kept");
    let fresh = reused.input("form_key");
    assert_ne!(fresh, key, "a fresh key for what is sent next");
    assert_eq!(assessments_stored(&app).await, 1);

    let again = with(ASSESSMENT, &csrf, &[("form_key", fresh.as_str()), ("assessor_name", "Bu Ani")]);
    let second_assessment = request(&app, "POST", &form_path, &head, Some(&again)).await;
    assert_eq!(second_assessment.status, StatusCode::SEE_OTHER, "{}", second_assessment.body);
    assert_ne!(second_assessment.location(), first.location());
    assert_eq!(assessments_stored(&app).await, 2, "a new form key is a new assessment");
    let no_key = with(ASSESSMENT, &csrf, &[]);
    assert_eq!(request(&app, "POST", &form_path, &head, Some(&no_key)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(assessments_stored(&app).await, 2);
}
