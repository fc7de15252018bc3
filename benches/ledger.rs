//! End-to-end benchmark of the real `kube-ledger` binary over HTTP.
//!
//! Starts `kube-ledger serve` on a fresh database, then measures durable single posts,
//! batch import, trial balances, peak RSS and bytes on disk, and compares the trial
//! balance with `ledger` and `hledger` reading the exported journal. Prints a markdown
//! table. Not a test: nothing here asserts a target, it only reports.
//!
//! `BENCH_SECONDS` (default 5) is the length of each single-post run; `BENCH_ENTRIES`
//! (default 1,000,000) is how many entries the batch import posts. `BENCH_GROWTH_SECONDS`
//! (default 120) is the length of the growth run (one client's single posts on a fresh
//! database, its RSS sampled as it goes); `BENCH_GROWTH_ONLY=1` runs that alone.

use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_kube-ledger");
const ADMIN_USERNAME: &str = "admin";
const ADMIN_PASSWORD: &str = "bench-admin-password";
const POST_CLIENTS: [usize; 3] = [1, 8, 32];
const BATCH_ENTRIES_MAX: usize = 10_000;
const BATCH_TASKS: usize = 2;
const TRIAL_BALANCE_RUNS: usize = 50;
const AS_OF_TODAY: &str = "2026-11-30";
const AS_OF_PAST: &str = "2025-06-30";
/// The peers' end date is exclusive: the day after `AS_OF_PAST`.
const PEER_END_PAST: &str = "2025-07-01";
const HEALTH_WAIT: Duration = Duration::from_secs(20);
const BYTES_PER_MB: f64 = 1024.0 * 1024.0;

struct Config {
    post_seconds: f64,
    import_entries: usize,
}

impl Config {
    fn from_env() -> Config {
        let post_seconds = std::env::var("BENCH_SECONDS")
            .ok()
            .map(|s| s.parse().expect("BENCH_SECONDS is a number of seconds"))
            .unwrap_or(5.0);
        let import_entries = std::env::var("BENCH_ENTRIES")
            .ok()
            .map(|s| s.replace('_', "").parse().expect("BENCH_ENTRIES is a whole number"))
            .unwrap_or(1_000_000);
        Config { post_seconds, import_entries }
    }
}

// ---------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------

/// A running `kube-ledger serve`; killed on drop if not stopped properly.
struct Server {
    child: Option<Child>,
    pid: u32,
    base_url: String,
}

