//! Durability under `kill -9`: a 201 means the entry is on disk, and a crash leaves the
//! books consistent (verify passes, sequences gapless, trial balance equal to the journal).

mod common;

use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

const CLIENTS: u64 = 6;
/// Rounds of posting under load and SIGKILL, in every run of the suite (issue 21).
const ROUNDS: u64 = 20;
/// How long the clients post before the server is killed.
const POST_BEFORE_KILL: Duration = Duration::from_millis(1500);
/// Upper bounds on a client's loop, whatever happens to the server.
const POSTS_PER_CLIENT_MAX: u64 = 20_000;
const CLIENT_RUN_MAX: Duration = Duration::from_secs(20);

/// A line as posted and as stored: account, debit?, amount.
type PlainLine = (String, bool, Decimal);

#[derive(Debug, Clone)]
enum Outcome {
    /// 201 with the seq and hash the server gave.
    Acked { seq: u64, hash: String },
    /// The server answered, but not with 201.
    Refused { status: u16, body: String },
    /// No answer: connection refused/reset, timeout; `at` is when the client saw it.
    NoAnswer { error: String, at: Instant },
}

#[derive(Debug, Clone)]
struct Attempt {
    memo: String,
    lines: Vec<PlainLine>,
    outcome: Outcome,
}

fn plain_lines(lines: &Value) -> Vec<PlainLine> {
    lines
        .as_array()
        .unwrap_or_else(|| panic!("lines is not an array: {lines}"))
        .iter()
        .map(|line| {
            let account = line["account"].as_str().expect("account").to_string();
            match (line.get("debit"), line.get("credit")) {
                (Some(d), None) => (account, true, dec(d).normalize()),
                (None, Some(c)) => (account, false, dec(c).normalize()),
                _ => panic!("line with not exactly one side: {line}"),
            }
        })
        .collect()
}

/// A distinct, identifiable entry for (round, client, n): the amount encodes all three.
fn entry_body(round: u64, client: u64, n: u64) -> Value {
    let whole = (round + 1) * 10_000_000 + client * 1_000_000 + n;
    let cents = (n * 37 + client * 11) % 100;
    let amount = format!("{whole}.{cents:02}");
    let memo = format!("r{round}-c{client}-{n}");
    let date = format!("2026-{:02}-{:02}", 1 + (client + n) % 12, 1 + n % 28);
    let lines = if n.is_multiple_of(3) {
        let rest = format!("{}.{cents:02}", whole - 1000);
        json!([
            { "account": "1101", "debit": amount },
            { "account": "4101", "credit": rest },
            { "account": "4102", "credit": "1000" },
        ])
    } else {
        json!([
            { "account": "1102", "debit": amount },
            { "account": "4101", "credit": amount },
        ])
    };
    json!({ "date": date, "memo": memo, "lines": lines })
}

/// Posts entries until the server stops answering (or a bound is reached).
async fn post_until_failure(base: String, token: String, entity: u64, round: u64, client_no: u64) -> Vec<Attempt> {
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("client");
    let url = format!("{base}/api/v1/entities/{entity}/entries");
    let started = Instant::now();
    let mut attempts = Vec::new();
    for n in 0..POSTS_PER_CLIENT_MAX {
        if started.elapsed() > CLIENT_RUN_MAX {
            break;
        }
        let body = entry_body(round, client_no, n);
        let memo = body["memo"].as_str().expect("memo").to_string();
        let lines = plain_lines(&body["lines"]);
        let sent = client
            .post(&url)
            .bearer_auth(&token)
            .header("Idempotency-Key", format!("crash-{memo}"))
            .json(&body)
            .send()
            .await;
        let answer = match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                response.text().await.map(|text| (status, text))
            }
            Err(error) => Err(error),
        };
        let outcome = match answer {
            Err(error) => Outcome::NoAnswer { error: error.to_string(), at: Instant::now() },
            Ok((201, text)) => {
                let value: Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("201 answer is not JSON ({e}): {text}"));
                Outcome::Acked {
                    seq: value["seq"].as_u64().expect("seq in 201 answer"),
                    hash: value["hash"].as_str().expect("hash in 201 answer").to_string(),
                }
            }
            Ok((status, body)) => Outcome::Refused { status, body },
        };
        let stop = matches!(outcome, Outcome::NoAnswer { .. });
        attempts.push(Attempt { memo, lines, outcome });
        if stop {
            break;
        }
    }
    attempts
}

