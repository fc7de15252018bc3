//! Every path keeps every rule of the books: the plain journal, its CSV import and the
//! use cases refuse the same things (issue 16, item 1), and dates stay in the books' range.

use crate::helpers::{new_member, send, send_raw, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", path, Some(&app.treasurer), Some(body)).await
}

async fn import(app: &TestApp, csv: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{}/entries/import", app.kube);
    send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.into())).await
}

fn journal(date: &str, lines: Value) -> Value {
    json!({"date": date, "memo": "Jurnal biasa", "lines": lines})
}

/// Rp100.000 in cash from a grant, and member `member_id` with Rp50.000 of sukarela.
async fn funded(app: &TestApp) {
    let grant =
        journal("2026-02-01", json!([{"account": "1101", "debit": "100000"}, {"account": "3103", "credit": "100000"}]));
    assert_eq!(app.post_entry(&app.treasurer, app.kube, grant).await.0, StatusCode::CREATED);
    let path = format!("/api/v1/entities/{}/savings", app.kube);
    let deposit = json!({"member_id": app.member_id, "kind": "sukarela", "direction": "deposit", "date": "2026-02-02", "amount": "50000"});
    let (status, body) = post(app, &path, deposit).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_journal_line_names_only_members_and_products_of_its_own_entity() {
    let app = spawn_app().await;
    funded(&app).await;
    let other = app.ledger.add_member(app.kube_elsewhere, new_member("LAIN-001", "Orang Lain")).await.unwrap();
    for member in [other.id, 9999] {
        let lines =
            json!([{"account": "1101", "debit": "1000"}, {"account": "2102", "credit": "1000", "member_id": member}]);
        let (status, body) = app.post_entry(&app.treasurer, app.kube, journal("2026-02-03", lines)).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_member"), "{body}");
    }
    let product = send(
        &app.router,
        "POST",
        &format!("/api/v1/entities/{}/products", app.kube_elsewhere),
        Some(&app.admin),
        Some(json!({"code": "KDL", "name": "Kedelai", "unit": "kg", "kind": "bahan_baku", "default_price": "0"})),
    )
    .await;
    assert_eq!(product.0, StatusCode::CREATED, "{}", product.1);
    for product_id in [product.1["id"].as_u64().unwrap(), 9999] {
        let lines = json!([{"account": "1105", "debit": "1000", "product_id": product_id, "quantity": "1"}, {"account": "1101", "credit": "1000"}]);
        let (status, body) = app.post_entry(&app.treasurer, app.kube, journal("2026-02-03", lines)).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_product"), "{body}");
    }
    let csv = format!("entry,date,memo,account,debit,credit,member_id\n1,2026-02-03,Setor,1101,1000,,\n1,2026-02-03,Setor,2102,,1000,{}\n", other.id);
    let (status, body) = import(&app, &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["rows"][0].as_str().unwrap().contains("tidak terdaftar"), "{body}");
    assert_eq!(app.net(app.kube, "2026-12-31", "2102").await, "-50000.00");
}

#[tokio::test]
async fn a_journal_cannot_withdraw_more_sukarela_than_the_member_holds() {
    let app = spawn_app().await;
    funded(&app).await;
    // 100 × the balance, through the plain journal (the savings route refuses it too).
    let lines = json!([{"account": "2102", "debit": "5000000", "member_id": app.member_id}, {"account": "3103", "credit": "5000000"}]);
    let (status, body) = app.post_entry(&app.treasurer, app.kube, journal("2026-02-03", lines)).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_savings"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("Rp50.000"), "names the balance: {body}");
    let balance = app.get(&app.treasurer, &format!("/api/v1/members/{}/balance?as_of=2026-12-31", app.member_id)).await;
    assert_eq!(balance.1["sukarela"], "50000.00", "{}", balance.1);
}

#[tokio::test]
async fn pokok_is_paid_out_only_to_a_member_who_leaves() {
    let app = spawn_app().await;
    funded(&app).await;
    let pokok = journal(
        "2026-02-03",
        json!([{"account": "1101", "debit": "25000"}, {"account": "3101", "credit": "25000", "member_id": app.member_id}]),
    );
    assert_eq!(app.post_entry(&app.treasurer, app.kube, pokok).await.0, StatusCode::CREATED);
    let payout = json!([{"account": "3101", "debit": "25000", "member_id": app.member_id}, {"account": "1101", "credit": "25000"}]);
    let (status, body) = app.post_entry(&app.treasurer, app.kube, journal("2026-02-04", payout.clone())).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "savings_locked"), "{body}");
    let csv = format!("entry,date,memo,account,debit,credit,member_id\n1,2026-02-04,Bayar pokok,3101,25000,,{0}\n1,2026-02-04,Bayar pokok,1101,,25000,\n", app.member_id);
    let (status, body) = import(&app, &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["rows"][0].as_str().unwrap().starts_with("unggahan.csv:2:")
            || body["error"]["rows"][0].as_str().unwrap().contains(":2:"),
        "{body}"
    );
    // Leaving pays everything back in one entry.
    let path = format!("/api/v1/members/{}/exit", app.member_id);
    let (status, body) = post(&app, &path, json!({"date": "2026-02-05"})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.net(app.kube, "2026-12-31", "3101").await, "0.00");
}

