//! Backup and restore with the real binary: a snapshot taken while clients post holds
//! only whole entries, restores and verifies; a round trip keeps every trial balance;
//! restore refuses a non-empty target and a damaged file; scheduled backups keep N.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROOT_PASSWORD: &str = "root-backup-test-password";
const CLIENTS: u64 = 4;
/// How long clients post before and after the backup taken among them.
const POSTING: Duration = Duration::from_millis(800);

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn backup(db: &Path, out: &Path) -> std::process::Output {
    cli(&["backup", "--db", path_str(db), "--out", path_str(out)], None)
}

fn restore(db: &Path, from: &Path) -> std::process::Output {
    cli(&["restore", "--db", path_str(db), "--from", path_str(from)], None)
}

/// An entry whose amount and memo name the client and its count; every third has three lines.
fn entry_body(client: u64, n: u64) -> Value {
    let whole = client * 1_000_000 + n + 1001;
    let amount = format!("{whole}.{:02}", n % 100);
    let lines = if n % 3 == 0 {
        let rest = format!("{}.{:02}", whole - 1000, n % 100);
        json!([{ "account": "1101", "debit": amount }, { "account": "4101", "credit": "1000" },
               { "account": "4102", "credit": rest }])
    } else {
        json!([{ "account": "1102", "debit": amount }, { "account": "4101", "credit": amount }])
    };
    let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
    json!({ "date": date, "memo": format!("c{client}-{n}"), "lines": lines })
}

/// Posts to the entities in turn until `until`; returns how many were acknowledged.
async fn post_until(base: String, token: String, entities: Vec<u64>, client_no: u64, until: Instant) -> u64 {
    let client = client();
    let mut acked = 0;
    let mut n = 0;
    while Instant::now() < until {
        let entity = entities[(n % entities.len() as u64) as usize];
        let response = client
            .post(format!("{base}/api/v1/entities/{entity}/entries"))
            .bearer_auth(&token)
            .json(&entry_body(client_no, n))
            .send()
            .await
            .expect("post entry");
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap_or_default());
        acked += 1;
        n += 1;
    }
    acked
}

async fn entity_ids(client: &reqwest::Client, server: &Server, token: &str) -> Vec<u64> {
    let list = get_json(client, &server.url("/api/v1/entities"), token).await;
    list.as_array().expect("entity list").iter().map(|e| e["id"].as_u64().expect("id")).collect()
}

async fn journal(client: &reqwest::Client, server: &Server, token: &str, entity: u64) -> Vec<Value> {
    let mut entries = Vec::new();
    loop {
        let from = entries.len() + 1;
        let url = server.url(&format!("/api/v1/entities/{entity}/entries?from_seq={from}&limit=1000"));
        let page = get_json(client, &url, token).await;
        let page = page["entries"].as_array().unwrap_or_else(|| panic!("journal page: {page}")).clone();
        if page.is_empty() {
            return entries;
        }
        entries.extend(page);
    }
}

async fn trial_balance(client: &reqwest::Client, server: &Server, token: &str, entity: u64) -> Value {
    get_json(client, &server.url(&format!("/api/v1/entities/{entity}/trial-balance?as_of=2026-12-31")), token).await
}

fn assert_restored(output: &std::process::Output) -> String {
    let shown = describe(output);
    assert!(output.status.success(), "restore failed: {shown}");
    assert!(shown.contains("OK: semua invarian terpenuhi"), "restore ran no verify: {shown}");
    shown
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_clients_post_holds_whole_entries_and_restores_identical_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let (mut server, client, token) = serve_as_root(&db, ROOT_PASSWORD, &[], None).await;
    let kube = create_entity(&client, &server, &token, "kube", "KUBE Tahu").await;
    let koperasi = create_entity(&client, &server, &token, "koperasi", "Koperasi Sejahtera").await;

    let response = client.get(server.url("/api/v1/backup")).send().await.expect("GET backup");
    assert_eq!(response.status(), 401, "no token");

    let until = Instant::now() + 2 * POSTING;
    let posters: Vec<_> = (0..CLIENTS)
        .map(|c| tokio::spawn(post_until(server.base.clone(), token.clone(), vec![kube, koperasi], c, until)))
        .collect();
    tokio::time::sleep(POSTING).await;
    let during = dir.path().join("during.kubebak");
    let (db_copy, during_copy) = (db.clone(), during.clone());
    let taken = tokio::task::spawn_blocking(move || backup(&db_copy, &during_copy)).await.expect("backup thread");
    assert!(taken.status.success(), "backup while serving: {}", describe(&taken));
    let mut acked = 0;
    for poster in posters {
        acked += poster.await.expect("poster");
    }
    assert!(acked > 0);

    // The admin route gives the same books as the CLI, now that nothing posts.
    let response = client.get(server.url("/api/v1/backup")).bearer_auth(&token).send().await.expect("GET backup");
    assert_eq!(response.status(), 200);
    let downloaded = response.bytes().await.expect("backup body");
    let after = dir.path().join("after.kubebak");
    std::fs::write(&after, &downloaded).expect("write download");
    let quiet = dir.path().join("quiet.kubebak");
    assert!(backup(&db, &quiet).status.success());
    assert_eq!(std::fs::read(&quiet).expect("read"), downloaded, "two snapshots of unchanged books differ");

    let restored_during = dir.path().join("restored-during");
    assert_restored(&restore(&restored_during, &during));
    let restored_after = dir.path().join("restored-after");
    assert_restored(&restore(&restored_after, &after));

    let mut originals = Vec::new();
    for entity in entity_ids(&client, &server, &token).await {
        originals.push((
            entity,
            journal(&client, &server, &token, entity).await,
            trial_balance(&client, &server, &token, entity).await,
        ));
    }
    assert_eq!(originals.len(), 2);
    let status = server.terminate();
    assert!(status.success(), "{status}");

    // Offline (no server holds the folder) the CLI takes the same snapshot itself.
    let offline = dir.path().join("offline.kubebak");
    let taken = backup(&db, &offline);
    assert!(taken.status.success(), "{}", describe(&taken));
    assert_eq!(std::fs::read(&offline).expect("read"), downloaded, "offline and online snapshots differ");

    let server = Server::start(&restored_after, false);
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    for (entity, entries, tb) in &originals {
        assert_eq!(&journal(&client, &server, &token, *entity).await, entries, "entity {entity}: journal differs");
        assert_eq!(&trial_balance(&client, &server, &token, *entity).await, tb, "entity {entity}: trial balance");
    }
    drop(server);

    // The mid-posting snapshot: a prefix of each journal, only whole entries, books equal to them.
    let server = Server::start(&restored_during, false);
    let token = login(&client, &server, "root", ROOT_PASSWORD).await;
    let mut during_count = 0;
    for (entity, entries, _) in &originals {
        let restored = journal(&client, &server, &token, *entity).await;
        assert!(restored.len() <= entries.len());
        assert_eq!(&entries[..restored.len()], &restored[..], "entity {entity}: not a prefix of the journal");
        let mut sums = std::collections::BTreeMap::new();
        for entry in &restored {
            add_lines(&mut sums, &entry["lines"]);
        }
        let tb = trial_balance(&client, &server, &token, *entity).await;
        assert_eq!(drop_zeros(trial_balance_nets(&tb)), drop_zeros(sums), "entity {entity}: books differ from entries");
        during_count += restored.len() as u64;
    }
    eprintln!("backup among {CLIENTS} clients held {during_count} of {acked} entries");
    assert!(during_count > 0 && during_count < acked, "the backup was not taken while clients posted");
}

