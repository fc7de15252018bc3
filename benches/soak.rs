//! Load and soak (issue 9): the real `kube-ledger serve` with the demo data on loopback,
//! several clients mixing sales, savings deposits, member balance reads and statement or
//! SHU preview reads for a fixed time. Prints throughput, p50/p99 per kind, errors (must be
//! 0, or the run fails) and the server's resident memory sampled while it runs.
//!
//! `SOAK_SECONDS` (default 60) is the length of the run, `SOAK_CLIENTS` (default 8) how
//! many clients call at once.

#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KINDS: [&str; 4] = ["sale", "savings deposit", "member balance", "statement / SHU preview"];
const RSS_EVERY: Duration = Duration::from_secs(5);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} is a whole number")))
}

/// What one client calls, and with what.
struct Target {
    base: String,
    token: String,
    kube: u64,
    product: u64,
    member: u64,
    today: String,
}

impl Target {
    /// The `n`-th call of a client: kinds in turn, reads alternating statement and preview.
    fn request(&self, client: &reqwest::Client, n: usize) -> (usize, reqwest::RequestBuilder) {
        let kube = format!("{}/api/v1/entities/{}", self.base, self.kube);
        let kind = n % KINDS.len();
        let request = match kind {
            0 => client.post(format!("{kube}/sales")).json(&json!({"date": self.today, "payment": "cash",
                "lines": [{"product_id": self.product, "quantity": "1"}]})),
            1 => client.post(format!("{kube}/savings")).json(&json!({"date": self.today, "direction": "deposit",
                "kind": "sukarela", "member_id": self.member, "amount": "1000"})),
            2 => client.get(format!("{}/api/v1/members/{}/balance", self.base, self.member)),
            _ if n / KINDS.len() % 2 == 0 => client.get(format!("{kube}/statements/neraca")),
            _ => client.get(format!("{kube}/periods/{}/preview", &self.today[..4])),
        };
        (kind, request.bearer_auth(&self.token))
    }
}

/// Resident memory of a process now, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("server status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS line");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse::<f64>().ok()).expect("VmRSS in kB") / 1024.0
}

async fn get(client: &reqwest::Client, token: &str, url: String) -> Value {
    let response = client.get(&url).bearer_auth(token).send().await.expect("send");
    assert!(response.status().is_success(), "GET {url}: {}", response.status());
    response.json().await.expect("JSON")
}

/// Logs in as the demo admin, finds the tofu KUBE and its finished product, adds a member
/// and SHU bylaws, and buys enough tofu that the run never runs out of stock.
async fn prepare(server: &common::Server, client: &reqwest::Client) -> Target {
    let token = common::login(client, server, "admin", "admin-demo-2026").await;
    let entities = get(client, &token, server.url("/api/v1/entities")).await;
    let kube = entities.as_array().unwrap().iter().find(|e| e["name"] == "KUBE Tahu Tempe Makmur").expect("demo KUBE")
        ["id"]
        .as_u64()
        .unwrap();
    let products = get(client, &token, server.url(&format!("/api/v1/entities/{kube}/products"))).await;
    let product = products["products"].as_array().unwrap().iter().find(|p| p["code"] == "TAHU").expect("TAHU")["id"]
        .as_u64()
        .unwrap();
    let today = chrono::Local::now().date_naive().to_string();
    let post = |path: String, body: Value| {
        let request = client.post(server.url(&format!("/api/v1/entities/{kube}/{path}"))).bearer_auth(&token);
        async move {
            let response = request.json(&body).send().await.expect("send");
            let status = response.status();
            let answer: Value = response.json().await.unwrap_or_default();
            assert!(status.is_success(), "{path}: {status} {answer}");
            answer
        }
    };
    // The demo has no members: the savings calls need one.
    let member = post(
        "members".into(),
        json!({"number": "SOAK-001", "name": "Anggota Uji", "kind": "klien",
        "joined_on": today}),
    )
    .await["id"]
        .as_u64()
        .expect("member id");
    // Nor SHU bylaws: the preview reads need them.
    let shares = json!([{"kind": "reserve", "name": "Cadangan", "percent": "40"},
        {"kind": "jasa_modal", "name": "Jasa modal", "percent": "30"},
        {"kind": "jasa_usaha", "name": "Jasa usaha", "percent": "30"}]);
    post("bylaws/shu".into(), json!({"effective_from": "2025-01-01", "shares": shares})).await;
    post(
        "purchases".into(),
        json!({"date": today, "supplier": "Pabrik Tahu", "payment": "credit",
        "lines": [{"product_id": product, "quantity": "10000000", "unit_cost": "1"}]}),
    )
    .await;
    Target { base: server.url(""), token, kube, product, member, today }
}

