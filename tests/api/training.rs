//! Vocational training: skills, the client register, cohorts, placement, packages,
//! follow-up, staff and statistics, through the real router.

use crate::helpers::{login, send, send_raw, spawn_app, TestApp, PASSWORD};
use axum::http::StatusCode;
use kube_ledger::domain::user::Role;
use serde_json::{json, Value};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", path, Some(token), Some(body)).await
}

fn client_body(number: &str, sex: &str) -> Value {
    json!({"number": number, "cohort_number": 3, "name": format!("Klien {number}"), "sex": sex,
        "birth_date": "1990-05-01", "religion": "Islam", "origin": "Kota Surakarta",
        "admitted_on": "2026-01-02", "case_type": "gelandangan"})
}

/// A client registered by the head of the panti; returns its id.
async fn add_client(app: &TestApp, number: &str, sex: &str) -> u64 {
    let path = format!("/api/v1/entities/{}/clients", app.panti);
    let (status, client) = post(app, &app.head, &path, client_body(number, sex)).await;
    assert_eq!(status, StatusCode::CREATED, "{client}");
    client["id"].as_u64().unwrap()
}

fn cohort_body(skill: &str, number: u32, capacity: u32) -> Value {
    json!({"skill": skill, "number": number, "instructors": [{"name": "Bu Sri Lestari", "affiliation": "BLK Surakarta"}],
        "planned_start": "2026-01-05", "planned_end": "2026-03-31", "hours": 240, "capacity": capacity})
}

async fn add_cohort(app: &TestApp, skill: &str, capacity: u32) -> u64 {
    let path = format!("/api/v1/entities/{}/cohorts", app.panti);
    let (status, cohort) = post(app, &app.head, &path, cohort_body(skill, 1, capacity)).await;
    assert_eq!(status, StatusCode::CREATED, "{cohort}");
    cohort["id"].as_u64().unwrap()
}

async fn enrol(app: &TestApp, cohort: u64, client: u64) -> (StatusCode, Value) {
    let path = format!("/api/v1/cohorts/{cohort}/enrolments");
    post(app, &app.head, &path, json!({"client_id": client, "date": "2026-01-05"})).await
}

async fn finish(app: &TestApp, cohort: u64, client: u64, body: Value) -> (StatusCode, Value) {
    post(app, &app.head, &format!("/api/v1/cohorts/{cohort}/enrolments/{client}/completion"), body).await
}