fn small_backup(dir: &Path) -> PathBuf {
    let db = dir.join("source");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);
    let file = dir.join("source.kubebak");
    let taken = backup(&db, &file);
    assert!(taken.status.success(), "{}", describe(&taken));
    file
}

fn folder_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn restore_refuses_a_non_empty_target_and_a_damaged_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = small_backup(dir.path());

    let occupied = dir.path().join("occupied");
    std::fs::create_dir_all(&occupied).expect("mkdir");
    std::fs::write(occupied.join("catatan.txt"), "jangan ditimpa").expect("write");
    let refused = restore(&occupied, &good);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(describe(&refused).contains("tidak kosong"), "{}", describe(&refused));
    assert_eq!(folder_listing(&occupied), ["catatan.txt"]);
    let a_file = occupied.join("catatan.txt");
    let refused = restore(&a_file, &good);
    assert!(describe(&refused).contains("tidak kosong"), "a file is no empty folder: {}", describe(&refused));
    assert_eq!(std::fs::read_to_string(&a_file).expect("read"), "jangan ditimpa");

    let bytes = std::fs::read(&good).expect("read backup");
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let damaged = [
        ("truncated", bytes[..bytes.len() - 10].to_vec(), "terpotong"),
        ("flipped", flipped, "tidak cocok"),
        ("not-a-backup", b"entry,date,memo\n".to_vec(), "bukan cadangan"),
    ];
    for (name, content, says) in damaged {
        let file = dir.path().join(format!("{name}.kubebak"));
        std::fs::write(&file, content).expect("write damaged");
        let before = folder_listing(dir.path());
        let target = dir.path().join(format!("target-{name}"));
        let refused = restore(&target, &file);
        assert_eq!(refused.status.code(), Some(1), "{name}: {}", describe(&refused));
        assert!(describe(&refused).contains(says), "{name}: {}", describe(&refused));
        assert!(!target.exists(), "{name}: restore created the target");
        assert_eq!(folder_listing(dir.path()), before, "{name}: restore left something behind");
    }

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    assert_restored(&restore(&empty, &good));
    verify_ok(&empty);
}

#[test]
fn scheduled_backups_keep_exactly_the_last_n() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    add_user(&db, "root", "admin", None, ROOT_PASSWORD);
    let backups = dir.path().join("cadangan");
    let server = Server::start_with(
        &db,
        false,
        &["--backup-dir", path_str(&backups), "--backup-keep", "2", "--backup-every", "1s"],
        None,
    );
    // Wait for the fourth distinct newest file: the start-up one and three scheduled.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut newest_seen = Vec::new();
    while newest_seen.len() < 4 {
        assert!(Instant::now() < deadline, "scheduled backups stalled: {newest_seen:?}");
        if let Some(newest) = backups.exists().then(|| folder_listing(&backups)).and_then(|l| l.last().cloned()) {
            if newest_seen.last() != Some(&newest) && !newest.ends_with(".partial") {
                newest_seen.push(newest);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    let kept = folder_listing(&backups);
    assert_eq!(kept.len(), 2, "{kept:?}");
    for name in &kept {
        assert!(name.starts_with("kube-ledger-") && name.ends_with(".kubebak"), "{name}");
        let target = dir.path().join(format!("restored-{name}"));
        assert_restored(&restore(&target, &backups.join(name)));
    }
}
