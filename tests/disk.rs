//! Disk faults with the real binary. A full disk (a file-size limit, `ulimit -S -f`, and
//! a small tmpfs, mounted as root as CI runs): the write that meets it is answered
//! `outcome_unknown` (it may or may not be on disk), later ones 507 `storage_unavailable`;
//! nothing acknowledged is lost, each unknown one resent with its key is stored exactly
//! once, and the service takes writes again once space returns, without a restart. Below
//! `--min-free-mb` writes are refused with 507 `storage_low` before the disk is full,
//! while reads and sign-in go on. A read-only disk (a tmpfs mounted `ro`; Linux refuses
//! to remount it while the database is open for writing, so only the start is tested):
//! `serve` refuses to start, saying why.

mod common;

use common::*;
use kube_ledger::store::Space;
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

fn is_unknown(attempt: &Attempt) -> bool {
    attempt.answer["error"]["code"] == "outcome_unknown"
}

/// Posts until the first clear refusal (an unknown outcome is no refusal: the client
/// goes on, as one would, and resends it later); every attempt with its answer.
async fn post_until_refused(url: String, token: String, client_no: u64) -> Vec<Attempt> {
    let client = client();
    let mut attempts = Vec::new();
    for n in 0..100_000 {
        let (key, body) = (format!("disk-{client_no}-{n}"), entry_body(client_no, n));
        let (status, answer) = post(&client, &url, &token, &key, &body).await;
        let attempt = Attempt { key, body, status, answer };
        let refused = status != 201 && !is_unknown(&attempt);
        attempts.push(attempt);
        if refused {
            break;
        }
    }
    attempts
}

/// `clients` posting at once, numbered from `first`, until each is refused.
async fn post_under_load(url: &str, token: &str, first: u64, clients: u64) -> Vec<Attempt> {
    let posters: Vec<_> = (first..first + clients)
        .map(|c| tokio::spawn(post_until_refused(url.to_string(), token.to_string(), c)))
        .collect();
    let mut attempts = Vec::new();
    for poster in posters {
        attempts.extend(poster.await.expect("poster"));
    }
    attempts
}

/// Every unknown outcome says so in both words and code: 503, "may or may not".
fn assert_unknown_answers(attempts: &[Attempt]) -> usize {
    let unknown: Vec<&Attempt> = attempts.iter().filter(|a| is_unknown(a)).collect();
    for attempt in &unknown {
        assert_eq!(attempt.status, 503, "{:?}", attempt);
        let message = attempt.answer["error"]["message"].as_str().expect("message");
        assert!(message.contains("mungkin tersimpan, mungkin tidak"), "{message}");
        assert!(message.contains("Idempotency-Key yang sama"), "{message}");
    }
    unknown.len()
}

fn assert_storage_unavailable(status: u16, answer: &Value, statuses: &[u16]) {
    assert!(statuses.contains(&status), "status {status}, expected one of {statuses:?}: {answer}");
    assert_eq!(answer["error"]["code"], "storage_unavailable", "{answer}");
    let message = answer["error"]["message"].as_str().expect("message");
    assert!(message.contains("tidak tersimpan"), "the message must say nothing was stored: {message}");
}

