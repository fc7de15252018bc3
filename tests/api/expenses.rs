//! Paying an expense, the worked example of a command served by three doors: the same
//! rules through JSON, a page form and a CSV file (docs/add-a-use-case.md).

use crate::helpers::{send, send_raw, spawn_app, TestApp};
use crate::pages::{request, session};
use axum::http::StatusCode;
use serde_json::{json, Value};

/// Puts `amount` of cash in the KUBE (a grant received in cash).
async fn cash_in(app: &TestApp, amount: &str) {
    let body = json!({"date": "2026-03-01", "memo": "Hibah tunai", "lines": [
        {"account": "1101", "debit": amount}, {"account": "3103", "credit": amount}]});
    let (status, answer) = app.post_entry(&app.treasurer, app.kube, body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

fn expenses(app: &TestApp) -> String {
    format!("/api/v1/entities/{}/expenses", app.kube)
}

fn wages_number(amount: f64) -> Value {
    json!({"date": "2026-03-02", "account": "5201", "amount": amount, "description": "Upah dua orang, 2 hari"})
}

fn wages(amount: &str) -> Value {
    json!({"date": "2026-03-02", "account": "5201", "amount": amount, "description": "Upah dua orang, 2 hari"})
}

#[tokio::test]
async fn an_expense_is_paid_from_cash_into_its_account_with_its_description_once() {
    let app = spawn_app().await;
    cash_in(&app, "2000000").await;
    // The API reads amounts only in the canonical form (CONTRACT): `1.200.000`, the way a
    // form takes it, is refused here, and `100.505` is three decimals, not 100.505 rupiah.
    for written in ["1.200.000", "100.505"] {
        let (status, refused) =
            send(&app.router, "POST", &expenses(&app), Some(&app.treasurer), Some(wages(written))).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_amount"))
        );
    }
    let (status, refused) =
        send(&app.router, "POST", &expenses(&app), Some(&app.treasurer), Some(wages_number(1200000.5))).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_amount")),
        "a float"
    );
    let headers = [("idempotency-key", "upah-maret-1")];
    let body = wages("1200000").to_string();
    let (status, stored) =
        send_raw(&app.router, "POST", &expenses(&app), Some(&app.treasurer), &headers, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["memo"], "Upah dua orang, 2 hari");
    assert_eq!(
        stored["lines"],
        json!([{"account": "5201", "debit": "1200000.00"}, {"account": "1101", "credit": "1200000.00"}])
    );
    let (_, again) = send_raw(&app.router, "POST", &expenses(&app), Some(&app.treasurer), &headers, Some(body)).await;
    assert_eq!((again["seq"].clone(), again["replayed"].clone()), (stored["seq"].clone(), json!(true)));
    assert_eq!(app.net(app.kube, "2026-03-31", "1101").await, "800000.00");
    assert_eq!(app.net(app.kube, "2026-03-31", "5201").await, "1200000.00");
}

#[tokio::test]
async fn an_expense_beyond_the_cash_is_refused_with_the_balance_in_the_readers_language() {
    let app = spawn_app().await;
    cash_in(&app, "100000").await;
    let path = expenses(&app);
    let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(wages("5000000"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["code"], "insufficient_funds");
    assert_eq!(refused["error"]["problems"][0]["field"], "amount");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Rp100.000") && message.contains("Rp5.000.000") && message.contains("tidak cukup"),
        "{message}"
    );
    let english = [("accept-language", "en-GB,en;q=0.9,id;q=0.5")];
    let body = Some(wages("5000000").to_string());
    let (_, refused) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &english, body).await;
    assert!(refused["error"]["message"].as_str().unwrap().contains("not enough to pay Rp5.000.000"), "{refused}");
    assert_eq!(app.net(app.kube, "2026-03-31", "1101").await, "100000.00", "nothing stored");
}

#[tokio::test]
async fn every_bad_field_is_named_and_only_expense_accounts_take_an_expense() {
    let app = spawn_app().await;
    cash_in(&app, "100000").await;
    let path = expenses(&app);
    let bad = json!({"date": "2026-02-30", "account": "abc", "amount": "0", "paid_from": "dompet", "description": ""});
    let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        refused["error"]["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["date", "account", "amount", "paid_from", "description"]);
    for (account, code) in [("4101", "wrong_account"), ("5000", "wrong_account"), ("5999", "unknown_account")] {
        let body = json!({"date": "2026-03-02", "account": account, "amount": "1000", "description": "Solar"});
        let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(body)).await;
        assert_eq!((status, refused["error"]["code"].as_str().unwrap()), (StatusCode::UNPROCESSABLE_ENTITY, code));
    }
    let from_bank = json!({"date": "2026-03-02", "account": "5202", "amount": "1000", "paid_from": "bank", "description": "Listrik"});
    let (_, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(from_bank)).await;
    assert_eq!(refused["error"]["code"], "insufficient_funds", "the bank holds nothing: {refused}");
    assert_eq!(app.entries_count(app.kube).await, 1, "only the grant");
}

