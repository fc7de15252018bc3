use crate::helpers::{send, send_raw, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", &format!("/api/v1/entities/{}/{path}", app.kube), Some(&app.treasurer), Some(body)).await
}

/// Kedelai (raw, id returned first) and tahu (finished), 5.000.000 cash from a grant.
async fn shop(app: &TestApp) -> (u64, u64) {
    let grant = json!({"source": "dinas_sosial", "programme": "Stimulan", "date": "2026-07-01", "amount": "5000000"});
    assert_eq!(post(app, "grants", grant).await.0, StatusCode::CREATED);
    let mut ids = Vec::new();
    for (code, unit, price, kind) in [("KDL", "kg", "11000", "bahan_baku"), ("TAHU", "bungkus", "3500", "barang_jadi")]
    {
        let (status, product) = post(
            app,
            "products",
            json!({"code": code, "name": code, "unit": unit, "default_price": price, "kind": kind}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        ids.push(product["id"].as_u64().unwrap());
    }
    (ids[0], ids[1])
}

pub(crate) async fn stock(app: &TestApp, product: u64) -> (String, String) {
    let (_, listed) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/products", app.kube)).await;
    let found = listed["products"].as_array().unwrap().iter().find(|p| p["id"] == product).unwrap().clone();
    (found["quantity"].as_str().unwrap().to_string(), found["value"].as_str().unwrap().to_string())
}

fn sale_of(tahu: u64, quantity: &str) -> Value {
    json!({"date": "2026-07-05", "customer": "Pasar Legi", "lines": [{"product_id": tahu, "quantity": quantity}]})
}

#[tokio::test]
async fn buy_produce_and_sell_keep_stock_and_books_in_step() {
    let app = spawn_app().await;
    let (kedelai, tahu) = shop(&app).await;
    let purchase = json!({"date": "2026-07-02", "supplier": "UD Sumber Rejeki", "lines": [{"product_id": kedelai, "quantity": "100", "unit_cost": "10000"}]});
    let (status, bought) = post(&app, "purchases", purchase).await;
    assert_eq!(status, StatusCode::CREATED, "{bought}");
    let batch = json!({"date": "2026-07-03", "inputs": [{"product_id": kedelai, "quantity": "60"}], "outputs": [{"product_id": tahu, "quantity": 300}], "direct_cost": "30000"});
    let (status, made) = post(&app, "production", batch).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(stock(&app, tahu).await, ("300".into(), "630000.00".into()));
    let (status, sold) = post(&app, "sales", sale_of(tahu, "100")).await;
    assert_eq!(status, StatusCode::CREATED, "{sold}");
    assert_eq!(sold["receipt_no"], format!("NOTA-{:06}", sold["seq"].as_u64().unwrap()));
    assert_eq!(stock(&app, tahu).await, ("200".into(), "420000.00".into()));
    assert_eq!(app.net(app.kube, "2026-12-31", "1106").await, "420000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "1105").await, "400000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "5101").await, "210000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "4101").await, "-350000.00");
    // 5.000.000 − 1.000.000 − 30.000 + 350.000
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "4320000.00");
    let (status, fetched) = app.get(&app.head, &format!("/api/v1/entities/{}/sales/{}", app.kube, sold["seq"])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["sale"]["net"], "350000.00");
}

#[tokio::test]
async fn selling_beyond_stock_is_refused_with_the_stock_on_hand() {
    let app = spawn_app().await;
    let (kedelai, tahu) = shop(&app).await;
    let purchase = json!({"date": "2026-07-02", "supplier": "UD", "lines": [{"product_id": kedelai, "quantity": "10", "unit_cost": "10000"}]});
    post(&app, "purchases", purchase).await;
    let batch = json!({"date": "2026-07-03", "inputs": [{"product_id": kedelai, "quantity": "10"}], "outputs": [{"product_id": tahu, "quantity": "50"}]});
    post(&app, "production", batch).await;
    let before = app.trial_balance(app.kube, "2026-12-31").await;
    let (status, refused) = post(&app, "sales", sale_of(tahu, "50.5")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "insufficient_stock");
    assert!(refused["error"]["message"].as_str().unwrap().contains("tinggal 50 bungkus"), "{refused}");
    assert_eq!(app.trial_balance(app.kube, "2026-12-31").await, before);
}

#[tokio::test]
async fn a_return_by_reversal_puts_the_goods_back_at_their_cost() {
    let app = spawn_app().await;
    let (kedelai, tahu) = shop(&app).await;
    post(&app, "purchases", json!({"date": "2026-07-02", "supplier": "UD", "lines": [{"product_id": kedelai, "quantity": "10", "unit_cost": "10000"}]})).await;
    post(&app, "production", json!({"date": "2026-07-03", "inputs": [{"product_id": kedelai, "quantity": "10"}], "outputs": [{"product_id": tahu, "quantity": "40"}]})).await;
    let (_, sold) = post(&app, "sales", sale_of(tahu, "10")).await;
    assert_eq!(stock(&app, tahu).await, ("30".into(), "75000.00".into()));
    let reverse = format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, sold["seq"]);
    let (status, refused) =
        send(&app.router, "POST", &reverse, Some(&app.treasurer), Some(json!({"date": "2026-07-06"}))).await;
    assert_eq!(
        (status, refused["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("not_allowed")),
        "a return needs a reason"
    );
    let memo = json!({"date": "2026-07-06", "memo": "Retur: tahu basi"});
    let (status, undone) = send(&app.router, "POST", &reverse, Some(&app.treasurer), Some(memo)).await;
    assert_eq!(status, StatusCode::CREATED, "{undone}");
    assert_eq!(stock(&app, tahu).await, ("40".into(), "100000.00".into()));
    assert_eq!(app.net(app.kube, "2026-12-31", "4101").await, "0.00");
}

#[tokio::test]
async fn the_same_sale_twice_with_one_key_stores_one_sale_and_another_body_is_409() {
    let app = spawn_app().await;
    let (kedelai, tahu) = shop(&app).await;
    post(&app, "purchases", json!({"date": "2026-07-02", "supplier": "UD", "lines": [{"product_id": kedelai, "quantity": "10", "unit_cost": "10000"}]})).await;
    post(&app, "production", json!({"date": "2026-07-03", "inputs": [{"product_id": kedelai, "quantity": "10"}], "outputs": [{"product_id": tahu, "quantity": "40"}]})).await;
    let path = format!("/api/v1/entities/{}/sales", app.kube);
    let key = [("idempotency-key", "nota-tahu-1")];
    let body = sale_of(tahu, "5").to_string();
    let (first, one) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body.clone())).await;
    let (second, two) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body)).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!((one["seq"].clone(), two["replayed"].clone()), (two["seq"].clone(), json!(true)));
    assert_eq!(stock(&app, tahu).await.0, "35");
    let (status, conflict) =
        send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(sale_of(tahu, "6").to_string())).await;
    assert_eq!((status, conflict["error"]["code"].clone()), (StatusCode::CONFLICT, json!("idempotency_conflict")));
    assert_eq!(stock(&app, tahu).await.0, "35");
}