/// Every stored entry of `entity`, fetched one by one until a 404; checks that a few
/// seqs past the end are absent too, so a gap cannot hide behind the first 404.
async fn fetch_all_entries(
    client: &reqwest::Client,
    server: &Server,
    token: &str,
    entity: u64,
    max: u64,
) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut seq = 1;
    loop {
        assert!(seq <= max + 1, "more entries stored ({}) than were ever posted ({max})", seq - 1);
        let url = server.url(&format!("/api/v1/entities/{entity}/entries/{seq}"));
        let response = client.get(&url).bearer_auth(token).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        if status == 404 {
            break;
        }
        assert_eq!(status, 200, "GET {url}: {text}");
        let entry: Value = serde_json::from_str(&text).expect("entry is JSON");
        assert_eq!(entry["seq"].as_u64(), Some(seq), "entry at {url} has another seq: {entry}");
        entries.push(entry);
        seq += 1;
    }
    let last = entries.len() as u64;
    for beyond in last + 2..last + 12 {
        let url = server.url(&format!("/api/v1/entities/{entity}/entries/{beyond}"));
        let response = client.get(&url).bearer_auth(token).send().await.expect("GET");
        assert_eq!(
            response.status().as_u16(),
            404,
            "entry #{beyond} exists although #{} does not: a gap in the sequence",
            last + 1
        );
    }
    entries
}

/// The checks after a crash and restart, over every attempt made so far.
async fn check_books_after_restart(server: &Server, entity: u64, attempts: &[Attempt]) {
    let client = client();
    let token = login(&client, server, "root", ROOT_PASSWORD).await;
    let entries = fetch_all_entries(&client, server, &token, entity, attempts.len() as u64).await;

    // The hash chain as the API shows it.
    let mut prev = "0".repeat(64);
    for entry in &entries {
        assert_eq!(entry["prev_hash"].as_str(), Some(prev.as_str()), "hash chain broken at #{}", entry["seq"]);
        prev = entry["hash"].as_str().expect("hash").to_string();
    }

    let by_memo: HashMap<&str, &Attempt> = attempts.iter().map(|a| (a.memo.as_str(), a)).collect();
    assert_eq!(by_memo.len(), attempts.len(), "memos are meant to be unique");
    let mut stored_memos: HashMap<String, u64> = HashMap::new();
    let mut stored_unacked = Vec::new();
    for entry in &entries {
        let seq = entry["seq"].as_u64().expect("seq");
        let memo = entry["memo"].as_str().expect("memo").to_string();
        if let Some(earlier) = stored_memos.insert(memo.clone(), seq) {
            panic!("memo {memo} stored twice: #{earlier} and #{seq}");
        }
        let attempt =
            by_memo.get(memo.as_str()).unwrap_or_else(|| panic!("stored entry #{seq} matches no request: {entry}"));
        assert_eq!(
            plain_lines(&entry["lines"]),
            attempt.lines,
            "entry #{seq} ({memo}) has other lines than were posted"
        );
        match &attempt.outcome {
            Outcome::Acked { seq: acked, .. } => {
                assert_eq!(*acked, seq, "{memo} was acknowledged as #{acked} but is stored as #{seq}")
            }
            Outcome::Refused { status, body } => {
                panic!("{memo} was refused with {status} ({body}) yet is stored as #{seq}")
            }
            Outcome::NoAnswer { .. } => stored_unacked.push(memo.clone()),
        }
    }

    let mut acked_count = 0;
    for attempt in attempts {
        match &attempt.outcome {
            Outcome::Acked { seq, hash } => {
                acked_count += 1;
                let stored = entries.get(*seq as usize - 1).unwrap_or_else(|| {
                    panic!("{} was acknowledged as #{seq} but only {} entries survived", attempt.memo, entries.len())
                });
                assert_eq!(
                    stored["memo"].as_str(),
                    Some(attempt.memo.as_str()),
                    "acknowledged #{seq} holds another entry"
                );
                assert_eq!(
                    stored["hash"].as_str(),
                    Some(hash.as_str()),
                    "acknowledged #{seq} has another hash than the 201 said"
                );
            }
            Outcome::Refused { status, body } => {
                panic!("a valid entry {} was refused with {status}: {body}", attempt.memo)
            }
            // When it happened is checked per round, against that round's kill.
            Outcome::NoAnswer { .. } => {}
        }
    }
    assert!(acked_count > 0, "no entry was ever acknowledged");
    eprintln!(
        "after restart: {} stored, {acked_count} acknowledged, {} stored without an answer (in flight at a kill)",
        entries.len(),
        stored_unacked.len()
    );

    // Trial balance equals the sum of the stored journal.
    let mut journal = BTreeMap::new();
    for entry in &entries {
        add_lines(&mut journal, &entry["lines"]);
    }
    let tb =
        get_json(&client, &server.url(&format!("/api/v1/entities/{entity}/trial-balance?as_of=2026-12-31")), &token)
            .await;
    let nets = trial_balance_nets(&tb);
    assert_eq!(
        drop_zeros(nets),
        drop_zeros(journal.clone()),
        "trial balance differs from the sum of the stored entries"
    );
    let journal_debits: Decimal = journal.values().filter(|v| v.is_sign_positive()).sum();
    assert_eq!(dec(&tb["total_debit"]), journal_debits, "total_debit vs journal: {tb}");
    assert_eq!(dec(&tb["total_credit"]), journal_debits, "total_credit vs journal: {tb}");
}

