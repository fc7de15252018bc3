//! The command line: parse, then call the same use cases as HTTP.

mod backup;
mod bundle;
mod hub;
mod serve;

use crate::domain::user::Role;
use crate::service::export::ExportFormat;
use crate::service::import::{load_demo, ImportKind};
use crate::service::verify::VerifyReport;
use crate::service::Ledger;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Default database folder, relative to the working directory (listed in .gitignore).
const DEFAULT_DB: &str = "kube-ledger-data";

#[derive(Parser)]
#[command(name = "kube-ledger", version, about = "Pembukuan KUBE, koperasi dan panti sosial")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DbArg {
    /// Database folder.
    #[arg(long, env = "KUBE_LEDGER_DB", default_value = DEFAULT_DB)]
    db: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service.
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, env = "KUBE_LEDGER_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo panti, two KUBE and their entries into an empty database.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        backups: serve::BackupArgs,
        #[command(flatten)]
        disk: serve::DiskArgs,
        #[command(flatten)]
        net: serve::NetArgs,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import a CSV file into one entity, all or nothing.
    Import {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        entity: u64,
        #[arg(long, value_enum)]
        kind: ImportKind,
        file: PathBuf,
    },
    /// Write an entity's journal to stdout.
    Export {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        entity: u64,
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
    /// Check every invariant of the stored books.
    Verify {
        #[command(flatten)]
        db: DbArg,
    },
    /// Write a consistent backup of the database, also while `serve` runs.
    Backup {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty or new database folder, then verify it.
    Restore {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        from: PathBuf,
        /// The backup key: the `backup.key` file of the database the backup came from, or
        /// that database's folder.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// The regional hub of the Dinas Sosial on PostgreSQL: receives the panti's signed
    /// report bundles and shows reporting by region.
    Hub(hub::HubArgs),
    /// Signed report bundles (.kubelap).
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Check a bundle offline and print what it proves; fails when it was changed.
    Verify { file: PathBuf },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from stdin.
    Add {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        entity: Option<u64>,
        /// For a `member` login: the member it belongs to (its username is the member number).
        #[arg(long)]
        member: Option<u64>,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("galat: {message}");
    ExitCode::FAILURE
}

/// A refusal as the command line says it: each problem after the option it is about.
fn refusal(error: &crate::service::ServiceError) -> String {
    use crate::messages::{problem_text, refusal_text, Lang};
    let crate::service::ServiceError::Refused(problems) = error else { return refusal_text(Lang::Id, error) };
    let option = |field: &str| match field {
        "entity_id" => "--entity".to_string(),
        "password" => "--password-stdin".to_string(),
        other => format!("--{other}"),
    };
    let each = problems.iter().map(|(field, problem)| match field {
        Some(field) => format!("{}: {}", option(field), problem_text(Lang::Id, problem)),
        None => problem_text(Lang::Id, problem),
    });
    each.collect::<Vec<_>>().join("; ")
}

/// Prints what `verify` checked and found; fails on any breach.
fn print_report(report: &VerifyReport) -> ExitCode {
    for line in &report.checked {
        println!("diperiksa: {line}");
    }
    println!("diperiksa: {} catatan tersimpan, masing-masing dibaca sebagai jenisnya", report.records_count);
    for breach in &report.breaches {
        println!("PELANGGARAN: {breach}");
    }
    if report.breaches.is_empty() {
        println!("OK: semua invarian terpenuhi ({} entitas)", report.checked.len());
        ExitCode::SUCCESS
    } else {
        println!("GAGAL: {} pelanggaran", report.breaches.len());
        ExitCode::FAILURE
    }
}

pub async fn run(cli: Cli) -> ExitCode {
    // Past a file-size limit (ulimit -f) the kernel kills with SIGXFSZ; ignored, the
    // write fails with EFBIG instead and the store reports a full disk.
    // SAFETY: setting a signal to SIG_IGN installs no handler code.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    match cli.command {
        Command::Serve { db, addr, demo, backups, disk, net } => {
            let network = match net.network() {
                Ok(network) => network,
                Err(error) => return fail(error),
            };
            serve(db.db, addr, demo, backups.schedule(), disk.min_free_bytes(), network).await
        }
        Command::Backup { db, out } => backup::backup(&db.db, &out).await,
        Command::Hub(args) => hub::run(args).await,
        Command::Bundle { command: BundleCommand::Verify { file } } => bundle::verify(&file),
        Command::Restore { db, from, key } => backup::restore_into(&db.db, &from, key.as_deref()),
        Command::User { command: UserCommand::Add { db, username, role, entity, member, .. } } => {
            let role = match Role::parse(&role) {
                Ok(role) => role,
                Err(error) => return fail(error),
            };
            let mut password = String::new();
            if let Err(error) = std::io::stdin().read_to_string(&mut password) {
                return fail(error);
            }
            let password = password.trim_end_matches(['\r', '\n']);
            let ledger = match Ledger::open(&db.db) {
                Ok(ledger) => ledger,
                Err(error) => return fail(error),
            };
            let created = match (role, member) {
                (Role::Member, Some(member)) => ledger
                    .add_member_login(member, password, "operator")
                    .await
                    .map(|user| user.username.as_str().to_string()),
                _ => ledger.create_user(&username, role, entity, password).await.map(|user| user.username),
            };
            match created {
                Ok(username) => {
                    println!("pengguna {username} ({}) dibuat", role.as_str());
                    ExitCode::SUCCESS
                }
                Err(error) => fail(refusal(&error)),
            }
        }
        Command::Import { db, entity, kind, file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(error) => return fail(format!("{}: {error}", file.display())),
            };
            let ledger = match Ledger::open(&db.db) {
                Ok(ledger) => ledger,
                Err(error) => return fail(error),
            };
            let imported = kind.run(&ledger, entity, &file.display().to_string(), &text, "import", None).await;
            match imported {
                Ok(count) => {
                    println!("{count} {} diimpor", kind.noun());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("{error}");
                    eprintln!("tidak ada yang diimpor");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Export { db, entity, format } => {
            let ledger = match Ledger::open(&db.db) {
                Ok(ledger) => ledger,
                Err(error) => return fail(error),
            };
            if let Err(error) = ledger.entity(entity) {
                return fail(error);
            }
            match ledger.export(entity, format, &mut std::io::stdout().lock()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(error),
            }
        }
        Command::Verify { db } => {
            let ledger = match Ledger::open(&db.db) {
                Ok(ledger) => ledger,
                Err(error) => return fail(error),
            };
            for file in ledger.set_aside() {
                let file = file.display().to_string();
                println!(
                    "{}",
                    crate::messages::message(crate::messages::Lang::Id, "storage-set_aside", &[("file", file.into())])
                );
            }
            match ledger.verify() {
                Ok(report) => print_report(&report),
                Err(error) => fail(error),
            }
        }
    }
}

async fn serve(
    db: PathBuf,
    addr: String,
    demo: bool,
    schedule: Option<crate::service::backup::Schedule>,
    min_free_bytes: u64,
    network: crate::http::server::Network,
) -> ExitCode {
    let ledger = match Ledger::open(&db) {
        Ok(ledger) => ledger,
        Err(error) => return fail(error),
    };
    if demo {
        match ledger.is_empty() {
            Ok(true) => match load_demo(&ledger).await {
                Ok(logins) => {
                    println!("Data demo dimuat. Login demo (username / password / peran / entitas):");
                    for login in logins {
                        println!("  {} / {} / {} / {}", login.username, login.password, login.role, login.entity);
                    }
                }
                Err(error) => return fail(error),
            },
            Ok(false) => println!("Basis data {} tidak kosong; data demo tidak dimuat lagi.", db.display()),
            Err(error) => return fail(error),
        }
    }
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(error) => return fail(format!("tidak bisa mendengarkan di {addr}: {error}")),
    };
    println!(
        "kube-ledger melayani di {}://{} (basis data {})",
        network.transport.scheme(),
        listener.local_addr().map_or(addr, |a| a.to_string()),
        db.display()
    );
    match listener.into_std() {
        Ok(listener) => serve::run(&db, ledger, listener, schedule, min_free_bytes, network, demo).await,
        Err(error) => fail(error),
    }
}
