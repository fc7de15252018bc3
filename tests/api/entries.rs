use crate::helpers::{sale, send, send_raw, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn assert_refused(app: &TestApp, body: Value, status: StatusCode, code: &str) {
    let before = app.trial_balance(app.kube, "2026-12-31").await;
    let (got, answer) = app.post_entry(&app.treasurer, app.kube, body.clone()).await;
    assert_eq!(got, status, "{body} → {answer}");
    assert_eq!(answer["error"]["code"], code, "{answer}");
    assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
    assert_eq!(app.trial_balance(app.kube, "2026-12-31").await, before, "a refused entry changes nothing");
}

#[tokio::test]
async fn a_balanced_entry_is_stored_numbered_and_chained() {
    let app = spawn_app().await;
    let (status, first) = app.post_entry(&app.treasurer, app.kube, sale("2026-07-01", "150000")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["seq"], 1);
    assert_eq!(first["prev_hash"], "0".repeat(64));
    assert_eq!(first["recorded_by"], "bendahara");
    assert_eq!(first["lines"][0], json!({"account": "1101", "debit": "150000.00"}));
    let (_, second) = app.post_entry(&app.treasurer, app.kube, sale("2026-07-02", "2500.5")).await;
    assert_eq!(second["seq"], 2);
    assert_eq!(second["prev_hash"], first["hash"]);
    let (status, fetched) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/entries/2", app.kube)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["hash"], second["hash"]);
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "152500.50");
}

#[tokio::test]
async fn sequences_are_per_entity() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, sale("2026-07-01", "1")).await;
    let (_, other) = app.post_entry(&app.admin, app.kube_sibling, sale("2026-07-01", "1")).await;
    assert_eq!(other["seq"], 1);
}

#[tokio::test]
async fn unbalanced_entry_is_rejected_with_422_saying_by_how_much() {
    let app = spawn_app().await;
    let body = json!({"date": "2026-07-01", "memo": "Salah", "lines": [
        {"account": "1101", "debit": "150000"}, {"account": "4101", "credit": "100000"}]});
    assert_refused(&app, body.clone(), StatusCode::UNPROCESSABLE_ENTITY, "unbalanced").await;
    let (_, answer) = app.post_entry(&app.treasurer, app.kube, body).await;
    assert!(answer["error"]["message"].as_str().unwrap().contains("50000.00"), "{answer}");
}