#[tokio::test]
async fn who_may_not_pay_is_refused_before_the_body_is_read() {
    let app = spawn_app().await;
    let bad = json!({"date": "nope"});
    for token in [&app.head, &app.supervisor, &app.member] {
        let (status, _) = send(&app.router, "POST", &expenses(&app), Some(token), Some(bad.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let elsewhere = format!("/api/v1/entities/{}/expenses", app.kube_elsewhere);
    let (status, _) = send(&app.router, "POST", &elsewhere, Some(&app.treasurer), Some(wages("1000"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn upload(app: &TestApp, csv: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/entities/{}/expenses/import", app.kube);
    send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[("content-type", "text/csv")], Some(csv.into())).await
}

#[tokio::test]
async fn a_csv_of_expenses_is_stored_all_or_nothing_with_every_bad_row_named() {
    let app = spawn_app().await;
    cash_in(&app, "1000000").await;
    // Row 4 would take the cash below zero after rows 2 and 3; row 5 is no expense account.
    let csv = "date,account,amount,paid_from,description\n\
               2026-03-02,5201,600.000,kas,Upah\n\
               2026-03-03,5202,300000,,Listrik\n\
               2026-03-04,5203,200000,kas,Solar\n\
               2026-03-05,4101,1000,kas,Salah akun\n";
    let (status, refused) = upload(&app, csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let rows: Vec<&str> = refused["error"]["rows"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("unggahan.csv:4: ") && rows[0].contains("Rp100.000"), "{rows:?}");
    assert!(rows[1].starts_with("unggahan.csv:5: ") && rows[1].contains("4101"), "{rows:?}");
    assert_eq!(app.entries_count(app.kube).await, 1, "nothing stored");
    let good = "date,account,amount,description\n2026-03-02,5201,600.000,Upah\n2026-03-03,5202,300000,Listrik\n";
    let (status, imported) = upload(&app, good).await;
    assert_eq!((status, imported["imported"].clone()), (StatusCode::CREATED, json!(2)));
    assert_eq!(app.net(app.kube, "2026-03-31", "1101").await, "100000.00");
}

#[tokio::test]
async fn the_expense_page_stores_once_and_marks_the_amount_the_cash_cannot_cover() {
    let app = spawn_app().await;
    cash_in(&app, "100000").await;
    let cookie = session(&app.treasurer);
    let path = format!("/entities/{}/expenses/new", app.kube);
    let form = request(&app, "GET", &path, &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("5201 Beban Gaji dan Upah") && !form.body.contains("value=\"4101\""),
        "expense accounts only"
    );
    assert!(form.body.contains("Rp100.000"), "the cash on hand is shown");
    let (csrf, key) = (form.input("csrf"), form.input("form_key"));
    let fields = |amount: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("form_key", key.clone()),
            ("account", "5201".into()),
            ("amount", amount.into()),
            ("paid_from", "kas".into()),
            ("description", "Upah harian".into()),
            ("date", "2026-03-02".into()),
        ]
    };
    let too_much = fields("150.000");
    let too_much: Vec<(&str, &str)> = too_much.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = request(&app, "POST", &path, &cookie, Some(&too_much)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("<p class=\"field-error\" id=\"amount-error\">saldo akun 1101 hanya Rp100.000"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"150.000\"") && refused.body.contains("value=\"Upah harian\""), "typed kept");
    let right = fields("75.000");
    let right: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (first, second) = tokio::join!(
        request(&app, "POST", &path, &cookie, Some(&right)),
        request(&app, "POST", &path, &cookie, Some(&right))
    );
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), second.location(), "a double click stores once");
    assert_eq!(app.entries_count(app.kube).await, 2);
    assert_eq!(app.net(app.kube, "2026-03-31", "1101").await, "25000.00");
    let head = session(&app.head);
    assert_eq!(request(&app, "GET", &path, &head, None).await.status, StatusCode::FORBIDDEN);
}
