//! Request ids (issue 9): every response names its request, so a log line can be found.

use crate::helpers::spawn_app;
use axum::http::Request;
use tower::ServiceExt;

async fn request_id(app: &crate::helpers::TestApp, uri: &str, given: Option<&str>) -> String {
    let mut request = Request::builder().uri(uri);
    if let Some(given) = given {
        request = request.header("x-request-id", given);
    }
    let response = app.router.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    let id = response.headers().get(kube_ledger::http::REQUEST_ID_HEADER).expect("an x-request-id");
    id.to_str().unwrap().to_string()
}

#[tokio::test]
async fn every_response_carries_a_request_id_the_callers_or_a_fresh_one() {
    let app = spawn_app().await;
    let first = request_id(&app, "/healthz", None).await;
    let second = request_id(&app, "/api/v1/me", None).await;
    assert!(first.len() >= 32 && first != second, "fresh ids differ: {first} {second}");
    assert_eq!(request_id(&app, "/api/v1/me", Some("loket-7-0001")).await, "loket-7-0001", "a refusal keeps it too");
}