#[tokio::test]
async fn every_problem_of_an_entry_is_listed() {
    let app = spawn_app().await;
    let body = json!({"date": "2026-07-01", "memo": "Salah", "lines": [
        {"account": "9999", "debit": "10"}, {"account": "1000", "credit": "5"}, {"account": "4101", "credit": "0"}]});
    let (status, answer) = app.post_entry(&app.treasurer, app.kube, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let codes: Vec<&str> =
        answer["error"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["zero_amount", "unbalanced"], "structure problems come first: {answer}");
    let body = json!({"date": "2026-07-01", "memo": "Salah", "lines": [
        {"account": "9999", "debit": "10"}, {"account": "1000", "credit": "10"}]});
    let (_, answer) = app.post_entry(&app.treasurer, app.kube, body).await;
    let codes: Vec<&str> =
        answer["error"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_account", "header_account"]);
}

#[tokio::test]
async fn structurally_bad_entries_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let one_line = json!({"date": "2026-07-01", "memo": "x", "lines": [{"account": "1101", "debit": "10"}]});
    assert_refused(&app, one_line, StatusCode::UNPROCESSABLE_ENTITY, "too_few_lines").await;
    let zero = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debit": "0"}, {"account": "4101", "credit": "0.00"}]});
    assert_refused(&app, zero, StatusCode::UNPROCESSABLE_ENTITY, "zero_amount").await;
    let negative = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debit": "-10"}, {"account": "4101", "credit": "-10"}]});
    assert_refused(&app, negative, StatusCode::UNPROCESSABLE_ENTITY, "zero_amount").await;
    let unknown = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debit": "10"}, {"account": "4999", "credit": "10"}]});
    assert_refused(&app, unknown, StatusCode::UNPROCESSABLE_ENTITY, "unknown_account").await;
    let member_missing = json!({"date": "2026-07-01", "memo": "Simpanan pokok", "lines": [
        {"account": "1101", "debit": "10"}, {"account": "3101", "credit": "10"}]});
    assert_refused(&app, member_missing, StatusCode::UNPROCESSABLE_ENTITY, "member_required").await;
    let both_sides = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debit": "10", "credit": "10"}, {"account": "4101", "credit": "10"}]});
    assert_refused(&app, both_sides, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let no_memo = json!({"date": "2026-07-01", "memo": " ", "lines": [
        {"account": "1101", "debit": "10"}, {"account": "4101", "credit": "10"}]});
    assert_refused(&app, no_memo, StatusCode::UNPROCESSABLE_ENTITY, "invalid_memo").await;
    assert_eq!(app.entries_count(app.kube).await, 0);
}

#[tokio::test]
async fn amounts_must_be_strings_with_at_most_two_decimals() {
    let app = spawn_app().await;
    for amount in [
        json!("10.001"),
        json!(10.5),
        json!(1e3),
        json!("1.000.000"),
        json!("abc"),
        json!(true),
        json!("1e5"),
        json!("10000000000000000"),
    ] {
        let body = json!({"date": "2026-07-01", "memo": "x", "lines": [
            {"account": "1101", "debit": amount}, {"account": "4101", "credit": amount}]});
        assert_refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount").await;
    }
    let whole_number = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debit": 15000}, {"account": "4101", "credit": "15000.00"}]});
    let (status, answer) = app.post_entry(&app.treasurer, app.kube, whole_number).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

#[tokio::test]
async fn a_typo_in_a_field_name_does_not_silently_drop_a_line() {
    let app = spawn_app().await;
    let body = json!({"date": "2026-07-01", "memo": "x", "lines": [
        {"account": "1101", "debet": "10"}, {"account": "4101", "credit": "10"}]});
    assert_refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let body = json!({"date": "2026-07-01", "memo": "x", "tanggal": "2026-07-01", "lines": []});
    assert_refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}

#[tokio::test]
async fn impossible_or_loose_dates_are_refused() {
    let app = spawn_app().await;
    for date in ["2026-02-30", "2026-2-3", "01/07/2026", "", "2026-13-01"] {
        assert_refused(&app, sale(date, "10"), StatusCode::UNPROCESSABLE_ENTITY, "invalid_date").await;
    }
}

#[tokio::test]
async fn malformed_json_is_400_and_oversized_bodies_are_413() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries", app.kube);
    let (status, answer) =
        send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[], Some("{\"date\": ".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["code"], "invalid_json");
    let huge = format!("{{\"date\":\"2026-07-01\",\"memo\":\"{}\",\"lines\":[]}}", "x".repeat(2 * 1024 * 1024));
    let (status, answer) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &[], Some(huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_eq!(answer["error"]["code"], "body_too_large");
    assert_eq!(app.entries_count(app.kube).await, 0);
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_return_the_first_answer_and_store_nothing_new() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries", app.kube);
    let body = sale("2026-07-01", "50000").to_string();
    let key = [("idempotency-key", "nota-0001")];
    let (status, first) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["replayed"], false);
    // Same body with other whitespace and key order is the same body.
    let reordered =
        json!({"lines": [{"credit": "50000", "account": "4101"}], "memo": "Penjualan tahu", "date": "2026-07-01"});
    let mut reordered = reordered;
    reordered["lines"] = sale("2026-07-01", "50000")["lines"].clone();
    let (status, again) = send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (again["seq"].clone(), again["hash"].clone(), again["replayed"].clone()),
        (first["seq"].clone(), first["hash"].clone(), json!(true))
    );
    let (status, _) =
        send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(reordered.to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(app.entries_count(app.kube).await, 1);
    let (status, conflict) =
        send_raw(&app.router, "POST", &path, Some(&app.treasurer), &key, Some(sale("2026-07-01", "60000").to_string()))
            .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["error"]["code"], "idempotency_conflict");
    assert_eq!(app.entries_count(app.kube).await, 1);
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "50000.00");
}

