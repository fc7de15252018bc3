//! Half-open connections (issue 18, item 3): the real `kube-ledger serve` on loopback,
//! 3,000 connections each sending part of a request head and then nothing. Prints the
//! server's resident memory before, while they are open, and after the header timeout has
//! closed them, and whether `/healthz` is answered meanwhile. Fails when the server goes
//! over 150 MB or stops answering.
//!
//! `HALF_OPEN` (default 3000) is how many connections are opened.

#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

const RSS_MAX_MIB: f64 = 150.0;

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS line");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse::<f64>().ok()).expect("VmRSS in kB") / 1024.0
}

/// Lets this process hold the client ends of every connection.
fn raise_open_files_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

fn main() {
    let count: usize = std::env::var("HALF_OPEN").ok().map_or(3000, |v| v.parse().expect("HALF_OPEN is a number"));
    raise_open_files_limit();
    let dir = tempfile::tempdir().expect("temp dir");
    // The defaults but a header timeout short enough to see it work within the run.
    let args = ["--header-timeout-ms", "10000"];
    let server = common::Server::start_with(&dir.path().join("db"), true, &args, None);
    let pid = server.pid();
    let before = rss_mib(pid);
    let started = Instant::now();
    let mut open = Vec::with_capacity(count);
    for n in 0..count {
        let mut stream = std::net::TcpStream::connect(&server.addr).unwrap_or_else(|e| panic!("connection {n}: {e}"));
        stream.write_all(b"GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").expect("send part of a head");
        open.push(stream);
    }
    let opened = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let during = rss_mib(pid);
    let answered_during = common::healthz(&server.addr);
    // Wait for the header timeout to close them all.
    let mut closed = 0;
    for stream in &mut open {
        stream.set_read_timeout(Some(Duration::from_secs(15))).expect("read timeout");
        let mut buffer = [0u8; 256];
        if matches!(stream.read(&mut buffer), Ok(0) | Err(_)) {
            closed += 1;
        }
    }
    let closed_after = started.elapsed();
    drop(open);
    std::thread::sleep(Duration::from_millis(500));
    let after = rss_mib(pid);
    let answered_after = common::healthz(&server.addr);
    println!(
        "half-open connections: {count} opened in {:.1} s; server RSS {before:.1} MiB before, {during:.1} MiB with \
         them open, {after:.1} MiB after; /healthz answered while open: {answered_during}, after: {answered_after}; \
         {closed} of {count} closed by the server within {:.1} s of the first",
        opened.as_secs_f64(),
        closed_after.as_secs_f64()
    );
    assert!(during < RSS_MAX_MIB && after < RSS_MAX_MIB, "over {RSS_MAX_MIB} MiB");
    assert!(answered_during && answered_after, "the server stopped answering");
    assert_eq!(closed, count, "connections left open past the header timeout");
}
