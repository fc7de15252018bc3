//! The serving loop: answers with one opened database until a signal, and when a write
//! to disk fails, lets in-flight requests finish, drops the poisoned database and
//! reopens it from disk, answering `storage_unavailable` meanwhile.

use crate::http::server::{Limits, Network, Transport};
use crate::service::backup::{Schedule, ServeFile};
use crate::service::Ledger;
use crate::store::DiskFault;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use tokio::sync::watch;

/// How often the loop looks for a fault, and how long it refuses between reopen attempts.
const FAULT_POLL: Duration = Duration::from_millis(100);
const REOPEN_RETRY: Duration = Duration::from_secs(1);

/// `serve --backup-dir DIR [--backup-keep N] [--backup-every 24h]`.
#[derive(clap::Args)]
pub struct BackupArgs {
    /// Folder for scheduled backups: one at start-up, then one every `--backup-every`.
    #[arg(long)]
    backup_dir: Option<PathBuf>,
    /// How many scheduled backups to keep (the oldest go first).
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u64).range(1..))]
    backup_keep: u64,
    /// Time between scheduled backups: a number with s, m, h or d (e.g. `24h`).
    #[arg(long, default_value = "24h", value_parser = parse_every)]
    backup_every: Duration,
}

impl BackupArgs {
    pub fn schedule(&self) -> Option<Schedule> {
        let dir = self.backup_dir.clone()?;
        Some(Schedule { dir, keep: self.backup_keep as usize, every: self.backup_every })
    }
}

/// `serve --min-free-mb N`: below N MB free on the database's disk, new writes are refused.
#[derive(clap::Args)]
pub struct DiskArgs {
    /// Free space (MB) below which new writes are refused; reads and sign-in go on.
    #[arg(long, env = "KUBE_LEDGER_MIN_FREE_MB", default_value_t = crate::store::space::DEFAULT_MIN_FREE_MB)]
    min_free_mb: u64,
}

impl DiskArgs {
    pub fn min_free_bytes(&self) -> u64 {
        self.min_free_mb.saturating_mul(1024 * 1024)
    }
}

/// `serve --header-timeout-ms N --idle-timeout-ms N --max-connections N`.
#[derive(clap::Args)]
pub struct NetArgs {
    /// Time (ms) a connection has to send a whole request head, from its first byte.
    #[arg(long, env = "KUBE_LEDGER_HEADER_TIMEOUT_MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_ms: u64,
    /// Time (ms) a kept-alive connection may wait for its next request before it is closed.
    #[arg(long, env = "KUBE_LEDGER_IDLE_TIMEOUT_MS", default_value_t = 60_000, value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_ms: u64,
    /// Connections served at once (more wait); lowered to fit the open-file limit.
    #[arg(long, env = "KUBE_LEDGER_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
    /// Serve HTTPS with this certificate chain (PEM); needs `--tls-key`.
    #[arg(long, env = "KUBE_LEDGER_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM); needs `--tls-cert`.
    #[arg(long, env = "KUBE_LEDGER_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl NetArgs {
    pub fn network(&self) -> Result<Network, String> {
        let limits = Limits {
            header_timeout: Duration::from_millis(self.header_timeout_ms),
            idle_timeout: Duration::from_millis(self.idle_timeout_ms),
            max_connections: self.max_connections as usize,
        };
        let transport = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Transport::tls(cert, key)?,
            _ => Transport::Plain,
        };
        Ok(Network { limits: limits.fitted(), transport })
    }
}

fn parse_every(text: &str) -> Result<Duration, String> {
    let split = text.len().saturating_sub(1);
    let unit = match &text[split..] {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err("pakai angka dengan s, m, h atau d, misalnya 24h".into()),
    };
    match text[..split].parse::<u64>() {
        Ok(count) if count > 0 => Ok(Duration::from_secs(count * unit)),
        _ => Err("pakai angka lebih dari nol, misalnya 24h".into()),
    }
}