const ROOT_PASSWORD: &str = "root-crash-test-password";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_kill_9_rounds_lose_nothing() {
    kill_9_rounds(ROUNDS).await;
}

/// `rounds` times: clients post under load, the server is killed with SIGKILL, then
/// verify passes and every acknowledged entry is stored whole at its seq, none twice.
async fn kill_9_rounds(rounds: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);

    let mut server = Server::start(&db, false);
    let client = client();
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    let entity = create_entity(&client, &server, &token, "kube", "KUBE Uji Crash").await;

    let mut attempts: Vec<Attempt> = Vec::new();
    for round in 0..rounds {
        let token = login(&client, &server, "root", ROOT_PASSWORD).await;
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|c| tokio::spawn(post_until_failure(server.base.clone(), token.clone(), entity, round, c)))
            .collect();
        tokio::time::sleep(POST_BEFORE_KILL).await;
        let killed_at = Instant::now();
        server.kill9();

        let mut round_attempts = Vec::new();
        for task in tasks {
            let done = tokio::time::timeout(Duration::from_secs(60), task)
                .await
                .expect("a client did not stop within 60 s of the kill")
                .expect("client task panicked");
            round_attempts.extend(done);
        }
        let acked = round_attempts.iter().filter(|a| matches!(a.outcome, Outcome::Acked { .. })).count();
        let unanswered = round_attempts.iter().filter(|a| matches!(a.outcome, Outcome::NoAnswer { .. })).count();
        eprintln!("round {round}: {} requests, {acked} acknowledged, {unanswered} unanswered", round_attempts.len());
        assert!(acked > 0, "round {round}: nothing was acknowledged in {POST_BEFORE_KILL:?}");
        assert_eq!(unanswered, CLIENTS as usize, "round {round}: every client should post until the kill cuts it off");
        for attempt in &round_attempts {
            if let Outcome::NoAnswer { error, at } = &attempt.outcome {
                assert!(*at >= killed_at, "{} got no answer while the server was still running: {error}", attempt.memo);
            }
        }
        attempts.extend(round_attempts);

        let report = verify_ok(&db);
        assert!(report.contains("OK"), "verify printed no OK line: {report}");

        server = Server::start(&db, false);
        check_books_after_restart(&server, entity, &attempts).await;
    }
    let status = server.terminate();
    assert!(status.success(), "server exited with {status} on SIGTERM");
    verify_ok(&db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_with_the_same_idempotency_key_after_a_restart_returns_the_first_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);
    let mut server = Server::start(&db, false);
    let client = client();
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    let entity = create_entity(&client, &server, &token, "kube", "KUBE Uji Idempoten").await;
    let entries_url = |server: &Server| server.url(&format!("/api/v1/entities/{entity}/entries"));

    async fn post(client: &reqwest::Client, url: &str, token: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
        let mut request = client.post(url).bearer_auth(token).json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("POST entry");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
    }

    // A few entries first, so the keyed one is not simply #1.
    for n in 0..3 {
        let body = json!({
            "date": format!("2026-03-0{}", n + 1),
            "memo": format!("awal {n}"),
            "lines": [
                { "account": "1101", "debit": "1000" },
                { "account": "3103", "credit": "1000" }
            ]
        });
        let (status, answer) = post(&client, &entries_url(&server), &token, None, &body).await;
        assert_eq!(status, 201, "{answer}");
    }
    let body = json!({
        "date": "2026-04-15",
        "memo": "Penjualan tahu ke pasar Wedi",
        "lines": [
            { "account": "1101", "debit": "152500.50" },
            { "account": "4101", "credit": "152500.50" }
        ]
    });
    let key = "retry-after-crash-7f3a";
    let (status, first) = post(&client, &entries_url(&server), &token, Some(key), &body).await;
    assert_eq!(status, 201, "first post: {first}");
    let seq = first["seq"].as_u64().expect("seq");
    assert_eq!(seq, 4);
    let tb_url = |server: &Server| server.url(&format!("/api/v1/entities/{entity}/trial-balance?as_of=2026-12-31"));
    let tb_before = get_json(&client, &tb_url(&server), &token).await;

    server.kill9();
    verify_ok(&db);
    server = Server::start(&db, false);
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;

    // The same JSON value, with other key order and whitespace.
    let same_body_reordered = r#"{ "lines": [ {"debit": "152500.50", "account": "1101"},
        {"credit": "152500.50", "account": "4101"} ],
        "memo": "Penjualan tahu ke pasar Wedi", "date": "2026-04-15" }"#;
    assert_eq!(serde_json::from_str::<Value>(same_body_reordered).expect("JSON"), body);
    let response = client
        .post(entries_url(&server))
        .bearer_auth(&token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(same_body_reordered)
        .send()
        .await
        .expect("POST retry");
    let status = response.status().as_u16();
    let again: Value = response.json().await.expect("JSON answer");
    assert_eq!(status, 201, "retry after restart: {again}");
    for field in ["seq", "hash", "prev_hash", "date", "memo", "lines", "recorded_at", "recorded_by"] {
        assert_eq!(again[field], first[field], "retry answered another {field}: {again} vs {first}");
    }
    let next = server.url(&format!("/api/v1/entities/{entity}/entries/{}", seq + 1));
    let response = client.get(&next).bearer_auth(&token).send().await.expect("GET");
    assert_eq!(response.status().as_u16(), 404, "the retry stored a new entry");
    assert_eq!(get_json(&client, &tb_url(&server), &token).await, tb_before, "the retry changed the trial balance");

    // Same key, another body: a conflict, nothing stored.
    let mut other = body.clone();
    other["lines"][0]["debit"] = json!("152500.51");
    other["lines"][1]["credit"] = json!("152500.51");
    let (status, conflict) = post(&client, &entries_url(&server), &token, Some(key), &other).await;
    assert_eq!(status, 409, "same key, other body: {conflict}");
    assert_eq!(conflict["error"]["code"], "idempotency_conflict", "{conflict}");
    let response = client.get(&next).bearer_auth(&token).send().await.expect("GET");
    assert_eq!(response.status().as_u16(), 404, "the conflicting post stored an entry");

    // A new key still posts, at the next seq; the old key still replays.
    let (status, fresh) = post(&client, &entries_url(&server), &token, Some("another-key"), &other).await;
    assert_eq!(status, 201, "{fresh}");
    assert_eq!(fresh["seq"].as_u64(), Some(seq + 1));
    assert_eq!(fresh["prev_hash"], first["hash"], "chain continues from the first answer");
    let (status, third) = post(&client, &entries_url(&server), &token, Some(key), &body).await;
    assert_eq!(status, 201, "{third}");
    assert_eq!(third["seq"].as_u64(), Some(seq));
    assert_eq!(third["hash"], first["hash"]);

    server.kill9();
    verify_ok(&db);
}