#[tokio::test]
async fn cash_never_goes_below_zero_on_any_path() {
    let app = spawn_app().await;
    funded(&app).await;
    // 5,000,000 expense journal against 150,000 in cash.
    let expense = journal(
        "2026-02-03",
        json!([{"account": "5208", "debit": "5000000"}, {"account": "1101", "credit": "5000000"}]),
    );
    let (status, body) = app.post_entry(&app.treasurer, app.kube, expense).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_funds"), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("1101") && message.contains("Rp150.000"), "names the account and balance: {message}");
    let bank = journal("2026-02-03", json!([{"account": "5208", "debit": "1"}, {"account": "1102", "credit": "1"}]));
    let (_, body) = app.post_entry(&app.treasurer, app.kube, bank).await;
    assert_eq!(code(&body), "insufficient_funds", "{body}");
    // Row by row: the second payment finds the cash the first one left.
    let csv = "entry,date,memo,account,debit,credit\n1,2026-02-03,Upah,5201,100000,\n1,2026-02-03,Upah,1101,,100000\n2,2026-02-04,Upah,5201,100000,\n2,2026-02-04,Upah,1101,,100000\n";
    let (status, body) = import(&app, csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let rows = body["error"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{body}");
    assert!(rows[0].as_str().unwrap().contains(":4:"), "the second entry, starting on line 4: {body}");
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "150000.00", "all or nothing");
    // A counted cash below zero is no count.
    let count = json!({"date": "2026-02-05", "counted": "-100", "reason": "hitung ulang"});
    let (status, body) = post(&app, &format!("/api/v1/entities/{}/cash-counts", app.kube), count).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "amount_negative"), "{body}");
}

#[tokio::test]
async fn a_reversal_that_would_empty_the_till_is_refused() {
    let app = spawn_app().await;
    let sale =
        journal("2026-02-01", json!([{"account": "1101", "debit": "100000"}, {"account": "4101", "credit": "100000"}]));
    let (_, first) = app.post_entry(&app.treasurer, app.kube, sale).await;
    let spend =
        journal("2026-02-02", json!([{"account": "5201", "debit": "80000"}, {"account": "1101", "credit": "80000"}]));
    assert_eq!(app.post_entry(&app.treasurer, app.kube, spend).await.0, StatusCode::CREATED);
    let path = format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, first["seq"]);
    let (status, body) = post(&app, &path, json!({"date": "2026-02-03"})).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_funds"), "{body}");
}

#[tokio::test]
async fn dates_outside_2000_to_2100_are_refused_with_the_range() {
    let app = spawn_app().await;
    for date in ["1999-12-31", "2101-01-01", "0000-01-01"] {
        let sale = journal(date, json!([{"account": "1101", "debit": "1"}, {"account": "4101", "credit": "1"}]));
        let (status, body) = app.post_entry(&app.treasurer, app.kube, sale).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range"), "{date}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("01-01-2000"), "{body}");
    }
    let expense = json!({"date": "2101-01-01", "account": "5201", "amount": "1", "description": "Upah"});
    let (status, body) = post(&app, &format!("/api/v1/entities/{}/expenses", app.kube), expense).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range"), "{body}");
    let (status, body) =
        import(&app, "entry,date,memo,account,debit,credit\n1,1999-12-31,Jual,1101,1,\n1,1999-12-31,Jual,4101,,1\n")
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["rows"][0].as_str().unwrap().contains("2000"), "{body}");
    let (status, body) =
        app.get(&app.treasurer, &format!("/api/v1/entities/{}/trial-balance?as_of=1999-12-31", app.kube)).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range"), "{body}");
    // A year close posts on 31 December of its year: a year outside the range has none.
    let (status, body) = post(&app, &format!("/api/v1/entities/{}/periods/1999/close", app.kube), json!({})).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range"), "{body}");
}