#[tokio::test]
async fn concurrent_retries_with_one_key_store_one_entry() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries", app.kube);
    let body = sale("2026-07-01", "7000").to_string();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (router, token, path, body) = (app.router.clone(), app.treasurer.clone(), path.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            send_raw(&router, "POST", &path, Some(&token), &[("idempotency-key", "double-click")], Some(body)).await
        }));
    }
    for task in tasks {
        let (status, answer) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(answer["seq"], 1);
    }
    assert_eq!(app.entries_count(app.kube).await, 1);
}

#[tokio::test]
async fn concurrent_posters_get_distinct_gapless_sequence_numbers() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for n in 0..64 {
        let (router, token, path) =
            (app.router.clone(), app.treasurer.clone(), format!("/api/v1/entities/{}/entries", app.kube));
        tasks.push(tokio::spawn(async move {
            send(&router, "POST", &path, Some(&token), Some(sale("2026-07-01", &format!("{}", n + 1)))).await
        }));
    }
    let mut seqs = Vec::new();
    for task in tasks {
        let (status, answer) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        seqs.push(answer["seq"].as_u64().unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=64).collect::<Vec<_>>());
    // 1 + 2 + … + 64
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "2080.00");
    let report = kube_ledger::service::verify::verify(app.ledger.store_for_tests()).unwrap();
    assert!(report.breaches.is_empty(), "{:?}", report.breaches);
}

#[tokio::test]
async fn a_reversal_undoes_an_entry_once_and_keeps_both() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, sale("2026-07-01", "80000")).await;
    let path = format!("/api/v1/entities/{}/entries/1/reverse", app.kube);
    let (status, undo) = send(
        &app.router,
        "POST",
        &path,
        Some(&app.treasurer),
        Some(json!({"date": "2026-07-03", "memo": "Salah catat, pembeli batal"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{undo}");
    assert_eq!(undo["seq"], 2);
    assert_eq!(undo["reverses"], 1);
    assert_eq!(undo["lines"][0], json!({"account": "1101", "credit": "80000.00"}));
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "0.00");
    assert_eq!(app.net(app.kube, "2026-07-02", "1101").await, "80000.00", "history before the reversal stays");
    let (_, original) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/entries/1", app.kube)).await;
    assert_eq!(original["reversed_by"], 2);
    let (status, again) =
        send(&app.router, "POST", &path, Some(&app.treasurer), Some(json!({"date": "2026-07-03"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["error"]["code"], "already_reversed");
    let (status, _) = send(
        &app.router,
        "POST",
        &format!("/api/v1/entities/{}/entries/99/reverse", app.kube),
        Some(&app.treasurer),
        Some(json!({"date": "2026-07-03"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.entries_count(app.kube).await, 2);
}

#[tokio::test]
async fn the_trial_balance_as_of_a_past_date_gives_that_dates_balances() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, sale("2026-07-10", "100")).await;
    app.post_entry(&app.treasurer, app.kube, sale("2026-08-10", "200")).await;
    // Posted later but dated earlier: it belongs to the earlier balances.
    app.post_entry(&app.treasurer, app.kube, sale("2026-07-05", "5")).await;
    assert_eq!(app.net(app.kube, "2026-07-04", "1101").await, "0.00");
    assert_eq!(app.net(app.kube, "2026-07-10", "1101").await, "105.00");
    assert_eq!(app.net(app.kube, "2026-07-31", "4101").await, "-105.00");
    assert_eq!(app.net(app.kube, "2026-08-10", "1101").await, "305.00");
    let report = app.trial_balance(app.kube, "2026-07-31").await;
    assert_eq!(report["as_of"], "2026-07-31");
    assert_eq!(report["total_debit"], "105.00");
    assert_eq!(report["total_credit"], "105.00");
    let (status, answer) =
        app.get(&app.treasurer, &format!("/api/v1/entities/{}/trial-balance?as_of=2026-02-30", app.kube)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "invalid_date");
}

fn batch(entries: Vec<Value>) -> Value {
    json!({ "entries": entries })
}

#[tokio::test]
async fn a_batch_is_all_or_nothing() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries/batch", app.kube);
    let mut bad = sale("2026-07-03", "10");
    bad["lines"][1]["credit"] = json!("9");
    let entries = vec![sale("2026-07-01", "10"), sale("2026-07-02", "10"), bad];
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(batch(entries))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["entry_index"], 3, "{answer}");
    assert_eq!(app.entries_count(app.kube).await, 0);
    let mut unknown = sale("2026-07-03", "10");
    unknown["lines"][0]["account"] = json!("1999");
    let (status, answer) =
        send(&app.router, "POST", &path, Some(&app.treasurer), Some(batch(vec![sale("2026-07-01", "1"), unknown])))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "unknown_account");
    assert_eq!(app.entries_count(app.kube).await, 0);
    let good: Vec<Value> = (1..=250).map(|n| sale("2026-07-01", &n.to_string())).collect();
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(batch(good))).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(
        (answer["count"].clone(), answer["first_seq"].clone(), answer["last_seq"].clone()),
        (json!(250), json!(1), json!(250))
    );
    let (_, last) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/entries/250", app.kube)).await;
    assert_eq!(answer["last_hash"], last["hash"]);
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "31375.00");
}

#[tokio::test]
async fn a_batch_larger_than_one_chunk_commits_whole_and_reopens_identical() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries/batch", app.kube);
    // 3,000 entries write about 6,000 keys: several chunks before the head moves.
    let entries: Vec<Value> = (1..=3000).map(|n| sale("2026-07-01", &n.to_string())).collect();
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(batch(entries))).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["last_seq"], 3000);
    // 1 + 2 + … + 3000
    assert_eq!(app.net(app.kube, "2026-12-31", "1101").await, "4501500.00");
    let report = kube_ledger::service::verify::verify(app.ledger.store_for_tests()).unwrap();
    assert!(report.breaches.is_empty(), "{:?}", report.breaches);
    assert_eq!(app.ledger.store_for_tests().entries(app.kube).count(), 3000);
    assert!(
        app.ledger.store_for_tests().chunks_count() >= 2,
        "3,000 entries go down in chunks of at most 1,000 writes"
    );
}

