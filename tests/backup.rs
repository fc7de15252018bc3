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

/// `restore` with the key of the database `source` (its folder stands for its key file).
fn restore(db: &Path, from: &Path, source: &Path) -> std::process::Output {
    cli(&["restore", "--db", path_str(db), "--from", path_str(from), "--key", path_str(source)], None)
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
    assert_restored(&restore(&restored_during, &during, &db));
    let restored_after = dir.path().join("restored-after");
    assert_restored(&restore(&restored_after, &after, &db));

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
    let source = dir.path().join("source");

    let occupied = dir.path().join("occupied");
    std::fs::create_dir_all(&occupied).expect("mkdir");
    std::fs::write(occupied.join("catatan.txt"), "jangan ditimpa").expect("write");
    let refused = restore(&occupied, &good, &source);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(describe(&refused).contains("tidak kosong"), "{}", describe(&refused));
    assert_eq!(folder_listing(&occupied), ["catatan.txt"]);
    let a_file = occupied.join("catatan.txt");
    let refused = restore(&a_file, &good, &source);
    assert!(describe(&refused).contains("tidak kosong"), "a file is no empty folder: {}", describe(&refused));
    assert_eq!(std::fs::read_to_string(&a_file).expect("read"), "jangan ditimpa");

    let bytes = std::fs::read(&good).expect("read backup");
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let damaged = [
        // The tag is checked before anything is parsed: a cut file fails it as an edited one does.
        ("truncated", bytes[..bytes.len() - 10].to_vec(), "tanda HMAC tidak cocok"),
        ("flipped", flipped, "tanda HMAC tidak cocok"),
        ("not-a-backup", b"entry,date,memo\n".to_vec(), "bukan cadangan"),
    ];
    for (name, content, says) in damaged {
        let file = dir.path().join(format!("{name}.kubebak"));
        std::fs::write(&file, content).expect("write damaged");
        let before = folder_listing(dir.path());
        let target = dir.path().join(format!("target-{name}"));
        let refused = restore(&target, &file, &source);
        assert_eq!(refused.status.code(), Some(1), "{name}: {}", describe(&refused));
        assert!(describe(&refused).contains(says), "{name}: {}", describe(&refused));
        assert!(!target.exists(), "{name}: restore created the target");
        assert_eq!(folder_listing(dir.path()), before, "{name}: restore left something behind");
    }

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    assert_restored(&restore(&empty, &good, &source));
    verify_ok(&empty);
}

/// The offset of the value stored under `key` in a backup, found by walking its records.
fn value_offset(bytes: &[u8], key: &[u8]) -> usize {
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("four bytes")) as usize;
    let mut at = 24;
    loop {
        assert!(at + 32 < bytes.len(), "no record {:?} in the backup", String::from_utf8_lossy(key));
        let key_length = word(at);
        let found = &bytes[at + 4..at + 4 + key_length] == key;
        at += 4 + key_length;
        if found {
            return at + 4;
        }
        at += 4 + word(at);
    }
}

/// Replaces the last 32 bytes by `seal` of the bytes before them.
fn reseal(bytes: &mut [u8], seal: impl Fn(&[u8]) -> Vec<u8>) {
    let body = bytes.len() - 32;
    let tag = seal(&bytes[..body]);
    bytes[body..].copy_from_slice(&tag);
}

fn sha256(body: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(body).to_vec()
}

fn hmac_sha256(key: &[u8]) -> impl Fn(&[u8]) -> Vec<u8> + '_ {
    move |body| {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
        mac.update(body);
        mac.finalize().into_bytes().to_vec()
    }
}

