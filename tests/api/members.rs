use crate::helpers::{new_member, send, send_raw, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", path, Some(token), Some(body)).await
}

/// Bylaws: pokok Rp50.000; wajib Rp10.000 a month, Rp15.000 from April 2026.
async fn with_terms(app: &TestApp) {
    let path = format!("/api/v1/entities/{}/bylaws/savings", app.kube);
    for (from, wajib) in [("2026-01-01", "10000"), ("2026-04-01", "15000")] {
        let (status, body) =
            post(app, &app.treasurer, &path, json!({"effective_from": from, "pokok": "50000", "wajib": wajib})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
}

async fn savings(app: &TestApp, body: Value) -> (StatusCode, Value) {
    post(app, &app.treasurer, &format!("/api/v1/entities/{}/savings", app.kube), body).await
}

fn deposit(member: u64, kind: &str, date: &str) -> Value {
    json!({"member_id": member, "kind": kind, "direction": "deposit", "date": date})
}

async fn balance(app: &TestApp, token: &str, member: u64, as_of: &str) -> (StatusCode, Value) {
    app.get(token, &format!("/api/v1/members/{member}/balance?as_of={as_of}")).await
}

#[tokio::test]
async fn members_are_registered_with_unique_numbers_and_checked_fields() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/members", app.kube);
    let good = json!({"number": "TAHU-002", "name": "Budi Santoso", "kind": "petugas", "nik": "3310111507900001",
        "phone": "081234567890", "joined_on": "2026-02-01"});
    let (status, created) = post(&app, &app.treasurer, &path, good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["number"], "TAHU-002");
    let (status, duplicate) = post(&app, &app.treasurer, &path, good).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(duplicate["error"]["code"], "duplicate_member_number");
    let bad = json!({"number": "TAHU 3", "name": "", "kind": "tamu", "nik": "123", "joined_on": "2026-02-30"});
    let (status, refused) = post(&app, &app.treasurer, &path, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "invalid_member_number");
    let problems = refused["error"]["problems"].as_array().unwrap();
    let fields: Vec<&str> = problems.iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["number", "name", "kind", "joined_on", "nik"], "every bad field named: {refused}");
    let message = refused["error"]["message"].as_str().unwrap();
    for part in ["nomor anggota", "wajib diisi", "tamu", "NIK", "tanggal"] {
        assert!(message.contains(part), "{part} missing from {message}");
    }
    let (_, listed) = app.get(&app.head, &path).await;
    assert_eq!(listed["members"].as_array().unwrap().len(), 2);
    let (status, _) = post(
        &app,
        &app.admin,
        &format!("/api/v1/entities/{}/members", app.panti),
        json!({"number": "P-1", "name": "X", "kind": "klien", "joined_on": "2026-01-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a panti has no members of its own");
}

#[tokio::test]
async fn member_csv_import_is_all_or_nothing_and_names_every_bad_line() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/members/import", app.kube);
    let csv = "number,name,kind,nik,phone,joined_on\nTAHU-010,Ani,klien,,,2026-01-05\nTAHU-011,,klien,,,2026-01-05\nTAHU-012,Dedi,tamu,,,2026-01-05\nTAHU-010,Eko,klien,,,2026-01-05\n";
    let (status, answer) =
        send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.into()))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let rows: Vec<&str> = answer["error"]["rows"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(rows.len(), 3, "every bad row at once, the number taken on line 2 too: {rows:?}");
    assert!(rows[0].starts_with("unggahan.csv:3: "), "{rows:?}");
    assert!(rows[1].starts_with("unggahan.csv:4: "), "{rows:?}");
    assert!(rows[2].starts_with("unggahan.csv:5: nomor anggota TAHU-010 sudah dipakai"), "{rows:?}");
    let csv =
        "number,name,kind,nik,phone,joined_on\nTAHU-010,Ani,klien,,,2026-01-05\nTAHU-010,Eko,klien,,,2026-01-05\n";
    let (status, answer) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[], Some(csv.into())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer["error"]["rows"][0]
            .as_str()
            .unwrap()
            .starts_with("unggahan.csv:3: nomor anggota TAHU-010 sudah dipakai"),
        "{answer}"
    );
    let (_, listed) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/members", app.kube)).await;
    assert_eq!(listed["members"].as_array().unwrap().len(), 1, "only the helper's member: nothing imported");
    let csv = "number,name,kind,joined_on\nTAHU-010,Ani,klien,2026-01-05\nTAHU-011,Eko,keluarga,2026-01-06\n";
    let (status, answer) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[], Some(csv.into())).await;
    assert_eq!((status, answer["imported"].clone()), (StatusCode::CREATED, json!(2)));
}

