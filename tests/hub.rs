//! The regional hub against a real PostgreSQL of the test's own (issue 17): its store (a
//! panti is registered and enrols with its key; its bundles are received in revision
//! order, once each; a changed byte, another key, an older revision sent again and a gap
//! are refused with their reason), and a panti instance (the real binary) and the hub on
//! loopback: enrolment, the outbox while the hub is down and after, the recap, the
//! refusals with their words, and officers kept to their region; the same over HTTPS, with
//! an officer's wrong passwords held back.

mod common;

use common::postgres::Postgres;
use ed25519_dalek::SigningKey;
use kube_ledger::domain::identity::{PantiType, RegionCode};
use kube_ledger::domain::report::assembly::{Submission, SubmissionHeader};
use kube_ledger::domain::report::bundle::{BundleContents, Origin};
use kube_ledger::domain::report::cadence::PeriodKey;
use kube_ledger::domain::report::cadence::Stage;
use kube_ledger::http::server::{Network, Transport};
use kube_ledger::hub::store::{HubError, HubStore, Registration};
use kube_ledger::hub::Refusal;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn bundle(key: &SigningKey, revision: u32, sales: &str) -> String {
    bundle_of(key, "2025-TW1", "2025-04-10", revision, sales)
}

/// A bundle of `period`, submitted on `on`, signed by `key`.
fn bundle_of(key: &SigningKey, period: &str, on: &str, revision: u32, sales: &str) -> String {
    let header = SubmissionHeader {
        period: PeriodKey::parse(period).unwrap(),
        revision,
        reason: (revision > 1).then(|| "Koreksi".to_string()),
        submitted_by: "kepala".into(),
        submitted_at: format!("{on}T08:00:00Z"),
        submitted_on: on.parse().unwrap(),
    };
    let submission = Submission::seal(header, format!("<p>{sales}</p>"), format!(r#"{{"sales":"{sales}"}}"#)).unwrap();
    let origin = Origin {
        entity_id: 1,
        name: "Panti Sejahtera".into(),
        public_key: hex::encode(key.verifying_key().as_bytes()),
    };
    BundleContents::of(&submission, origin, vec![]).sign(key)
}

fn registration(region: &str, reports_from: &str) -> Registration {
    Registration {
        region: RegionCode::parse(region).unwrap(),
        name: format!("Panti Sejahtera {region}"),
        panti_type: PantiType::Psbk,
        stage: Stage::Awal,
        reports_from: reports_from.parse().unwrap(),
        due_days: 15,
        registered_by: "uji".into(),
    }
}

fn refusal(result: Result<kube_ledger::hub::store::Received, HubError>) -> Refusal {
    match result {
        Err(HubError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_panti_enrols_and_its_bundles_arrive_in_order_once_each() {
    let postgres = Postgres::start();
    let url = postgres.database("hub");
    let hub = HubStore::connect(&url).await.expect("the hub connects and migrates");
    drop(HubStore::connect(&url).await.expect("migrations apply once"));
    let (panti_id, code) = hub.register_panti(&registration("33.74", "2025-01-01")).await.unwrap();
    let key = SigningKey::from_bytes(&[7; 32]);
    let first = bundle(&key, 1, "150000");
    assert!(matches!(refusal(hub.receive(&first).await), Refusal::UnknownKey { .. }), "not enrolled yet");

    let other_key = hex::encode(SigningKey::from_bytes(&[8; 32]).verifying_key().as_bytes());
    assert!(matches!(hub.enrol(&code, "00").await, Err(HubError::Refused(Refusal::BadKey))), "not a key");
    let enrolled = hub.enrol(&code.to_lowercase(), &hex::encode(key.verifying_key().as_bytes())).await.unwrap();
    assert_eq!((enrolled.panti_id, enrolled.region.as_str()), (panti_id, "33.74"));
    assert!(
        matches!(hub.enrol(&code, &other_key).await, Err(HubError::Refused(Refusal::UnknownCode))),
        "a code is spent once"
    );

    let received = hub.receive(&first).await.unwrap();
    assert!(received.new && received.revision == 1);
    assert!(!hub.receive(&first).await.unwrap().new, "a retried push is received once");

    let mut flipped = first.clone().into_bytes();
    let at = first.find("150000").unwrap();
    flipped[at] = b'9';
    let flipped = String::from_utf8(flipped).unwrap();
    assert!(matches!(refusal(hub.receive(&flipped).await), Refusal::Bundle(_)), "one byte changed");
    let stranger = bundle(&SigningKey::from_bytes(&[8; 32]), 2, "150000");
    assert!(matches!(refusal(hub.receive(&stranger).await), Refusal::UnknownKey { .. }), "another key");
    let gap = bundle(&key, 3, "170000");
    assert!(matches!(refusal(hub.receive(&gap).await), Refusal::OutOfOrder { latest: 1, .. }), "a gap");

    assert!(hub.receive(&bundle(&key, 2, "160000")).await.unwrap().new);
    assert!(matches!(refusal(hub.receive(&first).await), Refusal::Replayed { revision: 1, latest: 2, .. }));
    let kept = hub.revisions(panti_id).await.unwrap();
    assert_eq!(
        kept,
        [("2025-TW1".to_string(), 1, "2025-04-10".to_string()), ("2025-TW1".to_string(), 2, "2025-04-10".to_string())]
    );

    // The officer's list of a province with 55 panti: 50 a page, searched by name or region.
    for n in 0..55 {
        let region = format!("35.{:02}", 1 + n % 3);
        let registration = Registration { name: format!("Panti {n:02}_Jatim"), ..registration(&region, "2025-01-01") };
        hub.register_panti(&registration).await.unwrap();
    }
    let jatim = kube_ledger::hub::Scope::Provinsi("35".into());
    let names =
        |listed: &[kube_ledger::hub::store::PantiListing]| listed.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    let (first_page, matching) = hub.panti_of(&jatim, "", 0, 50).await.unwrap();
    assert_eq!((first_page.len(), matching), (50, 55));
    let (rest, _) = hub.panti_of(&jatim, "", 50, 50).await.unwrap();
    assert_eq!(rest.len(), 5);
    assert!(names(&rest).iter().all(|name| !names(&first_page).contains(name)), "no panti on two pages");
    let (found, matching) = hub.panti_of(&jatim, "panti 07", 0, 50).await.unwrap();
    assert_eq!((names(&found), matching), (vec!["Panti 07_Jatim".to_string()], 1), "by name, in any case");
    assert_eq!(hub.panti_of(&jatim, "35.02", 0, 50).await.unwrap().1, 18, "by region code");
    assert_eq!(hub.panti_of(&jatim, "7_J", 0, 50).await.unwrap().1, 5, "an underscore is a character, not a wildcard");
    assert_eq!(hub.panti_of(&jatim, "7%J", 0, 50).await.unwrap().1, 0);
    assert_eq!(hub.panti_of(&kube_ledger::hub::Scope::Provinsi("33".into()), "Jatim", 0, 50).await.unwrap().1, 0);
}

/// The hub served in this process on `port` through the binary's own accept loop, plain or
/// TLS as `network` says, until the handle is aborted (the hub down).
async fn serve_hub(store: Arc<HubStore>, port: u16, network: Network) -> tokio::task::JoinHandle<()> {
    let started = Instant::now();
    let listener = loop {
        match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => break listener,
            Err(error) if started.elapsed() < Duration::from_secs(10) => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => panic!("the hub cannot listen on {port} again: {error}"),
        }
    };
    tokio::spawn(async move {
        let app = kube_ledger::hub::http::app(store);
        kube_ledger::http::server::serve(listener, app, &network, std::future::pending()).await.unwrap()
    })
}

/// A browser-like client of the hub: no redirects followed, the session cookie kept by hand.
struct Officer {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

impl Officer {
    async fn sign_in(base: &str, username: &str, password: &str) -> Officer {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client
            .post(format!("{base}/login"))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{username} signs in");
        let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        Officer { client, base: base.to_string(), cookie }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response =
            self.client.get(format!("{}{path}", self.base)).header("cookie", &self.cookie).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The form token on the officer's pages.
    async fn csrf(&self) -> String {
        let (_, home) = self.get("/").await;
        between(&home, r#"name="csrf" value=""#, "\"").to_string()
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start} in {text}")) + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

async fn push(base: &str, bundle: &str) -> (u16, Value) {
    let response =
        reqwest::Client::new().post(format!("{base}/api/v1/bundles")).body(bundle.to_string()).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn outbox(client: &reqwest::Client, panti: &common::Server, id: u64, token: &str) -> Value {
    common::get_json(client, &panti.url(&format!("/api/v1/entities/{id}/hub")), token).await
}

/// The submitted list as the head's page shows it (a session cookie reads it).
async fn submitted_list(client: &reqwest::Client, panti: &common::Server, id: u64, token: &str) -> String {
    let path = panti.url(&format!("/entities/{id}/reports/submitted"));
    let response = client.get(path).header("cookie", format!("kube_ledger_session={token}")).send().await.unwrap();
    response.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panti_enrols_its_submission_waits_for_the_hub_and_arrives_once_and_officers_read_their_region() {
    let postgres = Postgres::start();
    let url = postgres.database("hub");
    let store = Arc::new(HubStore::connect(&url).await.unwrap());
    // The first officer through the command line, as the README has it.
    let made = common::cli(
        &[
            "hub",
            "--database-url",
            &url,
            "create-officer",
            "--username",
            "dinsos.semarang",
            "--region",
            "33.74",
            "--password-stdin",
        ],
        Some("semarang-rahasia-1\n"),
    );
    assert!(made.status.success(), "{}", common::describe(&made));
    kube_ledger::hub::create_officer(&store, "dinsos.jogja", "34.71", "jogja-rahasia-1").await.unwrap();
    kube_ledger::hub::create_officer(&store, "kemensos", "nasional", "pusat-rahasia-1").await.unwrap();
    let port = common::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let hub = serve_hub(store.clone(), port, Network::default()).await;

    // The Semarang officer registers the demo panti of their kabupaten and gets its code.
    let semarang = Officer::sign_in(&base, "dinsos.semarang", "semarang-rahasia-1").await;
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let (_, home) = semarang.get("/").await;
    let form = [
        ("csrf", between(&home, r#"name="csrf" value=""#, "\"").to_string()),
        ("form_key", between(&home, r#"name="form_key" value=""#, "\"").to_string()),
        ("name", "PSBK Mardi Utomo".into()),
        ("region", "33.74.01".into()),
        ("panti_type", "PSBK".into()),
        ("stage", "awal".into()),
        ("reports_from", format!("{year}-01")),
        ("due_days", "15".into()),
    ];
    let outside =
        [("region", "34.71".to_string())].into_iter().chain(form.iter().filter(|pair| pair.0 != "region").cloned());
    let response = semarang
        .client
        .post(format!("{base}/panti"))
        .header("cookie", &semarang.cookie)
        .form(&outside.collect::<Vec<_>>())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response.text().await.unwrap().contains("di luar wilayah Anda (33.74)"),
        "another kabupaten's region refused"
    );
    let response = semarang
        .client
        .post(format!("{base}/panti"))
        .header("cookie", &semarang.cookie)
        .form(&form)
        .send()
        .await
        .unwrap();
    let page = response.text().await.unwrap();
    let code = between(&page, r#"id="enrolment-code">"#, "<").to_string();
    assert_eq!(code.len(), 12, "{page}");
    // The same form again (a double tap): the same panti and code, nothing registered twice.
    let again = semarang.client.post(format!("{base}/panti")).header("cookie", &semarang.cookie).form(&form);
    let page = again.send().await.unwrap().text().await.unwrap();
    assert_eq!(between(&page, r#"id="enrolment-code">"#, "<"), code, "{page}");
    assert_eq!(semarang.get("/").await.1.matches(">PSBK Mardi Utomo<").count(), 1, "registered once");

    // The head enrols the panti instance (the real binary, its outbox running).
    let dir = tempfile::tempdir().unwrap();
    let panti = common::Server::start(&dir.path().join("db"), true);
    let client = common::client();
    let head = common::login(&client, &panti, "kepala", "kepala-demo-2026").await;
    let entities = common::get_json(&client, &panti.url("/api/v1/entities"), &head).await;
    let panti_id = entities.as_array().unwrap().iter().find(|e| e["kind"] == "panti").unwrap()["id"].as_u64().unwrap();
    let hub_path = panti.url(&format!("/api/v1/entities/{panti_id}/hub"));
    let wrong = client
        .post(&hub_path)
        .bearer_auth(&head)
        .json(&json!({"address": base, "code": "SALAH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let wrong: Value = wrong.json().await.unwrap();
    assert_eq!(wrong["error"]["code"], "hub_refused", "{wrong}");
    assert!(wrong["error"]["message"].as_str().unwrap().contains("kode pendaftaran tidak dikenal"), "{wrong}");
    let enrolled =
        client.post(&hub_path).bearer_auth(&head).json(&json!({"address": base, "code": code})).send().await.unwrap();
    assert_eq!(enrolled.status(), 200);
    let enrolled: Value = enrolled.json().await.unwrap();
    assert_eq!(enrolled["link"]["region"], "33.74.01");
    let again =
        client.post(&hub_path).bearer_auth(&head).json(&json!({"address": base, "code": code})).send().await.unwrap();
    assert_eq!(again.status(), 422, "the code is spent");
    let fingerprint = outbox(&client, &panti, panti_id, &head).await["fingerprint"].as_str().unwrap().to_string();
    assert!(semarang.get("/").await.1.contains(&fingerprint), "the hub pinned the panti's key");

    // The hub goes down; the head submits: the report waits in the outbox.
    hub.abort();
    let _ = hub.await;
    let submit = panti.url(&format!("/api/v1/entities/{panti_id}/reports/{year}-TW1/submit"));
    let submitted = client.post(&submit).bearer_auth(&head).json(&json!({})).send().await.unwrap();
    assert_eq!(submitted.status(), 201, "{}", submitted.text().await.unwrap());
    assert_eq!(outbox(&client, &panti, panti_id, &head).await["outbox"][0]["sending"], "waiting");
    let list = submitted_list(&client, &panti, panti_id, &head).await;
    assert!(list.contains("menunggu jaringan"), "{list}");
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Up again: the outbox delivers it once.
    let hub = serve_hub(store.clone(), port, Network::default()).await;
    let started = Instant::now();
    while outbox(&client, &panti, panti_id, &head).await["outbox"][0]["sending"] != "delivered" {
        assert!(started.elapsed() < Duration::from_secs(90), "not delivered after the hub came back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let list = submitted_list(&client, &panti, panti_id, &head).await;
    assert!(list.contains("terkirim"), "{list}");
    let bundle_path = format!("/api/v1/entities/{panti_id}/reports/{year}-TW1/revisions/1/bundle");
    let file = client.get(panti.url(&bundle_path)).bearer_auth(&head).send().await.unwrap().text().await.unwrap();
    let (status, answer) = push(&base, &file).await;
    assert_eq!((status, &answer["new"]), (200, &json!(false)), "a retried push is received once: {answer}");
    let hub_panti = enrolled["link"]["hub_panti_id"].as_i64().unwrap();
    assert_eq!(store.revisions(hub_panti).await.unwrap().len(), 1, "delivered once");

    // The stored HTML opens at the hub byte for byte as submitted.
    let html_path = format!("/api/v1/entities/{panti_id}/reports/{year}-TW1/revisions/1?format=html");
    let stored_html = client.get(panti.url(&html_path)).bearer_auth(&head).send().await.unwrap().text().await.unwrap();
    let (status, at_hub) = semarang.get(&format!("/panti/{hub_panti}/revisions/{year}-TW1/1")).await;
    assert_eq!((status, at_hub.len()), (200, stored_html.len()));
    assert_eq!(at_hub, stored_html);

    // A Yogyakarta panti, enrolled with a key of the test's, reports on time; its bundles
    // tampered, by another key and replayed are refused with their reason.
    let (jogja_id, jogja_code) = store.register_panti(&registration("34.71", &format!("{year}-01-01"))).await.unwrap();
    let key = SigningKey::from_bytes(&[9; 32]);
    store.enrol(&jogja_code, &hex::encode(key.verifying_key().as_bytes())).await.unwrap();
    let period = format!("{year}-TW1");
    let first = bundle_of(&key, &period, &format!("{year}-04-10"), 1, "150000");
    assert_eq!(push(&base, &first).await.0, 201);
    let mut flipped = first.clone().into_bytes();
    flipped[first.find("150000").unwrap()] = b'9';
    let (status, answer) = push(&base, &String::from_utf8(flipped.clone()).unwrap()).await;
    assert_eq!((status, answer["code"].as_str().unwrap()), (422, "bad_signature"));
    assert!(answer["message"].as_str().unwrap().contains("berkas telah diubah"), "{answer}");
    let stranger = bundle_of(&SigningKey::from_bytes(&[10; 32]), &period, &format!("{year}-04-10"), 1, "1");
    let (status, answer) = push(&base, &stranger).await;
    assert_eq!((status, answer["code"].as_str().unwrap()), (422, "unknown_key"));
    assert!(answer["message"].as_str().unwrap().contains("bukan kunci panti terdaftar"), "{answer}");
    assert_eq!(push(&base, &bundle_of(&key, &period, &format!("{year}-04-20"), 2, "160000")).await.0, 201);
    let (status, answer) = push(&base, &first).await;
    assert_eq!((status, answer["code"].as_str().unwrap()), (409, "replayed"));
    assert!(answer["message"].as_str().unwrap().contains("revisi 2 telah menggantikannya"), "{answer}");
    assert!(answer["message_en"].as_str().unwrap().contains("revision 2 replaced it"), "{answer}");

    // The same refusal through the upload page, from a flash disk.
    let jogja = Officer::sign_in(&base, "dinsos.jogja", "jogja-rahasia-1").await;
    let mut upload = format!(
        "--B0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--B0undary\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"laporan.kubelap\"\r\n\r\n",
        jogja.csrf().await
    )
    .into_bytes();
    upload.extend_from_slice(&flipped);
    upload.extend_from_slice(b"\r\n--B0undary--\r\n");
    let response = jogja
        .client
        .post(format!("{base}/upload"))
        .header("cookie", &jogja.cookie)
        .header("content-type", "multipart/form-data; boundary=B0undary")
        .body(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Ditolak: tanda tangan tidak cocok"));

    // The recap: Semarang's report was submitted late (today, after its 15 April), Yogyakarta's on time.
    let kemensos = Officer::sign_in(&base, "kemensos", "pusat-rahasia-1").await;
    let (status, csv) = kemensos.get(&format!("/recap.csv?year={year}")).await;
    assert_eq!(status, 200);
    let line = |regency: &str| {
        csv.lines()
            .find(|l| l.contains(&format!(",{regency},")) && l.contains(&format!(",{period},")))
            .unwrap_or_else(|| panic!("{regency} in {csv}"))
            .to_string()
    };
    assert!(line("33.74").contains(",terlambat,"), "{csv}");
    assert!(line("34.71").contains(",tepat_waktu,"), "{csv}");
    assert!(line("34.71").contains(",2,"), "the latest revision: {csv}");
    // Key figures from the signed data: the sales the panti's own report gives.
    let column = csv.lines().next().unwrap().split(',').position(|name| name == "sales_idr").unwrap();
    let report =
        common::get_json(&client, &panti.url(&format!("/api/v1/entities/{panti_id}/reports/{period}")), &head).await;
    let overview = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap())
        .find(|t| t["title"].as_str().unwrap().starts_with("Ikhtisar"))
        .unwrap();
    let rows: Vec<&Value> =
        overview["sections"].as_array().unwrap().iter().flat_map(|s| s["rows"].as_array().unwrap()).collect();
    let sales = rows.iter().find(|r| r["label"] == "Pendapatan").unwrap()["values"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap();
    let at_hub = line("33.74").split(',').nth(column).unwrap().to_string();
    assert_eq!(
        at_hub.parse::<rust_decimal::Decimal>().unwrap(),
        sales.parse::<rust_decimal::Decimal>().unwrap(),
        "{csv}"
    );
    let (_, page) = kemensos.get(&format!("/recap?year={year}&regency=34.71")).await;
    assert!(page.contains(r#"data-status="tepat_waktu""#), "{page}");
    let (_, page) = semarang.get(&format!("/recap?year={year}")).await;
    assert!(page.contains(r#"data-status="terlambat""#) && !page.contains("34.71"), "{page}");

    // An officer of one kabupaten cannot read another's.
    assert_eq!(semarang.get(&format!("/panti/{jogja_id}")).await.0, 404);
    assert_eq!(semarang.get(&format!("/panti/{jogja_id}/revisions/{period}/2")).await.0, 404);
    assert_eq!(jogja.get(&format!("/panti/{hub_panti}/revisions/{period}/1")).await.0, 404);
    let (_, csv) = semarang.get(&format!("/recap.csv?year={year}")).await;
    assert!(!csv.contains("34.71"), "{csv}");
    assert!(!semarang.get("/").await.1.contains("34.71"));
    assert_eq!(kemensos.get(&format!("/panti/{jogja_id}/revisions/{period}/2")).await.0, 200, "the nation reads all");
    assert_eq!(semarang.get("/nothing").await.0, 404);

    // A session past its hours answers as signed out, and goes at the officer's next sign-in.
    let (sql, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let expire = "UPDATE officer_session SET expires_at = now() - interval '1 hour' WHERE username = 'kemensos'";
    sql.execute(expire, &[]).await.unwrap();
    assert_eq!(kemensos.get("/").await.0, 303, "an expired session signs in again");
    let kemensos = Officer::sign_in(&base, "kemensos", "pusat-rahasia-1").await;
    let count = "SELECT count(*) FROM officer_session WHERE username = 'kemensos'";
    assert_eq!(sql.query_one(count, &[]).await.unwrap().get::<_, i64>(0), 1, "only the new session is kept");
    assert_eq!(kemensos.get("/").await.0, 200);

    // The panti's laptop replaced: the officer makes a new code, the new laptop's key is
    // pinned with it, and the old laptop's key is no longer known. Not for another region.
    async fn new_code(officer: &Officer, panti: i64) -> reqwest::Response {
        let request = officer.client.post(format!("{}/panti/{panti}/code", officer.base));
        let form = [("csrf", officer.csrf().await)];
        request.header("cookie", &officer.cookie).form(&form).send().await.unwrap()
    }
    assert_eq!(new_code(&jogja, hub_panti).await.status(), 404, "another region's panti");
    let page = new_code(&semarang, hub_panti).await.text().await.unwrap();
    let fresh_code = between(&page, r#"id="enrolment-code">"#, "<").to_string();
    assert!(fresh_code.len() == 12 && fresh_code != code, "{page}");
    let laptop = SigningKey::from_bytes(&[11; 32]);
    store.enrol(&fresh_code, &hex::encode(laptop.verifying_key().as_bytes())).await.unwrap();
    let revision_2 = bundle_of(&laptop, &format!("{year}-TW1"), &format!("{year}-04-30"), 2, "1");
    assert_eq!(push(&base, &revision_2).await.0, 201, "the new laptop's bundle is received");
    assert_eq!(push(&base, &file).await.1["code"], "unknown_key", "the old laptop's key is not pinned any more");
    hub.abort();
}

/// Over HTTPS: the hub serves a certificate of a CA the panti trusts only through
/// `SSL_CERT_FILE`; the head enrols at its `https://` address and a submission arrives. The
/// officer's session cookie is `Secure`. A burst of wrong passwords for the officer from
/// one address is held back (429 with Retry-After) while the officer signs in from another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_a_panti_enrols_and_delivers_and_a_burst_of_wrong_passwords_is_held_back() {
    let postgres = Postgres::start();
    let store = Arc::new(HubStore::connect(&postgres.database("hub")).await.unwrap());
    kube_ledger::hub::create_officer(&store, "dinsos.semarang", "33.74", "semarang-rahasia-1").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let certificates = common::TestCertificates::new();
    let [cert, key, ca] = ["cert.pem", "key.pem", "ca.pem"].map(|name| dir.path().join(name));
    std::fs::write(&cert, &certificates.cert_pem).unwrap();
    std::fs::write(&key, &certificates.key_pem).unwrap();
    std::fs::write(&ca, &certificates.ca_pem).unwrap();
    let network = Network { transport: Transport::tls(&cert, &key).unwrap(), ..Network::default() };
    let port = common::free_port();
    let (addr, base) = (format!("127.0.0.1:{port}"), format!("https://127.0.0.1:{port}"));
    let hub = serve_hub(store.clone(), port, network).await;

    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let (hub_panti, code) = store.register_panti(&registration("33.74.01", &format!("{year}-01-01"))).await.unwrap();
    let panti = common::Server::start_with_env(&dir.path().join("db"), true, &[("SSL_CERT_FILE", ca.as_path())]);
    let client = common::client();
    let head = common::login(&client, &panti, "kepala", "kepala-demo-2026").await;
    let entities = common::get_json(&client, &panti.url("/api/v1/entities"), &head).await;
    let panti_id = entities.as_array().unwrap().iter().find(|e| e["kind"] == "panti").unwrap()["id"].as_u64().unwrap();
    let hub_path = panti.url(&format!("/api/v1/entities/{panti_id}/hub"));
    let enrolled =
        client.post(&hub_path).bearer_auth(&head).json(&json!({"address": base, "code": code})).send().await.unwrap();
    assert_eq!(enrolled.status(), 200, "{}", enrolled.text().await.unwrap());
    let submit = panti.url(&format!("/api/v1/entities/{panti_id}/reports/{year}-TW1/submit"));
    let submitted = client.post(&submit).bearer_auth(&head).json(&json!({})).send().await.unwrap();
    assert_eq!(submitted.status(), 201, "{}", submitted.text().await.unwrap());
    let started = Instant::now();
    while outbox(&client, &panti, panti_id, &head).await["outbox"][0]["sending"] != "delivered" {
        assert!(started.elapsed() < Duration::from_secs(60), "not delivered over HTTPS");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(store.revisions(hub_panti).await.unwrap().len(), 1, "delivered once, over TLS");

    // The officer over TLS: a burst of wrong passwords from 127.0.0.1, then the right one
    // from 127.0.0.2, a colleague's desk.
    let mut roots = tokio_rustls::rustls::RootCertStore::empty();
    roots.add(certificates.ca.clone()).unwrap();
    let trusting = Arc::new(common::tls_client(roots));
    let sign_in = |from: &'static str, password: &'static str| {
        let (trusting, addr) = (trusting.clone(), addr.clone());
        async move {
            let body = format!("username=dinsos.semarang&password={password}");
            let request = format!(
                "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            common::over_tls_from(&trusting, Some(from.parse().unwrap()), &addr, &request).await.unwrap()
        }
    };
    let burst: Vec<_> = (0..14).map(|_| tokio::spawn(sign_in("127.0.0.1", "tebakan-salah"))).collect();
    let mut statuses = Vec::new();
    for attempt in burst {
        let answer = attempt.await.unwrap();
        let status = answer.split(' ').nth(1).unwrap().to_string();
        if status == "429" {
            let lower = answer.to_ascii_lowercase();
            assert!(lower.contains("\r\nretry-after: "), "{answer}");
            assert!(answer.contains("Terlalu banyak percobaan masuk yang gagal"), "{answer}");
        }
        statuses.push(status);
    }
    assert!(statuses.iter().all(|s| s == "401" || s == "429"), "{statuses:?}");
    assert!(statuses.iter().any(|s| s == "429"), "a burst of guesses is cut short: {statuses:?}");
    let timed = Instant::now();
    let answer = sign_in("127.0.0.2", "semarang-rahasia-1").await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(timed.elapsed() < Duration::from_secs(3), "the officer from another desk is not held back");
    let cookie = answer.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).expect("a session cookie");
    assert!(cookie.contains("hub_session=") && cookie.ends_with("; Secure"), "{cookie}");
    hub.abort();
}
