//! The head's training pages through the real router: a client registered from the page
//! (every bad field named, what was typed kept, a double submit stored once), searched and
//! opened; a cohort planned, a client enrolled, a session with its attendance, an
//! assessment and the end of training, each from its page, as the API then reads them.
//! The staff register counts its certified social workers. A treasurer and a supervisor
//! may not write client records.

use crate::helpers::spawn_app;
use crate::helpers::TestApp;
use crate::pages::{request, session};
use crate::pages_books::submit;
use axum::http::StatusCode;
use serde_json::json;

fn panti_path(app: &TestApp, rest: &str) -> String {
    format!("/entities/{}{rest}", app.panti)
}

const CLIENT: [(&str, &str); 9] = [
    ("number", "K-2026-014"),
    ("name", "Siti Rahayu"),
    ("sex", "perempuan"),
    ("birth_date", "1990-05-01"),
    ("religion", "Islam"),
    ("origin", "Kota Surakarta"),
    ("case_type", "gelandangan"),
    ("admitted_on", "2026-01-02"),
    ("cohort_number", "3"),
];

#[tokio::test]
async fn a_client_is_registered_once_from_the_page_found_by_name_and_opened() {
    let app = spawn_app().await;
    let (list, new) = (panti_path(&app, "/clients"), panti_path(&app, "/clients/new"));
    let head = session(&app.head);

    let mut bad = CLIENT;
    bad[3] = ("birth_date", "1990-02-30");
    bad[4] = ("religion", "");
    let refused = submit(&app, &head, &new, &new, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"form-error\"") && refused.body.contains("agama"), "{}", refused.body);
    assert!(refused.body.contains("value=\"Siti Rahayu\"") && refused.body.contains("value=\"1990-02-30\""), "kept");
    let (_, none) = app.get(&app.head, &format!("/api/v1/entities/{}/clients", app.panti)).await;
    assert_eq!(none["clients"], json!([]), "a refusal stores nothing");

    // One form sent twice (a double tap) registers one client.
    let form = request(&app, "GET", &new, &head, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let (csrf, key) = (form.input("csrf"), form.input("form_key"));
    let mut all = vec![("csrf", csrf.as_str()), ("form_key", key.as_str())];
    all.extend_from_slice(&CLIENT);
    let first = request(&app, "POST", &new, &head, Some(&all)).await;
    let second = request(&app, "POST", &new, &head, Some(&all)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(second.location(), first.location(), "the same answer");
    let (_, clients) = app.get(&app.head, &format!("/api/v1/entities/{}/clients", app.panti)).await;
    assert_eq!(clients["clients"].as_array().unwrap().len(), 1, "{clients}");
    let client = clients["clients"][0]["id"].as_u64().unwrap();
    assert_eq!(clients["clients"][0]["details"]["name"], json!("Siti Rahayu"));

    let shown = request(&app, "GET", first.location(), &head, None).await;
    assert!(shown.body.contains("id=\"saved\"") && shown.body.contains("K-2026-014 Siti Rahayu"), "{}", shown.body);
    let found = request(&app, "GET", &format!("{list}?q=rahayu"), &head, None).await;
    assert!(found.body.contains(&format!("href=\"/clients/{client}\"")), "{}", found.body);
    let missed = request(&app, "GET", &format!("{list}?q=budi"), &head, None).await;
    assert!(missed.body.contains("0 klien ditemukan") && missed.body.contains("id=\"new-client\""), "{}", missed.body);
    let record = request(&app, "GET", &format!("/clients/{client}"), &head, None).await;
    assert!(record.body.contains("Perempuan") && record.body.contains("01-05-1990"), "{}", record.body);
    assert!(record.body.contains("Belum disalurkan"), "{}", record.body);
    let english = request(&app, "GET", &format!("/clients/{client}?lang=en"), &head, None).await;
    assert!(english.body.contains("Female") && english.body.contains("Not yet placed"), "{}", english.body);

    // A KUBE's treasurer sees no client; the supervisor reads but may not register.
    let treasurer = session(&app.treasurer);
    assert_eq!(request(&app, "GET", &list, &treasurer, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        request(&app, "GET", &format!("/clients/{client}"), &treasurer, None).await.status,
        StatusCode::FORBIDDEN
    );
    let supervisor = session(&app.supervisor);
    let read = request(&app, "GET", &list, &supervisor, None).await;
    assert!(read.status == StatusCode::OK && !read.body.contains("id=\"new-client\""), "{}", read.body);
    assert_eq!(request(&app, "GET", &new, &supervisor, None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cohort_is_planned_and_run_from_its_pages_enrolment_attendance_assessment_and_end() {
    let app = spawn_app().await;
    let head = session(&app.head);
    let new_client = panti_path(&app, "/clients/new");
    let mut ids = Vec::new();
    for (number, name) in [("K-1", "Siti"), ("K-2", "Budi")] {
        let mut fields = CLIENT;
        fields[0] = ("number", number);
        fields[1] = ("name", name);
        let saved = submit(&app, &head, &new_client, &new_client, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        ids.push(saved.location().rsplit('=').next().unwrap().to_string());
    }

    let new = panti_path(&app, "/cohorts/new");
    let mut plan = [
        ("skill", "las"),
        ("number", "1"),
        ("instructor_name", "Bu Sri Lestari"),
        ("instructor_affiliation", "BLK Surakarta"),
        ("planned_start", "2026-01-05"),
        ("planned_end", "2026-03-31"),
        ("hours", "dua ratus"),
        ("capacity", "0"),
    ];
    let refused = submit(&app, &head, &new, &new, &plan).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in ["hours", "capacity"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
    }
    assert!(refused.body.contains("value=\"dua ratus\""), "kept");
    plan[6] = ("hours", "240");
    plan[7] = ("capacity", "10");
    let planned = submit(&app, &head, &new, &new, &plan).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let page = planned.location().split('?').next().unwrap().to_string();
    let cohort = page.rsplit('/').next().unwrap().to_string();
    let shown = request(&app, "GET", planned.location(), &head, None).await;
    assert!(shown.body.contains("Rencana angkatan tersimpan") && shown.body.contains("0/10"), "{}", shown.body);
    assert!(shown.body.contains("id=\"enrol\""), "the head's step buttons: {}", shown.body);
    let list = request(&app, "GET", &panti_path(&app, "/cohorts"), &head, None).await;
    assert!(list.body.contains(&format!("href=\"/cohorts/{cohort}\"")) && list.body.contains("id=\"new-cohort\""));

    let step = |name: &str| format!("{page}/{name}");
    let enrol = step("enrolment");
    let none = submit(&app, &head, &enrol, &enrol, &[("client_id", ""), ("date", "2026-01-05")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("id=\"client_id-error\""), "{}", none.body);
    for id in &ids {
        let saved = submit(&app, &head, &enrol, &enrol, &[("client_id", id), ("date", "2026-01-05")]).await;
        assert_eq!(saved.location(), format!("{page}?saved=enrolment"), "{}", saved.body);
    }
    let form = request(&app, "GET", &enrol, &head, None).await;
    assert!(!form.body.contains("K-1 · Siti"), "an enrolled client is not offered again");

    // The session form ticks everyone; Budi is unticked.
    let session_form = step("session");
    let form = request(&app, "GET", &session_form, &head, None).await;
    assert!(form.body.contains(&format!("name=\"present_{}\" checked", ids[1])), "{}", form.body);
    let present = format!("present_{}", ids[0]);
    let fields = [("date", "2026-01-12"), ("topic", "Pola dasar"), (present.as_str(), "on")];
    let saved = submit(&app, &head, &session_form, &session_form, &fields).await;
    assert_eq!(saved.location(), format!("{page}?saved=session"), "{}", saved.body);
    let (_, sessions) = app.get(&app.head, &format!("/api/v1/cohorts/{cohort}/sessions")).await;
    let marks = &sessions["sessions"][0]["attendance"];
    let present_of = |id: &str| {
        marks.as_array().unwrap().iter().find(|m| m["client_id"].to_string() == id).unwrap()["present"].clone()
    };
    assert_eq!((present_of(&ids[0]), present_of(&ids[1])), (json!(true), json!(false)), "{sessions}");

    let assess = step("assessment");
    let bad = [("client", ids[0].as_str()), ("date", "2026-03-30"), ("result", "kompeten"), ("score", "101")];
    let refused = submit(&app, &head, &format!("{assess}?client={}", ids[0]), &assess, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"score-error\""), "{}", refused.body);
    let good = [("client", ids[0].as_str()), ("date", "2026-03-30"), ("result", "kompeten"), ("score", "85")];
    assert_eq!(submit(&app, &head, &assess, &assess, &good).await.location(), format!("{page}?saved=assessment"));
    let end = step("completion");
    let left = [("client", ids[1].as_str()), ("outcome", "keluar"), ("date", "2026-02-01"), ("reason", "")];
    let refused = submit(&app, &head, &end, &end, &left).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is asked for: {}", refused.body);
    assert!(refused.body.contains("id=\"form-error\""), "{}", refused.body);
    let passed = [("client", ids[0].as_str()), ("outcome", "lulus"), ("date", "2026-03-31"), ("reason", "")];
    assert_eq!(submit(&app, &head, &end, &end, &passed).await.location(), format!("{page}?saved=completion"));

    let shown = request(&app, "GET", &page, &head, None).await;
    assert!(shown.body.contains("Hadir 1/1") && shown.body.contains("Hadir 0/1"), "{}", shown.body);
    assert!(shown.body.contains("Kompeten (85)") && shown.body.contains("Lulus"), "{}", shown.body);
    let (_, enrolments) = app.get(&app.head, &format!("/api/v1/cohorts/{cohort}/enrolments")).await;
    assert_eq!(enrolments["enrolments"][0]["completion"]["outcome"], json!("lulus"), "{enrolments}");
    assert_eq!(enrolments["enrolments"][1]["completion"], json!(null));

    // The supervisor reads the cohort, without its buttons, and may not run a step.
    let supervisor = session(&app.supervisor);
    let read = request(&app, "GET", &page, &supervisor, None).await;
    assert!(read.status == StatusCode::OK && !read.body.contains("id=\"enrol\""), "{}", read.body);
    assert_eq!(request(&app, "GET", &enrol, &supervisor, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(request(&app, "GET", &step("nothing"), &head, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_staff_member_is_added_from_the_register_and_a_certified_one_counts_as_a_social_worker() {
    let app = spawn_app().await;
    let page = panti_path(&app, "/staff");
    let head = session(&app.head);
    let empty = request(&app, "GET", &page, &head, None).await;
    assert!(empty.body.contains("<strong>0</strong>"), "{}", empty.body);
    let bad =
        [("name", "Agus"), ("position", ""), ("joined_on", "2020-03-01"), ("social_worker_certified_on", "2021-13-01")];
    let refused = submit(&app, &head, &page, &page, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"social_worker_certified_on-error\""), "{}", refused.body);
    assert!(refused.body.contains("value=\"Agus\""), "kept");
    for (name, certified) in [("Agus Santoso", "2021-06-01"), ("Bu Rini", "")] {
        let fields = [
            ("name", name),
            ("position", "Pekerja sosial"),
            ("joined_on", "2020-03-01"),
            ("social_worker_certified_on", certified),
        ];
        let saved = submit(&app, &head, &page, &page, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = request(&app, "GET", saved.location(), &head, None).await;
        assert!(shown.body.contains(&format!("Petugas tersimpan: {name}")), "{}", shown.body);
    }
    let shown = request(&app, "GET", &page, &head, None).await;
    assert!(shown.body.contains("<strong>1</strong>") && shown.body.contains("01-06-2021"), "{}", shown.body);
    let (_, staff) = app.get(&app.head, &format!("/api/v1/entities/{}/staff", app.panti)).await;
    assert_eq!(staff["staff"].as_array().unwrap().len(), 2, "{staff}");
    assert_eq!(staff["staff"][1]["details"]["social_worker_certified_on"], json!(null));

    let supervisor = session(&app.supervisor);
    let read = request(&app, "GET", &page, &supervisor, None).await;
    assert!(read.status == StatusCode::OK && !read.body.contains("name=\"position\""), "{}", read.body);
    let csrf = read.input("csrf");
    let post = [("csrf", csrf.as_str()), ("name", "X"), ("position", "Y"), ("joined_on", "2020-01-01")];
    assert_eq!(request(&app, "POST", &page, &supervisor, Some(&post)).await.status, StatusCode::FORBIDDEN);
    let treasurer = session(&app.treasurer);
    assert_eq!(request(&app, "GET", &page, &treasurer, None).await.status, StatusCode::FORBIDDEN);
}