#[tokio::test]
async fn savings_follow_the_bylaws_and_refuse_a_second_pokok_and_an_overdraft() {
    let app = spawn_app().await;
    let member = app.member_id;
    let (status, body) = savings(&app, deposit(member, "pokok", "2026-02-01")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "no_savings_terms");
    with_terms(&app).await;
    let (status, pokok) = savings(&app, deposit(member, "pokok", "2026-02-01")).await;
    assert_eq!(status, StatusCode::CREATED, "{pokok}");
    assert_eq!(pokok["lines"][1], json!({"account": "3101", "credit": "50000.00", "member_id": member}));
    let (status, again) = savings(&app, deposit(member, "pokok", "2026-02-02")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again["error"]["code"], "pokok_already_paid");
    let mut wajib = deposit(member, "wajib", "2026-02-01");
    wajib["periods"] = json!(3);
    let (status, three) = savings(&app, wajib).await;
    assert_eq!((status, three["total"].clone()), (StatusCode::CREATED, json!("30000.00")));
    let mut sukarela = deposit(member, "sukarela", "2026-02-03");
    sukarela["amount"] = json!("100000");
    assert_eq!(savings(&app, sukarela).await.0, StatusCode::CREATED);
    let overdraft = json!({"member_id": member, "kind": "sukarela", "direction": "withdrawal", "date": "2026-02-04", "amount": "150000"});
    let (status, refused) = savings(&app, overdraft).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "insufficient_savings");
    assert!(refused["error"]["message"].as_str().unwrap().contains("Rp100.000,00"), "{refused}");
    let withdraw = json!({"member_id": member, "kind": "sukarela", "direction": "withdrawal", "date": "2026-02-04", "amount": "40000"});
    assert_eq!(savings(&app, withdraw).await.0, StatusCode::CREATED);
    let (status, balance) = balance(&app, &app.member, member, "2026-02-28").await;
    assert_eq!(status, StatusCode::OK, "{balance}");
    assert_eq!(
        (balance["pokok"].clone(), balance["wajib"].clone(), balance["sukarela"].clone()),
        (json!("50000.00"), json!("30000.00"), json!("60000.00"))
    );
    assert_eq!(balance["total"], "140000.00");
    assert_eq!(app.net(app.kube, "2026-02-28", "1101").await, "140000.00");
}

#[tokio::test]
async fn concurrent_withdrawals_never_overdraw_a_member() {
    let app = spawn_app().await;
    let mut sukarela = deposit(app.member_id, "sukarela", "2026-02-01");
    sukarela["amount"] = json!("100000");
    assert_eq!(savings(&app, sukarela).await.0, StatusCode::CREATED);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (router, token) = (app.router.clone(), app.treasurer.clone());
        let path = format!("/api/v1/entities/{}/savings", app.kube);
        let body = json!({"member_id": app.member_id, "kind": "sukarela", "direction": "withdrawal", "date": "2026-02-02", "amount": "30000"});
        tasks.push(tokio::spawn(async move { send(&router, "POST", &path, Some(&token), Some(body)).await.0 }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::CREATED => created += 1,
            other => assert_eq!(other, StatusCode::UNPROCESSABLE_ENTITY),
        }
    }
    assert_eq!(created, 3, "100.000 covers three withdrawals of 30.000");
    let (_, balance) = balance(&app, &app.treasurer, app.member_id, "2026-12-31").await;
    assert_eq!(balance["sukarela"], "10000.00");
}

