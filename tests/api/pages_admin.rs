//! The admin's users page through the real router: every staff login listed, a user
//! created from the page while the service runs (every bad field named, what was typed
//! kept but never the password), who then signs in; no one but an admin sees the page.

use crate::helpers::{login, spawn_app};
use crate::pages::{request, session};
use crate::pages_books::submit;
use axum::http::StatusCode;

#[tokio::test]
async fn an_admin_creates_a_login_from_the_users_page_and_it_signs_in_at_once() {
    let app = spawn_app().await;
    let admin = session(&app.admin);
    let start = request(&app, "GET", "/", &admin, None).await;
    assert!(start.body.contains("href=\"/admin/users\""), "the admin's home leads to the users: {}", start.body);
    let page = request(&app, "GET", "/admin/users", &admin, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("bendahara") && page.body.contains("Kepala panti"), "{}", page.body);

    let panti = app.panti.to_string();
    let bad = [("username", "Kepala Baru"), ("role", "head"), ("entity_id", ""), ("password", "pendek")];
    let refused = submit(&app, &admin, "/admin/users", "/admin/users", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in ["username", "entity_id", "password"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
    }
    assert!(refused.body.contains("value=\"Kepala Baru\"") && !refused.body.contains("pendek"), "{}", refused.body);

    let good =
        [("username", "kepala.baru"), ("role", "head"), ("entity_id", panti.as_str()), ("password", "rahasia-baru-2")];
    let saved = submit(&app, &admin, "/admin/users", "/admin/users", &good).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/admin/users?added=kepala.baru"));
    let shown = request(&app, "GET", saved.location(), &admin, None).await;
    assert!(shown.body.contains("id=\"saved\"") && shown.body.contains("kepala.baru"), "{}", shown.body);
    let token = login(&app.router, "kepala.baru", "rahasia-baru-2").await;
    let (status, me) = app.get(&token, "/api/v1/me").await;
    assert_eq!((status, me["role"].as_str()), (StatusCode::OK, Some("head")), "{me}");

    let again = submit(&app, &admin, "/admin/users", "/admin/users", &good).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a taken username is named: {}", again.body);
    assert!(again.body.contains("id=\"username-error\""), "{}", again.body);
    // The same form sent twice at once: one login, and both answers say it was made.
    let (csrf, key) = crate::pages_books::form(&app, &admin, "/admin/users").await;
    let twice = [
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("username", "kepala.dua"),
        ("role", "head"),
        ("entity_id", panti.as_str()),
        ("password", "rahasia-baru-4"),
    ];
    let (first, second) = tokio::join!(
        request(&app, "POST", "/admin/users", &admin, Some(&twice)),
        request(&app, "POST", "/admin/users", &admin, Some(&twice)),
    );
    assert_eq!(
        (first.location(), second.location()),
        ("/admin/users?added=kepala.dua", "/admin/users?added=kepala.dua")
    );

    for other in [&app.head, &app.treasurer, &app.supervisor] {
        assert_eq!(request(&app, "GET", "/admin/users", &session(other), None).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn an_admin_resets_a_password_and_disables_a_login_from_its_page() {
    let app = spawn_app().await;
    let admin = session(&app.admin);
    let list = request(&app, "GET", "/admin/users", &admin, None).await;
    assert!(list.body.contains("href=\"/admin/users/bendahara\""), "each login links to its page: {}", list.body);
    let page_path = "/admin/users/bendahara";
    let page = request(&app, "GET", page_path, &admin, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("KUBE Tahu") && page.body.contains("id=\"status\">aktif"), "{}", page.body);

    let short = submit(&app, &admin, page_path, "/admin/users/bendahara/password", &[("password", "pendek")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short.body);
    assert!(short.body.contains("id=\"password-error\"") && !short.body.contains("pendek"), "{}", short.body);
    let saved =
        submit(&app, &admin, page_path, "/admin/users/bendahara/password", &[("password", "rahasia-baru-3")]).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/admin/users/bendahara?saved=password"));
    assert_eq!(request(&app, "GET", "/", &session(&app.treasurer), None).await.status, StatusCode::UNAUTHORIZED);
    let token = login(&app.router, "bendahara", "rahasia-baru-3").await;

    let disabled = submit(&app, &admin, page_path, "/admin/users/bendahara/disabled", &[("disabled", "true")]).await;
    assert_eq!(disabled.location(), "/admin/users/bendahara?saved=disabled");
    let shown = request(&app, "GET", disabled.location(), &admin, None).await;
    assert!(shown.body.contains("id=\"saved\"") && shown.body.contains("Aktifkan lagi"), "{}", shown.body);
    assert_eq!(request(&app, "GET", "/", &session(&token), None).await.status, StatusCode::UNAUTHORIZED);
    // The sign-in page says why, not "wrong password".
    let refused = crate::pages::sign_in(&app, "bendahara", "rahasia-baru-3").await.expect_err("disabled");
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("dinonaktifkan oleh admin"), "{}", refused.body);

    let own = submit(&app, &admin, "/admin/users/admin", "/admin/users/admin/disabled", &[("disabled", "true")]).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.body);
    assert!(own.body.contains("id=\"access-error\""), "{}", own.body);
    let enabled = submit(&app, &admin, page_path, "/admin/users/bendahara/disabled", &[("disabled", "false")]).await;
    assert_eq!(enabled.location(), "/admin/users/bendahara?saved=enabled");
    login(&app.router, "bendahara", "rahasia-baru-3").await;
    assert_eq!(request(&app, "GET", "/admin/users/tidak.ada", &admin, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(request(&app, "GET", page_path, &session(&app.head), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_admin_creates_a_kube_under_a_panti_from_the_entities_page_once_however_often_it_is_sent() {
    let app = spawn_app().await;
    let admin = session(&app.admin);
    let start = request(&app, "GET", "/", &admin, None).await;
    assert!(start.body.contains("href=\"/admin/entities\""), "{}", start.body);
    let page = request(&app, "GET", "/admin/entities", &admin, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("PSBK Uji") && page.body.contains("KUBE Tahu"), "{}", page.body);

    let panti = app.panti.to_string();
    let bad = [("kind", "panti"), ("name", ""), ("parent_id", panti.as_str()), ("address", "")];
    let refused = submit(&app, &admin, "/admin/entities", "/admin/entities", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"name-error\""), "{}", refused.body);
    let under = [("kind", "panti"), ("name", "PSBK Kedua"), ("parent_id", panti.as_str()), ("address", "")];
    let refused = submit(&app, &admin, "/admin/entities", "/admin/entities", &under).await;
    assert!(refused.body.contains("id=\"parent_id-error\""), "a panti under a panti: {}", refused.body);

    let before = app.ledger.entities().unwrap().len();
    let (csrf, key) = crate::pages_books::form(&app, &admin, "/admin/entities").await;
    let good = [
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("kind", "kube"),
        ("name", "KUBE Batik Melati"),
        ("parent_id", panti.as_str()),
        ("address", "Jl. Melati 3, Semarang"),
    ];
    let (first, second) = tokio::join!(
        request(&app, "POST", "/admin/entities", &admin, Some(&good)),
        request(&app, "POST", "/admin/entities", &admin, Some(&good)),
    );
    let third = request(&app, "POST", "/admin/entities", &admin, Some(&good)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert!(first.location() == second.location() && second.location() == third.location(), "one answer");
    assert_eq!(app.ledger.entities().unwrap().len(), before + 1, "a double tap creates one KUBE");
    let shown = request(&app, "GET", first.location(), &admin, None).await;
    assert!(shown.body.contains("id=\"saved\"") && shown.body.contains("KUBE Batik Melati"), "{}", shown.body);
    let created = app.ledger.entities().unwrap().into_iter().find(|e| e.name == "KUBE Batik Melati").unwrap();
    assert_eq!(created.parent_id, Some(app.panti));
    let identity = app.ledger.identity(created.id).unwrap().unwrap();
    assert_eq!(identity.address.as_deref(), Some("Jl. Melati 3, Semarang"));
    for other in [&app.head, &app.treasurer, &app.supervisor] {
        assert_eq!(request(&app, "GET", "/admin/entities", &session(other), None).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn an_admin_downloads_a_backup_and_takes_scheduled_ones_from_the_backups_page() {
    use kube_ledger::service::backup::Schedule;
    let app = spawn_app().await;
    let admin = session(&app.admin);
    let page = request(&app, "GET", "/admin/backups", &admin, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("--backup-dir") && page.body.contains("href=\"/api/v1/backup\""), "{}", page.body);
    let download = request(&app, "GET", "/api/v1/backup", &admin, None).await;
    assert_eq!(download.status, StatusCode::OK, "the page's link downloads with the session cookie");

    let folder = tempfile::tempdir().unwrap();
    let schedule =
        Schedule { dir: folder.path().to_path_buf(), keep: 2, every: std::time::Duration::from_secs(86_400) };
    app.ledger.set_serving(kube_ledger::service::Serving { demo: false, backups: Some(schedule) });
    let mut taken = Vec::new();
    for _ in 0..3 {
        let csrf = request(&app, "GET", "/admin/backups", &admin, None).await.input("csrf");
        let answer = request(&app, "POST", "/admin/backups", &admin, Some(&[("csrf", csrf.as_str())])).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        taken.push(answer.location().trim_start_matches("/admin/backups?taken=").to_string());
        // Backups are named by the second.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    let shown = request(&app, "GET", &format!("/admin/backups?taken={}", taken[2]), &admin, None).await;
    assert!(shown.body.contains("id=\"saved\"") && shown.body.contains("<strong>1d</strong>"), "{}", shown.body);
    let files: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "the newest two kept: {files:?}");
    for name in &taken[1..] {
        assert!(files.contains(name) && shown.body.contains(name.as_str()), "{name} listed: {}", shown.body);
    }
    for other in [&app.head, &app.treasurer, &app.supervisor] {
        assert_eq!(request(&app, "GET", "/admin/backups", &session(other), None).await.status, StatusCode::FORBIDDEN);
    }
}
