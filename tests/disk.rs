//! Disk faults with the real binary. A full disk (a file-size limit, `ulimit -S -f`):
//! writes are refused with 507 `storage_unavailable`, nothing acknowledged is lost, and
//! the service takes writes again once space returns, without a restart. A read-only
//! disk (a tmpfs mounted `ro`; Linux refuses to remount it while the database is open
//! for writing, so only the start is tested): `serve` refuses to start, saying why.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const ROOT_PASSWORD: &str = "root-disk-test-password";
const CLIENTS: u64 = 3;
/// The database may grow to this many 512-byte blocks: a few hundred entries.
const FILE_BLOCKS_MAX: u64 = 1600;
/// How long the service may take to write again once the disk does.
const RECOVERY_WAIT: Duration = Duration::from_secs(30);

fn entry_body(client: u64, n: u64) -> Value {
    let amount = format!("{}.{:02}", client * 100_000 + n + 1, n % 100);
    json!({
        "date": "2026-03-01",
        "memo": format!("c{client}-{n}: setoran penjualan tahu ke pasar, memo panjang agar disk cepat penuh"),
        "lines": [{ "account": "1101", "debit": amount }, { "account": "4101", "credit": amount }],
    })
}

#[derive(Debug)]
struct Attempt {
    key: String,
    body: Value,
    status: u16,
    answer: Value,
}