/// Worked example: joined 15 Jan 2026; wajib 10.000 to March, 15.000 from April.
/// Paid 3 periods (30.000) covers January to March; as of 20 June, April, May and June
/// are owed: 3 periods, 45.000.
#[tokio::test]
async fn arrears_worked_example() {
    let app = spawn_app().await;
    with_terms(&app).await;
    let mut wajib = deposit(app.member_id, "wajib", "2026-03-10");
    wajib["periods"] = json!(3);
    assert_eq!(savings(&app, wajib).await.0, StatusCode::CREATED);
    let (_, balance) = balance(&app, &app.member, app.member_id, "2026-06-20").await;
    assert_eq!(balance["arrears"], json!({"as_of": "2026-06-20", "periods": 3, "amount": "45000.00"}));
    let (status, list) = app.get(&app.head, &format!("/api/v1/entities/{}/arrears?as_of=2026-06-20", app.kube)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], "45000.00");
}

#[tokio::test]
async fn a_member_sees_only_their_own_balance_and_statement() {
    let app = spawn_app().await;
    let other = app.ledger.add_member(app.kube, new_member("TAHU-002", "Budi")).await.unwrap();
    let (status, _) = balance(&app, &app.member, app.member_id, "2026-12-31").await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        format!("/api/v1/members/{}/balance", other.id),
        format!("/api/v1/members/{}/statement", other.id),
        format!("/api/v1/members/{}", other.id),
        "/api/v1/members/999/balance".into(),
    ] {
        let (status, _) = app.get(&app.member, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let (status, _) = app.get(&app.member, &format!("/api/v1/entities/{}/members", app.kube)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &app,
        &app.member,
        &format!("/api/v1/entities/{}/savings", app.kube),
        deposit(app.member_id, "wajib", "2026-02-01"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a member cannot post");
    // The treasurer of another KUBE can neither read nor post for this member.
    app.ledger
        .create_user(
            "bendahara.jahit",
            kube_ledger::domain::user::Role::Treasurer,
            Some(app.kube_sibling),
            crate::helpers::PASSWORD,
        )
        .await
        .unwrap();
    let stranger = crate::helpers::login(&app.router, "bendahara.jahit", crate::helpers::PASSWORD).await;
    assert_eq!(balance(&app, &stranger, app.member_id, "2026-12-31").await.0, StatusCode::FORBIDDEN);
    // Posting into its own books, the member of other books is not in their register:
    // refused at the field, whether the member exists elsewhere or not, nothing stored.
    let before = app.entries_count(app.kube).await;
    for member in [app.member_id, 999] {
        let (status, refused) = post(
            &app,
            &stranger,
            &format!("/api/v1/entities/{}/savings", app.kube_sibling),
            deposit(member, "wajib", "2026-02-01"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["error"]["code"], "unknown_member");
        assert_eq!(refused["error"]["problems"][0]["field"], "member_id");
    }
    assert_eq!(app.entries_count(app.kube).await, before);
    let (status, _) = post(
        &app,
        &stranger,
        &format!("/api/v1/entities/{}/savings", app.kube),
        deposit(app.member_id, "wajib", "2026-02-01"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nor into the member's own books");
}

#[tokio::test]
async fn the_statement_shows_every_movement_with_a_running_balance() {
    let app = spawn_app().await;
    for (direction, amount, date) in
        [("deposit", "20000", "2026-02-01"), ("deposit", "5000", "2026-03-01"), ("withdrawal", "7000", "2026-04-01")]
    {
        let body = json!({"member_id": app.member_id, "kind": "sukarela", "direction": direction, "date": date, "amount": amount});
        assert_eq!(savings(&app, body).await.0, StatusCode::CREATED);
    }
    let (status, statement) = app
        .get(&app.member, &format!("/api/v1/members/{}/statement?from=2026-03-01&to=2026-12-31", app.member_id))
        .await;
    assert_eq!(status, StatusCode::OK, "{statement}");
    assert_eq!(statement["opening"]["2102"], "20000.00");
    let balances: Vec<&str> =
        statement["lines"].as_array().unwrap().iter().map(|l| l["balance"].as_str().unwrap()).collect();
    assert_eq!(balances, ["25000.00", "18000.00"]);
    assert_eq!(statement["closing"]["2102"], "18000.00");
}

#[tokio::test]
async fn an_exit_pays_everything_back_once_and_only_from_cash_on_hand() {
    let app = spawn_app().await;
    with_terms(&app).await;
    assert_eq!(savings(&app, deposit(app.member_id, "pokok", "2026-02-01")).await.0, StatusCode::CREATED);
    let mut sukarela = deposit(app.member_id, "sukarela", "2026-02-01");
    sukarela["amount"] = json!("20000");
    assert_eq!(savings(&app, sukarela).await.0, StatusCode::CREATED);
    // Spend most of the cash: 70.000 in, 60.000 out leaves 10.000.
    let spend = json!({"date": "2026-02-02", "memo": "Bayar upah", "lines": [{"account": "5201", "debit": "60000"}, {"account": "1101", "credit": "60000"}]});
    assert_eq!(app.post_entry(&app.treasurer, app.kube, spend).await.0, StatusCode::CREATED);
    let exit = format!("/api/v1/members/{}/exit", app.member_id);
    let (status, refused) = post(&app, &app.treasurer, &exit, json!({"date": "2026-03-01"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "insufficient_cash");
    let sale = crate::helpers::sale("2026-02-20", "100000");
    app.post_entry(&app.treasurer, app.kube, sale).await;
    let (status, exited) = post(&app, &app.treasurer, &exit, json!({"date": "2026-03-01"})).await;
    assert_eq!(status, StatusCode::CREATED, "{exited}");
    assert_eq!(exited["member"]["exited_on"], "2026-03-01");
    assert_eq!(exited["entry"]["total"], "70000.00");
    let (_, balance) = balance(&app, &app.member, app.member_id, "2026-12-31").await;
    assert_eq!(balance["total"], "0.00", "the member keeps their history, with nothing left owed");
    let (status, again) = post(&app, &app.treasurer, &exit, json!({"date": "2026-03-02"})).await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("member_exited")));
    let (status, after) = savings(&app, deposit(app.member_id, "wajib", "2026-03-05")).await;
    assert_eq!((status, after["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("member_exited")));
}

#[tokio::test]
async fn the_same_savings_request_twice_with_one_key_stores_one_deposit() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/savings", app.kube);
    let body = json!({"member_id": app.member_id, "kind": "sukarela", "direction": "deposit", "date": "2026-02-01", "amount": "25000"}).to_string();
    let key = [("idempotency-key", "setor-0001")];
    let (first, one) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body.clone())).await;
    let (second, two) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body)).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!((one["seq"].clone(), two["replayed"].clone()), (two["seq"].clone(), json!(true)));
    let (_, balance) = balance(&app, &app.member, app.member_id, "2026-12-31").await;
    assert_eq!(balance["sukarela"], "25000.00");
}

#[tokio::test]
async fn grants_keep_their_source_and_show_in_the_capital_structure() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/grants", app.kube);
    let cash = json!({"source": "dinas_sosial", "programme": "Bantuan Stimulan KUBE 2026", "date": "2026-01-10", "amount": "10000000"});
    let (status, entry) = post(&app, &app.treasurer, &path, cash).await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    let goods = json!({"source": "csr", "programme": "CSR Bank Jateng", "date": "2026-01-20", "amount": "5000000", "form": "barang"});
    let (status, entry) = post(&app, &app.treasurer, &path, goods).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(entry["lines"][0], json!({"account": "1201", "debit": "5000000.00"}));
    let bad = json!({"source": "arisan", "programme": "X", "date": "2026-01-20", "amount": "5"});
    assert_eq!(post(&app, &app.treasurer, &path, bad).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, listed) = app.get(&app.head, &path).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["grants"].as_array().unwrap().len(), 2);
    let (status, capital) =
        app.get(&app.head, &format!("/api/v1/entities/{}/capital?as_of=2026-12-31", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "{capital}");
    assert_eq!(capital["grants_by_source"], json!({"dinas_sosial": "10000000.00", "csr": "5000000.00"}));
    assert_eq!(capital["donated_capital"], "15000000.00");
    let (_, early) = app.get(&app.head, &format!("/api/v1/entities/{}/capital?as_of=2026-01-15", app.kube)).await;
    assert_eq!(early["donated_capital"], "10000000.00");
}

#[tokio::test]
async fn a_loan_is_repaid_never_beyond_its_outstanding_principal() {
    let app = spawn_app().await;
    let loans = format!("/api/v1/entities/{}/loans", app.kube);
    let loan = json!({"lender": "BRI Unit Wedi", "rate_percent": "6", "term_months": 12, "date": "2026-07-02", "principal": "15000000", "via": "bank"});
    let (status, received) = post(&app, &app.treasurer, &loans, loan).await;
    assert_eq!(status, StatusCode::CREATED, "{received}");
    let loan_id = received["seq"].as_u64().unwrap();
    let (status, schedule) = app.get(&app.treasurer, &format!("{loans}/{loan_id}/schedule")).await;
    assert_eq!(status, StatusCode::OK, "{schedule}");
    assert_eq!(schedule["schedule"].as_array().unwrap().len(), 12);
    assert_eq!(schedule["schedule"][0]["principal"], "1250000.00");
    assert_eq!(schedule["schedule"][0]["interest"], "75000.00");
    let repay = format!("{loans}/{loan_id}/repayments");
    let (status, paid) = post(
        &app,
        &app.treasurer,
        &repay,
        json!({"date": "2026-08-02", "principal": "1250000", "interest": "75000", "via": "bank"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");
    let (_, listed) = app.get(&app.treasurer, &loans).await;
    assert_eq!(listed["loans"][0]["outstanding"], "13750000.00");
    let (status, over) = post(
        &app,
        &app.treasurer,
        &repay,
        json!({"date": "2026-09-02", "principal": "13750001", "interest": "0", "via": "bank"}),
    )
    .await;
    assert_eq!((status, over["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("over_repayment")));
    // Undo the repayment: the principal is owed again.
    let (status, _) = post(
        &app,
        &app.treasurer,
        &format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, paid["seq"]),
        json!({"date": "2026-08-03"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, listed) = app.get(&app.treasurer, &loans).await;
    assert_eq!(listed["loans"][0]["outstanding"], "15000000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "2201").await, "-15000000.00");
}

#[tokio::test]
async fn a_deposit_already_withdrawn_cannot_be_reversed() {
    let app = spawn_app().await;
    let mut sukarela = deposit(app.member_id, "sukarela", "2026-02-01");
    sukarela["amount"] = json!("100000");
    let (_, deposited) = savings(&app, sukarela).await;
    let withdraw = json!({"member_id": app.member_id, "kind": "sukarela", "direction": "withdrawal", "date": "2026-02-02", "amount": "100000"});
    assert_eq!(savings(&app, withdraw).await.0, StatusCode::CREATED);
    let reverse = format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, deposited["seq"]);
    let (status, refused) = post(&app, &app.treasurer, &reverse, json!({"date": "2026-02-03"})).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("insufficient_savings")),
        "{refused}"
    );
    let (_, balance) = balance(&app, &app.member, app.member_id, "2026-12-31").await;
    assert_eq!(balance["sukarela"], "0.00");
}