#[tokio::test]
async fn a_batch_above_ten_thousand_entries_is_refused() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/entries/batch", app.kube);
    let entries: Vec<Value> = (0..10_001).map(|_| sale("2026-07-01", "1")).collect();
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(batch(entries))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["code"], "batch_too_large");
    assert_eq!(app.entries_count(app.kube).await, 0);
}

#[tokio::test]
async fn the_books_survive_reopening_the_database() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, sale("2026-07-01", "12345.67")).await;
    let before = app.trial_balance(app.kube, "2026-12-31").await;
    let (reopened, _, dir) = crate::helpers::reopen(app).await;
    let after = reopened.trial_balance(2, "2026-12-31".parse().unwrap()).unwrap();
    assert_eq!(serde_json::to_value(after).unwrap(), before);
    let posted = reopened.post(2, vec![], "x", None).await;
    assert!(posted.is_err() || posted.unwrap().entries.is_empty());
    drop(dir);
}

#[tokio::test]
async fn concurrent_posts_share_syncs_through_group_commit() {
    let app = spawn_app().await;
    let syncs_before = app.ledger.store_for_tests().syncs_count();
    let mut tasks = Vec::new();
    for n in 0..200 {
        let (router, token, path) =
            (app.router.clone(), app.treasurer.clone(), format!("/api/v1/entities/{}/entries", app.kube));
        tasks.push(tokio::spawn(async move {
            send(&router, "POST", &path, Some(&token), Some(sale("2026-07-01", &format!("{}", n + 1)))).await.0
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    let syncs = app.ledger.store_for_tests().syncs_count() - syncs_before;
    assert!(syncs < 200, "200 durable posts took {syncs} syncs; group commit should share them");
}
