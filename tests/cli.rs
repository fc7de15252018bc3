//! The command line, run as the real binary against real databases in temp dirs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kube_ledger(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kube-ledger"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A database with one KUBE (id 1) made through the library, closed again.
fn database_with_a_kube(dir: &Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let ledger = kube_ledger::service::Ledger::open(dir).unwrap();
        ledger.create_entity(kube_ledger::domain::entity::EntityKind::Kube, "KUBE Tahu", None).await.unwrap();
    });
    // Let the writer thread drop the database before the binary opens it.
    for _ in 0..200 {
        if kube_ledger::store::Store::open(dir).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("database stays locked");
}

#[test]
fn user_add_reads_the_password_from_stdin_and_refuses_weak_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().to_str().unwrap();
    let weak = kube_ledger(
        &["user", "add", "--db", db, "--username", "admin", "--role", "admin", "--password-stdin"],
        "pendek\n",
    );
    assert!(!weak.status.success());
    assert!(text(&weak).contains("kata sandi minimal 8"), "{}", text(&weak));
    let ok = kube_ledger(
        &["user", "add", "--db", db, "--username", "admin", "--role", "admin", "--password-stdin"],
        "rahasia-panjang\n",
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let again = kube_ledger(
        &["user", "add", "--db", db, "--username", "admin", "--role", "admin", "--password-stdin"],
        "rahasia-panjang\n",
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("sudah ada"));
    let unbound = kube_ledger(
        &["user", "add", "--db", db, "--username", "bendahara", "--role", "treasurer", "--password-stdin"],
        "rahasia-panjang\n",
    );
    assert!(!unbound.status.success());
    assert!(text(&unbound).contains("--entity"), "{}", text(&unbound));
}

#[test]
fn import_reports_every_bad_row_with_file_and_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    database_with_a_kube(dir.path());
    let db = dir.path().to_str().unwrap();
    let file = dir.path().join("jurnal.csv");
    std::fs::write(
        &file,
        "entry,date,memo,account,debit,credit\n\
         1,2026-07-01,Jual tahu,1101,\"1.500.000\",\n\
         1,2026-07-01,Jual tahu,4101,,1500000\n\
         2,2026-07-02,Beli kedelai,1105,50000,\n\
         2,2026-07-02,Beli kedelai,1199,,50000\n\
         3,2026-02-30,Listrik,5202,10,\n\
         3,2026-02-30,Listrik,1101,,10\n",
    )
    .unwrap();
    let output = kube_ledger(&["import", "--db", db, "--entity", "1", "--kind", "entries", file.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = text(&output);
    let name = file.display().to_string();
    assert!(shown.contains(&format!("{name}:4: ")), "{shown}");
    assert!(shown.contains(&format!("{name}:6: ")), "{shown}");
    assert!(shown.contains(&format!("{name}:7: ")), "{shown}");
    let export = kube_ledger(&["export", "--db", db, "--entity", "1", "--format", "csv"], "");
    assert_eq!(String::from_utf8_lossy(&export.stdout).lines().count(), 1, "only the header: nothing imported");

    std::fs::write(&file, "entry,date,memo,account,debit,credit\n1,2026-07-01,Jual tahu,1101,\"1.500.000,50\",\n1,2026-07-01,Jual tahu,4101,,1500000.50\n").unwrap();
    let output = kube_ledger(&["import", "--db", db, "--entity", "1", "--kind", "entries", file.to_str().unwrap()], "");
    assert!(output.status.success(), "{}", text(&output));
    let export = kube_ledger(&["export", "--db", db, "--entity", "1", "--format", "csv"], "");
    let csv = String::from_utf8_lossy(&export.stdout).to_string();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("1101,Kas,1500000.50,"), "{csv}");
    let journal = kube_ledger(&["export", "--db", db, "--entity", "1", "--format", "ledger"], "");
    assert!(String::from_utf8_lossy(&journal.stdout).contains("    4101 Penjualan  -1500000.50"));
}

