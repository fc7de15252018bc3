use super::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use kube_ledger::service::backup::ServeFile;
use kube_ledger::store::backup::{check_backup, BackupKey};
use tower::ServiceExt;

/// `GET /api/v1/backup` with a bearer token or the serve file's secret; status and raw body.
async fn download(app: &TestApp, token: Option<&str>, secret: Option<&str>) -> (StatusCode, Vec<u8>) {
    let mut request = Request::builder().uri("/api/v1/backup");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(secret) = secret {
        request = request.header(kube_ledger::http::BACKUP_SECRET_HEADER, secret);
    }
    let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn only_an_admin_or_the_local_serve_secret_downloads_a_backup() {
    let app = spawn_app().await;
    for token in [&app.treasurer, &app.head, &app.supervisor, &app.member] {
        assert_eq!(download(&app, Some(token), None).await.0, StatusCode::FORBIDDEN);
    }
    assert_eq!(download(&app, None, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(download(&app, None, Some("tebakan")).await.0, StatusCode::UNAUTHORIZED, "a wrong secret is no login");

    let (status, bytes) = download(&app, Some(&app.admin), None).await;
    assert_eq!(status, StatusCode::OK);
    let file = app.dir.path().join("unduhan.kubebak");
    std::fs::write(&file, &bytes).unwrap();
    let key = BackupKey::read(app.ledger.store_for_tests().path()).expect("the first backup made the key");
    let header = check_backup(&file, &key).expect("the download is a whole backup");
    assert!(header.records_count > 10, "{header:?}");

    let serve_file = ServeFile::create(app.dir.path(), "127.0.0.1:8080".parse().unwrap()).unwrap();
    let (status, by_secret) = download(&app, None, Some(&serve_file.secret)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_secret, bytes, "nothing changed between the two snapshots");
    use std::os::unix::fs::PermissionsExt;
    let mode =
        std::fs::metadata(app.dir.path().join(kube_ledger::service::backup::SERVE_FILE)).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "only the owner may read the secret");
}