/// Enrols a client, assesses them competent and passes them on 2026-03-31.
async fn graduate(app: &TestApp, cohort: u64, client: u64) {
    assert_eq!(enrol(app, cohort, client).await.0, StatusCode::CREATED);
    let path = format!("/api/v1/cohorts/{cohort}/enrolments/{client}/assessment");
    let (status, body) =
        post(app, &app.head, &path, json!({"date": "2026-03-30", "result": "kompeten", "score": 85})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = finish(app, cohort, client, json!({"outcome": "lulus", "date": "2026-03-31"})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn place(app: &TestApp, client: u64, body: Value) -> (StatusCode, Value) {
    post(app, &app.head, &format!("/api/v1/clients/{client}/placement"), body).await
}

/// A treasurer of the panti itself (the helper's treasurer keeps a KUBE's books).
async fn panti_treasurer(app: &TestApp) -> String {
    app.ledger.create_user("bendahara.panti", Role::Treasurer, Some(app.panti), PASSWORD).await.unwrap();
    login(&app.router, "bendahara.panti", PASSWORD).await
}

#[tokio::test]
async fn the_skills_catalogue_is_shipped_and_a_panti_adds_its_own() {
    let app = spawn_app().await;
    let (status, shipped) = app.get(&app.treasurer, "/api/v1/skills").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = shipped["skills"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 15);
    assert!(codes.contains(&"tahu-tempe") && codes.contains(&"bengkel-motor") && codes.contains(&"pemasaran"));
    let path = format!("/api/v1/entities/{}/skills", app.panti);
    let bamboo = json!({"code": "anyaman-bambu", "name_id": "Anyaman bambu", "group": "work"});
    let (status, added) = post(&app, &app.head, &path, bamboo.clone()).await;
    assert_eq!((status, added["name_en"].clone()), (StatusCode::CREATED, Value::Null), "{added}");
    let (status, again) = post(&app, &app.head, &path, bamboo).await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::CONFLICT, json!("duplicate_skill")));
    let welding = json!({"code": "las", "name_id": "Las lagi", "group": "work"});
    assert_eq!(post(&app, &app.head, &path, welding).await.0, StatusCode::CONFLICT, "shipped codes are taken");
    let hobby = json!({"code": "catur", "name_id": "Catur", "group": "hobi"});
    assert_eq!(post(&app, &app.head, &path, hobby).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let extra = json!({"code": "batik", "name_id": "Batik", "group": "work", "price": 1});
    assert_eq!(post(&app, &app.head, &path, extra).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) =
        post(&app, &app.supervisor, &path, json!({"code": "batik", "name_id": "Batik", "group": "work"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, listed) = app.get(&app.supervisor, &path).await;
    assert_eq!(listed["skills"].as_array().unwrap().len(), 16);
    let cohort = cohort_body("anyaman-bambu", 1, 10);
    let (status, _) = post(&app, &app.head, &format!("/api/v1/entities/{}/cohorts", app.panti), cohort).await;
    assert_eq!(status, StatusCode::CREATED, "a cohort may teach the panti's own skill");
}

#[tokio::test]
async fn clients_are_registered_with_unique_numbers_and_checked_fields() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/clients", app.panti);
    let (status, created) = post(&app, &app.head, &path, client_body("PSBK-001", "perempuan")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!((created["status"].clone(), created["details"]["sex"].clone()), (json!("aktif"), json!("perempuan")));
    let mut same_number = client_body("psbk-001", "laki_laki");
    same_number["name"] = json!("Orang Lain");
    let (status, duplicate) = post(&app, &app.head, &path, same_number).await;
    assert_eq!((status, duplicate["error"]["code"].clone()), (StatusCode::CONFLICT, json!("duplicate_client_number")));
    let bad = json!({"number": "PSBK 2", "cohort_number": 0, "name": "", "sex": "x", "birth_date": "2026-02-30",
        "religion": "Islam", "origin": "Klaten", "admitted_on": "2026-01-02", "case_type": " ", "status": "hilang"});
    let (status, refused) = post(&app, &app.head, &path, bad).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_client")));
    let message = refused["error"]["message"].as_str().unwrap();
    for part in
        ["nomor induk klien", "nomor urut angkatan", "nama klien", "jenis kelamin", "tanggal", "jenis kasus", "status"]
    {
        assert!(message.contains(part), "{part} missing from {message}");
    }
    let mut born_later = client_body("PSBK-003", "perempuan");
    born_later["birth_date"] = json!("2026-02-01");
    assert_eq!(post(&app, &app.head, &path, born_later).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let kube_path = format!("/api/v1/entities/{}/clients", app.kube);
    let (status, not_panti) = post(&app, &app.admin, &kube_path, client_body("K-1", "perempuan")).await;
    assert_eq!((status, not_panti["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_panti")));
    let (_, listed) = app.get(&app.supervisor, &path).await;
    assert_eq!(listed["clients"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_treasurer_cannot_read_client_personal_data_and_a_supervisor_reads_but_does_not_write() {
    let app = spawn_app().await;
    let client = add_client(&app, "PSBK-001", "perempuan").await;
    let cohort = add_cohort(&app, "menjahit", 10).await;
    let panti_treasurer = panti_treasurer(&app).await;
    let personal = [
        format!("/api/v1/entities/{}/clients", app.panti),
        format!("/api/v1/clients/{client}"),
        format!("/api/v1/cohorts/{cohort}/enrolments"),
        format!("/api/v1/cohorts/{cohort}/sessions"),
        format!("/api/v1/clients/{client}/follow-ups"),
        format!("/api/v1/entities/{}/staff", app.panti),
    ];
    for path in &personal {
        for (who, token) in
            [("panti treasurer", &panti_treasurer), ("kube treasurer", &app.treasurer), ("member", &app.member)]
        {
            let (status, body) = app.get(token, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}: {body}");
            assert!(!body.to_string().contains("Klien PSBK-001"), "{who} sees a name at {path}");
        }
        assert_eq!(app.get(&app.supervisor, path).await.0, StatusCode::OK, "supervisor reads {path}");
        assert_eq!(app.get(&app.head, path).await.0, StatusCode::OK, "head reads {path}");
    }
    // What holds no personal data is the panti's to read, its treasurer included.
    for path in [format!("/api/v1/entities/{}/cohorts", app.panti), format!("/api/v1/cohorts/{cohort}")] {
        assert_eq!(app.get(&panti_treasurer, &path).await.0, StatusCode::OK, "{path}");
    }
    let writes = [
        (format!("/api/v1/entities/{}/clients", app.panti), client_body("PSBK-002", "laki_laki")),
        (format!("/api/v1/entities/{}/cohorts", app.panti), cohort_body("las", 1, 5)),
        (format!("/api/v1/cohorts/{cohort}/enrolments"), json!({"client_id": client, "date": "2026-01-05"})),
        (format!("/api/v1/clients/{client}/placement"), json!({"kind": "usaha_mandiri", "date": "2026-05-01"})),
    ];
    for (path, body) in writes {
        assert_eq!(
            post(&app, &app.supervisor, &path, body.clone()).await.0,
            StatusCode::FORBIDDEN,
            "supervisor {path}"
        );
        assert_eq!(post(&app, &panti_treasurer, &path, body).await.0, StatusCode::FORBIDDEN, "treasurer {path}");
    }
    assert_eq!(app.get(&app.admin, "/api/v1/clients/999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&app.head, "/api/v1/clients/999").await.0, StatusCode::FORBIDDEN, "no hint it is missing");
}

#[tokio::test]
async fn client_csv_import_is_all_or_nothing_and_names_every_bad_line() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/clients/import", app.panti);
    let header = "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type,status\n";
    let upload =
        |csv: String| send_raw(&app.router, "POST", &path, Some(&app.head), &[("content-type", "text/csv")], Some(csv));
    let rows = |answer: &Value| -> Vec<String> {
        answer["error"]["rows"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect()
    };
    let bad = format!(
        "{header}K-1,1,Ani,perempuan,1991-01-01,Islam,Klaten,2026-01-02,pengemis,\nK-2,1,,perempuan,1991-01-01,Islam,Klaten,2026-01-02,pengemis,\nK-3,x,Dedi,pria,1991-01-01,Islam,Klaten,2026-01-02,pengemis,\nK-1,1,Eko,laki_laki,1991-01-01,Islam,Klaten,2026-01-02,gelandangan,aktif\n"
    );
    let (status, answer) = upload(bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let found = rows(&answer);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("unggahan.csv:3: nama klien"), "{found:?}");
    assert!(
        found[1].starts_with("unggahan.csv:4: nomor urut angkatan") && found[1].contains("jenis kelamin"),
        "{found:?}"
    );
    let twice = format!(
        "{header}K-1,1,Ani,perempuan,1991-01-01,Islam,Klaten,2026-01-02,pengemis,\nK-1,1,Eko,laki_laki,1991-01-01,Islam,Klaten,2026-01-02,gelandangan,\n"
    );
    let (_, answer) = upload(twice).await;
    assert_eq!(rows(&answer), ["unggahan.csv:3: nomor induk klien K-1 sudah dipakai di panti ini"]);
    let (status, answer) = upload("number,name,nik\nK-1,Ani,123\n".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let found = rows(&answer);
    assert!(found.iter().all(|r| r.starts_with("unggahan.csv:1: kolom")) && found.len() == 8, "{found:?}");
    assert_eq!(found[7], "unggahan.csv:1: kolom \"nik\" tidak dikenal");
    let (_, listed) = app.get(&app.head, &format!("/api/v1/entities/{}/clients", app.panti)).await;
    assert_eq!(listed["clients"].as_array().unwrap().len(), 0, "nothing imported");
    let good = "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type\nK-1,1,Ani,P,1991-01-01,Islam,Klaten,2026-01-02,pengemis\nK-2,1,Eko,L,1989-03-04,Kristen,Boyolali,2026-01-02,gelandangan\n";
    let (status, answer) = upload(good.into()).await;
    assert_eq!((status, answer["imported"].clone()), (StatusCode::CREATED, json!(2)));
}

#[tokio::test]
async fn enrolment_beyond_capacity_is_refused_and_sessions_mark_attendance() {
    let app = spawn_app().await;
    let cohort = add_cohort(&app, "menjahit", 2).await;
    let (first, second, third) = (
        add_client(&app, "K-1", "perempuan").await,
        add_client(&app, "K-2", "perempuan").await,
        add_client(&app, "K-3", "laki_laki").await,
    );
    assert_eq!(enrol(&app, cohort, first).await.0, StatusCode::CREATED);
    let (status, twice) = enrol(&app, cohort, first).await;
    assert_eq!((status, twice["error"]["code"].clone()), (StatusCode::CONFLICT, json!("already_enrolled")));
    assert_eq!(enrol(&app, cohort, second).await.0, StatusCode::CREATED);
    let (status, full) = enrol(&app, cohort, third).await;
    assert_eq!((status, full["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("cohort_full")));
    let (_, planned) = app.get(&app.head, &format!("/api/v1/cohorts/{cohort}")).await;
    assert_eq!(planned["enrolled"], 2);
    let path = format!("/api/v1/cohorts/{cohort}/sessions");
    let (status, session) =
        post(&app, &app.head, &path, json!({"date": "2026-01-12", "topic": "Pola dasar", "present": [first]})).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    assert_eq!(
        session["attendance"],
        json!([{"client_id": first, "present": true}, {"client_id": second, "present": false}])
    );
    let stranger = json!({"date": "2026-01-19", "topic": "Menjahit kemeja", "present": [third]});
    let (status, refused) = post(&app, &app.head, &path, stranger).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_enrolled")));
    let (_, sessions) = app.get(&app.supervisor, &path).await;
    assert_eq!(sessions["sessions"].as_array().unwrap().len(), 1);
    let mut again = cohort_body("menjahit", 1, 5);
    again["hours"] = json!(300);
    let (status, duplicate) = post(&app, &app.head, &format!("/api/v1/entities/{}/cohorts", app.panti), again).await;
    assert_eq!((status, duplicate["error"]["code"].clone()), (StatusCode::CONFLICT, json!("duplicate_cohort")));
}

#[tokio::test]
async fn dropout_needs_a_reason_and_passing_needs_a_competent_assessment() {
    let app = spawn_app().await;
    let cohort = add_cohort(&app, "las", 10).await;
    let (stayer, leaver) = (add_client(&app, "K-1", "laki_laki").await, add_client(&app, "K-2", "laki_laki").await);
    assert_eq!(enrol(&app, cohort, stayer).await.0, StatusCode::CREATED);
    assert_eq!(enrol(&app, cohort, leaver).await.0, StatusCode::CREATED);
    let (status, body) = finish(&app, cohort, leaver, json!({"outcome": "keluar", "date": "2026-02-10"})).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("reason_required")));
    let left = json!({"outcome": "keluar", "date": "2026-02-10", "reason": "Sakit, dirujuk ke RSUD"});
    let (status, body) = finish(&app, cohort, leaver, left.clone()).await;
    assert_eq!((status, body["completion"]["reason"].clone()), (StatusCode::CREATED, json!("Sakit, dirujuk ke RSUD")));
    let (_, client) = app.get(&app.head, &format!("/api/v1/clients/{leaver}")).await;
    assert_eq!(client["status"], "keluar");
    let (status, body) = finish(&app, cohort, leaver, left).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::CONFLICT, json!("already_completed")));
    let other = add_cohort(&app, "menjahit", 10).await;
    let (status, body) = enrol(&app, other, leaver).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("client_not_active")));
    let (status, body) = finish(&app, cohort, stayer, json!({"outcome": "lulus", "date": "2026-03-31"})).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_competent")));
    let assessment = format!("/api/v1/cohorts/{cohort}/enrolments/{stayer}/assessment");
    let (status, _) =
        post(&app, &app.head, &assessment, json!({"date": "2026-03-30", "result": "kompeten", "score": 101})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a score is 0–100");
    let (status, _) =
        post(&app, &app.head, &assessment, json!({"date": "2026-03-30", "result": "kompeten", "score": 78})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, passed) = finish(&app, cohort, stayer, json!({"outcome": "lulus", "date": "2026-03-31"})).await;
    assert_eq!((status, passed["completion"]["outcome"].clone()), (StatusCode::CREATED, json!("lulus")));
    let (_, enrolments) = app.get(&app.supervisor, &format!("/api/v1/cohorts/{cohort}/enrolments")).await;
    assert_eq!(enrolments["enrolments"][0]["assessment"]["score"], 78);
}

#[tokio::test]
async fn no_placement_before_completion_and_no_follow_up_before_placement() {
    let app = spawn_app().await;
    let cohort = add_cohort(&app, "tahu-tempe", 10).await;
    let client = add_client(&app, "K-1", "perempuan").await;
    let joined = json!({"kind": "bergabung_kube", "date": "2026-04-15", "member_id": app.member_id});
    let (status, body) = place(&app, client, joined.clone()).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_completed")));
    let visits = format!("/api/v1/clients/{client}/follow-ups");
    let visit = json!({"date": "2026-05-15", "business": "berjalan", "income_estimate": "900000", "needs": "Etalase"});
    let (status, body) = post(&app, &app.head, &visits, visit.clone()).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_placed")));
    graduate(&app, cohort, client).await;
    let (status, body) =
        place(&app, client, json!({"kind": "bergabung_kube", "date": "2026-04-15", "member_id": 999})).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("unknown_kube_member"))
    );
    let (status, body) = place(&app, client, json!({"kind": "bekerja", "date": "2026-04-15"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an employer is needed: {body}");
    let (status, placed) = place(&app, client, joined.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!((placed["kind"].clone(), placed["member_id"].clone()), (json!("bergabung_kube"), json!(app.member_id)));
    let (status, body) = place(&app, client, joined).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::CONFLICT, json!("already_placed")));
    let (_, record) = app.get(&app.head, &format!("/api/v1/clients/{client}")).await;
    assert_eq!(record["status"], "disalurkan");
    assert_eq!(post(&app, &app.head, &visits, visit).await.0, StatusCode::CREATED);
    let earlier = json!({"date": "2026-04-20", "business": "berhenti", "income_estimate": 0, "notes": "Modal habis"});
    assert_eq!(post(&app, &app.head, &visits, earlier).await.0, StatusCode::CREATED);
    let negative = json!({"date": "2026-06-20", "income_estimate": "-5"});
    assert_eq!(post(&app, &app.head, &visits, negative).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, listed) = app.get(&app.supervisor, &visits).await;
    assert_eq!(status, StatusCode::OK);
    let dates: Vec<&str> =
        listed["follow_ups"].as_array().unwrap().iter().map(|v| v["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-04-20", "2026-05-15"]);
    assert_eq!(listed["follow_ups"][1]["income_estimate"], "900000.00");
}

#[tokio::test]
async fn a_package_is_paid_from_the_panti_cash_through_the_books_once() {
    let app = spawn_app().await;
    let treasurer = panti_treasurer(&app).await;
    let cohort = add_cohort(&app, "menjahit", 10).await;
    let client = add_client(&app, "K-1", "perempuan").await;
    let package_path = format!("/api/v1/clients/{client}/package");
    let package = json!({"date": "2026-05-01", "items": [
        {"name": "Mesin jahit", "quantity": 1, "value": "1500000"},
        {"name": "Kain katun (meter)", "quantity": 20, "value": "400000"}]});
    let (status, body) = post(&app, &app.head, &package_path, package.clone()).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("not_placed")));
    graduate(&app, cohort, client).await;
    assert_eq!(
        place(&app, client, json!({"kind": "usaha_mandiri", "date": "2026-04-20"})).await.0,
        StatusCode::CREATED
    );
    let (status, recorded) = post(&app, &app.head, &package_path, package.clone()).await;
    assert_eq!((status, recorded["total"].clone()), (StatusCode::CREATED, json!("1900000.00")), "{recorded}");
    assert_eq!(post(&app, &app.head, &package_path, package).await.0, StatusCode::CONFLICT);
    let (_, record) = app.get(&app.head, &format!("/api/v1/clients/{client}")).await;
    assert_eq!(record["status"], "terminasi");
    let pay_path = format!("/api/v1/clients/{client}/package/payment");
    let pay = json!({"date": "2026-05-02"});
    assert_eq!(post(&app, &app.head, &pay_path, pay.clone()).await.0, StatusCode::FORBIDDEN, "the head keeps no books");
    let (status, body) = post(&app, &treasurer, &pay_path, pay.clone()).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("insufficient_cash")));
    let funding = json!({"date": "2026-05-01", "memo": "Dana APBD", "lines": [
        {"account": "1101", "debit": "2500000"}, {"account": "4101", "credit": "2500000"}]});
    assert_eq!(app.post_entry(&treasurer, app.panti, funding).await.0, StatusCode::CREATED);
    let (status, paid) = post(&app, &treasurer, &pay_path, pay.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");
    assert_eq!(paid["entry"]["memo"], "Paket bantuan UEP klien K-1");
    assert_eq!(
        paid["entry"]["lines"],
        json!([{"account": "5103", "debit": "1900000.00"}, {"account": "1101", "credit": "1900000.00"}])
    );
    let seq = paid["entry"]["seq"].clone();
    assert_eq!(paid["package"]["payment"]["seq"], seq, "the package names its entry");
    assert_eq!(app.net(app.panti, "2026-05-31", "1101").await, "600000.00");
    assert_eq!(app.net(app.panti, "2026-05-31", "5103").await, "1900000.00");
    let (status, again) = post(&app, &treasurer, &pay_path, pay).await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::CONFLICT, json!("package_already_paid")));
    assert_eq!(app.entries_count(app.panti).await, 2, "funding and one payment");
    let (status, listed) = app.get(&treasurer, &format!("/api/v1/entities/{}/packages", app.panti)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["packages"][0]["client_number"], "K-1");
    assert_eq!(listed["packages"][0]["package"]["payment"]["seq"], seq);
    assert!(!listed.to_string().contains("Klien K-1"), "no names for the treasurer: {listed}");
}

#[tokio::test]
async fn the_staff_register_gives_the_number_of_professional_social_workers() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/staff", app.panti);
    let staff = [
        json!({"name": "Rina", "position": "Pekerja sosial", "joined_on": "2018-01-02", "social_worker_certified_on": "2019-08-17"}),
        json!({"name": "Agus", "position": "Pekerja sosial", "joined_on": "2020-03-01"}),
        json!({"name": "Wati", "position": "Pekerja sosial", "joined_on": "2015-01-05", "left_on": "2025-06-30", "social_worker_certified_on": "2016-01-01"}),
    ];
    let mut ids = Vec::new();
    for body in staff {
        let (status, added) = post(&app, &app.head, &path, body).await;
        assert_eq!(status, StatusCode::CREATED, "{added}");
        ids.push(added["id"].as_u64().unwrap());
    }
    let backwards = json!({"name": "X", "position": "Pengasuh", "joined_on": "2020-01-01", "left_on": "2019-01-01"});
    assert_eq!(post(&app, &app.head, &path, backwards).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let certified = json!({"name": "Agus", "position": "Pekerja sosial", "joined_on": "2020-03-01", "social_worker_certified_on": "2026-02-10"});
    let (status, updated) =
        send(&app.router, "PUT", &format!("{path}/{}", ids[1]), Some(&app.head), Some(certified.clone())).await;
    assert_eq!(
        (status, updated["details"]["social_worker_certified_on"].clone()),
        (StatusCode::OK, json!("2026-02-10"))
    );
    let (status, _) = send(&app.router, "PUT", &format!("{path}/999"), Some(&app.head), Some(certified)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let treasurer = panti_treasurer(&app).await;
    for (year, count) in [(2024, 2), (2025, 1), (2026, 2)] {
        let (status, indicator) = app.get(&treasurer, &format!("{path}/indicator?year={year}")).await;
        assert_eq!(
            (status, indicator["professional_social_workers"].clone()),
            (StatusCode::OK, json!(count)),
            "{year}"
        );
    }
    assert_eq!(app.get(&treasurer, &path).await.0, StatusCode::FORBIDDEN, "names stay with the staff roles");
    assert_eq!(app.get(&app.supervisor, &path).await.1["staff"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn training_statistics_come_as_json_and_csv() {
    let app = spawn_app().await;
    let cohort = add_cohort(&app, "tata-rias", 10).await;
    let (passer, leaver) = (add_client(&app, "K-1", "perempuan").await, add_client(&app, "K-2", "laki_laki").await);
    graduate(&app, cohort, passer).await;
    assert_eq!(enrol(&app, cohort, leaver).await.0, StatusCode::CREATED);
    let sessions = format!("/api/v1/cohorts/{cohort}/sessions");
    let session = json!({"date": "2026-01-12", "topic": "Rias dasar", "present": [passer]});
    assert_eq!(post(&app, &app.head, &sessions, session).await.0, StatusCode::CREATED);
    let left = json!({"outcome": "keluar", "date": "2026-01-20", "reason": "Kembali ke kampung"});
    assert_eq!(finish(&app, cohort, leaver, left).await.0, StatusCode::CREATED);
    assert_eq!(
        place(&app, passer, json!({"kind": "usaha_mandiri", "date": "2026-05-10"})).await.0,
        StatusCode::CREATED
    );
    let visit = json!({"date": "2026-06-10", "business": "berjalan", "income_estimate": "1200000"});
    assert_eq!(
        post(&app, &app.head, &format!("/api/v1/clients/{passer}/follow-ups"), visit).await.0,
        StatusCode::CREATED
    );
    let treasurer = panti_treasurer(&app).await;
    let path = format!("/api/v1/entities/{}/training/statistics", app.panti);
    let (status, stats) = app.get(&treasurer, &format!("{path}?year=2026")).await;
    assert_eq!(status, StatusCode::OK, "aggregates are not personal data: {stats}");
    let total = &stats["statistics"]["rows"][0];
    assert_eq!(
        total,
        &json!({"dimension": "total", "key": "semua", "enrolled": 2, "attendance_rate": "50.00", "completed": 1,
            "completion_rate": "50.00", "passed": 1, "placed_within_3_months": 1, "placed_within_6_months": 1,
            "running_business": 1})
    );
    let (_, empty) = app.get(&treasurer, &format!("{path}?year=2025")).await;
    assert_eq!(empty["statistics"]["rows"][0]["enrolled"], 0);
    let (status, csv) = app.get(&app.supervisor, &format!("{path}?year=2026&format=csv")).await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().unwrap().to_string();
    assert!(csv.starts_with("dimension,key,enrolled,attendance_rate,completed,completion_rate,passed,"), "{csv}");
    assert!(csv.contains("\ntotal,semua,2,50.00,1,50.00,1,1,1,1\n"), "{csv}");
    assert!(csv.contains("\nsex,laki_laki,1,0.00,0,0.00,0,0,0,0\n"), "{csv}");
    assert!(csv.contains("\ncohort,tata-rias/1,2,"), "{csv}");
    assert_eq!(app.get(&treasurer, &format!("{path}?format=xml")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&treasurer, &format!("{path}?year=dua")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&app.member, &path).await.0, StatusCode::FORBIDDEN);
}

/// Runs the real binary on a database this test made and closed again.
fn kube_ledger(args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kube-ledger")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[tokio::test]
async fn clients_import_from_the_command_line_all_or_nothing() {
    use kube_ledger::service::Ledger;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let ledger = Ledger::open(&db).unwrap();
    let panti = ledger.create_entity(kube_ledger::domain::entity::EntityKind::Panti, "PSBK", None).await.unwrap().id;
    drop(ledger);
    // Let the writer thread drop the database before the binary opens it.
    while kube_ledger::store::Store::open(&db).is_err() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let header = "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type\n";
    let (bad, good) = (dir.path().join("salah.csv"), dir.path().join("klien.csv"));
    std::fs::write(&bad, format!("{header}K-1,1,Ani,P,1991-01-01,Islam,Klaten,2026-13-01,pengemis\n")).unwrap();
    std::fs::write(&good, format!("{header}K-1,1,Ani,P,1991-01-01,Islam,Klaten,2026-01-02,pengemis\nK-2,1,Eko,L,1989-03-04,Kristen,Boyolali,2026-01-02,gelandangan\n")).unwrap();
    let panti_arg = panti.to_string();
    let import = |file: &std::path::Path| {
        let file = file.to_str().unwrap().to_string();
        kube_ledger(&["import", "--db", db.to_str().unwrap(), "--entity", &panti_arg, "--kind", "clients", &file])
    };
    let (ok, text) = import(&bad);
    assert!(!ok && text.contains("salah.csv:2: tanggal") && text.contains("tidak ada yang diimpor"), "{text}");
    let (ok, text) = import(&good);
    assert!(ok && text.contains("2 klien diimpor"), "{text}");
    let ledger = Ledger::open(&db).unwrap();
    let numbers: Vec<String> = ledger.clients(panti).unwrap().into_iter().map(|c| c.number().to_string()).collect();
    assert_eq!(numbers, ["K-1", "K-2"]);
}

/// An answer's text with every number `id` written as `ID`, to compare answers about two ids.
fn about(status: StatusCode, body: &Value, id: u64) -> String {
    let (text, id) = (body.to_string(), id.to_string());
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let end = rest[start..].find(|c: char| !c.is_ascii_digit()).map_or(rest.len(), |n| start + n);
        out.push_str(&rest[..start]);
        out.push_str(if rest[start..end] == id { "ID" } else { &rest[start..end] });
        rest = &rest[end..];
    }
    format!("{status} {out}{rest}")
}

/// A head's references to another panti's records, in the path or the body, are answered
/// exactly as references to records that do not exist.
#[tokio::test]
async fn another_pantis_records_are_answered_as_unknown_ones() {
    use kube_ledger::domain::entity::EntityKind;
    let app = spawn_app().await;
    let other = app.ledger.create_entity(EntityKind::Panti, "PSBK Lain", None).await.unwrap().id;
    let other_kube = app.ledger.create_entity(EntityKind::Kube, "KUBE Seberang", Some(other)).await.unwrap().id;
    let other_member = app.ledger.add_member(other_kube, crate::helpers::new_member("SBR-001", "Budi")).await;
    let other_member = other_member.unwrap().id;
    let stray_member = app.ledger.add_member(app.kube_elsewhere, crate::helpers::new_member("LAIN-001", "Ani")).await;
    let stray_member = stray_member.unwrap().id;
    let path = format!("/api/v1/entities/{other}/clients");
    let (status, body) = post(&app, &app.admin, &path, client_body("L-1", "laki-laki")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let other_client = body["id"].as_u64().unwrap();
    let path = format!("/api/v1/entities/{other}/cohorts");
    let (status, body) = post(&app, &app.admin, &path, cohort_body("tahu-tempe", 1, 5)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let other_cohort = body["id"].as_u64().unwrap();
    let cohort = add_cohort(&app, "tahu-tempe", 10).await;
    let client = add_client(&app, "K-1", "perempuan").await;
    graduate(&app, cohort, client).await;
    let unknown = 999_999;
    let date = "2026-01-05";
    let asks: Vec<(&str, Box<dyn Fn(u64) -> (String, Option<Value>)>, u64)> = vec![
        ("GET", Box::new(|id| (format!("/api/v1/clients/{id}"), None)), other_client),
        ("GET", Box::new(|id| (format!("/api/v1/cohorts/{id}/enrolments"), None)), other_cohort),
        (
            "POST",
            Box::new(|id| {
                (format!("/api/v1/cohorts/{id}/enrolments"), Some(json!({"client_id": client, "date": date})))
            }),
            other_cohort,
        ),
        (
            "POST",
            Box::new(|id| {
                (format!("/api/v1/cohorts/{cohort}/enrolments"), Some(json!({"client_id": id, "date": date})))
            }),
            other_client,
        ),
        (
            "POST",
            Box::new(|id| {
                let body = json!({"date": "2026-03-30", "result": "kompeten", "score": 85});
                (format!("/api/v1/cohorts/{cohort}/enrolments/{id}/assessment"), Some(body))
            }),
            other_client,
        ),
        (
            "POST",
            Box::new(|id| {
                let body = json!({"kind": "bergabung_kube", "date": "2026-04-15", "member_id": id});
                (format!("/api/v1/clients/{client}/placement"), Some(body))
            }),
            other_member,
        ),
        (
            "POST",
            Box::new(|id| {
                let body = json!({"kind": "bergabung_kube", "date": "2026-04-15", "member_id": id});
                (format!("/api/v1/clients/{client}/placement"), Some(body))
            }),
            stray_member,
        ),
    ];
    let mut wrong = Vec::new();
    for (method, ask, theirs) in &asks {
        let mut answers = Vec::new();
        for id in [*theirs, unknown] {
            let (path, body) = ask(id);
            let (status, answer) = send(&app.router, method, &path, Some(&app.head), body).await;
            assert!(status.is_client_error(), "{method} {path}: {status} {answer}");
            answers.push(about(status, &answer, id));
        }
        if answers[0] != answers[1] {
            wrong.push(format!("{method} {}: {} / unknown: {}", ask(*theirs).0, answers[0], answers[1]));
        }
    }
    assert!(wrong.is_empty(), "another panti's id told apart from an unknown one:\n{}", wrong.join("\n"));
    let (status, body) = app.get(&app.head, &format!("/api/v1/clients/{client}")).await;
    assert_eq!((status, body["status"].clone()), (StatusCode::OK, json!("aktif")), "nothing was placed");
}

/// The client import is the CSV door of every other import: a file with no rows stores
/// nothing and says so, as an empty expense file does.
#[tokio::test]
async fn a_client_file_without_rows_is_refused() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/clients/import", app.panti);
    let header = "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type\n";
    let headers = [("content-type", "text/csv")];
    let (status, answer) = send_raw(&app.router, "POST", &path, Some(&app.head), &headers, Some(header.into())).await;
    assert_eq!((status, answer["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("no_rows")));
}

/// A new staff record has no number yet: one named in the body is refused at its field,
/// and a change takes it from the path only.
#[tokio::test]
async fn a_staff_number_comes_from_the_path_only() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/staff", app.panti);
    let body = json!({"staff": 7, "name": "Agus", "position": "Pekerja sosial", "joined_on": "2020-03-01"});
    let (status, answer) = post(&app, &app.head, &path, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["problems"][0]["field"], "staff");
    let (_, added) =
        post(&app, &app.head, &path, json!({"name": "Agus", "position": "Pekerja sosial", "joined_on": "2020-03-01"}))
            .await;
    let changed = format!("{path}/{}", added["id"]);
    let (status, _) = send(&app.router, "PUT", &changed, Some(&app.head), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the path names the record");
}
