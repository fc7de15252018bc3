//! The pages of members and administration through the real router: the bylaws page
//! (savings terms and the SHU policy). Each form: CSRF, errors at the field with
//! everything typed kept, a plain confirmation after saving, 403 for a role that may not.

use crate::helpers::{send, spawn_app};
use crate::pages::{request, session};
use crate::pages_books::{kube_path, refuses_without_csrf, submit};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_bylaws_page_sets_a_version_of_the_savings_terms_once_with_each_rule_explained() {
    let app = spawn_app().await;
    let (page, action) = (kube_path(&app, "/bylaws"), kube_path(&app, "/bylaws/savings"));
    let treasurer = session(&app.treasurer);
    let empty = request(&app, "GET", &page, &treasurer, None).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("id=\"no-terms\"") && empty.body.contains("id=\"no-policy\""), "{}", empty.body);
    assert!(empty.body.contains("Simpanan pokok dibayar sekali saat anggota masuk"), "each rule in a sentence");

    // Every bad field is named at its place and what was typed is kept.
    let bad = [("effective_from", "2026-02-30"), ("pokok", "0"), ("wajib", "sepuluh ribu")];
    let refused = submit(&app, &treasurer, &page, &action, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in ["effective_from", "pokok", "wajib"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
    }
    assert!(refused.body.contains("value=\"sepuluh ribu\""), "the input is kept");

    let good = [("effective_from", "2026-01-01"), ("pokok", "50.000"), ("wajib", "10000")];
    refuses_without_csrf(&app, &page, &action, &good).await;
    let saved = submit(&app, &treasurer, &page, &action, &good).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{page}?saved=2026-01-01#terms-2026-01-01"));
    let shown = request(&app, "GET", saved.location(), &treasurer, None).await;
    assert!(shown.body.contains("id=\"saved\""), "a plain confirmation: {}", shown.body);
    assert!(shown.body.contains("Ketentuan simpanan tersimpan, berlaku mulai 2026-01-01"), "{}", shown.body);
    assert!(shown.body.contains("id=\"terms-2026-01-01\"") && shown.body.contains("Rp50.000"), "{}", shown.body);
    let (_, versions) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/bylaws/savings", app.kube)).await;
    assert_eq!(
        versions["versions"],
        json!([{"effective_from": "2026-01-01", "pokok": "50000.00", "wajib": "10000.00", "wajib_period": "monthly"}])
    );

    // A second version on the same date is refused at the date, by the page and the API.
    let again = submit(&app, &treasurer, &page, &action, &good).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("id=\"effective_from-error\">sudah ada versi yang berlaku mulai"), "{}", again.body);
    let body = json!({"effective_from": "2026-01-01", "pokok": "50000", "wajib": "10000"});
    let path = format!("/api/v1/entities/{}/bylaws/savings", app.kube);
    let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(body)).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("version_taken")));

    // The head reads the bylaws, without the form, and may not post one.
    let head = session(&app.head);
    let read = request(&app, "GET", &page, &head, None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.contains("id=\"terms-2026-01-01\"") && !read.body.contains("name=\"pokok\""));
    let csrf = read.input("csrf");
    let later = [("csrf", csrf.as_str()), ("effective_from", "2027-01-01"), ("pokok", "1"), ("wajib", "1")];
    assert_eq!(request(&app, "POST", &action, &head, Some(&later)).await.status, StatusCode::FORBIDDEN);
    // English through the switch.
    let english = request(&app, "GET", &format!("{page}?lang=en"), &treasurer, None).await;
    assert!(
        english.body.contains("Savings terms") && english.body.contains("paid once on joining"),
        "{}",
        english.body
    );
}

