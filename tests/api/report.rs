//! The empowerment report's plan, assessments, stage and reports due (issue 7, parts 1–3),
//! through the real router.

use crate::helpers::{send, send_raw, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn call(app: &TestApp, method: &str, token: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    send(&app.router, method, path, Some(token), body).await
}

pub fn plan_body(kube: u64, seed_amount: &str) -> Value {
    json!({"activities": [
        {"field": "perikanan_peternakan", "kube_id": kube, "name": "Budidaya lele", "group": "Kelompok Lele",
         "responsible": [{"name": "Pak Darto", "position": "Pekerja Sosial"}],
         "needs": [
            {"kind": "bibit", "item": "Bibit lele 5.000 ekor", "funding_source": "kemensos", "amount": seed_amount},
            {"kind": "peralatan", "item": "Terpal kolam", "funding_source": "swadaya", "amount": "750000"}]},
        {"field": "lingkungan", "name": "Kerja bakti taman", "group": "Seluruh penghuni",
         "responsible": [{"name": "Bu Ani", "position": "Kepala Seksi Rehabilitasi"}],
         "needs": [{"kind": "biaya", "item": "Cat dan sapu", "funding_source": "dipa_panti", "amount": "300000"}]}
    ]})
}

fn rating(score: i64) -> Value {
    json!({"score": score, "notes": "Dinilai saat kunjungan"})
}

pub fn assessment_body(assessed_on: &str, kube: u64) -> Value {
    json!({
        "assessed_on": assessed_on,
        "assessor": {"name": "Drs. Sutrisno", "position": "Kepala Panti"},
        "environment": {
            "gardens_and_rooms": rating(3), "yard_and_garden": rating(2), "room_cleanliness": rating(4),
            "bathrooms_and_kitchen": rating(1), "room_harmony": rating(3), "community_national_events": rating(4),
            "community_religious_events": rating(4), "community_local_events": rating(2)},
        "conduct": {
            "staff": {"attitude": "Terbuka", "role": "Mendampingi kelompok"},
            "clients": {"behaviour": "Disiplin hadir"},
            "families": {"role": "Membantu pemasaran"}},
        "groups": [{"group": "Kelompok Lele", "field": "perikanan_peternakan", "kube_id": kube,
            "cooperation": "Kompak", "way_of_working": "Piket bergilir", "results": "Panen 200 kg",
            "problems": "Air kolam keruh", "solutions": "Ganti air tiap minggu"}],
        "monitors": [{"role": "kepala_panti", "name": "Drs. Sutrisno", "position": "Kepala Panti"},
                     {"role": "pejabat_fungsional", "name": "Bu Rina", "position": "Pekerja Sosial Ahli"}],
        "evaluators": [{"role": "ketua_program_non_koperasi", "name": "Pak Joko", "position": "Ketua Program"}]
    })
}

/// Reporting starts in January 2026 with the default 15 days; set by the head.
async fn start_reporting(app: &TestApp, due_days: Option<u64>) {
    let mut body = json!({"start_month": "2026-01"});
    if let Some(days) = due_days {
        body["due_days"] = json!(days);
    }
    let path = format!("/api/v1/entities/{}/reports/settings", app.panti);
    let (status, settings) = call(app, "PUT", &app.head, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
}

async fn mark(app: &TestApp, stage: &str, date: &str) -> (StatusCode, Value) {
    let body = json!({"stage": stage, "date": date, "reason": "Usaha KUBE sudah mandiri"});
    call(app, "POST", &app.head, &format!("/api/v1/entities/{}/stage", app.panti), Some(body)).await
}

/// (key, status, due) of every report listed on a date.
async fn due(app: &TestApp, as_of: &str) -> Vec<(String, String, String)> {
    let path = format!("/api/v1/entities/{}/reports/due?as_of={as_of}", app.panti);
    let (status, listing) = app.get(&app.supervisor, &path).await;
    assert_eq!(status, StatusCode::OK, "{listing}");
    let text = |v: &Value| v.as_str().unwrap().to_string();
    listing["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (text(&r["key"]), text(&r["status"]), text(&r["due"])))
        .collect()
}

fn row(key: &str, status: &str, due: &str) -> (String, String, String) {
    (key.into(), status.into(), due.into())
}

#[tokio::test]
async fn a_new_plan_is_a_new_version_and_every_version_stays_readable() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/plans/2026", app.panti);
    let (status, first) = call(&app, "PUT", &app.head, &path, Some(plan_body(app.kube, "1500000.50"))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!((first["version"].clone(), first["recorded_by"].clone()), (json!(1), json!("kepala")));
    assert_eq!(first["budget"]["total"], "2550000.50");
    assert_eq!(first["budget"]["by_funding_source"]["kemensos"], "1500000.50");
    assert_eq!(first["budget"]["by_field"]["perikanan_peternakan"], "2250000.50");
    assert_eq!(first["budget"]["by_kube"][app.kube.to_string()], "2250000.50");
    assert_eq!(first["activities"][1]["kube_id"], Value::Null);

    let (status, second) = call(&app, "PUT", &app.head, &path, Some(plan_body(app.kube_sibling, "2000000"))).await;
    assert_eq!((status, second["version"].clone()), (StatusCode::OK, json!(2)), "{second}");
    let (_, latest) = app.get(&app.supervisor, &path).await;
    assert_eq!((latest["version"].clone(), latest["budget"]["total"].clone()), (json!(2), json!("3050000.00")));
    let (_, old) = app.get(&app.supervisor, &format!("{path}?version=1")).await;
    assert_eq!(old, first, "the first version reads back as it was answered");
    let (_, versions) = app.get(&app.head, &format!("{path}/versions")).await;
    let totals: Vec<&str> =
        versions["versions"].as_array().unwrap().iter().map(|v| v["budget_total"].as_str().unwrap()).collect();
    assert_eq!(totals, ["2550000.50", "3050000.00"]);

    let (status, body) = app.get(&app.head, &format!("{path}?version=3")).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::NOT_FOUND, json!("no_plan")));
    let (status, _) = app.get(&app.head, &format!("/api/v1/entities/{}/plans/2027", app.panti)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_plan_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/plans/2026", app.panti);
    let cases = [
        (plan_body(app.kube_elsewhere, "1000"), "invalid_report", "bukan KUBE atau koperasi di bawah panti ini"),
        (plan_body(app.kube, "0"), "invalid_report", "harus lebih dari nol"),
        (plan_body(app.kube, "1000.505"), "invalid_amount", "jumlah \"1000.505\" tidak sah"),
        (json!({"activities": []}), "invalid_report", "kegiatan"),
    ];
    for (body, code, message) in cases {
        let (status, refused) = call(&app, "PUT", &app.head, &path, Some(body)).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{refused}"
        );
        assert!(refused["error"]["message"].as_str().unwrap().contains(message), "{refused}");
    }
    let mut float = plan_body(app.kube, "1000");
    float["activities"][0]["needs"][0]["amount"] = json!(1000.5);
    let (status, refused) = call(&app, "PUT", &app.head, &path, Some(float)).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid_amount")));
    let (status, _) =
        call(&app, "PUT", &app.head, "/api/v1/entities/1/plans/1999", Some(plan_body(app.kube, "1"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, versions) = app.get(&app.head, &format!("{path}/versions")).await;
    assert_eq!(versions["versions"], json!([]));
}

/// The year of issue 7's scenario: Triwulan I and II, marked mapan in August, then
/// Semester II and Tahunan; the list at several dates.
#[tokio::test]
async fn the_due_list_follows_the_stage_from_quarters_to_semesters() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/reports/due?as_of=2026-05-10", app.panti);
    let (status, refused) = app.get(&app.head, &path).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("no_report_settings"))
    );
    let (status, _) = mark(&app, "mapan", "2026-08-10").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no stage before reporting starts");
    start_reporting(&app, None).await;

    assert_eq!(
        due(&app, "2026-05-10").await,
        [row("2026-TW1", "terlambat", "2026-04-15"), row("2026-TW2", "berjalan", "2026-07-15")]
    );
    assert_eq!(due(&app, "2026-07-15").await[1], row("2026-TW2", "jatuh_tempo", "2026-07-15"));

    let (status, change) = mark(&app, "mapan", "2026-08-10").await;
    assert_eq!(status, StatusCode::CREATED, "{change}");
    assert_eq!(
        (change["changed_by"].as_str(), change["reason"].as_str()),
        (Some("kepala"), Some("Usaha KUBE sudah mandiri"))
    );
    assert_eq!(
        due(&app, "2026-08-20").await,
        [
            row("2026-TW1", "terlambat", "2026-04-15"),
            row("2026-TW2", "terlambat", "2026-07-15"),
            row("2026-SM2", "berjalan", "2027-01-15"),
            row("2026-TH", "berjalan", "2027-01-15"),
        ]
    );
    let january = due(&app, "2027-01-10").await;
    assert_eq!(
        january[2..],
        [
            row("2026-SM2", "jatuh_tempo", "2027-01-15"),
            row("2026-TH", "jatuh_tempo", "2027-01-15"),
            row("2027-SM1", "berjalan", "2027-07-15"),
            row("2027-TH", "berjalan", "2028-01-15"),
        ]
    );
    let (_, listing) =
        app.get(&app.head, &format!("/api/v1/entities/{}/reports/due?as_of=2026-08-20", app.panti)).await;
    assert_eq!(listing["stage"], "mapan");
    assert_eq!(listing["reports"][2]["title"], "Semester II 2026");
    assert_eq!(
        (listing["reports"][2]["start"].as_str(), listing["reports"][3]["number"].clone()),
        (Some("2026-07-01"), Value::Null)
    );
    assert_eq!(listing["settings"], json!({"entity_id": app.panti, "start_month": "2026-01", "due_days": 15}));

    let far = format!("/api/v1/entities/{}/reports/due?as_of=9999-12-31", app.panti);
    assert_eq!(app.get(&app.head, &far).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // A longer grace period moves every due date.
    start_reporting(&app, Some(30)).await;
    assert_eq!(due(&app, "2026-05-10").await[0], row("2026-TW1", "terlambat", "2026-04-30"));
}

#[tokio::test]
async fn stage_changes_are_kept_in_order_with_who_and_why() {
    let app = spawn_app().await;
    start_reporting(&app, None).await;
    assert_eq!(mark(&app, "mapan", "2026-11-03").await.0, StatusCode::CREATED);
    let (status, again) = mark(&app, "mapan", "2026-12-01").await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::CONFLICT, json!("stage_unchanged")));
    let (status, early) = mark(&app, "awal", "2026-11-02").await;
    assert_eq!((status, early["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("stage_date")));
    let body = json!({"stage": "awal", "date": "2027-02-01", "reason": "  "});
    let path = format!("/api/v1/entities/{}/stage", app.panti);
    assert_eq!(
        call(&app, "POST", &app.head, &path, Some(body)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let (status, _) =
        call(&app, "POST", &app.supervisor, &path, Some(json!({"stage": "awal", "date": "2027-02-01", "reason": "x"})))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the supervisor reads only");
    let admin_change = json!({"stage": "awal", "date": "2027-09-01", "reason": "Pengurus KUBE berganti"});
    assert_eq!(call(&app, "POST", &app.admin, &path, Some(admin_change)).await.0, StatusCode::CREATED);

    let (_, stage) = app.get(&app.supervisor, &path).await;
    assert_eq!(stage["stage"], "awal");
    let changes: Vec<(&str, &str, &str)> = stage["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["date"].as_str().unwrap(), c["stage"].as_str().unwrap(), c["changed_by"].as_str().unwrap()))
        .collect();
    assert_eq!(changes, [("2026-11-03", "mapan", "kepala"), ("2027-09-01", "awal", "admin")]);
    // November: Triwulan IV, then semesters; back to awal in September 2027: Semester I
    // had ended, so quarters from July and no Tahunan 2027.
    let keys: Vec<String> = due(&app, "2027-12-31").await.into_iter().map(|(key, _, _)| key).collect();
    assert_eq!(keys, ["2026-TW1", "2026-TW2", "2026-TW3", "2026-TW4", "2027-SM1", "2027-TW3", "2027-TW4"]);

    let settings = json!({"start_month": "2026-12"});
    let (status, refused) =
        call(&app, "PUT", &app.head, &format!("/api/v1/entities/{}/reports/settings", app.panti), Some(settings)).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("stage_date")));
}

#[tokio::test]
async fn assessments_are_recorded_per_report_period_and_all_stay_readable() {
    let app = spawn_app().await;
    start_reporting(&app, None).await;
    let path = |period: &str| format!("/api/v1/entities/{}/assessments?period={period}", app.panti);
    let (status, first) =
        call(&app, "POST", &app.head, &path("2026-TW2"), Some(assessment_body("2026-06-25", app.kube))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!((first["period"].as_str(), first["recorded_by"].as_str()), (Some("2026-TW2"), Some("kepala")));
    assert_eq!(
        first["details"]["environment"]["bathrooms_and_kitchen"],
        json!({"score": 1, "notes": "Dinilai saat kunjungan"})
    );
    assert_eq!(first["details"]["evaluators"][0]["role"], "ketua_program_non_koperasi");
    let (status, second) =
        call(&app, "POST", &app.admin, &path("2026-TW2"), Some(assessment_body("2026-07-02", app.kube))).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    call(&app, "POST", &app.head, &path("2026-TW1"), Some(assessment_body("2026-03-30", app.kube))).await;

    let (status, listed) = app.get(&app.supervisor, &path("2026-TW2")).await;
    assert_eq!(status, StatusCode::OK);
    let dates: Vec<&str> = listed["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["details"]["assessed_on"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-06-25", "2026-07-02"]);
    let (_, all) = app.get(&app.head, &format!("/api/v1/entities/{}/assessments", app.panti)).await;
    let periods: Vec<&str> =
        all["assessments"].as_array().unwrap().iter().map(|a| a["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2026-TW1", "2026-TW2", "2026-TW2"]);
}

#[tokio::test]
async fn an_assessment_outside_the_cadence_or_badly_filled_is_refused() {
    let app = spawn_app().await;
    start_reporting(&app, None).await;
    let path = |period: &str| format!("/api/v1/entities/{}/assessments?period={period}", app.panti);
    let good = || assessment_body("2026-06-25", app.kube);
    let mut bad_score = good();
    bad_score["environment"]["room_harmony"]["score"] = json!(5);
    let mut bad_monitor = good();
    bad_monitor["monitors"][0]["role"] = json!("ketua_koperasi");
    let mut no_evaluator = good();
    no_evaluator["evaluators"] = json!([]);
    let mut silent_families = good();
    silent_families["conduct"]["families"] = json!({"attitude": " "});
    let mut stray_group = good();
    stray_group["groups"][0]["kube_id"] = json!(app.kube_elsewhere);
    let cases = [
        ("2026-SM1", good(), "invalid_period", "bukan periode laporan"),
        ("2026-TW5", good(), "invalid_period", "tidak dikenal"),
        ("2026-TW3", good(), "invalid_report", "sebelum periode 2026-TW3 dimulai"),
        ("2026-TW2", bad_score, "invalid_report", "1 kurang, 2 cukup, 3 baik, 4 sangat baik"),
        ("2026-TW2", bad_monitor, "invalid_report", "ketua_koperasi"),
        ("2026-TW2", no_evaluator, "invalid_report", "pelaksana evaluasi"),
        ("2026-TW2", silent_families, "invalid_report", "keluarga penghuni"),
        ("2026-TW2", stray_group, "invalid_report", "bukan KUBE"),
    ];
    for (period, body, code, message) in cases {
        let (status, refused) = call(&app, "POST", &app.head, &path(period), Some(body)).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{period}: {refused}"
        );
        assert!(refused["error"]["message"].as_str().unwrap().contains(message), "{refused}");
    }
    let no_period = format!("/api/v1/entities/{}/assessments", app.panti);
    assert_eq!(call(&app, "POST", &app.head, &no_period, Some(good())).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, all) = app.get(&app.head, &no_period).await;
    assert_eq!(all["assessments"], json!([]), "nothing refused was stored");
}

/// Gives the panti report settings and a plan, so that every read route has something.
pub async fn prepare_report_routes(app: &TestApp) {
    start_reporting(app, None).await;
    let path = format!("/api/v1/entities/{}/plans/2026", app.panti);
    assert_eq!(call(app, "PUT", &app.head, &path, Some(plan_body(app.kube, "1000"))).await.0, StatusCode::CREATED);
}

/// Whether `role` may read and write the report records of `entity`, and the status a
/// route answers with `ok` when allowed: 403 when not, 422 `not_panti` off a panti.
pub fn report_rights(role: &str, entity: &str) -> (bool, bool, impl Fn(bool, StatusCode) -> StatusCode) {
    let is_panti = entity == "panti";
    let can_read = role == "admin" || (is_panti && matches!(role, "head" | "supervisor"));
    let can_write = role == "admin" || (is_panti && role == "head");
    let expected = move |allowed: bool, ok: StatusCode| match (allowed, is_panti) {
        (false, _) => StatusCode::FORBIDDEN,
        (true, false) => StatusCode::UNPROCESSABLE_ENTITY,
        (true, true) => ok,
    };
    (can_read, can_write, expected)
}

/// The report routes for one role on one entity of the authorisation matrix: the panti's
/// head and admin write, its supervisor reads, nobody else gets in; an admin asking for a
/// KUBE's report is told it is not a panti.
pub async fn assert_report_access(app: &TestApp, role: &str, token: &str, entity: &str, id: u64, stage: &mut bool) {
    let (can_read, can_write, expected) = report_rights(role, entity);
    let base = format!("/api/v1/entities/{id}");
    for path in [
        "/plans/2026",
        "/plans/2026/versions",
        "/reports/settings",
        "/reports/due?as_of=2026-12-31",
        "/stage",
        "/assessments",
    ] {
        let (status, body) = app.get(token, &format!("{base}{path}")).await;
        assert_eq!(status, expected(can_read, StatusCode::OK), "{role} GET {entity}{path}: {body}");
    }
    let stage_body =
        json!({"stage": if *stage { "awal" } else { "mapan" }, "date": "2026-08-10", "reason": "Uji hak akses"});
    let writes = [
        ("PUT", "/plans/2026".to_string(), plan_body(app.kube, "1000"), StatusCode::OK),
        ("PUT", "/reports/settings".into(), json!({"start_month": "2026-01"}), StatusCode::OK),
        ("POST", "/stage".into(), stage_body, StatusCode::CREATED),
        ("POST", "/assessments?period=2026-TW1".into(), assessment_body("2026-03-30", app.kube), StatusCode::CREATED),
    ];
    for (method, path, body, ok) in writes {
        let (status, answer) = call(app, method, token, &format!("{base}{path}"), Some(body)).await;
        assert_eq!(status, expected(can_write, ok), "{role} {method} {entity}{path}: {answer}");
        if path == "/stage" && status == StatusCode::CREATED {
            *stage = !*stage;
        }
    }
}

/// Posts an assessment of `period` under the idempotency key `nilai-tw2`.
async fn assess_once(app: &TestApp, period: &str, body: &Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{}/assessments?period={period}", app.panti);
    let key = [("idempotency-key", "nilai-tw2")];
    send_raw(&app.router, "POST", &path, Some(&app.head), &key, Some(body.to_string())).await
}

#[tokio::test]
async fn an_assessment_resent_under_its_idempotency_key_is_stored_once() {
    let app = spawn_app().await;
    start_reporting(&app, None).await;
    let body = assessment_body("2026-06-25", app.kube);
    let (first, stored) = assess_once(&app, "2026-TW2", &body).await;
    assert_eq!(first, StatusCode::CREATED, "{stored}");
    let (again, replayed) = assess_once(&app, "2026-TW2", &body).await;
    assert_eq!((again, &replayed), (StatusCode::CREATED, &stored), "the resend answers the one stored");
    let (other_period, conflict) = assess_once(&app, "2026-TW3", &body).await;
    assert_eq!(
        (other_period, conflict["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("idempotency_conflict"))
    );
    let (_, all) = app.get(&app.head, &format!("/api/v1/entities/{}/assessments", app.panti)).await;
    assert_eq!(all["assessments"].as_array().unwrap().len(), 1);
}