#[tokio::test]
async fn products_are_checked_and_belong_to_their_kube() {
    let app = spawn_app().await;
    let (_, tahu) = shop(&app).await;
    let (status, duplicate) = post(
        &app,
        "products",
        json!({"code": "tahu", "name": "Tahu", "unit": "bungkus", "default_price": "3500", "kind": "barang_jadi"}),
    )
    .await;
    assert_eq!((status, duplicate["error"]["code"].clone()), (StatusCode::CONFLICT, json!("duplicate_product_code")));
    let (status, _) =
        post(&app, "products", json!({"code": "X", "name": "X", "unit": "kg", "default_price": "1", "kind": "sayur"}))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another KUBE cannot sell this KUBE's product.
    let (status, answer) = send(
        &app.router,
        "POST",
        &format!("/api/v1/entities/{}/sales", app.kube_sibling),
        Some(&app.admin),
        Some(sale_of(tahu, "1")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    // Stock lines on an inventory account must name their product.
    let manual = json!({"date": "2026-07-02", "memo": "Stok", "lines": [{"account": "1106", "debit": "100"}, {"account": "1101", "credit": "100"}]});
    let (status, answer) = app.post_entry(&app.treasurer, app.kube, manual).await;
    assert_eq!((status, answer["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("stock_required")));
}

/// Stock of 40 bungkus tahu at 2.500 each, from 10 kg kedelai bought for cash.
pub(crate) async fn stocked(app: &TestApp) -> (u64, u64) {
    let (kedelai, tahu) = shop(app).await;
    post(app, "purchases", json!({"date": "2026-07-02", "supplier": "UD", "lines": [{"product_id": kedelai, "quantity": "10", "unit_cost": "10000"}]})).await;
    post(app, "production", json!({"date": "2026-07-03", "inputs": [{"product_id": kedelai, "quantity": "10"}], "outputs": [{"product_id": tahu, "quantity": "40"}]})).await;
    (kedelai, tahu)
}

#[tokio::test]
async fn credit_sales_are_open_until_collected_and_aged() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let credit = |date: &str, quantity: &str| json!({"date": date, "customer": "Warung Bu Sri", "payment": "credit", "lines": [{"product_id": tahu, "quantity": quantity}]});
    assert_eq!(post(&app, "sales", credit("2026-07-05", "10")).await.0, StatusCode::CREATED);
    assert_eq!(post(&app, "sales", credit("2026-08-20", "4")).await.0, StatusCode::CREATED);
    let (status, refused) = post(
        &app,
        "sales",
        json!({"date": "2026-07-05", "payment": "credit", "lines": [{"product_id": tahu, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a credit sale needs a customer: {refused}");
    let (_, open) =
        app.get(&app.treasurer, &format!("/api/v1/entities/{}/receivables?as_of=2026-08-31", app.kube)).await;
    assert_eq!(open["total"], "49000.00");
    assert_eq!(open["parties"][0]["ageing"]["days_31_60"], "35000.00");
    assert_eq!(open["parties"][0]["ageing"]["days_0_30"], "14000.00");
    let collections = "receivables/collections";
    let (status, over) =
        post(&app, collections, json!({"customer": "Warung Bu Sri", "date": "2026-09-01", "amount": "49000.01"})).await;
    assert_eq!((status, over["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("over_settlement")));
    assert_eq!(
        post(&app, collections, json!({"customer": "Warung Bu Sri", "date": "2026-09-01", "amount": "40000"})).await.0,
        StatusCode::CREATED
    );
    let (_, open) =
        app.get(&app.treasurer, &format!("/api/v1/entities/{}/receivables?as_of=2026-09-01", app.kube)).await;
    assert_eq!(open["total"], "9000.00");
    assert_eq!(open["parties"][0]["items"][0]["open"], "9000.00", "the oldest sale is paid first");
    assert_eq!(app.net(app.kube, "2026-12-31", "1103").await, "9000.00");
}

#[tokio::test]
async fn credit_purchases_are_payable_until_paid() {
    let app = spawn_app().await;
    let (kedelai, _) = shop(&app).await;
    let purchase = json!({"date": "2026-07-02", "supplier": "UD Sumber Rejeki", "payment": "credit", "lines": [{"product_id": kedelai, "quantity": "20", "unit_cost": "10000"}]});
    assert_eq!(post(&app, "purchases", purchase).await.0, StatusCode::CREATED);
    let (_, open) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/payables?as_of=2026-07-31", app.kube)).await;
    assert_eq!(open["total"], "200000.00");
    assert_eq!(
        post(
            &app,
            "payables/payments",
            json!({"supplier": "UD Sumber Rejeki", "date": "2026-07-20", "amount": "200000"})
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (_, open) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/payables?as_of=2026-07-31", app.kube)).await;
    assert_eq!(open["parties"], json!([]));
    assert_eq!(app.net(app.kube, "2026-12-31", "2101").await, "0.00");
}

#[tokio::test]
async fn the_cash_book_runs_through_a_day_and_a_cash_count_posts_the_difference() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    // Opening cash on 5 July: 5.000.000 − 100.000 = 4.900.000.
    post(&app, "sales", sale_of(tahu, "10")).await;
    let spend = json!({"date": "2026-07-05", "memo": "Bayar listrik Juli", "lines": [{"account": "5202", "debit": "12500"}, {"account": "1101", "credit": "12500"}]});
    app.post_entry(&app.treasurer, app.kube, spend).await;
    let (status, book) =
        app.get(&app.treasurer, &format!("/api/v1/entities/{}/cash-book?date=2026-07-05", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "{book}");
    assert_eq!(book["opening"], "4900000.00");
    let balances: Vec<&str> =
        book["lines"].as_array().unwrap().iter().map(|l| l["balance"].as_str().unwrap()).collect();
    assert_eq!(balances, ["4935000.00", "4922500.00"]);
    assert_eq!(book["closing"], "4922500.00");
    let (status, refused) = post(&app, "cash-counts", json!({"date": "2026-07-05", "counted": "4920000"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a difference needs a reason: {refused}");
    let (status, counted) = post(
        &app,
        "cash-counts",
        json!({"date": "2026-07-05", "counted": "4920000", "reason": "uang kembalian keliru"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{counted}");
    assert_eq!((counted["book"].clone(), counted["difference"].clone()), (json!("4922500.00"), json!("-2500.00")));
    assert_eq!(app.net(app.kube, "2026-12-31", "5209").await, "2500.00");
    let (_, even) = post(&app, "cash-counts", json!({"date": "2026-07-05", "counted": "4920000"})).await;
    assert_eq!((even["difference"].clone(), even["entry"].clone()), (json!("0.00"), Value::Null));
}

#[tokio::test]
async fn the_sales_summary_groups_by_product_month_and_member() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    post(&app, "sales", sale_of(tahu, "10")).await;
    let by_member = json!({"date": "2026-08-01", "member_id": app.member_id, "lines": [{"product_id": tahu, "quantity": "2", "unit_price": "3000"}]});
    assert_eq!(post(&app, "sales", by_member).await.0, StatusCode::CREATED);
    let (_, undone) = post(&app, "sales", sale_of(tahu, "1")).await;
    send(
        &app.router,
        "POST",
        &format!("/api/v1/entities/{}/entries/{}/reverse", app.kube, undone["seq"]),
        Some(&app.treasurer),
        Some(json!({"date": "2026-07-06", "memo": "Salah catat"})),
    )
    .await;
    let (status, summary) =
        app.get(&app.head, &format!("/api/v1/entities/{}/sales/summary?from=2026-07-01&to=2026-08-31", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(
        (summary["sales_count"].clone(), summary["net"].clone()),
        (json!(2), json!("41000.00")),
        "a reversed sale is not counted"
    );
    assert_eq!(summary["by_month"]["2026-07"]["amount"], "35000.00");
    assert_eq!(summary["by_month"]["2026-08"]["amount"], "6000.00");
    assert_eq!(summary["by_member"][app.member_id.to_string()]["amount"], "6000.00");
    assert_eq!(summary["by_product"]["TAHU TAHU"]["quantity"], "12");
}

async fn upload(app: &TestApp, path: &str, csv: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{}/{path}", app.kube);
    send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.to_string()))
        .await
}

#[tokio::test]
async fn a_sales_file_with_three_bad_rows_imports_nothing_and_names_all_three() {
    let app = spawn_app().await;
    stocked(&app).await;
    let csv = "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
               1,2026-07-05,Pasar Legi,,TAHU,10,\"3.500\",,tunai\n\
               2,2026-07-05,Pasar Legi,,TEMPE,2,3500,,tunai\n\
               3,2026-02-30,Bu Sri,,TAHU,1,3500,,tunai\n\
               4,2026-07-06,Bu Sri,,TAHU,5,\"3.500,00\",,kredit\n\
               5,2026-07-06,Pak Budi,,TAHU,26,3500,,tunai\n";
    let (status, answer) = upload(&app, "sales/import", csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let rows: Vec<&str> = answer["error"]["rows"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0].starts_with("unggahan.csv:3: produk \"TEMPE\" tidak ditemukan"), "{rows:?}");
    assert!(rows[1].starts_with("unggahan.csv:4: tanggal"), "{rows:?}");
    // 40 made, 10 + 5 sold before it: 25 left, 26 asked.
    assert!(rows[2].starts_with("unggahan.csv:6: stok") && rows[2].contains("tinggal 25"), "{rows:?}");
    assert_eq!(stock(&app, stocked_tahu(&app).await).await.0, "40", "nothing was imported");
    let good = "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
                1,2026-07-05,Pasar Legi,,TAHU,10,\"3.500\",,tunai\n\
                1,2026-07-05,Pasar Legi,,TAHU,2,3000,,tunai\n\
                2,2026-07-06,Bu Sri,TAHU-001,TAHU,5,,\"1.000\",kredit\n";
    let (status, answer) = upload(&app, "sales/import", good).await;
    assert_eq!((status, answer["imported"].clone()), (StatusCode::CREATED, json!(2)), "{answer}");
    assert_eq!(stock(&app, stocked_tahu(&app).await).await.0, "23");
    // 35.000 + 6.000 cash; 17.500 − 1.000 on credit.
    assert_eq!(app.net(app.kube, "2026-12-31", "4101").await, "-58500.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "1103").await, "16500.00");
}

async fn stocked_tahu(app: &TestApp) -> u64 {
    let (_, listed) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/products", app.kube)).await;
    listed["products"].as_array().unwrap().iter().find(|p| p["code"] == "TAHU").unwrap()["id"].as_u64().unwrap()
}

#[tokio::test]
async fn a_purchases_file_books_stock_tools_and_payables() {
    let app = spawn_app().await;
    shop(&app).await;
    let csv = "purchase,date,supplier,product,description,quantity,unit_cost,payment\n\
               1,2026-07-02,UD Sumber Rejeki,KDL,,50,\"10.000\",kredit\n\
               2,2026-07-03,Toko Besi,,Cetakan tahu,1,\"1.500.000\",tunai\n\
               2,2026-07-03,Toko Besi,,Saringan,3,\"15.000\",tunai\n";
    let (status, answer) = upload(&app, "purchases/import", csv).await;
    assert_eq!((status, answer["imported"].clone()), (StatusCode::CREATED, json!(2)), "{answer}");
    assert_eq!(app.net(app.kube, "2026-12-31", "1105").await, "500000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "1201").await, "1500000.00", "a tool of 1.500.000 is equipment");
    assert_eq!(app.net(app.kube, "2026-12-31", "5208").await, "45000.00");
    assert_eq!(app.net(app.kube, "2026-12-31", "2101").await, "-500000.00");
}

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let (status, body) = send_raw(&app.router, "GET", path, None, headers, None).await;
    (status, body.as_str().map_or_else(|| body.to_string(), str::to_string))
}

#[tokio::test]
async fn a_sale_has_a_printable_receipt_for_whoever_may_read_the_books() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let sale = json!({"date": "2026-07-05", "customer": "Warung Bu Sri", "member_id": app.member_id, "discount": "1000",
        "lines": [{"product_id": tahu, "quantity": "10", "unit_price": "3500"}]});
    let (_, sold) = post(&app, "sales", sale).await;
    let path = sold["receipt_url"].as_str().unwrap().to_string();
    let bearer = format!("Bearer {}", app.treasurer);
    let (status, html) = page(&app, &path, &[("authorization", &bearer)]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for expected in [
        sold["receipt_no"].as_str().unwrap(),
        "KUBE Tahu",
        "Warung Bu Sri",
        "TAHU-001",
        "10 bungkus",
        "Rp3.500,00",
        "Rp35.000,00",
        "−Rp1.000,00",
        "Rp34.000,00",
        "05-07-2026",
    ] {
        assert!(html.contains(expected), "{expected} missing from the receipt");
    }
    // The session cookie set at login opens the page in a browser.
    let cookie = format!("kube_ledger_session={}", app.head);
    assert_eq!(page(&app, &path, &[("cookie", &cookie)]).await.0, StatusCode::OK);
    let member_cookie = format!("kube_ledger_session={}", app.member);
    assert_eq!(page(&app, &path, &[("cookie", &member_cookie)]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        page(&app, &format!("/entities/{}/sales/1/receipt", app.kube), &[("authorization", &bearer)]).await.0,
        StatusCode::NOT_FOUND,
        "entry 1 is a grant, not a sale"
    );
}

#[tokio::test]
async fn the_session_cookie_never_authorises_a_write() {
    let app = spawn_app().await;
    let cookie = format!("kube_ledger_session={}", app.treasurer);
    let path = format!("/api/v1/entities/{}/entries", app.kube);
    let body = crate::helpers::sale("2026-07-01", "1000").to_string();
    let (status, _) = send_raw(&app.router, "POST", &path, None, &[("cookie", &cookie)], Some(body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.entries_count(app.kube).await, 0);
    let (status, answer) = send_raw(
        &app.router,
        "GET",
        &format!("/api/v1/entities/{}/accounts", app.kube),
        None,
        &[("cookie", &cookie)],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn a_product_price_can_change_and_new_sales_take_it() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let path = format!("/api/v1/entities/{}/products/{tahu}", app.kube);
    let (status, changed) =
        send(&app.router, "PATCH", &path, Some(&app.treasurer), Some(json!({"default_price": "4000"}))).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!((changed["default_price"].clone(), changed["kind"].clone()), (json!("4000.00"), json!("barang_jadi")));
    let (_, sold) = post(&app, "sales", sale_of(tahu, "2")).await;
    assert_eq!(sold["total"], "13000.00", "8.000 revenue and 5.000 cost of goods");
    let (status, _) = send(&app.router, "PATCH", &path, Some(&app.treasurer), Some(json!({"kind": "jasa"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the kind decides the stock account and cannot change");
    let (status, _) = send(&app.router, "PATCH", &path, Some(&app.head), Some(json!({"default_price": "1"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The JSON body and the CSV row read the payment word through one rule: `tunai` and
/// `kredit` (or `cash`, `credit`) everywhere, and any other word refused by name.
#[tokio::test]
async fn every_door_reads_the_payment_word_the_same_way() {
    let app = spawn_app().await;
    stocked(&app).await;
    let tahu = stocked_tahu(&app).await;
    let mut sale = sale_of(tahu, "1");
    sale["payment"] = json!("kredit");
    let (status, answer) = post(&app, "sales", sale.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "the JSON door takes the Indonesian word: {answer}");
    sale["payment"] = json!("hutang");
    let (status, answer) = post(&app, "sales", sale).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let problem = &answer["error"]["problems"][0];
    assert_eq!(
        (problem["field"].as_str(), problem["code"].as_str()),
        (Some("payment"), Some("unknown_choice")),
        "{answer}"
    );
    assert!(problem["message"].as_str().unwrap().contains("\"hutang\""), "{answer}");
    let csv = "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
               1,2026-07-05,Pasar Legi,,TAHU,1,3500,,credit\n\
               2,2026-07-05,Pasar Legi,,TAHU,1,3500,,hutang\n";
    let (status, answer) = upload(&app, "sales/import", csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let rows = answer["error"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{answer}");
    let row = rows[0].as_str().unwrap();
    assert!(row.starts_with("unggahan.csv:3: ") && row.contains("\"hutang\" bukan pilihan"), "{row}");
}

/// One rule for the customer's name at every door: the CSV used to take any length; now a
/// name over 200 characters is refused there too, by its line, and nothing is imported.
#[tokio::test]
async fn a_sales_file_refuses_a_customer_name_the_json_door_refuses() {
    let app = spawn_app().await;
    stocked(&app).await;
    let tahu = stocked_tahu(&app).await;
    let long = "B".repeat(201);
    let mut sale = sale_of(tahu, "1");
    sale["customer"] = json!(long);
    let (status, answer) = post(&app, "sales", sale).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["problems"][0]["field"], "customer", "{answer}");
    let csv = format!(
        "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
         1,2026-07-05,Pasar Legi,,TAHU,1,3500,,tunai\n\
         2,2026-07-05,{long},,TAHU,1,3500,,tunai\n"
    );
    let (status, answer) = upload(&app, "sales/import", &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let rows = answer["error"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{answer}");
    assert!(rows[0].as_str().unwrap().starts_with("unggahan.csv:3: paling banyak 200 karakter"), "{answer}");
    assert_eq!(stock(&app, tahu).await.0, "40", "nothing was imported");
}