fn assert_refused(dir: &Path, name: &str, bytes: &[u8], key: Option<&Path>, says: &[&str]) {
    let file = dir.join(format!("{name}.kubebak"));
    std::fs::write(&file, bytes).expect("write backup");
    let target = dir.join(format!("target-{name}"));
    let mut args = vec!["restore", "--db", path_str(&target), "--from", path_str(&file)];
    if let Some(key) = key {
        args.extend(["--key", path_str(key)]);
    }
    let refused = cli(&args, None);
    let shown = describe(&refused);
    assert_eq!(refused.status.code(), Some(1), "{name}: {shown}");
    for said in says {
        assert!(shown.contains(said), "{name}: {said:?} not in {shown}");
    }
    assert!(!target.exists(), "{name}: restore created the target");
    assert!(!dir.join(format!("target-{name}.restoring")).exists(), "{name}: restore left its staging folder");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_backup_is_refused_and_only_the_key_of_its_database_restores_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("source");
    let mut server = Server::start(&source, true);
    assert!(server.terminate().success());
    let file = dir.path().join("demo.kubebak");
    let taken = backup(&source, &file);
    assert!(taken.status.success(), "{}", describe(&taken));
    let key_file = source.join("backup.key");
    let key = std::fs::read(&key_file).expect("the first backup made the key");
    assert_eq!(key.len(), 32);
    let mode = |path: &Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&key_file), 0o600, "the key is the owner's only");
    let good = std::fs::read(&file).expect("read backup");

    // The treasurer's role (postcard: version byte, name length, name, role) made admin.
    let username = b"bendahara.tahu";
    let role_at = value_offset(&good, &[b"U".as_slice(), username].concat()) + 2 + username.len();
    assert_eq!(good[role_at], 3, "the stored role is treasurer");
    let mut edited = good.clone();
    edited[role_at] = 0;

    let mut unkeyed = edited.clone();
    reseal(&mut unkeyed, sha256);
    assert_refused(dir.path(), "sha256-resealed", &unkeyed, Some(&source), &["tanda HMAC tidak cocok", "HMAC tag"]);
    let mut format1 = unkeyed.clone();
    format1[8..12].copy_from_slice(&1u32.to_be_bytes());
    reseal(&mut format1, sha256);
    assert_refused(
        dir.path(),
        "format-1",
        &format1,
        Some(&source),
        &["format 1", "kube-ledger backup", "Take a new backup"],
    );
    assert_refused(dir.path(), "no-key", &good, None, &["restore butuh kunci cadangan", "--key"]);
    let stranger = dir.path().join("stranger");
    std::fs::create_dir_all(&stranger).expect("mkdir");
    std::fs::write(stranger.join("backup.key"), [7u8; 32]).expect("write key");
    assert_refused(dir.path(), "another-key", &good, Some(&stranger), &["tanda HMAC tidak cocok"]);

    // Even sealed with the right key (a stolen key), an admin bound to a KUBE is no valid user.
    let mut forged = edited;
    reseal(&mut forged, hmac_sha256(&key));
    assert_refused(dir.path(), "forged", &forged, Some(&key_file), &["data pengguna tidak sah", "bendahara.tahu"]);

    let restored = dir.path().join("restored");
    assert_restored(&restore(&restored, &file, &key_file));
    assert_eq!(std::fs::read(restored.join("backup.key")).expect("restored key"), key, "the key moves with the books");
    assert_eq!(mode(&restored.join("backup.key")), 0o600);
    assert_eq!(mode(&restored), 0o700, "the database folder is the owner's only");
    let server = Server::start(&restored, false);
    let client = client();
    let token = login(&client, &server, "bendahara.tahu", "tahu-demo-2026").await;
    let response = client.get(server.url("/api/v1/backup")).bearer_auth(&token).send().await.expect("GET backup");
    assert_eq!(response.status(), 403, "the treasurer is still a treasurer");
}

#[test]
fn backups_and_the_database_are_private_and_nothing_is_written_through_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::symlink_metadata(path).expect("metadata").permissions().mode() & 0o777;
    let dir = tempfile::tempdir().expect("temp dir");
    let good = small_backup(dir.path());
    let source = dir.path().join("source");
    assert_eq!(mode(&good), 0o600, "a backup is the owner's only");
    assert_eq!(mode(&source), 0o700, "the database folder is the owner's only");
    for entry in std::fs::read_dir(&source).expect("read db") {
        let path = entry.expect("entry").path();
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), expected, "{}", path.display());
    }

    // A symlink or a file at OUT.partial is refused, never followed, never removed.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "jangan ditimpa").expect("write");
    let out = dir.path().join("next.kubebak");
    let partial = dir.path().join("next.kubebak.partial");
    std::os::unix::fs::symlink(&victim, &partial).expect("symlink");
    let refused = backup(&source, &out);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(describe(&refused).contains("sudah ada"), "{}", describe(&refused));
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "jangan ditimpa", "the symlink was followed");
    assert!(std::fs::symlink_metadata(&partial).expect("still there").file_type().is_symlink());
    assert!(!out.exists());
    std::fs::remove_file(&partial).expect("rm");
    std::fs::write(&partial, "bukan milik perintah ini").expect("write");
    let refused = backup(&source, &out);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert_eq!(std::fs::read_to_string(&partial).expect("read"), "bukan milik perintah ini");
    std::fs::remove_file(&partial).expect("rm");
    assert!(backup(&source, &out).status.success());

    // A DIR.restoring this run did not make is refused and left as it was.
    let target = dir.path().join("target");
    let staging = dir.path().join("target.restoring");
    std::fs::create_dir_all(&staging).expect("mkdir");
    std::fs::write(staging.join("milik-orang.txt"), "jangan dihapus").expect("write");
    let refused = restore(&target, &out, &source);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(describe(&refused).contains("target.restoring sudah ada"), "{}", describe(&refused));
    assert_eq!(std::fs::read_to_string(staging.join("milik-orang.txt")).expect("left alone"), "jangan dihapus");
    assert!(!target.exists());
    std::fs::remove_dir_all(&staging).expect("rm");
    assert_restored(&restore(&target, &out, &source));
    assert_eq!(mode(&target), 0o700);
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
        assert_restored(&restore(&target, &backups.join(name), &db));
    }
}
