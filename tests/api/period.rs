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
    json!({"effective_from": "2026-01-01", "capital_basis": "year_end", "shares": [
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
#[tokio::test]
async fn shu_preview_worked_example_of_ten_members() {
    let app = spawn_app().await;
    let kube = app.kube_sibling;
    post(&app, kube, "bylaws/savings", json!({"effective_from": "2026-01-01", "pokok": "50000", "wajib": "10000"}))
        .await;
    let service = post(
        &app,
        kube,
        "products",
        json!({"code": "JASA", "name": "Jasa jahit", "unit": "kali", "default_price": "100000", "kind": "jasa"}),
    )
    .await;
    for i in 1..=10u32 {
        let member = post(&app, kube, "members", json!({"number": format!("A-{i:02}"), "name": format!("Anggota {i}"), "kind": "klien", "joined_on": "2026-01-01"})).await;
        let id = member["id"].clone();
        post(
            &app,
            kube,
            "savings",
            json!({"member_id": id, "kind": "pokok", "direction": "deposit", "date": "2026-01-05"}),
        )
        .await;
        post(
            &app,
            kube,
            "savings",
            json!({"member_id": id, "kind": "wajib", "direction": "deposit", "date": "2026-03-01", "periods": i}),
        )
        .await;
        post(
            &app,
            kube,
            "sales",
            json!({"date": "2026-06-01", "member_id": id, "lines": [{"product_id": service["id"], "quantity": i}]}),
        )
        .await;
    }
    for (account, side, amount, memo) in [
        ("4101", "credit", "10000000", "Penjualan umum"),
        ("5201", "debit", "6000000", "Upah"),
        ("5202", "debit", "1500000", "Listrik"),
    ] {
        let other = if side == "credit" { "debit" } else { "credit" };
        post(&app, kube, "entries", json!({"date": "2026-09-30", "memo": memo, "lines": [{"account": account, side: amount}, {"account": "1101", other: amount}]})).await;
    }
    post(&app, kube, "bylaws/shu", bylaws()).await;
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
    assert_eq!(
        totals,
        [
            "127793.00",
            "179394.00",
            "230996.00",
            "282598.00",
            "334199.00",
            "385801.00",
            "437402.00",
            "489004.00",
            "540606.00",
            "592207.00"
        ]
    );
    assert_eq!(
        (slips[0]["jasa_modal"].clone(), slips[0]["jasa_usaha"].clone()),
        (json!("91429.00"), json!("36364.00"))
    );
    assert_eq!(
        (slips[9]["jasa_modal_basis"].clone(), slips[9]["jasa_usaha_basis"].clone()),
        (json!("150000.00"), json!("1000000.00"))
    );
    assert_eq!(preview["unallocated_to_reserve"], "0.00");
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