#[tokio::test]
async fn products_are_added_and_repriced_from_their_pages_with_the_rules_of_the_api() {
    let app = spawn_app().await;
    let (list, new) = (kube_path(&app, "/products"), kube_path(&app, "/products/new"));
    let treasurer = session(&app.treasurer);
    let bad = [("code", "TAHU GORENG"), ("name", ""), ("kind", "mentah"), ("unit", "kg2"), ("default_price", "-1")];
    let refused = submit(&app, &treasurer, &new, &new, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in ["code", "name", "kind", "unit", "default_price"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
    }
    assert!(refused.body.contains("value=\"TAHU GORENG\""), "the input is kept");

    let tempe = [
        ("code", "tempe"),
        ("name", "Tempe"),
        ("kind", "barang_jadi"),
        ("unit", "Bungkus"),
        ("default_price", "3.000"),
    ];
    refuses_without_csrf(&app, &new, &new, &tempe).await;
    let saved = submit(&app, &treasurer, &new, &new, &tempe).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(saved.location().starts_with(&format!("{list}?saved=TEMPE#product-")), "{}", saved.location());
    let id = saved.location().rsplit("product-").next().unwrap().to_string();
    let shown = request(&app, "GET", saved.location(), &treasurer, None).await;
    assert!(shown.body.contains("Produk tersimpan: TEMPE.") && shown.body.contains("Rp3.000"), "{}", shown.body);
    // The same code again is refused as the API refuses it.
    let again = submit(&app, &treasurer, &new, &new, &tempe).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("TEMPE sudah dipakai"), "{}", again.body);

    // A new price; what is left empty stays.
    let change = kube_path(&app, "/products/change");
    let price = [("product", id.as_str()), ("default_price", "3.500"), ("name", ""), ("unit", "")];
    let changed = submit(&app, &treasurer, &list, &change, &price).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let (_, products) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/products", app.kube)).await;
    let stored = products["products"].as_array().unwrap().iter().find(|p| p["code"] == "TEMPE").unwrap().clone();
    assert_eq!((stored["default_price"].clone(), stored["name"].clone()), (json!("3500.00"), json!("Tempe")));
    let negative = [("product", id.as_str()), ("default_price", "-5"), ("name", ""), ("unit", "")];
    let refused = submit(&app, &treasurer, &list, &change, &negative).await;
    assert!(refused.body.contains("id=\"default_price-error\""), "{}", refused.body);

    // The API door takes the product from the path.
    let path = format!("/api/v1/entities/{}/products/{id}", app.kube);
    let (status, patched) =
        send(&app.router, "PATCH", &path, Some(&app.treasurer), Some(json!({"default_price": "4000"}))).await;
    assert_eq!((status, patched["default_price"].clone()), (StatusCode::OK, json!("4000.00")));
    let (status, _) = send(&app.router, "PATCH", &path, Some(&app.treasurer), Some(json!({"product": "1"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the path names the product, not the body");
    // The head reads the list, without the forms.
    let head = request(&app, "GET", &list, &session(&app.head), None).await;
    assert!(head.body.contains("TEMPE") && !head.body.contains("name=\"default_price\""), "{}", head.body);
    assert_eq!(request(&app, "GET", &new, &session(&app.head), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_shu_policy_names_a_usable_fund_account_and_shows_on_the_bylaws_page_explained() {
    let app = spawn_app().await;
    let path = format!("/api/v1/entities/{}/bylaws/shu", app.kube);
    let policy = |fund: &str| {
        json!({"effective_from": "2026-01-01", "shares": [
            {"name": "Cadangan", "percent": "40", "kind": "reserve"},
            {"name": "Jasa modal", "percent": "27.5", "kind": "jasa_modal"},
            {"name": "Jasa usaha", "percent": "25", "kind": "jasa_usaha"},
            {"name": "Dana sosial", "percent": "7.5", "kind": "fund", "account": fund}]})
    };
    let (status, refused) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(policy("3101"))).await;
    assert_eq!((status, refused["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("fund_account")));
    assert_eq!(refused["error"]["problems"][0]["field"], "shares");
    let (status, stored) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(policy("2107"))).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    let (status, again) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(policy("2107"))).await;
    assert_eq!((status, again["error"]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("version_taken")));
    let page = request(&app, "GET", &kube_path(&app, "/bylaws"), &session(&app.head), None).await;
    assert!(page.body.contains("id=\"policy-2026-01-01\""), "{}", page.body);
    assert!(
        page.body.contains("Jasa modal: 27,5%. Jasa modal dibagi kepada anggota menurut simpanan"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Dana sosial: 7,5%. Dana ini dipindahkan ke akunnya sendiri. (2107)"), "{}", page.body);
}

#[tokio::test]
async fn a_member_exit_shows_the_payout_before_it_is_confirmed_and_pays_once() {
    let app = spawn_app().await;
    let deposit = json!({"member_id": app.member_id, "kind": "sukarela", "direction": "deposit", "date": "2026-02-01", "amount": "20000"});
    let path = format!("/api/v1/entities/{}/savings", app.kube);
    assert_eq!(send(&app.router, "POST", &path, Some(&app.treasurer), Some(deposit)).await.0, StatusCode::CREATED);
    let page = format!("/members/{}/exit", app.member_id);
    let treasurer = session(&app.treasurer);
    let shown = request(&app, "GET", &page, &treasurer, None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.body.contains("id=\"total\">Rp20.000<"), "the payout before confirming: {}", shown.body);
    assert!(shown.body.contains("Kas saat ini Rp20.000"), "{}", shown.body);
    let members = request(&app, "GET", &kube_path(&app, "/members"), &treasurer, None).await;
    assert!(members.body.contains(&format!("href=\"{page}\"")), "the exit is one tap from the list");

    let refused = submit(&app, &treasurer, &page, &page, &[("date", "2026-02-30")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"date-error\""), "{}", refused.body);
    refuses_without_csrf(&app, &page, &page, &[("date", "2026-03-01")]).await;
    let before = app.entries_count(app.kube).await;
    let done = submit(&app, &treasurer, &page, &page, &[("date", "2026-03-01")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.location().contains("/entries/") && done.location().ends_with("?saved=1"), "{}", done.location());
    assert_eq!(app.entries_count(app.kube).await, before + 1, "one payout entry");
    let (_, member) = app.get(&app.treasurer, &format!("/api/v1/members/{}", app.member_id)).await;
    assert_eq!(member["exited_on"], "2026-03-01");
    let after = request(&app, "GET", &page, &treasurer, None).await;
    assert!(after.body.contains("id=\"exited\"") && !after.body.contains("name=\"date\""), "{}", after.body);
    assert_eq!(request(&app, "GET", &page, &session(&app.head), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_shu_policy_is_set_from_the_bylaws_page_summing_to_one_hundred() {
    let app = spawn_app().await;
    let (page, action) = (kube_path(&app, "/bylaws"), kube_path(&app, "/bylaws/shu"));
    let treasurer = session(&app.treasurer);
    let mut fields = vec![
        ("shu_from", "2026-01-01"),
        ("reserve", "40"),
        ("jasa_modal", "25"),
        ("jasa_usaha", "25"),
        ("fund_name", "Dana sosial"),
        ("fund_percent", "5"),
        ("fund_account", "2107"),
        ("capital_basis", "year_end"),
    ];
    let short = submit(&app, &treasurer, &page, &action, &fields).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short.body);
    assert!(short.body.contains("bukan 95"), "the sum is named: {}", short.body);
    assert!(short.body.contains("value=\"Dana sosial\""), "the input is kept");
    refuses_without_csrf(&app, &page, &action, &fields).await;
    fields[5] = ("fund_percent", "10");
    let saved = submit(&app, &treasurer, &page, &action, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{page}?shu_saved=2026-01-01#policy-2026-01-01"));
    let shown = request(&app, "GET", saved.location(), &treasurer, None).await;
    assert!(shown.body.contains("Pembagian SHU tersimpan, berlaku mulai 2026-01-01"), "{}", shown.body);
    assert!(shown.body.contains("Dana sosial: 10%. Dana ini dipindahkan ke akunnya sendiri. (2107)"), "{}", shown.body);
    let (_, versions) = app.get(&app.treasurer, &format!("/api/v1/entities/{}/bylaws/shu", app.kube)).await;
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
}
