//! Sign-in under a flood (issue 18, item 1): the real `kube-ledger serve` on loopback, a
//! flood of wrong passwords from many client addresses (127.0.0.2 and up, each its own
//! source) for random usernames, for the admin's own username and a few with 100 KB
//! usernames, while the admin signs in with the right password from another address
//! every second, alternately from the address it signed in from before the flood
//! (127.0.0.250) and from one it never used. Prints the flood's answers, the admin's sign-in times and
//! how much the database grew; fails when the admin is refused, or a sign-in from the
//! known address takes 2 s or more (for a new address it says whether each was under 2 s).
//!
//! `SIGNIN_SOURCES` (default 200), `SIGNIN_PER_SOURCE` (attempts in flight per source,
//! default 4) and `SIGNIN_SECONDS` (default 20) shape the flood.

#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "rahasia-bench-1";
const SIGN_IN_MAX: Duration = Duration::from_secs(2);

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} is a number")))
}

fn client_from(source: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(source))
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("build HTTP client")
}

fn dir_bytes(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("read db dir").flatten() {
        let meta = entry.metadata().expect("metadata");
        total += if meta.is_dir() { dir_bytes(&entry.path()) } else { meta.len() };
    }
    total
}

async fn sign_in(client: &reqwest::Client, url: &str, username: &str, password: &str) -> Result<u16, String> {
    let body = serde_json::json!({ "username": username, "password": password });
    match client.post(url).json(&body).send().await {
        Ok(answer) => Ok(answer.status().as_u16()),
        Err(error) => Err(error.to_string()),
    }
}

fn main() {
    let (sources, per_source, seconds) =
        (setting("SIGNIN_SOURCES", 200), setting("SIGNIN_PER_SOURCE", 4), setting("SIGNIN_SECONDS", 20));
    assert!(sources <= 240, "SIGNIN_SOURCES at most 240 (127.0.0.2 to 127.0.0.241)");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    common::add_user(&db, "root", "admin", None, PASSWORD);
    let server = common::Server::start_with(&db, false, &[], None);
    let url = server.url("/api/v1/login");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async {
        let owner = client_from(Ipv4Addr::new(127, 0, 0, 250));
        assert_eq!(sign_in(&owner, &url, "root", PASSWORD).await, Ok(200), "the admin signs in before the flood");
        let db_before = dir_bytes(&db);
        let stop = Arc::new(AtomicBool::new(false));
        let answers: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
        let mut flood = Vec::new();
        for s in 0..sources {
            let client = client_from(Ipv4Addr::new(127, 0, 0, 2 + s as u8));
            for lane in 0..per_source {
                let (client, url, stop, answers) = (client.clone(), url.clone(), stop.clone(), answers.clone());
                flood.push(tokio::spawn(async move {
                    let mut n = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let username = match n % 10 {
                            0 | 1 | 2 => "root".to_string(),
                            3 if lane == 0 => "x".repeat(100 * 1024),
                            _ => format!("tebak-{s}-{lane}-{n}"),
                        };
                        let answer = match sign_in(&client, &url, &username, "salah-tebak").await {
                            Ok(status) => status.to_string(),
                            Err(_) => "no answer".to_string(),
                        };
                        *answers.lock().unwrap().entry(answer).or_default() += 1;
                    }
                }));
            }
        }
        let started = Instant::now();
        // Let the flood build up before the first measured sign-in.
        tokio::time::sleep(Duration::from_secs(2)).await;
        // Every second the admin signs in, alternately from the address it signed in from
        // before (known) and from one it never used (127.0.1.N).
        let (mut known, mut new) = (Vec::new(), Vec::new());
        let mut refused = Vec::new();
        let mut round = 0u8;
        while started.elapsed() < Duration::from_secs(seconds as u64) {
            round += 1;
            let fresh = client_from(Ipv4Addr::new(127, 0, 1, round));
            let client = if round % 2 == 1 { &owner } else { &fresh };
            let asked = Instant::now();
            let status = sign_in(client, &url, "root", PASSWORD).await;
            let took = asked.elapsed();
            if status != Ok(200) {
                refused.push(format!("{status:?} after {:.2} s", took.as_secs_f64()));
            }
            let at = started.elapsed().as_secs_f64();
            if round % 2 == 1 { &mut known } else { &mut new }.push((at, took));
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        stop.store(true, Ordering::Relaxed);
        let flood_for = started.elapsed();
        for lane in flood {
            let _ = tokio::time::timeout(Duration::from_secs(30), lane).await;
        }
        let db_after = dir_bytes(&db);
        let answers = answers.lock().unwrap().clone();
        let sent: u64 = answers.values().sum();
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        println!(
            "sign-in flood: {sources} sources x {per_source} in flight for {:.1} s: {sent} attempts ({:.0}/s), \
             answers {answers:?}",
            flood_for.as_secs_f64(),
            sent as f64 / flood_for.as_secs_f64()
        );
        for (name, series) in [("a known address", &known), ("a new address", &new)] {
            let each: Vec<String> =
                series.iter().map(|(at, took)| format!("{:.0} ms at {at:.1} s", ms(took))).collect();
            println!("the admin from {name}: {}", each.join(", "));
        }
        println!("the admin's sign-ins not answered 200: {refused:?}");
        println!(
            "database {:.1} MiB before the flood, {:.1} MiB after ({:+.1} MiB)",
            db_before as f64 / 1048576.0,
            db_after as f64 / 1048576.0,
            (db_after as f64 - db_before as f64) / 1048576.0
        );
        let slowest = |series: &[(f64, Duration)]| series.iter().map(|(_, took)| *took).max().unwrap_or_default();
        let (known_slowest, new_slowest) = (slowest(&known), slowest(&new));
        println!(
            "under 2 s: from the known address {} (slowest {:.0} ms), from a new address {} (slowest {:.0} ms)",
            known_slowest < SIGN_IN_MAX,
            ms(&known_slowest),
            new_slowest < SIGN_IN_MAX,
            ms(&new_slowest)
        );
        assert!(refused.is_empty(), "the admin was refused during the flood");
        // A never-used address ranks with the flood's own first attempts until those are
        // through (printed above); the address the admin signs in from must stay fast.
        assert!(known_slowest < SIGN_IN_MAX, "a sign-in from the known address took 2 s or more");
    });
    drop(server);
}