#[test]
fn verify_passes_on_good_books_and_fails_on_a_tampered_entry() {
    let dir = tempfile::tempdir().unwrap();
    database_with_a_kube(dir.path());
    let db = dir.path().to_str().unwrap();
    let file = dir.path().join("jurnal.csv");
    std::fs::write(&file, "entry,date,memo,account,debit,credit\n1,2026-07-01,Jual tahu,1101,100,\n1,2026-07-01,Jual tahu,4101,,100\n2,2026-07-02,Jual tempe,1101,50,\n2,2026-07-02,Jual tempe,4101,,50\n").unwrap();
    assert!(kube_ledger(&["import", "--db", db, "--entity", "1", "--kind", "entries", file.to_str().unwrap()], "")
        .status
        .success());
    let good = kube_ledger(&["verify", "--db", db], "");
    assert!(good.status.success(), "{}", text(&good));
    assert!(text(&good).contains("2 jurnal seimbang"), "{}", text(&good));

    // Someone edits entry #1 behind the service's back: the amount on both lines.
    {
        let store = kube_ledger::store::Store::open(dir.path()).unwrap();
        let mut entry = store.entry(1, 1).unwrap().unwrap();
        let lines: Vec<_> = entry
            .entry
            .lines()
            .iter()
            .map(|l| kube_ledger::domain::entry::Line {
                amount: kube_ledger::domain::money::Money::parse("1000").unwrap(),
                ..l.clone()
            })
            .collect();
        entry.entry =
            kube_ledger::domain::entry::BalancedEntry::new(entry.entry.date(), entry.entry.memo().clone(), lines)
                .unwrap();
        let mut writes = kube_ledger::store::WriteSet::default();
        writes.entry(&entry);
        store.commit(writes).unwrap();
    }
    let tampered = kube_ledger(&["verify", "--db", db], "");
    assert!(!tampered.status.success());
    let shown = text(&tampered);
    assert!(shown.contains("hash tidak cocok"), "{shown}");
    assert!(shown.contains("saldo tersimpan per akun tidak sama"), "{shown}");
}

#[test]
fn a_database_in_use_is_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().to_str().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_kube-ledger"))
        .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut output = None;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            output = Some(kube_ledger(&["verify", "--db", db], ""));
            break;
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let output = output.expect("server came up");
    assert!(!output.status.success());
    assert!(text(&output).contains("sedang dipakai proses lain"), "{}", text(&output));
}

/// `verify` reads every stored record, the audit log's too: a damaged audit record (or a
/// user bound to an entity that does not exist) is a breach and exit 1, not a 500 later.
#[test]
fn verify_reads_every_kind_of_record_and_fails_on_a_damaged_audit_record() {
    let dir = tempfile::tempdir().unwrap();
    database_with_a_kube(dir.path());
    let db = dir.path().to_str().unwrap();
    let add = kube_ledger(
        &[
            "user",
            "add",
            "--db",
            db,
            "--username",
            "bendahara",
            "--role",
            "treasurer",
            "--entity",
            "1",
            "--password-stdin",
        ],
        "rahasia-panjang\n",
    );
    assert!(add.status.success(), "{}", text(&add));
    let clean = kube_ledger(&["verify", "--db", db], "");
    assert!(clean.status.success(), "{}", text(&clean));
    assert!(text(&clean).contains("catatan tersimpan, masing-masing dibaca"), "{}", text(&clean));

    // Planted beside the real audit events (prefix `v`), as a damaged disk or an old build might.
    // Compressed, as the service makes every new database.
    let sled = sled::Config::new().path(dir.path()).use_compression(true).open().unwrap();
    assert!(sled.scan_prefix(b"v").count() > 0, "the user add was audited");
    sled.insert([&b"v"[..], &[0xff; 16]].concat(), vec![1u8, 0xff, 0xff, 0xff]).unwrap();
    sled.flush().unwrap();
    drop(sled);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let damaged = kube_ledger(&["verify", "--db", db], "");
    assert_eq!(damaged.status.code(), Some(1), "{}", text(&damaged));
    let shown = text(&damaged);
    assert!(shown.contains(&format!("PELANGGARAN: catatan 76{} tidak terbaca", "ff".repeat(16))), "{shown}");
}