#[tokio::test]
async fn the_equipment_threshold_is_per_item_and_a_line_may_be_an_expense() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/purchases", app.kube);
    let line = |quantity: &str, unit_cost: &str, expense: Option<&str>| {
        let mut line = json!({"description": "Kayu bakar", "quantity": quantity, "unit_cost": unit_cost});
        if let Some(account) = expense {
            line["expense_account"] = json!(account);
        }
        json!({"date": "2026-03-01", "supplier": "Pak Darto", "payment": "credit", "lines": [line]})
    };
    // 24 × 100.000 of firewood is 2.400.000, but no single item reaches Rp1.000.000.
    let (status, body) = post(&app, &path, line("24", "100000", None)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.net(app.kube, "2026-12-31", "1201").await, "0.00", "not equipment");
    assert_eq!(app.net(app.kube, "2026-12-31", "5208").await, "2400000.00");
    // One press at 1.000.000 is.
    assert_eq!(post(&app, &path, line("1", "1000000", None)).await.0, StatusCode::CREATED);
    assert_eq!(app.net(app.kube, "2026-12-31", "1201").await, "1000000.00");
    // A line that says it is fuel goes to fuel, however much it costs.
    assert_eq!(post(&app, &path, line("1", "1500000", Some("5203"))).await.0, StatusCode::CREATED);
    assert_eq!(app.net(app.kube, "2026-12-31", "5203").await, "1500000.00");
    for wrong in ["1101", "5000", "9999"] {
        let (status, body) = post(&app, &path, line("1", "5000", Some(wrong))).await;
        assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "wrong_account"), "{wrong}: {body}");
    }
    // The CSV door takes the same column.
    let csv = "purchase,date,supplier,description,expense_account,quantity,unit_cost,payment\n1,2026-03-02,SPBU,Solar,5203,10,6800,credit\n";
    let import = format!("/api/v1/entities/{}/purchases/import", app.kube);
    let (status, body) =
        send_raw(&app.router, "POST", &import, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.into()))
            .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.net(app.kube, "2026-12-31", "5203").await, "1568000.00");
    let csv = "purchase,date,supplier,description,expense_account,quantity,unit_cost,payment\n1,2026-03-02,SPBU,Solar,1101,10,6800,credit\n";
    let (status, body) =
        send_raw(&app.router, "POST", &import, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.into()))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["rows"][0].as_str().unwrap().contains("1101"), "{body}");
}