fn percentile(sorted: &[Duration], fraction: f64) -> f64 {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let seconds = env_number("SOAK_SECONDS", 60);
    let clients = env_number("SOAK_CLIENTS", 8) as usize;
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::Server::start(&dir.path().join("db"), true);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let client = common::client();
    let target = Arc::new(runtime.block_on(prepare(&server, &client)));
    let pid = server.pid();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let (latencies, failures, rss) = runtime.block_on(async {
        let sampler = tokio::spawn(async move {
            let mut samples = Vec::new();
            while Instant::now() < until {
                samples.push(rss_mib(pid));
                tokio::time::sleep(RSS_EVERY).await;
            }
            samples.push(rss_mib(pid));
            samples
        });
        let workers: Vec<_> = (0..clients)
            .map(|offset| {
                let (target, client) = (target.clone(), client.clone());
                tokio::spawn(async move {
                    let mut latencies: [Vec<Duration>; KINDS.len()] = Default::default();
                    let mut failures = Vec::new();
                    let mut n = offset;
                    while Instant::now() < until {
                        let (kind, request) = target.request(&client, n);
                        let sent = Instant::now();
                        match request.send().await {
                            Ok(response) if response.status().is_success() => {
                                response.bytes().await.expect("body");
                                latencies[kind].push(sent.elapsed());
                            }
                            Ok(response) => failures.push(format!(
                                "{}: {} {}",
                                KINDS[kind],
                                response.status(),
                                response.text().await.unwrap_or_default()
                            )),
                            Err(error) => failures.push(format!("{}: {error}", KINDS[kind])),
                        }
                        n += 1;
                    }
                    (latencies, failures)
                })
            })
            .collect();
        let mut all: [Vec<Duration>; KINDS.len()] = Default::default();
        let mut failures = Vec::new();
        for worker in workers {
            let (latencies, failed) = worker.await.expect("client task");
            for (kind, mut times) in latencies.into_iter().enumerate() {
                all[kind].append(&mut times);
            }
            failures.extend(failed);
        }
        (all, failures, sampler.await.expect("sampler"))
    });
    let elapsed = started.elapsed().as_secs_f64();
    println!("\nSoak: {seconds} s, {clients} clients, demo data, real binary on loopback\n");
    println!("| kind | requests | per second | p50 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut total = 0;
    for (kind, mut times) in latencies.into_iter().enumerate() {
        times.sort();
        total += times.len();
        let (p50, p99) =
            if times.is_empty() { (0.0, 0.0) } else { (percentile(&times, 0.50), percentile(&times, 0.99)) };
        println!("| {} | {} | {:.0} | {p50:.1} | {p99:.1} |", KINDS[kind], times.len(), times.len() as f64 / elapsed);
    }
    println!("| all | {total} | {:.0} | | |", total as f64 / elapsed);
    let max = rss.iter().copied().fold(0.0, f64::max);
    println!("\nerrors: {}", failures.len());
    let samples: Vec<String> = rss.iter().map(|mib| format!("{mib:.1}")).collect();
    println!(
        "server RSS MiB every {} s: first {:.1}, max {max:.1}, last {:.1}\n  {}",
        RSS_EVERY.as_secs(),
        rss[0],
        rss[rss.len() - 1],
        samples.join(" ")
    );
    for failure in failures.iter().take(10) {
        eprintln!("  {failure}");
    }
    assert!(failures.is_empty(), "{} requests failed", failures.len());
}
