use crate::helpers::{send, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, entity: u64, path: &str, body: Value) -> Value {
    let (status, answer) =
        send(&app.router, "POST", &format!("/api/v1/entities/{entity}/{path}"), Some(&app.admin), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
    answer
}

fn bylaws() -> Value {
    bylaws_from(2026)
}

pub fn bylaws_from(year: i32) -> Value {
    json!({"effective_from": format!("{year}-01-01"), "capital_basis": "year_end", "shares": [
        {"name": "Cadangan", "percent": "40", "kind": "reserve"},
        {"name": "Jasa modal", "percent": "20", "kind": "jasa_modal"},
        {"name": "Jasa usaha", "percent": "25", "kind": "jasa_usaha"},
        {"name": "Dana pengurus", "percent": "5", "kind": "fund", "account": "2104"},
        {"name": "Dana pendidikan", "percent": "5", "kind": "fund", "account": "2106"},
        {"name": "Dana sosial", "percent": "5", "kind": "fund", "account": "2107"}
    ]})
}

/// Worked example, by hand. A KUBE of 10 members A-01…A-10; bylaws pokok 50.000, wajib
/// 10.000 a month; member i pays pokok and i periods of wajib (capital 50.000 + 10.000·i,
/// total 1.050.000) and buys i times a service of 100.000 from the KUBE (business
/// 100.000·i, total 5.500.000). Other sales 10.000.000; wages 6.000.000; electricity
/// 1.500.000. SHU = 5.500.000 + 10.000.000 − 7.500.000 = 8.000.000.
/// Pools 40/20/25/5/5/5: reserve 3.200.000, jasa modal 1.600.000, jasa usaha 2.000.000,
/// three funds of 400.000.
/// Jasa modal i = 1.600.000·(5+i)/105, rounded toward zero: 91.428 106.666 121.904
/// 137.142 152.380 167.619 182.857 198.095 213.333 228.571 = 1.599.995; the 5 rupiah left
/// go to the largest fractions: A-05 (.952), A-04 (.857), A-03 (.762), A-02 (.667), A-01 (.571).
/// Jasa usaha i = 2.000.000·i/55: 36.363 72.727 109.090 145.454 181.818 218.181 254.545
/// 290.909 327.272 363.636 = 1.999.995; +1 to A-03 (.909), A-06 (.818), A-09 (.727),
/// A-01 (.636), A-04 (.545).
/// Per member (modal + usaha): 127.793 179.394 230.996 282.598 334.199 385.801 437.402
/// 489.004 540.606 592.207, which add up to 3.600.000.
/// Builds the worked example's year in the sibling KUBE; returns the members' ids.
async fn worked_example_year(app: &TestApp, year: i32) -> Vec<Value> {
    let kube = app.kube_sibling;
    let day = |month_day: &str| format!("{year}-{month_day}");
    post(app, kube, "bylaws/savings", json!({"effective_from": day("01-01"), "pokok": "50000", "wajib": "10000"}))
        .await;
    let service = post(
        app,
        kube,
        "products",
        json!({"code": "JASA", "name": "Jasa jahit", "unit": "kali", "default_price": "100000", "kind": "jasa"}),
    )
    .await;
    let mut members = Vec::new();
    for i in 1..=10u32 {
        let member = post(app, kube, "members", json!({"number": format!("A-{i:02}"), "name": format!("Anggota {i}"), "kind": "klien", "joined_on": day("01-01")})).await;
        let id = member["id"].clone();
        post(
            app,
            kube,
            "savings",
            json!({"member_id": id, "kind": "pokok", "direction": "deposit", "date": day("01-05")}),
        )
        .await;
        post(
            app,
            kube,
            "savings",
            json!({"member_id": id, "kind": "wajib", "direction": "deposit", "date": day("03-01"), "periods": i}),
        )
        .await;
        post(
            app,
            kube,
            "sales",
            json!({"date": day("06-01"), "member_id": id, "lines": [{"product_id": service["id"], "quantity": i}]}),
        )
        .await;
        members.push(id);
    }
    for (account, side, amount, memo) in [
        ("4101", "credit", "10000000", "Penjualan umum"),
        ("5201", "debit", "6000000", "Upah"),
        ("5202", "debit", "1500000", "Listrik"),
    ] {
        let other = if side == "credit" { "debit" } else { "credit" };
        post(app, kube, "entries", json!({"date": day("09-30"), "memo": memo, "lines": [{"account": account, side: amount}, {"account": "1101", other: amount}]})).await;
    }
    post(app, kube, "bylaws/shu", bylaws_from(year)).await;
    members
}

/// Per member (modal + usaha) in the worked example.
const WORKED_EXAMPLE_TOTALS: [&str; 10] = [
    "127793.00",
    "179394.00",
    "230996.00",
    "282598.00",
    "334199.00",
    "385801.00",
    "437402.00",
    "489004.00",
    "540606.00",
    "592207.00",
];

#[tokio::test]
async fn shu_preview_worked_example_of_ten_members() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    worked_example_year(&app, 2026).await;
    let (status, preview) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods/2026/preview")).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        (preview["revenue"].clone(), preview["expenses"].clone(), preview["shu"].clone()),
        (json!("15500000.00"), json!("7500000.00"), json!("8000000.00"))
    );
    let pools: Vec<&str> = preview["pools"].as_array().unwrap().iter().map(|p| p["amount"].as_str().unwrap()).collect();
    assert_eq!(pools, ["3200000.00", "1600000.00", "2000000.00", "400000.00", "400000.00", "400000.00"]);
    let slips = preview["members"].as_array().unwrap();
    let totals: Vec<&str> = slips.iter().map(|m| m["total"].as_str().unwrap()).collect();
    assert_eq!(totals, WORKED_EXAMPLE_TOTALS);
    assert_eq!(
        (slips[0]["jasa_modal"].clone(), slips[0]["jasa_usaha"].clone()),
        (json!("91429.00"), json!("36364.00"))
    );
    assert_eq!(
        (slips[9]["jasa_modal_basis"].clone(), slips[9]["jasa_usaha_basis"].clone()),
        (json!("150000.00"), json!("1000000.00"))
    );
    assert_eq!(preview["unallocated_to_reserve"], "0.00");
    // A member selling to the KUBE does business with it too: A-01 sells 50.000 of cloth.
    let cloth = json!({"date": "2026-10-01", "supplier": "A-01", "member_id": slips[0]["member_id"], "lines": [{"description": "Kain", "quantity": "1", "unit_cost": "50000"}]});
    post(&app, kube, "purchases", cloth).await;
    let (_, preview) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods/2026/preview")).await;
    assert_eq!(preview["members"][0]["jasa_usaha_basis"], "150000.00", "{preview}");
    // Nothing was posted by the preview.
    assert_eq!(app.net(kube, "2026-12-31", "2103").await, "0.00");
    let (status, earlier) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods/2025/preview")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no policy was in force in 2025: {earlier}");
}

