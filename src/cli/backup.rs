//! `backup` and `restore`. A database that a running `serve` holds is backed up by that
//! server, reached on the address and secret it wrote into the database folder.

use super::{fail, print_report};
use crate::service::backup::{create_partial, partial_path, publish, restore, ServeFile};
use crate::service::{Ledger, ServiceError};
use crate::store::backup::{check_backup, BackupKey, KEY_FILE};
use crate::store::StoreError;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// How long the server may take to start answering a backup request.
const SERVER_WAIT: Duration = Duration::from_secs(120);

pub async fn backup(db: &Path, out: &Path) -> ExitCode {
    if !db.join("db").exists() {
        return fail(format!("basis data {} tidak ada", db.display()));
    }
    let taken = match Ledger::open(db) {
        Ok(ledger) => ledger.backup_to(out).await.map_err(|error| error.to_string()),
        Err(ServiceError::Storage(StoreError::Locked { .. })) => {
            let (db, out) = (db.to_path_buf(), out.to_path_buf());
            tokio::task::spawn_blocking(move || from_server(&db, &out)).await.expect("backup thread")
        }
        Err(error) => return fail(error),
    };
    match taken {
        Ok(records_count) => {
            println!("cadangan ditulis ke {}: {records_count} catatan", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(error),
    }
}

/// Fetches a snapshot from the server that holds `db`, checks it whole, then renames it into place.
fn from_server(db: &Path, out: &Path) -> Result<u64, String> {
    let serve_file = ServeFile::read(db).map_err(|error| {
        format!("basis data {} sedang dipakai, tetapi layanannya tidak bisa dihubungi: {error}", db.display())
    })?;
    let partial = partial_path(out);
    let file = create_partial(&partial).map_err(|error| error.to_string())?;
    // The server sealed the snapshot with the key it keeps (made at need) in the database folder.
    let fetched = fetch(&serve_file, file).and_then(|()| {
        BackupKey::read(&db.join(KEY_FILE)).and_then(|key| check_backup(&partial, &key)).map_err(|e| e.to_string())
    });
    let header = match fetched {
        Ok(header) => header,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    publish(&partial, out).map_err(|error| error.to_string())?;
    Ok(header.records_count)
}

fn fetch(serve_file: &ServeFile, file: std::fs::File) -> Result<(), String> {
    // A server listening on every address is reached on loopback.
    let addr = match serve_file.addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), serve_file.addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), serve_file.addr.port()),
        _ => serve_file.addr,
    };
    let unreachable = |error: std::io::Error| format!("layanan di {addr} tidak bisa dihubungi: {error}");
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(unreachable)?;
    stream.set_read_timeout(Some(SERVER_WAIT)).map_err(unreachable)?;
    write!(
        stream,
        "GET /api/v1/backup HTTP/1.1\r\nHost: {addr}\r\n{}: {}\r\nConnection: close\r\n\r\n",
        crate::http::BACKUP_SECRET_HEADER,
        serve_file.secret
    )
    .map_err(unreachable)?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).map_err(unreachable)?;
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(unreachable)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<u64>().ok();
            }
        }
    }
    if !status.starts_with("HTTP/1.1 200") {
        let mut body = String::new();
        let _ = reader.read_to_string(&mut body);
        return Err(format!("layanan menolak membuat cadangan ({}): {body}", status.trim_end()));
    }
    let length = length.ok_or("jawaban layanan tanpa Content-Length")?;
    let mut writer = std::io::BufWriter::new(&file);
    let copied = std::io::copy(&mut reader.take(length), &mut writer).map_err(unreachable)?;
    writer.flush().and_then(|()| file.sync_all()).map_err(|error| format!("cadangan gagal ditulis: {error}"))?;
    if copied != length {
        return Err(format!("cadangan terputus setelah {copied} dari {length} bita"));
    }
    Ok(())
}

pub fn restore_into(db: &Path, from: &Path, key: Option<&Path>) -> ExitCode {
    match restore(db, from, key) {
        Ok(restored) => {
            println!("dipulihkan ke {}: {} catatan dari {}", db.display(), restored.records_count, from.display());
            print_report(&restored.report)
        }
        Err(error) => fail(error),
    }
}