/// Posts once; a connection cut while the server switches databases is sent again
/// with the same key, which is what the key is for.
async fn post(client: &reqwest::Client, url: &str, token: &str, key: &str, body: &Value) -> (u16, Value) {
    for _ in 0..5 {
        let sent = client.post(url).bearer_auth(token).header("Idempotency-Key", key).json(body).send().await;
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                return (status, response.json().await.expect("JSON answer"));
            }
            Err(error) => eprintln!("{key}: no answer ({error}); sending again"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{key}: the server must answer even with a faulty disk");
}

/// Posts until the first refusal; every attempt with its answer.
async fn post_until_refused(url: String, token: String, client_no: u64) -> Vec<Attempt> {
    let client = client();
    let mut attempts = Vec::new();
    for n in 0..100_000 {
        let (key, body) = (format!("disk-{client_no}-{n}"), entry_body(client_no, n));
        let (status, answer) = post(&client, &url, &token, &key, &body).await;
        attempts.push(Attempt { key, body, status, answer });
        if status != 201 {
            break;
        }
    }
    attempts
}

fn assert_storage_unavailable(status: u16, answer: &Value, statuses: &[u16]) {
    assert!(statuses.contains(&status), "status {status}, expected one of {statuses:?}: {answer}");
    assert_eq!(answer["error"]["code"], "storage_unavailable", "{answer}");
    let message = answer["error"]["message"].as_str().expect("message");
    assert!(message.contains("tidak tersimpan"), "the message must say nothing was stored: {message}");
}

/// Waits until a login succeeds again, i.e. the service has reopened its database.
async fn wait_until_serving(client: &reqwest::Client, server: &Server) -> String {
    let deadline = Instant::now() + RECOVERY_WAIT;
    loop {
        let response = client
            .post(server.url("/api/v1/login"))
            .json(&json!({ "username": "root", "password": ROOT_PASSWORD }))
            .send()
            .await
            .expect("login");
        if response.status() == 200 {
            let body: Value = response.json().await.expect("JSON");
            return body["token"].as_str().expect("token").to_string();
        }
        assert!(Instant::now() < deadline, "the service did not recover within {RECOVERY_WAIT:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every committed entry of `entity`, checked for gaps and a whole hash chain.
async fn journal(client: &reqwest::Client, server: &Server, token: &str, entity: u64) -> Vec<Value> {
    let url = server.url(&format!("/api/v1/entities/{entity}/entries?limit=1000"));
    let entries = get_json(client, &url, token).await["entries"].as_array().expect("entries").clone();
    let mut prev = "0".repeat(64);
    for (index, entry) in entries.iter().enumerate() {
        assert_eq!(entry["seq"].as_u64(), Some(index as u64 + 1), "gap in the journal");
        assert_eq!(entry["prev_hash"].as_str(), Some(prev.as_str()), "hash chain broken at {entry}");
        prev = entry["hash"].as_str().expect("hash").to_string();
    }
    entries
}

/// Acknowledged entries kept, refused ones retried to exactly one copy, books equal to the journal.
async fn check_books(client: &reqwest::Client, server: &Server, token: &str, entity: u64, attempts: &[Attempt]) {
    let url = server.url(&format!("/api/v1/entities/{entity}/entries"));
    let mut seqs = HashMap::new();
    for attempt in attempts {
        let (status, answer) = post(client, &url, token, &attempt.key, &attempt.body).await;
        assert_eq!(status, 201, "retry of {}: {answer}", attempt.key);
        if attempt.status == 201 {
            assert_eq!(answer["seq"], attempt.answer["seq"], "{} moved", attempt.key);
            assert_eq!(answer["hash"], attempt.answer["hash"], "{} changed", attempt.key);
        }
        seqs.insert(answer["seq"].as_u64().expect("seq"), attempt.body["memo"].clone());
    }
    let entries = journal(client, server, token, entity).await;
    assert_eq!(entries.len(), attempts.len(), "each attempt stored exactly once after its retry");
    let mut sums = BTreeMap::new();
    for entry in &entries {
        assert_eq!(Some(&entry["memo"]), seqs.get(&entry["seq"].as_u64().expect("seq")), "{entry}");
        add_lines(&mut sums, &entry["lines"]);
    }
    let tb = get_json(client, &server.url(&format!("/api/v1/entities/{entity}/trial-balance")), token).await;
    assert_eq!(drop_zeros(trial_balance_nets(&tb)), drop_zeros(sums), "books differ from the journal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_disk_refuses_with_507_loses_nothing_acknowledged_and_recovers_when_space_returns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let (mut server, client, token) = serve_as_root(&db, ROOT_PASSWORD, &[], Some(FILE_BLOCKS_MAX)).await;
    let entity = create_entity(&client, &server, &token, "kube", "KUBE Disk").await;
    let url = server.url(&format!("/api/v1/entities/{entity}/entries"));

    let posters: Vec<_> =
        (0..CLIENTS).map(|c| tokio::spawn(post_until_refused(url.clone(), token.clone(), c))).collect();
    let mut attempts = Vec::new();
    for poster in posters {
        attempts.extend(poster.await.expect("poster"));
    }
    let refused: Vec<&Attempt> = attempts.iter().filter(|a| a.status != 201).collect();
    assert_eq!(refused.len(), CLIENTS as usize, "each client stops at its first refusal");
    assert!(refused.iter().any(|a| a.status == 507), "a full disk is 507: {refused:?}");
    for attempt in &refused {
        assert_storage_unavailable(attempt.status, &attempt.answer, &[503, 507]);
    }
    let acked = attempts.len() - refused.len();
    assert!(acked > 50, "the disk filled too early to tell anything: {acked} entries");

    // The process lives on and says why it refuses, also to reads (sled cannot reopen
    // a database it cannot write).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(server.running(), "the server died on a full disk");
    let response = client.get(&url).bearer_auth(&token).send().await.expect("GET");
    let status = response.status().as_u16();
    assert_storage_unavailable(status, &response.json().await.expect("JSON"), &[503, 507]);

    // Space returns: the soft file-size limit is lifted on the running process.
    let lifted = Command::new("prlimit")
        .args(["--pid", &server.pid().to_string(), "--fsize=unlimited:"])
        .status()
        .expect("run prlimit (util-linux)");
    assert!(lifted.success(), "prlimit failed: {lifted}");
    let token = wait_until_serving(&client, &server).await;
    eprintln!("full disk: {acked} acknowledged before the refusals; service recovered without a restart");
    check_books(&client, &server, &token, entity, &attempts).await;
    assert!(server.running());
    let status = server.terminate();
    assert!(status.success(), "{status}");
    verify_ok(&db);
}

fn sh(command: &str) {
    let status = Command::new("sh").args(["-c", command]).status().expect("run sh");
    assert!(status.success(), "`{command}` failed ({status}); mounting a tmpfs needs root");
}

/// A small tmpfs, unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(path: &Path) -> Tmpfs {
        std::fs::create_dir_all(path).expect("mkdir");
        sh(&format!("mount -t tmpfs -o size=16m kube-ledger-test {}", path.display()));
        Tmpfs(path.to_path_buf())
    }

    fn remount(&self, mode: &str) {
        sh(&format!("mount -o remount,{mode} {}", self.0.display()));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn serve_on_a_read_only_disk_refuses_to_start_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tmpfs = Tmpfs::mount(&dir.path().join("mnt"));
    let db = tmpfs.0.join("db");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);
    tmpfs.remount("ro");
    let output = cli(&["serve", "--db", db.to_str().expect("utf-8"), "--addr", "127.0.0.1:0"], None);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(describe(&output).contains("hanya-baca"), "{}", describe(&output));

    tmpfs.remount("rw");
    let mut server = Server::start(&db, false);
    let status = server.terminate();
    assert!(status.success(), "{status}");
    verify_ok(&db);
}