#[tokio::test]
async fn an_shu_policy_must_sum_to_one_hundred_and_name_real_accounts() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/bylaws/shu", app.kube);
    let mut short = bylaws();
    short["shares"][0]["percent"] = json!("39.99");
    let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(short)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"]["message"].as_str().unwrap().contains("bukan 99.99"), "{refused}");
    let mut wrong_account = bylaws();
    wrong_account["shares"][3]["account"] = json!("3101");
    let (status, _) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(wrong_account)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a member subledger account cannot take a fund");
    let (status, _) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(bylaws())).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(bylaws())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one version per effective date: {again}");
    let (status, _) = app.get(&app.member, &format!("/api/v1/entities/{}/periods/2026/preview", app.kube)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A trial balance's lines that hold a balance (accounts a close touched show zeros).
fn nonzero(trial_balance: Value) -> Vec<Value> {
    let lines = trial_balance["lines"].as_array().unwrap().iter();
    lines.filter(|l| l["debit"] != "0.00" || l["credit"] != "0.00").cloned().collect()
}

async fn send_as(app: &TestApp, token: &str, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    send(&app.router, method, path, Some(token), body).await
}

/// What the worked example's allocation leaves on `date`: the SHU gone from 3105, the
/// reserve 3.200.000, each fund 400.000 and the members' 3.600.000 in SHU payable, each
/// member's share on their own subledger.
async fn assert_allocated_on(app: &TestApp, kube: u64, members: &[Value], date: &str) {
    for (account, net) in [
        ("3105", "0.00"),
        ("3104", "-3200000.00"),
        ("2104", "-400000.00"),
        ("2106", "-400000.00"),
        ("2107", "-400000.00"),
        ("2103", "-3600000.00"),
        ("4101", "0.00"),
        ("5201", "0.00"),
    ] {
        assert_eq!(app.net(kube, date, account).await, net, "{account} on {date}");
    }
    for (member, total) in members.iter().zip(WORKED_EXAMPLE_TOTALS) {
        let (_, balance) = app.get(&app.admin, &format!("/api/v1/members/{member}/balance?as_of={date}")).await;
        assert_eq!(balance["shu_unpaid"], total, "{balance}");
    }
}

/// The worked example closed for real (in 2025, a year that has ended): the closing
/// entry empties revenue and expenses into 3105, where the SHU of 8.000.000 waits for the
/// RAT (no reserve, fund or member share is posted by the close), and the year is locked;
/// reopening restores every balance and the lock exactly.
#[tokio::test]
async fn closing_the_worked_example_year_keeps_its_shu_for_the_rat_and_locks_it() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    let members = worked_example_year(&app, 2025).await;
    let before = app.trial_balance(kube, "2025-12-31").await;
    let close_path = format!("/api/v1/entities/{kube}/periods/2025/close");
    let (status, close) = send_as(&app, &app.admin, "POST", &close_path, None).await;
    assert_eq!(status, StatusCode::CREATED, "{close}");
    assert_eq!(close["seqs"].as_array().unwrap().len(), 1, "the closing entry only: {close}");
    assert_eq!(close["allocation"], Value::Null, "{close}");
    for (account, net) in
        [("3105", "-8000000.00"), ("3104", "0.00"), ("2107", "0.00"), ("2103", "0.00"), ("4101", "0.00")]
    {
        assert_eq!(app.net(kube, "2025-12-31", account).await, net, "{account}");
    }
    let (_, balance) = app.get(&app.admin, &format!("/api/v1/members/{}/balance?as_of=2026-06-30", members[9])).await;
    assert_eq!(balance["shu_unpaid"], "0.00", "no share before the RAT: {balance}");
    // The closed year still shows its revenue and expenses.
    let (_, preview) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods/2025/preview")).await;
    assert_eq!(preview["shu"], "8000000.00", "{preview}");
    // Refusals: posting into the closed year, closing it twice, reopening without admin or reason.
    let (status, refused) = app.post_entry(&app.admin, kube, crate::helpers::sale("2025-12-30", "1000")).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("period_locked")));
    let (status, twice) = send_as(&app, &app.admin, "POST", &close_path, None).await;
    assert_eq!((status, twice["error"]["code"].clone()), (StatusCode::CONFLICT, json!("period_closed")), "{twice}");
    let reopen_path = format!("/api/v1/entities/{kube}/periods/2025/reopen");
    let reason = json!({"reason": "Biaya listrik Desember terlewat"});
    for token in [&app.head, &app.supervisor, &app.member] {
        let (status, _) = send_as(&app, token, "POST", &reopen_path, Some(reason.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = send_as(&app, &app.admin, "POST", &reopen_path, Some(json!({"reason": "  "}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let closing_seq = close["seqs"][0].as_u64().unwrap();
    let (status, refused) = send_as(
        &app,
        &app.admin,
        "POST",
        &format!("/api/v1/entities/{kube}/entries/{closing_seq}/reverse"),
        Some(json!({"date": "2026-01-02", "memo": "coba"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a close is undone only by a reopen: {refused}");
    let (status, reopened) = send_as(&app, &app.admin, "POST", &reopen_path, Some(reason)).await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert_eq!(reopened["reopened"]["reason"], "Biaya listrik Desember terlewat");
    assert_eq!(
        nonzero(app.trial_balance(kube, "2025-12-31").await),
        nonzero(before),
        "reopening restores the balances exactly"
    );
    let (_, periods) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods")).await;
    assert_eq!(periods["locked_through"], Value::Null, "{periods}");
    let (status, _) = app.post_entry(&app.admin, kube, crate::helpers::sale("2025-12-30", "1000")).await;
    assert_eq!(status, StatusCode::CREATED, "the reopened year takes entries again");
    // Closed again: a second version, with the late sale in the SHU.
    let (status, again) = send_as(&app, &app.admin, "POST", &close_path, None).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["version"], json!(2));
    assert_eq!(app.net(kube, "2025-12-31", "3105").await, "-8001000.00");
}

async fn reopen(app: &TestApp, kube: u64, year: i32) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{kube}/periods/{year}/reopen");
    send_as(app, &app.admin, "POST", &path, Some(json!({"reason": "koreksi"}))).await
}

async fn decide(app: &TestApp, token: &str, kube: u64, year: i32, rat_date: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{kube}/periods/{year}/shu-decision");
    send_as(app, token, "POST", &path, Some(json!({"rat_date": rat_date, "minutes": format!("BA-RAT/{year}/01")})))
        .await
}

/// The members' annual meeting of 14 March 2026 decides the worked example's SHU: its
/// allocation (by hand above: reserve 3.200.000, three funds of 400.000, members
/// 127.793 … 592.207 = 3.600.000) is posted on that date, not on 31 December; before it
/// the books show the SHU waiting in 3105. Refused before the close, dated on or before
/// 31 December, by the head, and a second time; a decided year is not reopened.
#[tokio::test]
async fn the_rat_decides_the_shu_after_the_close_and_it_is_posted_on_the_rat_date() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    let members = worked_example_year(&app, 2025).await;
    let code = |answer: &(StatusCode, Value)| (answer.0, answer.1["error"]["code"].clone());
    let refused = |text: &str| (StatusCode::UNPROCESSABLE_ENTITY, json!(text));
    assert_eq!(code(&decide(&app, &app.admin, kube, 2025, "2026-03-14").await), refused("year_not_closed"));
    let (status, _) =
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{kube}/periods/2025/close"), None).await;
    assert_eq!(status, StatusCode::CREATED);
    let early = decide(&app, &app.admin, kube, 2025, "2025-12-31").await;
    assert_eq!(code(&early), refused("rat_before_year_end"), "{}", early.1);
    assert_eq!(early.1["error"]["problems"][0]["field"], "rat_date");
    let path = format!("/api/v1/entities/{kube}/periods/2025/shu-decision");
    let (status, blank) = send_as(&app, &app.admin, "POST", &path, Some(json!({"rat_date": "2026-03-14"}))).await;
    assert_eq!(
        (status, blank["error"]["problems"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("minutes"))
    );
    assert_eq!(decide(&app, &app.head, kube, 2025, "2026-03-14").await.0, StatusCode::FORBIDDEN);
    assert_eq!(decide(&app, &app.treasurer, kube, 2025, "2026-03-14").await.0, StatusCode::FORBIDDEN, "another KUBE's");
    // Until the RAT the slip is a preview.
    let slip = format!("/api/v1/entities/{kube}/periods/2025/shu-slips/{}", members[9]);
    let (_, preview) = app.get(&app.admin, &slip).await;
    assert_eq!(preview["notes"][0], "PRATINJAU: tahun buku ditutup, menunggu keputusan RAT", "{preview}");
    assert_eq!(row(&preview, "SHU bagian anggota"), &json!(["592207.00"]));

    let (status, decision) = decide(&app, &app.admin, kube, 2025, "2026-03-14").await;
    assert_eq!(status, StatusCode::CREATED, "{decision}");
    assert_eq!(
        (decision["rat_date"].clone(), decision["minutes"].clone()),
        (json!("2026-03-14"), json!("BA-RAT/2025/01"))
    );
    assert_eq!(decision["allocation"]["shu"], "8000000.00");
    let seqs: Vec<u64> = decision["seqs"].as_array().unwrap().iter().map(|s| s.as_u64().unwrap()).collect();
    assert_eq!(seqs.len(), 2, "reserve and funds, members: {decision}");
    for seq in &seqs {
        let (_, entry) = app.get(&app.head, &format!("/api/v1/entities/{kube}/entries/{seq}")).await;
        assert_eq!(entry["date"], "2026-03-14", "{entry}");
    }
    assert_eq!(app.net(kube, "2026-03-13", "3105").await, "-8000000.00", "the day before the RAT");
    assert_eq!(app.net(kube, "2026-03-13", "3104").await, "0.00");
    assert_allocated_on(&app, kube, &members, "2026-03-14").await;
    let (_, slip) = app.get(&app.admin, &slip).await;
    assert_eq!(
        slip["notes"][0],
        "SHU dibagikan menurut keputusan RAT tanggal 14-03-2026 (berita acara BA-RAT/2025/01)"
    );
    assert_eq!(row(&slip, "SHU bagian anggota"), &json!(["592207.00"]));
    let (_, periods) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods")).await;
    assert_eq!(periods["shu_decisions"][0]["close_version"], 1, "{periods}");

    let twice = decide(&app, &app.admin, kube, 2025, "2026-03-15").await;
    assert_eq!(code(&twice), refused("shu_already_allocated"), "{}", twice.1);
    let (status, reopen) = reopen(&app, kube, 2025).await;
    assert_eq!((status, reopen["error"]["code"].clone()), refused("shu_already_allocated"), "{reopen}");
    let (status, english) =
        send(&app.router, "POST", &path, Some(&app.admin), Some(json!({"rat_date": "2026-03-15", "minutes": "x"})))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(english["error"]["message"].as_str().unwrap().contains("sudah dibagi"), "{english}");
    let report = kube_ledger::service::verify::verify(app.ledger.store_for_tests()).unwrap();
    assert!(report.breaches.is_empty(), "{:?}", report.breaches);
}

/// A year closed before the RAT step (its allocation posted with the close on 31
/// December, written here through the old close path kept for this) reads as it was:
/// the close carries its allocation, the shares stand on 31 December, the slip says so,
/// and no RAT decision can allocate it again; the next year closes without waiting.
#[tokio::test]
async fn a_year_closed_with_its_allocation_at_the_close_reads_as_it_was() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    let members = worked_example_year(&app, 2024).await;
    let today = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
    let old_rule = kube_ledger::domain::close::AllocateAt::Close;
    let close = app.ledger.close_year_by(kube, 2024, today, "admin", old_rule).await.unwrap();
    assert_eq!(close.seqs.len(), 3, "closing, reserve and funds, members");
    assert_allocated_on(&app, kube, &members, "2024-12-31").await;
    let (_, periods) = app.get(&app.head, &format!("/api/v1/entities/{kube}/periods")).await;
    assert_eq!(periods["closes"][0]["allocation"]["shu"], "8000000.00", "{periods}");
    assert_eq!(periods["shu_decisions"], json!([]));
    let (_, slip) =
        app.get(&app.admin, &format!("/api/v1/entities/{kube}/periods/2024/shu-slips/{}", members[9])).await;
    assert_eq!(slip["notes"][0], "SHU dibagikan saat tutup buku", "{slip}");
    assert_eq!(row(&slip, "SHU bagian anggota"), &json!(["592207.00"]));
    let again = decide(&app, &app.admin, kube, 2024, "2025-03-01").await;
    assert_eq!(
        (again.0, again.1["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("shu_already_allocated"))
    );
    let (status, next) =
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{kube}/periods/2025/close"), None).await;
    assert_eq!(status, StatusCode::CREATED, "the old year waits for no RAT: {next}");
    let page = crate::pages::request(
        &app,
        "GET",
        &format!("/entities/{kube}/periods/2024"),
        &crate::pages::session(&app.head),
        None,
    )
    .await;
    assert!(page.body.contains("id=\"allocated-at-close\"") && page.body.contains("Rp3.200.000"), "{}", page.body);
}

/// A member takes part of their share as voluntary savings and the rest in cash; once
/// paid, the close can no longer be reopened without first undoing the payout.
#[tokio::test]
async fn a_member_takes_their_shu_in_savings_and_cash() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    let members = worked_example_year(&app, 2025).await;
    let (status, _) =
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{kube}/periods/2025/close"), None).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(decide(&app, &app.admin, kube, 2025, "2026-01-20").await.0, StatusCode::CREATED);
    let payouts = format!("/api/v1/members/{}/shu-payouts", members[9]);
    let (status, too_much) = send_as(
        &app,
        &app.admin,
        "POST",
        &payouts,
        Some(json!({"date": "2026-02-01", "choice": "tunai", "amount": "592208"})),
    )
    .await;
    assert_eq!(
        (status, too_much["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("insufficient_savings"))
    );
    let (status, _) = send_as(
        &app,
        &app.admin,
        "POST",
        &payouts,
        Some(json!({"date": "2026-02-01", "choice": "sukarela", "amount": "92207"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let cash_before = app.net(kube, "2026-02-01", "1101").await;
    let (status, rest) =
        send_as(&app, &app.admin, "POST", &payouts, Some(json!({"date": "2026-02-01", "choice": "tunai"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{rest}");
    let (_, balance) = app.get(&app.admin, &format!("/api/v1/members/{}/balance?as_of=2026-02-01", members[9])).await;
    assert_eq!(
        (balance["shu_unpaid"].clone(), balance["sukarela"].clone()),
        (json!("0.00"), json!("92207.00")),
        "{balance}"
    );
    let cash_after = app.net(kube, "2026-02-01", "1101").await;
    let paid: rust_decimal::Decimal =
        cash_before.parse::<rust_decimal::Decimal>().unwrap() - cash_after.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(paid, rust_decimal::Decimal::from(500000));
    let (status, _) =
        send_as(&app, &app.member, "POST", &payouts, Some(json!({"date": "2026-02-01", "choice": "tunai"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, refused) = reopen(&app, kube, 2025).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the paid share cannot be taken back: {refused}");
}

/// A year cannot be closed before it ends, nor before the year ahead of it; a loss is
/// carried forward to SHU belum dibagi; a panti closes its result into its fund.
#[tokio::test]
async fn years_close_in_order_and_a_loss_is_carried_forward() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    post(&app, kube, "bylaws/shu", bylaws_from(2024)).await;
    let entry = |date: &str, debit: &str, credit: &str, amount: &str| json!({"date": date, "memo": "Uji", "lines": [{"account": debit, "debit": amount}, {"account": credit, "credit": amount}]});
    post(&app, kube, "entries", entry("2024-05-01", "1101", "4101", "300000")).await;
    post(&app, kube, "entries", entry("2025-05-01", "5201", "2101", "450000")).await;
    let close = |year: i32| format!("/api/v1/entities/{kube}/periods/{year}/close");
    let (status, refused) = send_as(&app, &app.admin, "POST", &close(2025), None).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("earlier_period_open"))
    );
    let (status, refused) = send_as(&app, &app.admin, "POST", &close(2026), None).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("period_not_ended"))
    );
    let (status, body) = send_as(&app, &app.admin, "POST", &close(2024), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, refused) = send_as(&app, &app.admin, "POST", &close(2025), None).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("shu_awaiting_rat")),
        "2024's SHU is still in 3105: {refused}"
    );
    assert_eq!(decide(&app, &app.admin, kube, 2024, "2025-03-01").await.0, StatusCode::CREATED);
    let (status, body) = send_as(&app, &app.admin, "POST", &close(2025), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // 2024's 300.000: 40% reserve, and no member had a basis, so the 20% + 25% member
    // pools went there too: 255.000; each 5% fund 15.000. 2025 lost 450.000, which its
    // RAT carries forward.
    assert_eq!(app.net(kube, "2025-12-31", "3104").await, "-255000.00");
    assert_eq!(app.net(kube, "2025-12-31", "2107").await, "-15000.00");
    assert_eq!(app.net(kube, "2025-12-31", "3105").await, "450000.00");
    assert_eq!(decide(&app, &app.admin, kube, 2025, "2026-02-10").await.0, StatusCode::CREATED);
    assert_eq!(app.net(kube, "2026-02-10", "3106").await, "450000.00");
    assert_eq!(app.net(kube, "2026-02-10", "3105").await, "0.00");
    let (status, _) = send_as(
        &app,
        &app.admin,
        "POST",
        &format!("/api/v1/entities/{kube}/periods/2024/reopen"),
        Some(json!({"reason": "koreksi"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "2025 is closed after it: reopen that first");
    let panti = app.panti;
    post(&app, panti, "entries", entry("2025-03-01", "1101", "4101", "1000000")).await;
    let (status, body) =
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{panti}/periods/2025/close"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.net(panti, "2025-12-31", "3101").await, "-1000000.00");
    assert_eq!(body["allocation"], Value::Null);
}

pub fn row<'a>(table: &'a Value, label: &str) -> &'a Value {
    let rows = table["sections"].as_array().unwrap().iter().flat_map(|s| s["rows"].as_array().unwrap());
    let found = rows.into_iter().find(|r| r["label"] == label);
    &found.unwrap_or_else(|| panic!("no row {label:?} in {table}"))["values"]
}

/// A grant of 5.000.000 from Dinas Sosial in cash on 1 February 2025, and a sewing
/// machine of 2.000.000 bought for cash on 1 April.
async fn a_grant_and_a_machine(app: &TestApp, kube: u64) {
    let grant =
        json!({"source": "dinas_sosial", "programme": "Bantuan UEP", "date": "2025-02-01", "amount": "5000000"});
    post(app, kube, "grants", grant).await;
    post(app, kube, "entries", json!({"date": "2025-04-01", "memo": "Mesin jahit", "lines": [{"account": "1201", "debit": "2000000"}, {"account": "1101", "credit": "2000000"}]})).await;
}

/// The statements of the closed worked-example year, with 2024 beside them: the
/// balance sheet balances, the income statement still shows the year's SHU after the
/// close, the cash flow reconciles, and the reserve's growth shows in equity changes.
#[tokio::test]
async fn statements_of_a_closed_year_with_the_prior_year_beside_them() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    let members = worked_example_year(&app, 2025).await;
    a_grant_and_a_machine(&app, kube).await;
    let (status, _) =
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{kube}/periods/2025/close"), None).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(decide(&app, &app.admin, kube, 2025, "2026-03-14").await.0, StatusCode::CREATED);
    let statement = |kind: &str| format!("/api/v1/entities/{kube}/statements/{kind}?from=2025-01-01&to=2025-12-31");
    let (status, sheet) = app.get(&app.head, &statement("neraca")).await;
    assert_eq!(status, StatusCode::OK, "{sheet}");
    assert_eq!(sheet["columns"], json!(["31-12-2025", "31-12-2024"]));
    assert_eq!(row(&sheet, "Jumlah Aset"), row(&sheet, "Jumlah Kewajiban dan Ekuitas"));
    // The SHU waits in 3105 for the RAT of 2026: nothing is in the reserve yet.
    assert_eq!(row(&sheet, "SHU Tahun Berjalan"), &json!(["8000000.00", "0.00"]), "{sheet}");
    assert!(!sheet.to_string().contains("Cadangan"), "{sheet}");
    let (_, income) = app.get(&app.head, &statement("hasil-usaha")).await;
    assert_eq!(row(&income, "Sisa Hasil Usaha (SHU)"), &json!(["8000000.00", "0.00"]), "{income}");
    let (_, cash) = app.get(&app.head, &statement("arus-kas")).await;
    let closing_cash = app.net(kube, "2025-12-31", "1101").await;
    assert_eq!(row(&cash, "Kenaikan (penurunan) kas bersih")[0], json!(closing_cash));
    assert_eq!(row(&cash, "Kas bersih aktivitas investasi")[0], "-2000000.00");
    assert_eq!(row(&cash, "Kas bersih aktivitas pendanaan")[0], "6050000.00", "pokok, wajib and the grant: {cash}");
    let rat_year = format!("/api/v1/entities/{kube}/statements/perubahan-ekuitas?from=2026-01-01&to=2026-12-31");
    let (_, equity) = app.get(&app.head, &rat_year).await;
    // The reserve's 3.200.000 shows once, in the year of the RAT: added to the reserve,
    // taken from the SHU.
    let transfer = json!(["0.00", "0.00", "0.00", "3200000.00", "-3200000.00", "0.00"]);
    assert_eq!(row(&equity, "Penyisihan cadangan dari SHU"), &transfer, "{equity}");
    assert!(equity["notes"][0].as_str().unwrap().starts_with("Saldo awal ditambah"), "{equity}");
    // CSV and printable HTML of the same statement.
    let (status, csv) =
        send(&app.router, "GET", &format!("{}&format=csv", statement("neraca")), Some(&app.head), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.as_str().unwrap().starts_with("bagian,kode,uraian,31-12-2025,31-12-2024\n"), "{csv}");
    let (_, html) =
        send(&app.router, "GET", &format!("{}&format=html", statement("neraca")), Some(&app.head), None).await;
    let html = html.as_str().unwrap();
    assert!(html.contains("<h1>Neraca</h1>") && html.contains("Rp8.000.000") && html.contains("size: A4"), "{html}");
    // A member reads their own SHU slip and no one else's.
    let slip = |member: &Value| format!("/api/v1/entities/{kube}/periods/2025/shu-slips/{member}");
    let (_, own) = app.get(&app.admin, &slip(&members[9])).await;
    assert_eq!(row(&own, "SHU bagian anggota"), &json!(["592207.00"]), "{own}");
    assert_eq!(row(&own, "Dasar anggota"), &json!(["150000.00"]));
    let (status, _) = app.get(&app.member, &slip(&members[9])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Grant accountability: 5.000.000 received; the machine and the year's cash costs
    // (wages 6.000.000 and electricity 1.500.000, paid in cash) used it up in order.
    let (_, lpj) = app.get(&app.supervisor, &format!("/api/v1/entities/{kube}/grants/report?as_of=2025-12-31")).await;
    assert_eq!(lpj["sections"][0]["rows"][1]["values"], json!(["-2000000.00"]), "{lpj}");
    assert_eq!(row(&lpj, "Sisa"), &json!(["0.00"]));
    // The panti's overview: each KUBE beside the others, and the total.
    let (_, overview) =
        app.get(&app.head, &format!("/api/v1/entities/{}/overview?from=2025-01-01&to=2025-12-31", app.panti)).await;
    assert_eq!(overview["columns"], json!(["KUBE Tahu", "KUBE Jahit", "Jumlah"]), "{overview}");
    assert_eq!(row(&overview, "Sisa Hasil Usaha (SHU)"), &json!(["0.00", "8000000.00", "8000000.00"]));
    // Siti of KUBE Tahu joined in 2026: not yet a member at the end of 2025.
    assert_eq!(row(&overview, "Anggota aktif (orang)"), &json!(["0", "10", "10"]));
    let (status, _) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/overview", app.panti)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The worked example's year in the SAK EP form, by hand. PHU: the ten members bought
/// services for 100.000 × (1 + … + 10) = 5.500.000 (partisipasi anggota); the other sales
/// of 10.000.000 were to non-members; no cost of sales, so the gross SHU is 15.500.000;
/// wages 6.000.000 and electricity 1.500.000 leave 8.000.000. Neraca at 31-12-2025: cash
/// 12.050.000 (savings 1.050.000 + sales 15.500.000 + grant 5.000.000 − costs 7.500.000 −
/// machine 2.000.000) and bank 1.500.000 (the loan) are current, 13.550.000; the machine
/// 2.000.000 is not; the bank loan 1.500.000 is long-term. CaLK: pokok 500.000, wajib
/// 550.000; the grant of 5.000.000 from Dinas Sosial; the loan; the machine at cost; the
/// SHU 8.000.000 and the RAT's allocation (reserve 3.200.000, members 3.600.000).
#[tokio::test]
async fn the_sak_ep_statements_and_their_notes_of_the_worked_example() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    worked_example_year(&app, 2025).await;
    a_grant_and_a_machine(&app, kube).await;
    post(&app, kube, "loans", json!({"date": "2025-07-02", "lender": "BRI", "principal": "1500000", "rate_percent": "6", "term_months": 12, "via": "bank"})).await;
    let statement = |kind: &str| format!("/api/v1/entities/{kube}/statements/{kind}?from=2025-01-01&to=2025-12-31");
    let (_, income) = app.get(&app.head, &statement("hasil-usaha")).await;
    for (label, value) in [
        ("Partisipasi anggota (penjualan kepada anggota)", "5500000.00"),
        ("Penjualan kepada non-anggota", "10000000.00"),
        ("Jumlah Pendapatan Usaha", "15500000.00"),
        ("SHU kotor (laba kotor)", "15500000.00"),
        ("Jumlah Beban Usaha", "7500000.00"),
        ("Sisa Hasil Usaha (SHU)", "8000000.00"),
    ] {
        assert_eq!(row(&income, label)[0], value, "{label}: {income}");
    }
    let (_, sheet) = app.get(&app.head, &statement("neraca")).await;
    for (label, value) in [
        ("Jumlah Aset Lancar", "13550000.00"),
        ("Jumlah Aset Tidak Lancar", "2000000.00"),
        ("Jumlah Kewajiban Jangka Pendek", "0.00"),
        ("Jumlah Kewajiban Jangka Panjang", "1500000.00"),
        ("Jumlah Aset", "15550000.00"),
    ] {
        assert_eq!(row(&sheet, label)[0], value, "{label}: {sheet}");
    }
    assert_eq!(
        send_as(&app, &app.admin, "POST", &format!("/api/v1/entities/{kube}/periods/2025/close"), None).await.0,
        StatusCode::CREATED
    );
    let (_, waiting) = app.get(&app.head, &statement("catatan")).await;
    let waits = "SHU 2025: tahun buku ditutup, pembagian menunggu keputusan RAT (angka pratinjau).";
    assert!(waiting["notes"].as_array().unwrap().contains(&json!(waits)), "{waiting}");
    assert_eq!(decide(&app, &app.admin, kube, 2025, "2026-03-14").await.0, StatusCode::CREATED);
    let (status, notes) = app.get(&app.head, &statement("catatan")).await;
    assert_eq!(status, StatusCode::OK, "{notes}");
    assert_eq!(notes["columns"], json!(["2025", "2024"]), "{notes}");
    for (label, values) in [
        ("Simpanan Pokok", ["500000.00", "0.00"]),
        ("Simpanan Wajib", ["550000.00", "0.00"]),
        ("Jumlah simpanan anggota", ["1050000.00", "0.00"]),
        ("Dinas Sosial", ["5000000.00", "0.00"]),
        ("Kementerian Sosial", ["0.00", "0.00"]),
        ("Jumlah hibah diterima", ["5000000.00", "0.00"]),
        ("Pinjaman diterima dalam periode", ["1500000.00", "0.00"]),
        ("Jumlah pinjaman jangka panjang", ["1500000.00", "0.00"]),
        ("Peralatan", ["2000000.00", "0.00"]),
        ("Nilai buku aset tetap", ["2000000.00", "0.00"]),
        ("SHU periode", ["8000000.00", "0.00"]),
        ("Bagian Cadangan", ["3200000.00", "0.00"]),
        ("Bagian Jasa modal", ["1600000.00", "0.00"]),
        ("Bagian Jasa usaha", ["2000000.00", "0.00"]),
        ("Bagian Dana sosial", ["400000.00", "0.00"]),
        ("Jumlah bagian anggota (jasa modal + jasa usaha)", ["3600000.00", "0.00"]),
    ] {
        assert_eq!(row(&notes, label), &json!(values), "{label}: {notes}");
    }
    let decided = "SHU 2025 dibagi menurut keputusan RAT tanggal 14-03-2026 (berita acara BA-RAT/2025/01).";
    let texts = notes["notes"].as_array().unwrap();
    assert!(texts.contains(&json!(decided)), "{notes}");
    assert!(texts.iter().any(|t| t.as_str().unwrap().contains("rata-rata bergerak")), "the cost policy: {notes}");
    let (_, csv) =
        send(&app.router, "GET", &format!("{}&format=csv", statement("catatan")), Some(&app.head), None).await;
    assert!(csv.as_str().unwrap().contains("Hibah diterima menurut sumber,,Dinas Sosial,5000000.00,0.00\n"), "{csv}");
    let (_, html) =
        send(&app.router, "GET", &format!("{}&format=html", statement("catatan")), Some(&app.head), None).await;
    assert!(html.as_str().unwrap().contains("<h1>Catatan atas Laporan Keuangan</h1>"), "{html}");
}