/// Serves until ctrl-c or SIGTERM, reopening the database after a disk fault.
pub async fn run(
    db: &Path,
    ledger: Ledger,
    listener: TcpListener,
    schedule: Option<Schedule>,
    min_free_bytes: u64,
    network: Network,
    demo: bool,
) -> ExitCode {
    let (stop_sender, stop) = watch::channel(false);
    tokio::spawn(async move {
        crate::http::shutdown_signal().await;
        let _ = stop_sender.send(true);
    });
    crate::service::backup::remove_stale_snapshots(db);
    let mut opened = Some(ledger);
    // What stopped the last database, refused with while it is reopened.
    let mut fault = DiskFault::Failed;
    let code = loop {
        let ledger = match opened.take() {
            Some(ledger) => ledger,
            None => match reopen(db, &listener, &network, stop.clone(), fault).await {
                Some(ledger) => ledger,
                None => break ExitCode::SUCCESS,
            },
        };
        ledger.set_min_free(min_free_bytes);
        ledger.set_serving(crate::service::Serving { demo, backups: schedule.clone() });
        let addr = listener.local_addr().expect("a bound listener has an address");
        if let Err(error) = ServeFile::create(db, addr) {
            tracing::warn!(%error, "no serve file: `backup` cannot reach this server");
        }
        let backups = schedule.clone().map(|schedule| tokio::spawn(schedule.run(ledger.clone())));
        // Submitted reports go to the panti's regional hub whenever it answers.
        let outbox = tokio::spawn(crate::service::hub_outbox::run(ledger.clone()));
        let watched = ledger.clone();
        let faulted = async move {
            loop {
                if let Some(fault) = watched.fault() {
                    return fault;
                }
                tokio::time::sleep(FAULT_POLL).await;
            }
        };
        let served = serve_until(&listener, crate::http::app(ledger), &network, stop.clone(), faulted).await;
        if let Some(backups) = backups {
            backups.abort();
        }
        outbox.abort();
        match served {
            Err(error) => break super::fail(error),
            Ok(Stopped::Signal) => break ExitCode::SUCCESS,
            Ok(Stopped::Fault(met)) => {
                fault = met;
                // Logged, not `eprintln!`: that panics when stderr is a file on the full disk.
                tracing::error!("{}; membuka ulang basis data {}", fault.message(), db.display());
            }
        }
    };
    ServeFile::remove(db);
    code
}

enum Stopped {
    Signal,
    Fault(DiskFault),
}

/// Serves `app` on the listener until a signal or until `until` yields, then lets
/// in-flight requests finish.
async fn serve_until(
    listener: &TcpListener,
    app: axum::Router,
    network: &Network,
    mut stop: watch::Receiver<bool>,
    until: impl std::future::Future<Output = DiskFault> + Send + 'static,
) -> std::io::Result<Stopped> {
    let listener = tokio::net::TcpListener::from_std(listener.try_clone()?)?;
    let (why_sender, why) = tokio::sync::oneshot::channel();
    let shutdown = async move {
        let why = tokio::select! {
            _ = stop.wait_for(|stopped| *stopped) => Stopped::Signal,
            fault = until => Stopped::Fault(fault),
        };
        let _ = why_sender.send(why);
    };
    crate::http::server::serve(listener, app, network, shutdown).await?;
    Ok(why.await.unwrap_or(Stopped::Signal))
}

/// Opens the database again once the old one is let go, refusing requests meanwhile
/// as `fault` (the one that stopped it) until an attempt says otherwise; `None` when a
/// signal comes first.
async fn reopen(
    db: &Path,
    listener: &TcpListener,
    network: &Network,
    stop: watch::Receiver<bool>,
    mut fault: DiskFault,
) -> Option<Ledger> {
    loop {
        match Ledger::open(db) {
            Ok(ledger) => {
                tracing::warn!("basis data {} dibuka ulang; layanan kembali normal", db.display());
                return Some(ledger);
            }
            Err(error) => {
                fault = match &error {
                    crate::service::ServiceError::Storage(store) => DiskFault::of(store).unwrap_or(fault),
                    _ => fault,
                };
                tracing::warn!(%error, "reopening the database failed; trying again");
            }
        }
        let app = crate::http::faults::reopening_app(fault);
        let pause = async move {
            tokio::time::sleep(REOPEN_RETRY).await;
            fault
        };
        match serve_until(listener, app, network, stop.clone(), pause).await {
            Ok(Stopped::Fault(_)) => {}
            Ok(Stopped::Signal) | Err(_) => return None,
        }
    }
}