impl Server {
    fn start(db: &Path) -> Server {
        let addr = format!("127.0.0.1:{}", free_port());
        let child = Command::new(BINARY)
            .arg("serve")
            .arg("--db")
            .arg(db)
            .arg("--addr")
            .arg(&addr)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start kube-ledger serve");
        Server { pid: child.id(), child: Some(child), base_url: format!("http://{addr}") }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    async fn wait_healthy(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + HEALTH_WAIT;
        loop {
            if let Ok(response) = client.get(self.url("/healthz")).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "server did not answer /healthz within {HEALTH_WAIT:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Peak resident set (`VmHWM`) of the server so far.
    fn peak_rss_mb(&self) -> Option<f64> {
        self.status_mb("VmHWM:")
    }

    /// Resident set (`VmRSS`) of the server now.
    fn rss_mb(&self) -> Option<f64> {
        self.status_mb("VmRSS:")
    }

    fn status_mb(&self, field: &str) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024.0 / BYTES_PER_MB)
    }

    /// SIGTERM, then wait for the graceful shutdown.
    fn stop(mut self) -> ExitStatus {
        let status = Command::new("kill").args(["-TERM", &self.pid.to_string()]).status().expect("run kill");
        assert!(status.success(), "kill -TERM {} failed", self.pid);
        self.child.take().expect("server still owned").wait().expect("wait for the server to exit")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn add_admin(db: &Path) {
    let mut child = Command::new(BINARY)
        .args(["user", "add", "--db"])
        .arg(db)
        .args(["--username", ADMIN_USERNAME, "--role", "admin", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start kube-ledger user add");
    child.stdin.take().expect("stdin of user add").write_all(ADMIN_PASSWORD.as_bytes()).expect("write the password");
    let status = child.wait().expect("wait for user add");
    assert!(status.success(), "kube-ledger user add failed: {status}");
}

// ---------------------------------------------------------------------------------------
// API calls
// ---------------------------------------------------------------------------------------

/// A logged-in admin and the entity the benchmark posts to.
#[derive(Clone)]
struct Session {
    client: reqwest::Client,
    base_url: String,
    token: String,
    entity_id: u64,
}

impl Session {
    fn entity_url(&self, rest: &str) -> String {
        format!("{}/api/v1/entities/{}{rest}", self.base_url, self.entity_id)
    }

    fn post_json(&self, url: &str, body: String) -> reqwest::RequestBuilder {
        self.client
            .post(url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
    }
}

/// A server on a new database at `db`, and the admin's session on a new KUBE in it.
async fn fresh_server(db: &Path) -> (Server, Session) {
    add_admin(db);
    let server = Server::start(db);
    let client = http_client();
    server.wait_healthy(&client).await;
    let session = open_session(&server, client).await;
    (server, session)
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("build the HTTP client")
}

async fn open_session(server: &Server, client: reqwest::Client) -> Session {
    let login: serde_json::Value = client
        .post(server.url("/api/v1/login"))
        .json(&serde_json::json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .expect("send login")
        .error_for_status()
        .expect("login answered 200")
        .json()
        .await
        .expect("login answer is JSON");
    let token = login["token"].as_str().expect("login answer has a token").to_string();
    let response = client
        .post(server.url("/api/v1/entities"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "kind": "kube", "name": "KUBE Bench" }))
        .send()
        .await
        .expect("send create entity");
    assert_eq!(response.status(), reqwest::StatusCode::CREATED, "create entity");
    let entity: serde_json::Value = response.json().await.expect("entity answer is JSON");
    Session {
        client,
        base_url: server.base_url.clone(),
        token,
        entity_id: entity["id"].as_u64().expect("entity answer has an id"),
    }
}

// ---------------------------------------------------------------------------------------
// 1. Durable single posts
// ---------------------------------------------------------------------------------------

struct PostRun {
    clients: usize,
    created: u64,
    posts_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

#[derive(Default)]
struct PostTaskStats {
    created: u64,
    errors: u64,
    latency_ms: Vec<f64>,
}

fn single_entry_body(clients: usize, task: usize, index: u64) -> String {
    let day = 1 + index % 24;
    format!(
        r#"{{"date":"2026-11-{day:02}","memo":"Penjualan tunai c{clients} t{task} #{index}","lines":[{{"account":"1101","debit":"15000"}},{{"account":"4101","credit":"15000"}}]}}"#
    )
}

/// A market stall's day: the date moves on after `STALL_POSTS_PER_DAY` posts.
fn stall_entry_body(_clients: usize, _task: usize, index: u64) -> String {
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::Days::new(index / STALL_POSTS_PER_DAY);
    format!(
        r#"{{"date":"{date}","memo":"Penjualan tunai #{index}","lines":[{{"account":"1101","debit":"15000"}},{{"account":"4101","credit":"15000"}}]}}"#
    )
}

type EntryBody = fn(usize, usize, u64) -> String;

async fn post_loop(session: Session, clients: usize, task: usize, deadline: Instant, body: EntryBody) -> PostTaskStats {
    let url = session.entity_url("/entries");
    let mut stats = PostTaskStats::default();
    let mut index = 0u64;
    while Instant::now() < deadline {
        let body = body(clients, task, index);
        // A counter that sorts as it counts, as a time-ordered key does (see `Idempotency`).
        let key = format!("bench-c{clients}-t{task}-{index:010}");
        let started = Instant::now();
        let outcome = session.post_json(&url, body).header("Idempotency-Key", key).send().await;
        let created = match outcome {
            Ok(response) => {
                let status = response.status();
                let drained = response.bytes().await.is_ok();
                status == reqwest::StatusCode::CREATED && drained
            }
            Err(_) => false,
        };
        stats.latency_ms.push(started.elapsed().as_secs_f64() * 1e3);
        if created {
            stats.created += 1;
        } else {
            stats.errors += 1;
        }
        index += 1;
    }
    stats
}

async fn measure_posts(session: &Session, clients: usize, seconds: f64) -> PostRun {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|task| tokio::spawn(post_loop(session.clone(), clients, task, deadline, single_entry_body)))
        .collect();
    let mut created = 0;
    let mut errors = 0;
    let mut latency_ms = Vec::new();
    for task in tasks {
        let stats = task.await.expect("post task finished");
        created += stats.created;
        errors += stats.errors;
        latency_ms.extend(stats.latency_ms);
    }
    let elapsed_s = started.elapsed().as_secs_f64();
    sort_ms(&mut latency_ms);
    PostRun {
        clients,
        created,
        posts_per_s: created as f64 / elapsed_s,
        p50_ms: percentile(&latency_ms, 0.50),
        p99_ms: percentile(&latency_ms, 0.99),
        errors,
    }
}

// ---------------------------------------------------------------------------------------
// 2. Batch import
// ---------------------------------------------------------------------------------------

struct ImportRun {
    entries: usize,
    seconds: f64,
    failed_batches: usize,
}

impl ImportRun {
    fn entries_per_s(&self) -> f64 {
        self.entries as f64 / self.seconds
    }
}

/// Dates of the imported entries: 2024-01-01 ..= 2026-10-31, as JSON-ready text.
struct ImportCalendar {
    days: Vec<String>,
    total_entries: usize,
}

impl ImportCalendar {
    fn new(total_entries: usize) -> ImportCalendar {
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("first import day");
        let last = NaiveDate::from_ymd_opt(2026, 10, 31).expect("last import day");
        let days = first.iter_days().take_while(|d| *d <= last).map(|d| d.format("%Y-%m-%d").to_string()).collect();
        ImportCalendar { days, total_entries }
    }

    /// Entry `index` of all imported entries falls on this day; never decreasing.
    fn day_of(&self, index: usize) -> &str {
        let day = index as u128 * self.days.len() as u128 / self.total_entries.max(1) as u128;
        &self.days[day as usize]
    }
}

/// Rupiah with two decimals from a count of cents: `12345` → `123.45`.
fn rupiah(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// One balanced entry of 2–4 lines; the mix of accounts depends on `index`.
/// No stock account (1105/1106): those take product lines, which a journal import has not.
/// Entries come in groups of four that share one amount: a cash sale and a bank sale
/// first, then what they pay for, so neither cash nor the bank ever goes below zero
/// (the writer refuses that), whichever order the batches are committed in.
fn write_import_entry(out: &mut String, index: usize, date: &str) {
    let group = (index / 4) as u64;
    let cents = 1_000 + (group * 7_919) % 9_999_000;
    let amount = rupiah(cents);
    let (memo, lines) = match index % 4 {
        0 => (
            "Penjualan tunai",
            format!(r#"{{"account":"1101","debit":"{amount}"}},{{"account":"4101","credit":"{amount}"}}"#),
        ),
        1 => {
            let cost = rupiah(cents * 3 / 5);
            (
                "Penjualan via bank, biaya dibayar di muka terpakai",
                format!(
                    r#"{{"account":"1102","debit":"{amount}"}},{{"account":"4101","credit":"{amount}"}},{{"account":"5101","debit":"{cost}"}},{{"account":"1107","credit":"{cost}"}}"#
                ),
            )
        }
        2 => {
            let paid = rupiah(cents / 4);
            (
                "Bayar listrik dan air",
                format!(r#"{{"account":"5202","debit":"{paid}"}},{{"account":"1101","credit":"{paid}"}}"#),
            )
        }
        _ => {
            let (cash, bank) = (cents / 6, cents / 3);
            (
                "Sewa tempat dibayar di muka",
                format!(
                    r#"{{"account":"1107","debit":"{}"}},{{"account":"1101","credit":"{}"}},{{"account":"1102","credit":"{}"}}"#,
                    rupiah(cash + bank),
                    rupiah(cash),
                    rupiah(bank)
                ),
            )
        }
    };
    write!(out, r#"{{"date":"{date}","memo":"{memo} #{index}","lines":[{lines}]}}"#).expect("writing to a String");
}

fn batch_body(calendar: &ImportCalendar, first: usize, count: usize) -> String {
    let mut body = String::with_capacity(count * 220 + 16);
    body.push_str(r#"{"entries":["#);
    for index in first..first + count {
        if index > first {
            body.push(',');
        }
        write_import_entry(&mut body, index, calendar.day_of(index));
    }
    body.push_str("]}");
    body
}

/// Takes batches in order from a shared counter until none are left; returns
/// (entries stored, batches failed).
async fn import_loop(session: Session, calendar: Arc<ImportCalendar>, next_batch: Arc<AtomicUsize>) -> (usize, usize) {
    let url = session.entity_url("/entries/batch");
    let total = calendar.total_entries;
    let (mut stored, mut failed) = (0, 0);
    loop {
        let first = next_batch.fetch_add(1, Ordering::SeqCst) * BATCH_ENTRIES_MAX;
        if first >= total {
            return (stored, failed);
        }
        let count = BATCH_ENTRIES_MAX.min(total - first);
        let body = batch_body(&calendar, first, count);
        let response = session.post_json(&url, body).send().await.expect("send a batch");
        let status = response.status();
        let answer = response.bytes().await.expect("read a batch answer");
        if status == reqwest::StatusCode::CREATED {
            stored += count;
        } else {
            failed += 1;
            let text = String::from_utf8_lossy(&answer);
            eprintln!("batch at entry {first} answered {status}: {}", text.chars().take(300).collect::<String>());
        }
    }
}

async fn measure_import(session: &Session, entries: usize) -> ImportRun {
    let calendar = Arc::new(ImportCalendar::new(entries));
    let next_batch = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..BATCH_TASKS)
        .map(|_| tokio::spawn(import_loop(session.clone(), calendar.clone(), next_batch.clone())))
        .collect();
    let (mut stored, mut failed_batches) = (0, 0);
    for task in tasks {
        let (task_stored, task_failed) = task.await.expect("import task finished");
        stored += task_stored;
        failed_batches += task_failed;
    }
    ImportRun { entries: stored, seconds: started.elapsed().as_secs_f64(), failed_batches }
}

// ---------------------------------------------------------------------------------------
// 3. Trial balance
// ---------------------------------------------------------------------------------------

struct TrialBalanceRun {
    median_ms: f64,
    p99_ms: f64,
}

async fn fetch_trial_balance(session: &Session, as_of: &str) -> Vec<u8> {
    let response = session
        .client
        .get(session.entity_url(&format!("/trial-balance?as_of={as_of}")))
        .bearer_auth(&session.token)
        .send()
        .await
        .expect("send trial balance");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "trial balance as of {as_of}");
    response.bytes().await.expect("read trial balance").to_vec()
}

async fn measure_trial_balance(session: &Session, as_of: &str) -> TrialBalanceRun {
    let warm_up = fetch_trial_balance(session, as_of).await;
    let report: serde_json::Value = serde_json::from_slice(&warm_up).expect("trial balance is JSON");
    assert_eq!(report["total_debit"], report["total_credit"], "trial balance as of {as_of} balances");
    let mut latency_ms = Vec::with_capacity(TRIAL_BALANCE_RUNS);
    for _ in 0..TRIAL_BALANCE_RUNS {
        let started = Instant::now();
        fetch_trial_balance(session, as_of).await;
        latency_ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    sort_ms(&mut latency_ms);
    TrialBalanceRun { median_ms: percentile(&latency_ms, 0.50), p99_ms: percentile(&latency_ms, 0.99) }
}

// ---------------------------------------------------------------------------------------
// 4. Export, and the peers on the exported journal
// ---------------------------------------------------------------------------------------

fn export_journal(db: &Path, entity_id: u64, journal: &Path) -> f64 {
    let file = std::fs::File::create(journal).expect("create the journal file");
    let started = Instant::now();
    let status = Command::new(BINARY)
        .args(["export", "--db"])
        .arg(db)
        .args(["--entity", &entity_id.to_string(), "--format", "ledger"])
        .stdout(file)
        .status()
        .expect("run kube-ledger export");
    assert!(status.success(), "kube-ledger export failed: {status}");
    started.elapsed().as_secs_f64()
}

enum PeerOutcome {
    Ran { seconds: f64, peak_rss_mb: Option<f64> },
    Failed { seconds: f64, why: String },
}

/// Runs `tool -f JOURNAL bal --flat [-e END]` once, under `/usr/bin/time` when present
/// so that its peak memory is known.
fn run_peer(tool: &str, journal: &Path, end_exclusive: Option<&str>, scratch: &Path) -> PeerOutcome {
    let rss_file = scratch.join(format!("{tool}-rss.txt"));
    let gnu_time = Path::new("/usr/bin/time");
    let mut command = if gnu_time.exists() {
        let mut command = Command::new(gnu_time);
        command.args(["-f", "%M", "-o"]).arg(&rss_file).arg(tool);
        command
    } else {
        Command::new(tool)
    };
    command.arg("-f").arg(journal).args(["bal", "--flat"]);
    if let Some(end) = end_exclusive {
        command.args(["-e", end]);
    }
    let started = Instant::now();
    let output = command.stdin(Stdio::null()).output();
    let seconds = started.elapsed().as_secs_f64();
    match output {
        Err(error) => PeerOutcome::Failed { seconds, why: format!("could not start {tool}: {error}") },
        Ok(output) if !output.status.success() => PeerOutcome::Failed {
            seconds,
            why: format!(
                "{tool} exited {}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).lines().next().unwrap_or("")
            ),
        },
        Ok(_) => PeerOutcome::Ran {
            seconds,
            peak_rss_mb: std::fs::read_to_string(&rss_file)
                .ok()
                .and_then(|text| text.trim().lines().last()?.trim().parse::<f64>().ok())
                .map(|kib| kib * 1024.0 / BYTES_PER_MB),
        },
    }
}

// ---------------------------------------------------------------------------------------
// 5. Disk
// ---------------------------------------------------------------------------------------

fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for item in std::fs::read_dir(dir).expect("read the database folder") {
        let item = item.expect("a database folder entry");
        let meta = item.metadata().expect("metadata of a database file");
        total += if meta.is_dir() { dir_bytes(&item.path()) } else { meta.len() };
    }
    total
}

// ---------------------------------------------------------------------------------------
// 6. Growth under single posts (issue 21: RSS flat, bytes on disk within 3× the journal)
// ---------------------------------------------------------------------------------------

const GROWTH_SAMPLES: u32 = 6;
/// A busy stall's sales in a day; each post of the growth run is one sale.
const STALL_POSTS_PER_DAY: u64 = 1_000;

struct GrowthRun {
    seconds: f64,
    entries: u64,
    /// (seconds since the start, RSS in MB) at each sample.
    rss_mb: Vec<(f64, f64)>,
    db_bytes: u64,
    journal_bytes: u64,
}

fn growth_seconds() -> f64 {
    std::env::var("BENCH_GROWTH_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(120.0)
}

/// One client posts single entries, as a market stall does all day, on a fresh database:
/// dated in order, a thousand a day (the throughput runs above spread theirs over 24 days).
async fn measure_growth(scratch: &Path, seconds: f64) -> GrowthRun {
    let db = scratch.join("growth-db");
    let (server, session) = fresh_server(&db).await;
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let posting = tokio::spawn(post_loop(session.clone(), 1, 0, deadline, stall_entry_body));
    let mut rss_mb = Vec::new();
    for sample in 1..=GROWTH_SAMPLES {
        tokio::time::sleep_until(
            (started + Duration::from_secs_f64(seconds * sample as f64 / GROWTH_SAMPLES as f64)).into(),
        )
        .await;
        rss_mb.push((started.elapsed().as_secs_f64(), server.rss_mb().unwrap_or(f64::NAN)));
    }
    let stats = posting.await.expect("growth posts finished");
    assert_eq!(stats.errors, 0, "every growth post is stored");
    server.stop();
    let db_bytes = dir_bytes(&db);
    let journal = scratch.join("growth.ledger");
    export_journal(&db, session.entity_id, &journal);
    let journal_bytes = std::fs::metadata(&journal).map_or(0, |m| m.len());
    GrowthRun { seconds, entries: stats.created, rss_mb, db_bytes, journal_bytes }
}

fn growth_rows(table: &mut Table, run: &GrowthRun) {
    let samples: Vec<String> = run.rss_mb.iter().map(|(at_s, mb)| format!("{at_s:.0} s: {mb:.0}")).collect();
    let half = run.rss_mb.len() / 2;
    let second_half_mb = run.rss_mb.last().map_or(f64::NAN, |l| l.1) - run.rss_mb[half - 1].1;
    table.row(
        format!("RSS under single posts, 1 client, {:.0} s, {} entries", run.seconds, thousands(run.entries as f64)),
        format!("{} MB; second half +{second_half_mb:.1} MB — {}", samples.join(", "), verdict(second_half_mb <= 5.0)),
        "flat (≤ 5 MB more in the second half)",
    );
    let entries = run.entries.max(1) as f64;
    let ratio = run.db_bytes as f64 / run.journal_bytes.max(1) as f64;
    table.row(
        "bytes on disk per single post against the ledger journal",
        format!(
            "{} bytes on disk, {} bytes of journal per entry: {ratio:.2}× — {}",
            thousands(run.db_bytes as f64 / entries),
            thousands(run.journal_bytes as f64 / entries),
            verdict(ratio <= 3.0)
        ),
        "≤ 3×",
    );
}

// ---------------------------------------------------------------------------------------
// Numbers and the table
// ---------------------------------------------------------------------------------------

fn sort_ms(values: &mut [f64]) {
    values.sort_by(|a, b| a.total_cmp(b));
}

/// Nearest-rank percentile of sorted values; NaN when there are none.
fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `1234567.8` → `1,234,568`.
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits.as_str()),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**MISSED**"
    }
}

fn machine() -> String {
    let cores = Command::new("nproc")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".into());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("machine: {cores} cores (nproc), {model}")
}

struct Table {
    rows: Vec<[String; 3]>,
}

impl Table {
    fn row(&mut self, figure: impl Into<String>, measured: impl Into<String>, target: &str) {
        self.rows.push([figure.into(), measured.into(), target.to_string()]);
    }

    /// The machine, then the table in markdown.
    fn print(&self) {
        println!();
        println!("{}", machine());
        println!();
        println!("| figure | measured | target |");
        println!("|---|---|---|");
        for [figure, measured, target] in &self.rows {
            println!("| {figure} | {measured} | {target} |");
        }
    }
}

fn post_row(table: &mut Table, run: &PostRun) {
    let measured = format!(
        "{} posts/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
        thousands(run.posts_per_s),
        run.p50_ms,
        run.p99_ms,
        run.errors
    );
    if run.clients == 32 {
        let met = run.posts_per_s >= 5_000.0 && run.p99_ms <= 25.0 && run.errors == 0;
        table.row(
            "durable single posts, 32 clients",
            format!("{measured} — {}", verdict(met)),
            "≥ 5,000 posts/s, p99 ≤ 25 ms",
        );
    } else {
        let plural = if run.clients == 1 { "client" } else { "clients" };
        table.row(format!("durable single posts, {} {plural}", run.clients), measured, "report");
    }
}

fn trial_balance_row(table: &mut Table, label: &str, run: &TrialBalanceRun, target_ms: f64) {
    table.row(
        format!("{label} (HTTP round trip, {TRIAL_BALANCE_RUNS} runs)"),
        format!("median {:.2} ms, p99 {:.2} ms — {}", run.median_ms, run.p99_ms, verdict(run.median_ms <= target_ms)),
        &format!("≤ {target_ms} ms"),
    );
}

fn peer_row(table: &mut Table, label: &str, outcome: &PeerOutcome, ours_ms: f64, factor_min: f64) {
    let measured = match outcome {
        PeerOutcome::Ran { seconds, peak_rss_mb } => {
            let ratio = seconds * 1e3 / ours_ms;
            let rss = peak_rss_mb.map_or(String::new(), |mb| format!(", peak RSS {mb:.0} MB"));
            format!("{seconds:.2} s{rss}; ours is {}× faster — {}", thousands(ratio), verdict(ratio >= factor_min))
        }
        PeerOutcome::Failed { seconds, why } => {
            format!("failed after {seconds:.2} s ({})", why.replace('|', "/"))
        }
    };
    table.row(label, measured, &format!("ours ≥ {factor_min}× faster"));
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

struct Measurements {
    posts: Vec<PostRun>,
    import: ImportRun,
    today: TrialBalanceRun,
    past: TrialBalanceRun,
    peak_rss_mb: Option<f64>,
    entity_id: u64,
}

async fn measure_server(config: &Config, db: &Path) -> Measurements {
    let server = Server::start(db);
    let client = http_client();
    server.wait_healthy(&client).await;
    let session = open_session(&server, client).await;

    let mut posts = Vec::new();
    for clients in POST_CLIENTS {
        eprintln!("bench: single posts, {clients} clients, {} s", config.post_seconds);
        posts.push(measure_posts(&session, clients, config.post_seconds).await);
    }
    eprintln!("bench: batch import of {} entries", config.import_entries);
    let import = measure_import(&session, config.import_entries).await;
    eprintln!("bench: trial balances");
    let today = measure_trial_balance(&session, AS_OF_TODAY).await;
    let past = measure_trial_balance(&session, AS_OF_PAST).await;
    let peak_rss_mb = server.peak_rss_mb();
    let status = server.stop();
    if !status.success() {
        eprintln!("bench: server exited with {status} after SIGTERM");
    }
    Measurements { posts, import, today, past, peak_rss_mb, entity_id: session.entity_id }
}

// ---------------------------------------------------------------------------------------
// CSV import of sales (issue 4: 100,000 rows in under 10 s)
// ---------------------------------------------------------------------------------------

/// Rows of the sales file, from `BENCH_CSV_ROWS` (default 100,000).
fn csv_rows() -> usize {
    std::env::var("BENCH_CSV_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn import_csv(db: &Path, entity_id: u64, kind: &str, file: &Path) -> f64 {
    let started = Instant::now();
    let output = Command::new(BINARY)
        .args(["import", "--db"])
        .arg(db)
        .args(["--entity", &entity_id.to_string(), "--kind", kind])
        .arg(file)
        .output()
        .expect("run kube-ledger import");
    assert!(output.status.success(), "kube-ledger import {kind} failed: {}", String::from_utf8_lossy(&output.stderr));
    started.elapsed().as_secs_f64()
}

/// A fresh KUBE with one product and stock bought on credit; then the timed CLI import
/// of a sales file, one sale a row. Returns the seconds the sales import took.
async fn measure_csv_import(scratch: &Path, rows: usize) -> f64 {
    let db = scratch.join("csv-db");
    let (server, session) = fresh_server(&db).await;
    let product = serde_json::json!({"code": "TAHU", "name": "Tahu", "unit": "bungkus", "default_price": "3500", "kind": "barang_jadi"});
    let response =
        session.post_json(&session.entity_url("/products"), product.to_string()).send().await.expect("create product");
    assert_eq!(response.status(), reqwest::StatusCode::CREATED, "create product");
    server.stop();
    let purchases = scratch.join("purchases.csv");
    let stock = format!("purchase,date,supplier,product,description,quantity,unit_cost,payment\n1,2024-01-01,UD Bench,TAHU,,{},2500,kredit\n", rows * 2);
    std::fs::write(&purchases, stock).expect("write purchases.csv");
    import_csv(&db, session.entity_id, "purchases", &purchases);
    let mut sales = String::from("sale,date,customer,member,product,quantity,unit_price,discount,payment\n");
    for index in 0..rows {
        let day = 1 + index % 28;
        sales.push_str(&format!(
            "{index},2025-03-{day:02},Pelanggan {},,TAHU,{},\"3.500\",,tunai\n",
            index % 50,
            1 + index % 2
        ));
    }
    let sales_file = scratch.join("sales.csv");
    std::fs::write(&sales_file, sales).expect("write sales.csv");
    import_csv(&db, session.entity_id, "sales", &sales_file)
}

#[tokio::main]
async fn main() {
    let config = Config::from_env();
    let scratch = tempfile::tempdir().expect("create a temporary folder");
    let mut table = Table { rows: Vec::new() };
    eprintln!("bench: growth under single posts, {} s", growth_seconds());
    let growth = measure_growth(scratch.path(), growth_seconds()).await;
    growth_rows(&mut table, &growth);
    if std::env::var_os("BENCH_GROWTH_ONLY").is_some() {
        table.print();
        return;
    }
    let db: PathBuf = scratch.path().join("db");
    add_admin(&db);

    let measured = measure_server(&config, &db).await;
    let entries_stored: u64 = measured.import.entries as u64 + measured.posts.iter().map(|p| p.created).sum::<u64>();
    let db_bytes = dir_bytes(&db);

    eprintln!("bench: export and peers");
    let journal = scratch.path().join("journal.ledger");
    let export_s = export_journal(&db, measured.entity_id, &journal);
    let journal_bytes = std::fs::metadata(&journal).map_or(0, |m| m.len());
    let peers = [
        ("ledger", None, AS_OF_TODAY),
        ("hledger", None, AS_OF_TODAY),
        ("ledger", Some(PEER_END_PAST), AS_OF_PAST),
        ("hledger", Some(PEER_END_PAST), AS_OF_PAST),
    ];
    let mut peer_outcomes = Vec::new();
    for (tool, end, as_of) in peers {
        eprintln!("bench: {tool} bal as of {as_of}");
        peer_outcomes.push((tool, end, run_peer(tool, &journal, end, scratch.path())));
    }

    let rows = csv_rows();
    eprintln!("bench: CSV import of {rows} sales rows");
    let csv_import_s = measure_csv_import(scratch.path(), rows).await;

    for run in &measured.posts {
        post_row(&mut table, run);
    }
    let import = &measured.import;
    table.row(
        format!(
            "batch import, {} entries in batches of {}, {BATCH_TASKS} clients",
            thousands(import.entries as f64),
            thousands(BATCH_ENTRIES_MAX as f64)
        ),
        format!(
            "{} entries/s ({:.1} s, {} failed batches) — {}",
            thousands(import.entries_per_s()),
            import.seconds,
            import.failed_batches,
            verdict(import.entries_per_s() >= 50_000.0 && import.failed_batches == 0)
        ),
        "≥ 50,000 entries/s",
    );
    trial_balance_row(&mut table, &format!("trial balance today, as_of {AS_OF_TODAY}"), &measured.today, 5.0);
    trial_balance_row(&mut table, &format!("trial balance past, as_of {AS_OF_PAST}"), &measured.past, 100.0);
    for (tool, end, outcome) in &peer_outcomes {
        let (label, ours_ms, factor_min) = match end {
            None => (format!("`{tool} bal --flat` (today)"), measured.today.median_ms, 100.0),
            Some(end) => (format!("`{tool} bal --flat -e {end}` (past)"), measured.past.median_ms, 10.0),
        };
        peer_row(&mut table, &label, outcome, ours_ms, factor_min);
    }
    table.row(
        "peak RSS of the server (VmHWM)",
        match measured.peak_rss_mb {
            Some(mb) => format!("{mb:.0} MB — {}", verdict(mb <= 300.0)),
            None => "unknown (no /proc/PID/status)".into(),
        },
        "≤ 300 MB",
    );
    table.row(
        "database on disk",
        format!(
            "{:.0} MB, {} bytes per entry ({} entries)",
            db_bytes as f64 / BYTES_PER_MB,
            thousands(db_bytes as f64 / entries_stored.max(1) as f64),
            thousands(entries_stored as f64)
        ),
        "report",
    );
    table.row(
        format!("CSV import of {} sales rows (CLI, all or nothing)", thousands(rows as f64)),
        format!(
            "{csv_import_s:.1} s ({} rows/s) — {}",
            thousands(rows as f64 / csv_import_s),
            verdict(csv_import_s < 10.0)
        ),
        "< 10 s for 100,000 rows",
    );
    table.row(
        "export to ledger journal (CLI)",
        format!("{export_s:.1} s, {:.0} MB journal", journal_bytes as f64 / BYTES_PER_MB),
        "report",
    );

    table.print();
}
