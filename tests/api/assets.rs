//! The fixed-asset register and the month-end depreciation, through the real router.

use crate::helpers::{send, spawn_app, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn call(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", &format!("/api/v1/entities/{}/{path}", app.kube), Some(token), Some(body)).await
}

fn code(answer: &(StatusCode, Value)) -> (StatusCode, Value) {
    (answer.0, answer.1["error"]["code"].clone())
}

fn refused(text: &str) -> (StatusCode, Value) {
    (StatusCode::UNPROCESSABLE_ENTITY, json!(text))
}

/// A year of depreciation, by hand: a soy-bean grinder of 1.000.000, bought on credit on
/// 10 December 2024, no residual value, 36 months: 1.000.000 / 36 = 27.777,77…, so
/// 27.777 a month from January 2025 (nothing in December 2024). June is forgotten and
/// July catches it up (55.554); June, run late, finds nothing due. At the end of 2025:
/// 12 × 27.777 = 333.324 charged to 5206 and held in 1202; the Neraca shows the cost
/// 1.000.000 and the accumulated depreciation −333.324, a book value of 666.676. Then it
/// is sold, with a gain.
#[tokio::test]
async fn a_year_of_depreciation_of_a_registered_machine() {
    let app = spawn_app().await;
    let (status, machine) = app
        .post_entry(&app.treasurer, app.kube, json!({"date": "2024-12-10", "memo": "Mesin giling kedelai, utang toko", "lines": [{"account": "1201", "debit": "1000000"}, {"account": "2101", "credit": "1000000"}]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{machine}");
    let seq = machine["seq"].as_u64().unwrap();
    let (_, other) = app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2024-12-11", "5000")).await;
    let list = format!("/api/v1/entities/{}/fixed-assets", app.kube);
    let (_, listed) = app.get(&app.head, &list).await;
    assert_eq!(
        listed["unregistered"],
        json!([{"seq": seq, "date": "2024-12-10", "memo": "Mesin giling kedelai, utang toko", "account": "1201", "amount": "1000000.00"}]),
        "{listed}"
    );

    let asset = |entry: &Value, residual: &str| json!({"entry_seq": entry, "name": "Mesin giling", "useful_life_months": 36, "residual_value": residual});
    assert_eq!(
        code(&call(&app, &app.treasurer, "fixed-assets", asset(&other["seq"], "0")).await),
        refused("not_an_asset_entry")
    );
    let high = call(&app, &app.treasurer, "fixed-assets", asset(&json!(seq), "1000001")).await;
    assert_eq!(
        (code(&high), high.1["error"]["problems"][0]["field"].clone()),
        (refused("residual_above_cost"), json!("residual_value"))
    );
    let bad =
        call(&app, &app.treasurer, "fixed-assets", json!({"entry_seq": "x", "name": "", "useful_life_months": 0}))
            .await;
    assert_eq!(bad.1["error"]["problems"].as_array().unwrap().len(), 3, "{}", bad.1);
    assert_eq!(call(&app, &app.head, "fixed-assets", asset(&json!(seq), "0")).await.0, StatusCode::FORBIDDEN);
    let (status, registered) = call(&app, &app.treasurer, "fixed-assets", asset(&json!(seq), "0")).await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    assert_eq!(
        (registered["cost"].clone(), registered["acquired_on"].clone()),
        (json!("1000000.00"), json!("2024-12-10"))
    );
    assert_eq!(
        code(&call(&app, &app.treasurer, "fixed-assets", asset(&json!(seq), "0")).await),
        refused("asset_registered")
    );
    let (_, listed) = app.get(&app.head, &list).await;
    assert_eq!(listed["unregistered"], json!([]), "{listed}");

    let month = |m: &str| json!({ "month": m });
    let (status, december) = call(&app, &app.treasurer, "depreciation", month("2024-12")).await;
    assert_eq!(
        (status, december["seq"].clone()),
        (StatusCode::CREATED, Value::Null),
        "nothing due in the month bought: {december}"
    );
    for m in 1..=12 {
        if m == 6 {
            continue;
        }
        let (status, run) = call(&app, &app.treasurer, "depreciation", month(&format!("2025-{m:02}"))).await;
        assert_eq!(status, StatusCode::CREATED, "{run}");
        let charged = if m == 7 { "55554" } else { "27777" };
        assert_eq!(run["charges"], json!([[seq, charged]]), "2025-{m:02}: {run}");
    }
    let (_, june) = call(&app, &app.treasurer, "depreciation", month("2025-06")).await;
    assert_eq!((june["seq"].clone(), june["charges"].clone()), (Value::Null, json!([])), "{june}");
    assert_eq!(
        code(&call(&app, &app.treasurer, "depreciation", month("2025-03")).await),
        refused("depreciation_posted")
    );
    assert_eq!(code(&call(&app, &app.treasurer, "depreciation", month("2100-12")).await), refused("month_not_ended"));
    assert_eq!(code(&call(&app, &app.treasurer, "depreciation", month("2025-13")).await), refused("invalid_month"));
    assert_eq!(call(&app, &app.head, "depreciation", month("2026-01")).await.0, StatusCode::FORBIDDEN);

    assert_eq!(app.net(app.kube, "2025-12-31", "1202").await, "-333324.00");
    assert_eq!(app.net(app.kube, "2025-12-31", "5206").await, "333324.00");
    assert_eq!(app.net(app.kube, "2025-01-31", "1202").await, "-27777.00", "posted on the month's last day");
    let (_, sheet) = app
        .get(&app.head, &format!("/api/v1/entities/{}/statements/neraca?from=2025-01-01&to=2025-12-31", app.kube))
        .await;
    let rows: Vec<&Value> = sheet["sections"][0]["rows"].as_array().unwrap().iter().collect();
    let value = |label: &str| {
        rows.iter().find(|r| r["label"] == label).unwrap_or_else(|| panic!("{label}: {sheet}"))["values"][0].clone()
    };
    assert_eq!(value("Peralatan"), "1000000.00");
    assert_eq!(value("Akumulasi Penyusutan Peralatan"), "-333324.00");
    assert_eq!(value("Jumlah Aset Tidak Lancar"), "666676.00");

    // Sold on 15 March 2026 for 700.000 in cash. January and February were not yet
    // posted: 2 × 27.777 = 55.554 is charged with the disposal. Book value 1.000.000 −
    // 333.324 − 55.554 = 611.122, so a gain of 700.000 − 611.122 = 88.878.
    let sale = json!({"entry_seq": seq, "date": "2026-03-15", "proceeds": "700000"});
    let early = json!({"entry_seq": seq, "date": "2024-12-01", "proceeds": "700000"});
    assert_eq!(
        code(&call(&app, &app.treasurer, "fixed-assets/dispose", early).await),
        refused("disposal_before_acquisition")
    );
    assert_eq!(
        code(
            &call(
                &app,
                &app.treasurer,
                "fixed-assets/dispose",
                json!({"entry_seq": other["seq"], "date": "2026-03-15"})
            )
            .await
        ),
        refused("unknown_asset")
    );
    let (status, sold) = call(&app, &app.treasurer, "fixed-assets/dispose", sale.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{sold}");
    assert_eq!(
        (sold["disposal"]["gain"].clone(), sold["disposal"]["proceeds"].clone()),
        (json!("88878.00"), json!("700000.00"))
    );
    for (account, net) in [("1201", "0.00"), ("1202", "0.00"), ("5206", "388878.00"), ("4201", "-88878.00")] {
        assert_eq!(app.net(app.kube, "2026-03-15", account).await, net, "{account}");
    }
    assert_eq!(code(&call(&app, &app.treasurer, "fixed-assets/dispose", sale).await), refused("asset_disposed"));
    let (_, march) = call(&app, &app.treasurer, "depreciation", month("2026-03")).await;
    assert_eq!(march["charges"], json!([]), "no depreciation after the disposal: {march}");
    let report = kube_ledger::service::verify::verify(app.ledger.store_for_tests()).unwrap();
    assert!(report.breaches.is_empty(), "{:?}", report.breaches);
}

/// The page lists the equipment entry not yet registered; the treasurer registers it
/// from the form (a bad useful life marked at its field, what was typed kept) and posts
/// a month's depreciation; the head reads the page without the forms.
#[tokio::test]
async fn the_fixed_asset_page_registers_an_equipment_entry() {
    use crate::pages::{request, session};
    let app = spawn_app().await;
    let (_, machine) = app
        .post_entry(&app.treasurer, app.kube, json!({"date": "2024-12-10", "memo": "Mesin giling kedelai", "lines": [{"account": "1201", "debit": "1000000"}, {"account": "2101", "credit": "1000000"}]}))
        .await;
    let seq = machine["seq"].as_u64().unwrap().to_string();
    let path = format!("/entities/{}/fixed-assets", app.kube);
    let treasurer = session(&app.treasurer);
    let page = request(&app, "GET", &path, &treasurer, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(&format!("id=\"entry-{seq}\"")) && page.body.contains("id=\"register-asset\""),
        "{}",
        page.body
    );
    let csrf = page.input("csrf");
    let bad =
        [("csrf", csrf.as_str()), ("entry_seq", seq.as_str()), ("name", "Mesin giling"), ("useful_life_months", "0")];
    let refused = request(&app, "POST", &path, &treasurer, Some(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"useful_life_months-error\">umur manfaat 1 sampai 600 bulan"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"Mesin giling\""));
    let good =
        [("csrf", csrf.as_str()), ("entry_seq", seq.as_str()), ("name", "Mesin giling"), ("useful_life_months", "36")];
    let stored = request(&app, "POST", &path, &treasurer, Some(&good)).await;
    assert_eq!((stored.status, stored.location()), (StatusCode::SEE_OTHER, path.as_str()), "{}", stored.body);
    let depreciate = format!("/entities/{}/depreciation", app.kube);
    let month = [("csrf", csrf.as_str()), ("month", "2025-01")];
    let posted = request(&app, "POST", &depreciate, &treasurer, Some(&month)).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    assert_eq!(app.net(app.kube, "2025-01-31", "1202").await, "-27777.00");
    let head = request(&app, "GET", &path, &session(&app.head), None).await;
    assert!(head.body.contains(&format!("id=\"asset-{seq}\"")) && head.body.contains("Rp27.777"), "{}", head.body);
    assert!(!head.body.contains("id=\"depreciate\""), "the head reads; the books' writers post");
}

/// A grant in kind (a machine given by CSR) is an equipment entry too: listed until it is
/// registered, at the grant's amount and date.
#[tokio::test]
async fn a_grant_in_kind_is_registered_as_an_asset() {
    let app = spawn_app().await;
    let (status, grant) = call(
        &app,
        &app.treasurer,
        "grants",
        json!({"source": "csr", "programme": "CSR mesin", "date": "2025-05-02", "amount": "3000000", "form": "barang"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{grant}");
    let (_, listed) = app.get(&app.head, &format!("/api/v1/entities/{}/fixed-assets", app.kube)).await;
    let left = listed["unregistered"].as_array().unwrap();
    assert_eq!(
        (left.len(), left[0]["amount"].clone(), left[0]["date"].clone()),
        (1, json!("3000000.00"), json!("2025-05-02")),
        "{listed}"
    );
    let asset = json!({"entry_seq": left[0]["seq"], "name": "Mesin press tahu", "useful_life_months": 60, "residual_value": "600.000"});
    let (status, registered) = call(&app, &app.treasurer, "fixed-assets", asset).await;
    assert_eq!(
        (status, registered["cost"].clone(), registered["residual_value"].clone()),
        (StatusCode::CREATED, json!("3000000.00"), json!("600000.00")),
        "{registered}"
    );
}