#[tokio::test]
async fn the_purchase_form_takes_an_expense_account() {
    use crate::pages::session;
    use crate::pages_books::submit;
    let app = spawn_app().await;
    let path = format!("/entities/{}/purchases/new", app.kube);
    let mut fields = vec![
        ("supplier", "SPBU"),
        ("product", ""),
        ("description", "Solar"),
        ("expense_account", "5203"),
        ("quantity", "1"),
        ("unit_cost", "1.200.000"),
        ("payment", "credit"),
        ("date", "2026-03-03"),
    ];
    let answer = submit(&app, &session(&app.treasurer), &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(app.net(app.kube, "2026-12-31", "5203").await, "1200000.00");
    fields[3] = ("expense_account", "1101");
    let answer = submit(&app, &session(&app.treasurer), &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert_eq!(app.net(app.kube, "2026-12-31", "5203").await, "1200000.00");
}

/// Writes `entry` straight into the store as the next entry of `entity`, past every rule.
fn plant(app: &TestApp, entity: u64, entry: kube_ledger::domain::entry::BalancedEntry) {
    use kube_ledger::domain::entry::PostedEntry;
    use kube_ledger::store::{Head, WriteSet};
    let store = app.ledger.store_for_tests();
    let head = store.head(entity).unwrap();
    let mut posted = PostedEntry {
        entity_id: entity,
        seq: head.next_seq,
        entry,
        reverses: None,
        recorded_by: "penyusup".into(),
        recorded_at: "2026-02-10T00:00:00Z".into(),
        prev_hash: head.last_hash,
        hash: head.last_hash,
    };
    posted.hash = posted.compute_hash();
    let mut balances = store.balances(entity).unwrap();
    kube_ledger::domain::books::add_entry(&mut balances, &posted.entry);
    let mut daily = store.daily(entity, posted.entry.date()).unwrap();
    kube_ledger::domain::books::add_entry(&mut daily, &posted.entry);
    let mut writes = WriteSet::default();
    writes.entry(&posted);
    writes.balances(entity, &balances);
    writes.daily(entity, posted.entry.date(), &daily);
    writes.head(entity, &Head { next_seq: posted.seq + 1, last_hash: posted.hash });
    store.commit(writes).unwrap();
}

#[tokio::test]
async fn verify_finds_a_subledger_off_its_control_account_and_an_unregistered_member() {
    use kube_ledger::domain::account::AccountCode;
    use kube_ledger::domain::entry::{BalancedEntry, Line, Memo};
    use kube_ledger::domain::money::Money;
    let app = spawn_app().await;
    funded(&app).await;
    let clean = app.ledger.verify().unwrap();
    assert!(clean.breaches.is_empty(), "{:?}", clean.breaches);
    let code = |text: &str| AccountCode::parse(text).unwrap();
    let amount = Money::parse("1000").unwrap();
    // A sukarela line with no member: the control account moves, no member's subledger does.
    let no_member = vec![Line::debit(code("1101"), amount), Line::credit(code("2102"), amount)];
    let date = "2026-02-10".parse().unwrap();
    plant(&app, app.kube, BalancedEntry::new(date, Memo::parse("Tanam").unwrap(), no_member).unwrap());
    let broken = app.ledger.verify().unwrap();
    assert!(broken.breaches.iter().any(|b| b.contains("buku pembantu anggota akun 2102")), "{:?}", broken.breaches);
    // A line naming another KUBE's member.
    let other = app.ledger.add_member(app.kube_elsewhere, new_member("LAIN-001", "Orang Lain")).await.unwrap();
    let stranger = vec![Line::debit(code("5201"), amount), Line::credit(code("1101"), amount).for_member(other.id)];
    plant(&app, app.kube, BalancedEntry::new(date, Memo::parse("Tanam").unwrap(), stranger).unwrap());
    let broken = app.ledger.verify().unwrap();
    let unregistered = format!("anggota {} tidak terdaftar", other.id);
    assert!(broken.breaches.iter().any(|b| b.contains(&unregistered)), "{:?}", broken.breaches);
}

/// The report's capital section, worked by hand for KUBE Tahu in the first quarter of
/// 2025: a grant of 2.000.000 on 1 January 2025 (in the quarter, booked by journal) and
/// one of 500.000 on 20 December 2024 (before it, by the grants route), sales of 905.000 and no costs. Own capital at the end:
/// the running year's SHU, 905.000 (no savings, nothing closed); grants received in the
/// quarter: 2.000.000.
#[tokio::test]
async fn the_capital_section_counts_the_running_shu_and_the_grants_of_the_period() {
    let app = spawn_app().await;
    let settings = format!("/api/v1/entities/{}/reports/settings", app.panti);
    let (status, body) =
        send(&app.router, "PUT", &settings, Some(&app.head), Some(json!({"start_month": "2025-01"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let grants = format!("/api/v1/entities/{}/grants", app.kube);
    let grant = json!({"source": "dinas_sosial", "programme": "Stimulan", "date": "2024-12-20", "amount": "500000"});
    let (status, body) = post(&app, &grants, grant).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The quarter's grant was booked as a plain journal, not through the grants route.
    let grant = journal(
        "2025-01-01",
        json!([{"account": "1102", "debit": "2000000"}, {"account": "3103", "credit": "2000000"}]),
    );
    assert_eq!(app.post_entry(&app.treasurer, app.kube, grant).await.0, StatusCode::CREATED);
    let sale =
        journal("2025-02-10", json!([{"account": "1101", "debit": "905000"}, {"account": "4101", "credit": "905000"}]));
    assert_eq!(app.post_entry(&app.treasurer, app.kube, sale).await.0, StatusCode::CREATED);
    let (status, capital) =
        app.get(&app.head, &format!("/api/v1/entities/{}/capital?as_of=2025-03-31", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "{capital}");
    assert_eq!(capital["own_capital_total"], "905000.00", "{capital}");
    let (status, report) = app.get(&app.supervisor, &format!("/api/v1/entities/{}/reports/2025-TW1", app.panti)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let tables = report["sections"].as_array().unwrap().iter().flat_map(|s| s["tables"].as_array().unwrap().iter());
    let capital_table =
        tables.into_iter().find(|t| t["title"] == "Perkembangan dan sumber modal").expect("the capital table");
    let rows: Vec<&Value> = capital_table["sections"][0]["rows"].as_array().unwrap().iter().collect();
    let values = |label: &str| {
        rows.iter().find(|r| r["label"] == label).unwrap_or_else(|| panic!("{label}"))["values"][0].clone()
    };
    assert_eq!(values("Modal sendiri akhir periode"), "905000.00");
    assert_eq!(values("Bantuan modal diterima dalam periode"), "2000000.00");
}

/// Worked by hand: 10 kg kedelai bought for 100.000 cash, made into 40 tahu (2.500 each),
/// 10 sold for 35.000 cash (cost 25.000). The direct cash flow lists the 35.000 received
/// and the 100.000 paid; the 25.000 of finished goods out and its cost moved no cash.
#[tokio::test]
async fn the_cash_flow_lists_only_what_moved_cash() {
    let app = spawn_app().await;
    let (_, tahu) = crate::sales::stocked(&app).await;
    let sale = json!({"date": "2026-07-05", "payment": "cash", "lines": [{"product_id": tahu, "quantity": "10", "unit_price": "3500"}]});
    let (status, body) = post(&app, &format!("/api/v1/entities/{}/sales", app.kube), sale).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let path = format!("/api/v1/entities/{}/statements/arus-kas?from=2026-07-01&to=2026-07-31", app.kube);
    let (status, flow) = app.get(&app.head, &path).await;
    assert_eq!(status, StatusCode::OK, "{flow}");
    let rows: Vec<&Value> =
        flow["sections"].as_array().unwrap().iter().flat_map(|s| s["rows"].as_array().unwrap().iter()).collect();
    let value = |label: &str| rows.iter().find(|r| r["label"] == label).map(|r| r["values"][0].clone());
    assert_eq!(value("Penerimaan: Penjualan"), Some(json!("35000.00")), "{flow}");
    assert_eq!(value("Pembayaran: Persediaan Bahan Baku"), Some(json!("-100000.00")), "{flow}");
    assert_eq!(value("Penerimaan: Persediaan Barang Jadi"), None, "{flow}");
    assert_eq!(value("Pembayaran: Harga Pokok Penjualan"), None, "{flow}");
}

#[tokio::test]
async fn a_kube_keeps_a_chart_of_its_own() {
    let app = spawn_app().await;
    funded(&app).await;
    let accounts = |rest: &str| format!("/api/v1/entities/{}/accounts{rest}", app.kube);
    // A fuel account under the expenses.
    let fuel = json!({"code": "5211", "name": "Beban Bahan Bakar", "parent": "5000"});
    let (status, added) = post(&app, &accounts(""), fuel.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!((added["account_type"].clone(), added["active"].clone()), (json!("beban"), json!(true)), "{added}");
    let (_, again) = post(&app, &accounts(""), fuel).await;
    assert_eq!(code(&again), "duplicate_account", "{again}");
    let (_, orphan) = post(&app, &accounts(""), json!({"code": "5212", "name": "Pajak", "parent": "5999"})).await;
    assert_eq!(code(&orphan), "wrong_parent", "{orphan}");
    // Kas holds 150.000: it cannot become a header.
    let (_, header) = post(&app, &accounts(""), json!({"code": "1101.1", "name": "Kas Kecil", "parent": "1101"})).await;
    assert_eq!(code(&header), "account_has_balance", "{header}");
    let pay =
        journal("2026-02-05", json!([{"account": "5211", "debit": "20000"}, {"account": "1101", "credit": "20000"}]));
    assert_eq!(
        app.post_entry(&app.treasurer, app.kube, pay).await.0,
        StatusCode::CREATED,
        "the new account takes postings"
    );
    // Rename keeps the code and what was posted.
    let (status, renamed) = post(&app, &accounts("/rename"), json!({"code": "5211", "name": "Beban BBM"})).await;
    assert_eq!((status, renamed["name"].clone()), (StatusCode::OK, json!("Beban BBM")), "{renamed}");
    assert_eq!(renamed["balance"], "20000.00", "{renamed}");
    // Deactivate: refused while it holds 20.000, done once it is empty, then no postings.
    let (_, refused) = post(&app, &accounts("/deactivate"), json!({"code": "5211"})).await;
    assert_eq!(code(&refused), "account_has_balance", "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("Rp20.000"), "{refused}");
    let back =
        journal("2026-02-06", json!([{"account": "1101", "debit": "20000"}, {"account": "5211", "credit": "20000"}]));
    assert_eq!(app.post_entry(&app.treasurer, app.kube, back).await.0, StatusCode::CREATED);
    let (status, closed) = post(&app, &accounts("/deactivate"), json!({"code": "5211"})).await;
    assert_eq!((status, closed["active"].clone()), (StatusCode::OK, json!(false)), "{closed}");
    let pay =
        journal("2026-02-07", json!([{"account": "5211", "debit": "1000"}, {"account": "1101", "credit": "1000"}]));
    let (status, body) = app.post_entry(&app.treasurer, app.kube, pay).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "account_inactive"), "{body}");
    // The sibling KUBE keeps the shipped chart; the head may read but not change it.
    let (_, sibling) = app.get(&app.admin, &format!("/api/v1/entities/{}/accounts", app.kube_sibling)).await;
    assert!(!sibling["accounts"].as_array().unwrap().iter().any(|a| a["code"] == "5211"));
    let (status, _) = send(
        &app.router,
        "POST",
        &accounts(""),
        Some(&app.head),
        Some(json!({"code": "5213", "name": "X", "parent": "5000"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Each change is in the audit log with who made it.
    let (status, log) = app.get(&app.admin, "/api/v1/audit?limit=1000").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let changes: Vec<&Value> =
        log["events"].as_array().unwrap().iter().filter(|e| e["action"] == "chart_changed").collect();
    assert_eq!(changes.len(), 3, "added, renamed, deactivated: {log}");
    assert!(changes.iter().all(|e| e["actor"] == "bendahara"), "{log}");
}

#[tokio::test]
async fn the_accounts_page_lists_the_chart_and_adds_an_account() {
    use crate::pages::{request, session};
    use crate::pages_books::submit;
    let app = spawn_app().await;
    let path = format!("/entities/{}/accounts", app.kube);
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let fields = [("parent", "5000"), ("code", "5211"), ("name", "Beban Bahan Bakar")];
    let answer = submit(&app, &cookie, &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let listed = request(&app, "GET", &path, &cookie, None).await;
    assert!(
        listed.body.contains("id=\"account-5211\"") && listed.body.contains("Beban Bahan Bakar"),
        "{}",
        listed.body
    );
    // The same code again: refused at the code field, what was typed kept.
    let answer = submit(&app, &cookie, &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("id=\"code-error\">the chart already has an account 5211"), "{}", answer.body);
    // The head reads the chart but gets no form.
    let read = request(&app, "GET", &path, &session(&app.head), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.body.contains("name=\"form_key\""), "{}", read.body);
}

#[tokio::test]
async fn a_journal_cannot_take_out_more_stock_than_is_on_hand() {
    let app = spawn_app().await;
    let (_, tahu) = crate::sales::stocked(&app).await;
    // 40 bungkus on hand; a journal taking 41 out as a loss is refused and names the count.
    let lines = json!([{"account": "5208", "debit": "102500"}, {"account": "1106", "credit": "102500", "product_id": tahu, "quantity": "41"}]);
    let (status, body) = app.post_entry(&app.treasurer, app.kube, journal("2026-07-04", lines)).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_stock"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("tinggal 40"), "{body}");
    let csv = format!("entry,date,memo,account,debit,credit,product_id,quantity\n1,2026-07-04,Rusak,5208,102500,,,\n1,2026-07-04,Rusak,1106,,102500,{tahu},41\n");
    let (status, body) = import(&app, &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["rows"][0].as_str().unwrap().contains("tinggal 40"), "{body}");
}

#[tokio::test]
async fn an_accounts_page_renames_it_and_deactivates_it_once_empty() {
    use crate::pages::{request, session};
    use crate::pages_books::submit;
    let app = spawn_app().await;
    funded(&app).await;
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let page = format!("/entities/{}/accounts/1101", app.kube);
    let shown = request(&app, "GET", &page, &cookie, None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.body.contains("Rp150.000"), "{}", shown.body);
    let rename = format!("/entities/{}/accounts/rename", app.kube);
    let answer = submit(&app, &cookie, &page, &rename, &[("code", "1101"), ("name", "Kas Kelompok")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let (_, accounts) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/accounts", app.kube)).await;
    let cash = accounts["accounts"].as_array().unwrap().iter().find(|a| a["code"] == "1101").unwrap().clone();
    assert_eq!(cash["name"], "Kas Kelompok");
    // Kas holds 150.000: refused, the reason on the page.
    let deactivate = format!("/entities/{}/accounts/deactivate", app.kube);
    let answer = submit(&app, &cookie, &page, &deactivate, &[("code", "1101")]).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("id=\"code-error\">account 1101 still holds Rp150.000"), "{}", answer.body);
    // An empty account goes.
    let empty = format!("/entities/{}/accounts/5210", app.kube);
    let answer = submit(&app, &cookie, &empty, &deactivate, &[("code", "5210")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let shown = request(&app, "GET", &empty, &cookie, None).await;
    assert!(shown.body.contains("(inactive)") && !shown.body.contains("id=\"deactivate\""), "{}", shown.body);
}

/// Cash 100.000 from 1 Feb, 400.000 from 10 Feb, 250.000 from 12 Feb.
async fn cash_over_february(app: &TestApp) {
    let lines = |debit: &str, credit: &str, amount: &str| json!([{"account": debit, "debit": amount}, {"account": credit, "credit": amount}]);
    for (date, debit, credit, amount) in [
        ("2026-02-01", "1101", "3103", "100000"),
        ("2026-02-10", "1101", "4101", "300000"),
        ("2026-02-12", "5208", "1101", "150000"),
    ] {
        let (status, body) =
            app.post_entry(&app.treasurer, app.kube, journal(date, lines(debit, credit, amount))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
}

#[tokio::test]
async fn a_payment_dated_before_the_cash_came_in_is_refused_on_every_path_and_after_reopening() {
    let app = spawn_app().await;
    cash_over_february(&app).await;
    // Rp250.000 is in the till today, but on 5 February there was only Rp100.000.
    let backdated =
        journal("2026-02-05", json!([{"account": "5208", "debit": "120000"}, {"account": "1101", "credit": "120000"}]));
    let (status, body) = app.post_entry(&app.treasurer, app.kube, backdated.clone()).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_funds_on"), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Rp100.000") && message.contains("2026"),
        "names the day's balance and the day: {message}"
    );
    let expense = json!({"account": "5208", "amount": "120000", "paid_from": "kas", "date": "2026-02-05", "description": "Listrik Januari"});
    let (status, body) = post(&app, &format!("/api/v1/entities/{}/expenses", app.kube), expense).await;
    assert_eq!((status, code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_funds_on"), "{body}");
    let within =
        journal("2026-02-05", json!([{"account": "5208", "debit": "90000"}, {"account": "1101", "credit": "90000"}]));
    assert_eq!(app.post_entry(&app.treasurer, app.kube, within).await.0, StatusCode::CREATED);
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "160000.00");

    // The days are rebuilt from the store when the books are opened again.
    let (reopened, kube, dir) = crate::helpers::reopen(app).await;
    use kube_ledger::domain::{account::AccountCode, entry::*, money::Money};
    let amount = Money::parse("20000").unwrap();
    let lines = vec![
        Line::debit(AccountCode::parse("5208").unwrap(), amount),
        Line::credit(AccountCode::parse("1101").unwrap(), amount),
    ];
    // 10.000 left on 5 February (100.000 − 90.000): 20.000 is too much then, not later.
    let early = BalancedEntry::new("2026-02-06".parse().unwrap(), Memo::parse("Upah").unwrap(), lines.clone()).unwrap();
    let refused = reopened.post(kube, vec![early], "bendahara", None).await.unwrap_err();
    assert!(format!("{refused:?}").contains("InsufficientFundsOn"), "{refused:?}");
    let later = BalancedEntry::new("2026-02-10".parse().unwrap(), Memo::parse("Upah").unwrap(), lines).unwrap();
    assert!(reopened.post(kube, vec![later], "bendahara", None).await.is_ok());
    drop(dir);
}
