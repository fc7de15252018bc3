//! Member loans (simpan pinjam) through the real router: the bylaws' terms, an application
//! approved by a second person, the disbursement, repayments fees → interest → principal,
//! collectibility moved by a late instalment, the loss allowance, the member's own view
//! and the interest counted in jasa usaha. Every amount worked by hand in the comments.

use crate::helpers::{login, new_member, send, spawn_app, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    send(&app.router, "POST", &format!("/api/v1/entities/{}/{path}", app.kube), Some(token), Some(body)).await
}

/// The refusal's code and the field it is placed at.
fn refusal(answer: &(StatusCode, Value)) -> (StatusCode, String, Value) {
    let error = &answer.1["error"];
    (answer.0, error["code"].as_str().unwrap_or_default().to_string(), error["problems"][0]["field"].clone())
}

fn refused(code: &str, field: &str) -> (StatusCode, String, Value) {
    (StatusCode::UNPROCESSABLE_ENTITY, code.to_string(), json!(field))
}

async fn created(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::CREATED, "{}", answer.1);
    answer.1
}

/// The loan as a reader sees it at the end of `as_of`.
async fn loan_on(app: &TestApp, loan: u64, as_of: &str) -> Value {
    let path = format!("/api/v1/entities/{}/member-loans/{loan}?as_of={as_of}", app.kube);
    let (status, body) = app.get(&app.head, &path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Two members with 400.000 of sukarela savings each (a limit of 3 × 400.000 =
/// 1.200.000), 2.000.000 of grant in cash, and the flat terms from 1 January 2026:
/// 1,5% a month, at most 24 months, admin fee 1%, three times the savings.
async fn cooperative() -> (TestApp, u64, String) {
    let app = spawn_app().await;
    let second = app.ledger.add_member(app.kube, new_member("TAHU-002", "Budi Santoso")).await.unwrap();
    app.ledger.add_member_login(second.id, PASSWORD, "operator").await.unwrap();
    let second_token = login(&app.router, "tahu-002", PASSWORD).await;
    for member in [app.member_id, second.id] {
        let deposit = json!({"member_id": member, "kind": "sukarela", "direction": "deposit", "date": "2026-01-16", "amount": "400000"});
        created(post(&app, &app.treasurer, "savings", deposit).await).await;
    }
    let grant = json!({"date": "2026-01-16", "memo": "Hibah modal", "lines": [{"account": "1101", "debit": "2000000"}, {"account": "3103", "credit": "2000000"}]});
    created(app.post_entry(&app.treasurer, app.kube, grant).await).await;
    let flat = json!({"effective_from": "2026-01-01", "method": "flat", "monthly_rate_percent": "1.5", "max_term_months": 24, "admin_fee_percent": "1", "savings_multiple": 3});
    let terms = created(post(&app, &app.treasurer, "bylaws/loans", flat).await).await;
    assert_eq!(terms["collectibility"]["diragukan_days_max"], json!(180), "{terms}");
    (app, second.id, second_token)
}

/// The flat loan worked by hand: Rp1.000.000 over 12 months at 1,5% flat, admin fee 1%,
/// disbursed 31 January 2026. Fee 10.000; interest 15.000 a month; principal 1.000.000 /
/// 12 = 83.333,33 → 83.333, the twelfth 1.000.000 − 11 × 83.333 = 83.337. The first
/// instalment (28 February) is 10.000 + 15.000 + 83.333 = 108.333, the others 98.333,
/// the last 98.337; the whole schedule 10.000 + 180.000 + 1.000.000 = 1.190.000.
#[tokio::test]
async fn a_flat_loan_applied_approved_by_a_second_person_disbursed_and_repaid() {
    let (app, _, _) = cooperative().await;
    let application = json!({"member_id": app.member_id, "date": "2026-01-20", "principal": "1000000", "term_months": 12, "purpose": "Modal warung"});
    let long = json!({"member_id": app.member_id, "date": "2026-01-20", "principal": "1000000", "term_months": 30});
    assert_eq!(
        refusal(&post(&app, &app.treasurer, "member-loans", long).await),
        refused("out_of_range", "term_months")
    );
    assert_eq!(post(&app, &app.head, "member-loans", application.clone()).await.0, StatusCode::FORBIDDEN);
    let loan = created(post(&app, &app.treasurer, "member-loans", application).await).await;
    assert_eq!((loan["id"].clone(), loan["recorded_by"].clone()), (json!(1), json!("bendahara")), "{loan}");

    // Not paid out before it is approved; not approved by the one who recorded it.
    let disburse = json!({"date": "2026-01-31", "via": "kas"});
    let early = post(&app, &app.treasurer, "member-loans/1/disburse", disburse.clone()).await;
    assert_eq!(refusal(&early), refused("loan_status_applied", "loan"));
    let own = post(&app, &app.treasurer, "member-loans/1/approve", json!({"date": "2026-01-25"})).await;
    assert_eq!(refusal(&own), refused("loan_approver_is_recorder", "loan"));
    let message = own.1["error"]["message"].as_str().unwrap();
    assert!(message.contains("bendahara") && message.contains("orang kedua"), "{message}");
    let approved = send(
        &app.router,
        "POST",
        &format!("/api/v1/entities/{}/member-loans/1/approve", app.kube),
        Some(&app.admin),
        Some(json!({"date": "2026-01-25"})),
    )
    .await;
    assert_eq!((approved.0, approved.1["approval"]["by"].clone()), (StatusCode::OK, json!("admin")), "{}", approved.1);

    created(post(&app, &app.treasurer, "member-loans/1/disburse", disburse.clone()).await).await;
    let again = post(&app, &app.treasurer, "member-loans/1/disburse", disburse).await;
    assert_eq!(refusal(&again), refused("loan_status_disbursed", "loan"));
    // Cash 2.800.000 − 1.000.000; the receivable holds principal and fee.
    assert_eq!(app.net(app.kube, "2026-01-31", "1101").await, "1800000.00");
    assert_eq!(app.net(app.kube, "2026-01-31", "1108").await, "1010000.00");
    assert_eq!(app.net(app.kube, "2026-01-31", "4105").await, "-10000.00");

    let view = loan_on(&app, 1, "2026-01-31").await;
    let schedule = view["schedule"].as_array().unwrap();
    let row = |i: usize| {
        let r = &schedule[i];
        [&r["due_on"], &r["fee"], &r["interest"], &r["principal"], &r["total"]].map(|v| v.as_str().unwrap().to_string())
    };
    assert_eq!(schedule.len(), 12);
    assert_eq!(row(0), ["2026-02-28", "10000.00", "15000.00", "83333.00", "108333.00"]);
    assert_eq!(row(1), ["2026-03-31", "0.00", "15000.00", "83333.00", "98333.00"]);
    assert_eq!(row(11), ["2027-01-31", "0.00", "15000.00", "83337.00", "98337.00"]);

    // The first instalment, a day early: fee 10.000, interest 15.000, principal 83.333.
    let first = json!({"date": "2026-02-27", "amount": "108333"});
    created(post(&app, &app.treasurer, "member-loans/1/repayments", first).await).await;
    assert_eq!(app.net(app.kube, "2026-02-27", "1108").await, "916667.00", "1.010.000 − 10.000 − 83.333");
    assert_eq!(app.net(app.kube, "2026-02-27", "4104").await, "-15000.00");
    // The second falls due 31 March: not late that day, late (DPK) the day after.
    assert_eq!(loan_on(&app, 1, "2026-03-31").await["standing"]["collectibility"], "lancar");
    let late = loan_on(&app, 1, "2026-04-01").await["standing"].clone();
    assert_eq!(
        [&late["collectibility"], &late["days_past_due"], &late["arrears"]],
        [&json!("dalam_perhatian_khusus"), &json!(1), &json!("98333.00")],
        "{late}"
    );
    created(
        post(&app, &app.treasurer, "member-loans/1/repayments", json!({"date": "2026-04-02", "amount": "98333"})).await,
    )
    .await;
    assert_eq!(loan_on(&app, 1, "2026-04-02").await["standing"]["collectibility"], "lancar");

    // 1.190.000 − 108.333 − 98.333 = 983.334 left: a rupiah more is refused, all of it
    // pays the loan off (and all its interest, as a flat contract asks).
    let above =
        post(&app, &app.treasurer, "member-loans/1/repayments", json!({"date": "2026-04-10", "amount": "983335"}))
            .await;
    assert_eq!(refusal(&above), refused("repayment_above_owed", "amount"));
    assert!(above.1["error"]["message"].as_str().unwrap().contains("Rp983.334"), "{}", above.1);
    created(
        post(&app, &app.treasurer, "member-loans/1/repayments", json!({"date": "2026-04-10", "amount": "983334"}))
            .await,
    )
    .await;
    let paid = loan_on(&app, 1, "2026-04-10").await;
    assert_eq!((paid["status"].clone(), paid["standing"]["outstanding"].clone()), (json!("paid"), json!("0.00")));
    assert_eq!(app.net(app.kube, "2026-04-10", "1108").await, "0.00");
    assert_eq!(app.net(app.kube, "2026-04-10", "4104").await, "-180000.00", "12 × 15.000");
    let closed =
        post(&app, &app.treasurer, "member-loans/1/repayments", json!({"date": "2026-04-11", "amount": "1"})).await;
    assert_eq!(refusal(&closed), refused("loan_status_paid", "loan"));
}

/// The annuity worked by hand: Rp1.000.000 over 3 months at 1% a month effective, no fee,
/// disbursed 10 March 2026. A = 1.000.000 × 0,01 × 1,01³ / (1,01³ − 1) = 340.022,11 →
/// 340.022. April: interest 10.000, principal 330.022 (left 669.978); May: interest
/// 6.699,78 → 6.700, principal 333.322 (left 336.656); June: interest 3.366,56 → 3.367,
/// principal 336.656, 340.023. Only April is paid on time: from 11 May the loan is late,
/// and 91 days after 10 May (9 August) it is kurang lancar.
#[tokio::test]
async fn an_annuity_paid_late_moves_through_the_classes_and_the_allowance_follows() {
    let (app, second, _) = cooperative().await;
    let annuity = json!({"effective_from": "2026-03-01", "method": "anuitas", "monthly_rate_percent": "1", "max_term_months": 12, "admin_fee_percent": "0", "savings_multiple": 3});
    created(post(&app, &app.treasurer, "bylaws/loans", annuity.clone()).await).await;
    let taken = post(&app, &app.treasurer, "bylaws/loans", annuity).await;
    assert_eq!(refusal(&taken), refused("version_taken", "effective_from"));

    // 3 × 400.000 = 1.200.000 at most.
    let too_much = json!({"member_id": second, "date": "2026-03-05", "principal": "1200001", "term_months": 3});
    let above = post(&app, &app.treasurer, "member-loans", too_much).await;
    assert_eq!(refusal(&above), refused("loan_above_limit", "principal"));
    assert!(above.1["error"]["message"].as_str().unwrap().contains("Rp1.200.000"), "{}", above.1);
    let application = json!({"member_id": second, "date": "2026-03-05", "principal": "1000000", "term_months": 3});
    let loan = created(post(&app, &app.treasurer, "member-loans", application).await).await;
    let id = loan["id"].as_u64().unwrap();
    // A second loan would take the member past the limit: 1.000.000 already asked for.
    let more = json!({"member_id": second, "date": "2026-03-06", "principal": "200001", "term_months": 3});
    assert_eq!(
        refusal(&post(&app, &app.treasurer, "member-loans", more).await),
        refused("loan_above_limit", "principal")
    );
    let approve = format!("/api/v1/entities/{}/member-loans/{id}/approve", app.kube);
    let approved = send(&app.router, "POST", &approve, Some(&app.admin), Some(json!({"date": "2026-03-06"}))).await;
    assert_eq!(approved.0, StatusCode::OK, "{}", approved.1);

    // The bank holds nothing: refused with its balance; cash pays it.
    let by_bank = post(
        &app,
        &app.treasurer,
        &format!("member-loans/{id}/disburse"),
        json!({"date": "2026-03-10", "via": "bank"}),
    )
    .await;
    assert_eq!(refusal(&by_bank), refused("insufficient_funds", "via"));
    assert!(by_bank.1["error"]["message"].as_str().unwrap().contains("1102"), "{}", by_bank.1);
    created(post(&app, &app.treasurer, &format!("member-loans/{id}/disburse"), json!({"date": "2026-03-10"})).await)
        .await;

    let view = loan_on(&app, id, "2026-03-10").await;
    let totals: Vec<(&str, &str, &str)> = view["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["interest"].as_str().unwrap(), r["principal"].as_str().unwrap(), r["total"].as_str().unwrap()))
        .collect();
    assert_eq!(
        totals,
        [
            ("10000.00", "330022.00", "340022.00"),
            ("6700.00", "333322.00", "340022.00"),
            ("3367.00", "336656.00", "340023.00")
        ]
    );
    let april = created(
        post(
            &app,
            &app.treasurer,
            &format!("member-loans/{id}/repayments"),
            json!({"date": "2026-04-10", "amount": "340022"}),
        )
        .await,
    )
    .await;
    assert!(april["seq"].is_u64(), "{april}");

    let class_on = |standing: &Value| (standing["collectibility"].clone(), standing["days_past_due"].clone());
    assert_eq!(class_on(&loan_on(&app, id, "2026-05-10").await["standing"]), (json!("lancar"), json!(0)));
    assert_eq!(
        class_on(&loan_on(&app, id, "2026-05-11").await["standing"]),
        (json!("dalam_perhatian_khusus"), json!(1))
    );
    assert_eq!(
        class_on(&loan_on(&app, id, "2026-08-08").await["standing"]),
        (json!("dalam_perhatian_khusus"), json!(90))
    );
    let list = format!("/api/v1/entities/{}/member-loans?as_of=2026-08-09", app.kube);
    let (_, listed) = app.get(&app.head, &list).await;
    assert_eq!(class_on(&listed["loans"][0]["standing"]), (json!("kurang_lancar"), json!(91)), "{listed}");
    // Arrears on 9 August: May and June, 340.022 + 340.023 = 680.045.
    assert_eq!(listed["loans"][0]["standing"]["arrears"], "680045.00");
    let kurang_lancar = &listed["by_collectibility"][2];
    assert_eq!(
        [&kurang_lancar["collectibility"], &kurang_lancar["loans"], &kurang_lancar["outstanding"]],
        [&json!("kurang_lancar"), &json!(1), &json!("669978.00")],
        "{listed}"
    );

    // August ends 113 days after 10 May: kurang lancar, 15% of 669.978 = 100.496,70 →
    // 100.497, posted once; a month not yet ended is refused.
    let august = created(post(&app, &app.treasurer, "loan-allowance", json!({"month": "2026-08"})).await).await;
    assert_eq!(august["date"], "2026-08-31", "{august}");
    assert_eq!(app.net(app.kube, "2026-08-31", "5213").await, "100497.00");
    assert_eq!(app.net(app.kube, "2026-08-31", "1109").await, "-100497.00");
    // The notes to the statements list the loans by collectibility at the period's end.
    let notes = format!("/api/v1/entities/{}/statements/catatan?from=2026-01-01&to=2026-08-31", app.kube);
    let (_, notes) = app.get(&app.head, &notes).await;
    assert_eq!(crate::period::row(&notes, "Kurang lancar")[0], "669978.00", "{notes}");
    assert_eq!(crate::period::row(&notes, "Penyisihan kerugian menurut kebijakan")[0], "100497.00", "{notes}");
    let twice = post(&app, &app.treasurer, "loan-allowance", json!({"month": "2026-08"})).await;
    assert_eq!(refusal(&twice), refused("allowance_posted", "month"));
    let future = post(&app, &app.treasurer, "loan-allowance", json!({"month": "2100-12"})).await;
    assert_eq!(refusal(&future), refused("month_not_ended", "month"));

    // Caught up in September: 680.045 pays May and June; the allowance is released.
    let rest = json!({"date": "2026-09-15", "amount": "680045"});
    created(post(&app, &app.treasurer, &format!("member-loans/{id}/repayments"), rest).await).await;
    assert_eq!(loan_on(&app, id, "2026-09-15").await["status"], "paid");
    created(post(&app, &app.treasurer, "loan-allowance", json!({"month": "2026-09"})).await).await;
    assert_eq!(app.net(app.kube, "2026-09-30", "1109").await, "0.00");
    assert_eq!(app.net(app.kube, "2026-09-30", "4104").await, "-20067.00", "10.000 + 6.700 + 3.367");
}

/// A member reads their own loans, schedules and arrears, and nobody else's; the
/// interest they paid is business done with the KUBE, counted for jasa usaha.
#[tokio::test]
async fn a_member_sees_only_their_own_loan_and_its_interest_counts_for_jasa_usaha() {
    let (app, second, second_token) = cooperative().await;
    for (member, principal) in [(app.member_id, "600000"), (second, "300000")] {
        let application = json!({"member_id": member, "date": "2026-02-01", "principal": principal, "term_months": 6});
        let loan = created(post(&app, &app.treasurer, "member-loans", application).await).await;
        let id = loan["id"].as_u64().unwrap();
        let approve = format!("/api/v1/entities/{}/member-loans/{id}/approve", app.kube);
        assert_eq!(
            send(&app.router, "POST", &approve, Some(&app.admin), Some(json!({"date": "2026-02-01"}))).await.0,
            StatusCode::OK
        );
        created(
            post(&app, &app.treasurer, &format!("member-loans/{id}/disburse"), json!({"date": "2026-02-02"})).await,
        )
        .await;
    }
    // The first member pays their first instalment: fee 6.000, interest 600.000 × 1,5% =
    // 9.000, principal 100.000: 115.000.
    created(
        post(&app, &app.treasurer, "member-loans/1/repayments", json!({"date": "2026-03-02", "amount": "115000"}))
            .await,
    )
    .await;

    let own = app.get(&app.member, &format!("/api/v1/members/{}/loans?as_of=2026-04-03", app.member_id)).await;
    assert_eq!(own.0, StatusCode::OK, "{}", own.1);
    let loans = own.1["loans"].as_array().unwrap();
    assert_eq!(loans.len(), 1, "{}", own.1);
    assert_eq!(
        (loans[0]["principal"].clone(), loans[0]["schedule"].as_array().unwrap().len()),
        (json!("600000.00"), 6)
    );
    // Due 2 April and unpaid on the 3rd: 109.000 behind (interest 9.000 + principal 100.000).
    assert_eq!(loans[0]["standing"]["arrears"], "109000.00", "{}", own.1);
    let theirs = app.get(&app.member, &format!("/api/v1/members/{second}/loans")).await;
    assert_eq!(theirs.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&app.member, &format!("/api/v1/entities/{}/member-loans", app.kube)).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, second_own) = app.get(&second_token, &format!("/api/v1/members/{second}/loans")).await;
    assert_eq!((status, second_own["loans"][0]["principal"].clone()), (StatusCode::OK, json!("300000.00")));

    created(post(&app, &app.treasurer, "bylaws/shu", crate::period::bylaws_from(2026)).await).await;
    let (status, preview) = app.get(&app.head, &format!("/api/v1/entities/{}/periods/2026/preview", app.kube)).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let basis_of = |member: u64| {
        let slips = preview["members"].as_array().unwrap();
        slips.iter().find(|s| s["member_id"] == member).unwrap()["jasa_usaha_basis"].clone()
    };
    assert_eq!((basis_of(app.member_id), basis_of(second)), (json!("9000.00"), json!("0.00")), "{preview}");
}