/// Waits until a login succeeds again, i.e. the service has reopened its database. While
/// it reopens, it ends the connections of the database it let go: a kept-alive connection
/// is reset then, and the login is tried again.
async fn wait_until_serving(client: &reqwest::Client, server: &Server) -> String {
    let deadline = Instant::now() + RECOVERY_WAIT;
    loop {
        let sent = client
            .post(server.url("/api/v1/login"))
            .json(&json!({ "username": "root", "password": ROOT_PASSWORD }))
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) if error.is_request() || error.is_connect() => {
                assert!(Instant::now() < deadline, "the service did not recover within {RECOVERY_WAIT:?}: {error}");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            Err(error) => panic!("login: {error}"),
        };
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
    let mut entries: Vec<Value> = Vec::new();
    loop {
        let from = entries.len() + 1;
        let url = server.url(&format!("/api/v1/entities/{entity}/entries?from_seq={from}&limit=1000"));
        let page = get_json(client, &url, token).await["entries"].as_array().expect("entries").clone();
        if page.is_empty() {
            break;
        }
        entries.extend(page);
    }
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

    let attempts = post_under_load(&url, &token, 0, CLIENTS).await;
    let unknown = assert_unknown_answers(&attempts);
    let refused: Vec<&Attempt> = attempts.iter().filter(|a| a.status != 201 && !is_unknown(a)).collect();
    assert_eq!(refused.len(), CLIENTS as usize, "each client stops at its first refusal");
    assert!(refused.iter().any(|a| a.status == 507), "a full disk is 507: {refused:?}");
    for attempt in &refused {
        assert_storage_unavailable(attempt.status, &attempt.answer, &[503, 507]);
    }
    let acked = attempts.len() - refused.len() - unknown;
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
    eprintln!("full disk: {acked} acknowledged, {unknown} unknown before the refusals; recovered without a restart");
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

/// A small tmpfs of `size_mb`, unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(path: &Path, size_mb: u64) -> Tmpfs {
        std::fs::create_dir_all(path).expect("mkdir");
        sh(&format!("mount -t tmpfs -o size={size_mb}m kube-ledger-test {}", path.display()));
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
    let tmpfs = Tmpfs::mount(&dir.path().join("mnt"), 16);
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

const MB: u64 = 1024 * 1024;

/// A file that takes the space of a filesystem but `leave` bytes (or all there is, if
/// less); removed to free it.
struct Ballast(std::path::PathBuf);

impl Ballast {
    fn leaving(path: std::path::PathBuf, leave: u64) -> Ballast {
        use std::io::Write;
        let free = Space::of(path.parent().expect("in a folder")).expect("statvfs").free_bytes;
        let mut file = std::fs::File::create(&path).expect("create ballast");
        let chunk = vec![0xa5u8; MB as usize];
        let mut left = free.saturating_sub(leave);
        while left > 0 {
            let n = left.min(MB);
            if let Err(error) = file.write_all(&chunk[..n as usize]) {
                assert_eq!(error.kind(), std::io::ErrorKind::StorageFull, "write ballast: {error}");
                break;
            }
            left -= n;
        }
        file.sync_all().expect("sync ballast");
        Ballast(path)
    }

    fn remove(self) {
        std::fs::remove_file(&self.0).expect("remove ballast");
    }
}

/// The start page as `token`'s session sees it.
async fn start_page(client: &reqwest::Client, server: &Server, token: &str) -> String {
    let session = format!("kube_ledger_session={token}");
    let response = client.get(server.url("/")).header("Cookie", session).send().await.expect("GET /");
    assert_eq!(response.status(), 200);
    response.text().await.expect("page")
}

async fn healthz_json(client: &reqwest::Client, server: &Server) -> Value {
    let response =
        client.get(server.url("/healthz")).header("accept", "application/json").send().await.expect("GET /healthz");
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

/// On a real small filesystem (a 32 MB tmpfs as the database folder): with a floor,
/// writes are refused with `storage_low` while room is left, reads and sign-in go on,
/// and the admin's start page warns; with none, the disk fills under load; once space is freed, the service opens
/// again by itself (setting aside what sled left of an interrupted snapshot, if it
/// did), every acknowledged entry is intact, each unknown outcome resent with its key
/// is stored exactly once, and `verify` passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_tmpfs_is_refused_early_and_opens_again_by_itself_when_space_returns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tmpfs = Tmpfs::mount(&dir.path().join("db"), 32);
    let db = tmpfs.0.clone();
    let floor = ["--min-free-mb", "2"];
    let (mut server, client, token) = serve_as_root(&db, ROOT_PASSWORD, &floor, None).await;
    let entity = create_entity(&client, &server, &token, "kube", "KUBE Tmpfs").await;
    let url = server.url(&format!("/api/v1/entities/{entity}/entries"));
    let ballast = Ballast::leaving(db.join("ballast"), 4 * MB);
    assert!(!start_page(&client, &server, &token).await.contains("disk-warning"), "12% free is no warning yet");

    // Below the floor: refused, certainly not stored, before the disk is full.
    let mut attempts = post_under_load(&url, &token, 0, CLIENTS).await;
    let free_when_refused = Space::of(&db).expect("statvfs").free_bytes;
    let acked_early = attempts.iter().filter(|a| a.status == 201).count();
    assert!(acked_early > 50, "the floor was met too early to tell anything: {acked_early} entries");
    for attempt in attempts.iter().filter(|a| a.status != 201) {
        assert_eq!(attempt.status, 507, "{attempt:?}");
        assert_eq!(attempt.answer["error"]["code"], "storage_low", "{attempt:?}");
        let message = attempt.answer["error"]["message"].as_str().expect("message");
        assert!(message.contains("hampir habis") && message.contains("tidak disimpan"), "{message}");
    }
    assert!(free_when_refused > MB, "refused only at {free_when_refused} bytes free: too late");
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    assert_eq!(journal(&client, &server, &token, entity).await.len(), acked_early, "reads go on");
    let health = healthz_json(&client, &server).await;
    assert_eq!((&health["status"], &health["writes"]), (&json!("ok"), &json!("refused")), "{health}");
    assert!(health["disk"]["free_bytes"].as_u64().expect("free_bytes") < 2 * MB, "{health}");
    assert_eq!(health["disk"]["total_bytes"].as_u64(), Some(32 * MB), "{health}");
    // The admin's start page (a page read, which also goes on) warns: less than 10% free.
    let start = start_page(&client, &server, &token).await;
    assert!(start.contains(r#"id="disk-warning""#) && start.contains("kurang dari 10%"), "{start}");
    assert!(server.terminate().success());

    // No floor: the disk fills under load.
    let mut server = Server::start_with(&db, false, &["--min-free-mb", "0"], None);
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    let url = server.url(&format!("/api/v1/entities/{entity}/entries"));
    let filling = post_under_load(&url, &token, CLIENTS, CLIENTS).await;
    let unknown = assert_unknown_answers(&filling);
    assert!(unknown > 0, "the write that meets a full disk has an unknown outcome");
    for attempt in filling.iter().filter(|a| a.status != 201 && !is_unknown(a)) {
        assert_storage_unavailable(attempt.status, &attempt.answer, &[503, 507]);
    }
    attempts.extend(filling);
    // Every last byte taken while the service tries to reopen, as when a disk stays full:
    // sled may leave an interrupted snapshot then.
    let rest = Ballast::leaving(db.join("ballast-rest"), 0);
    let last = post_under_load(&url, &token, 2 * CLIENTS, 1).await;
    assert!(last.iter().all(|a| a.status != 201), "nothing fits on a full disk: {last:?}");
    attempts.extend(last);
    tokio::time::sleep(Duration::from_secs(3)).await;

    rest.remove();
    ballast.remove();
    let token = wait_until_serving(&client, &server).await;
    let set_aside = std::fs::read_dir(db.join("recovered")).map_or(0, |files| files.count());
    eprintln!(
        "tmpfs: {acked_early} acknowledged before the floor, {} attempts in all, {unknown} unknown; \
         {set_aside} interrupted snapshot(s) set aside; recovered without a restart",
        attempts.len()
    );
    check_books(&client, &server, &token, entity, &attempts).await;
    assert_eq!(healthz_json(&client, &server).await["writes"], "open");
    assert!(server.running());
    assert!(server.terminate().success());
    verify_ok(&db);
}

#[test]
fn verify_sets_aside_an_interrupted_snapshot_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);
    // What sled 0.34.7 leaves when the disk fills while it writes a snapshot (sled #1527).
    std::fs::write(db.join("snap.FFFFFFFFFFFFFFFF.generating"), b"").expect("write");
    let report = verify_ok(&db);
    let moved: Vec<_> = std::fs::read_dir(db.join("recovered")).expect("recovered/").flatten().collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    let name = moved[0].file_name().to_string_lossy().into_owned();
    assert!(name.ends_with("-snap.FFFFFFFFFFFFFFFF.generating"), "{name}");
    assert!(report.contains("disisihkan:") && report.contains(&name), "{report}");
    assert!(!verify_ok(&db).contains("disisihkan:"), "set aside once");
}
