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
