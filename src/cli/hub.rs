//! `kube-ledger hub`: the regional hub, a second mode of the same binary, on PostgreSQL;
//! `hub create-officer` makes an officer bound to a region.

use crate::http::server::Network;
use crate::hub::create_officer;
use crate::hub::store::{HubStore, Registration};
use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct HubArgs {
    /// The hub's PostgreSQL database, `postgres://user@host:port/db`.
    #[arg(long, env = "KUBE_LEDGER_HUB_DATABASE_URL")]
    database_url: String,
    #[command(subcommand)]
    command: Option<HubCommand>,
    #[arg(long, env = "KUBE_LEDGER_HUB_ADDR", default_value = "127.0.0.1:8090")]
    addr: String,
    /// Into an empty hub: a national officer and two demo panti with their enrolment codes.
    #[arg(long)]
    demo: bool,
    /// Timeouts, the connection cap and HTTPS (`--tls-cert`, `--tls-key`), as for `serve`.
    #[command(flatten)]
    net: super::serve::NetArgs,
}

#[derive(clap::Subcommand)]
enum HubCommand {
    /// Make an officer of a region (`nasional`, a provinsi `33` or a kabupaten/kota
    /// `33.74`); the password is read from stdin.
    CreateOfficer {
        #[arg(long)]
        username: String,
        #[arg(long)]
        region: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

pub async fn run(args: HubArgs) -> ExitCode {
    let store = match HubStore::connect(&args.database_url).await {
        Ok(store) => Arc::new(store),
        Err(error) => return super::fail(error),
    };
    match args.command {
        Some(HubCommand::CreateOfficer { username, region, .. }) => {
            let mut password = String::new();
            if let Err(error) = std::io::stdin().read_to_string(&mut password) {
                return super::fail(error);
            }
            match create_officer(&store, &username, &region, password.trim_end_matches(['\r', '\n'])).await {
                Ok(officer) => {
                    println!("petugas {} ({}) dibuat", officer.username, officer.scope.shown());
                    ExitCode::SUCCESS
                }
                Err(error) => super::fail(error),
            }
        }
        None => match args.net.network() {
            Ok(network) => serve(store, &args.addr, args.demo, &network).await,
            Err(error) => super::fail(error),
        },
    }
}

/// Serves the hub through the panti's own accept loop: the same header and idle timeouts,
/// connection cap and TLS.
async fn serve(store: Arc<HubStore>, addr: &str, demo: bool, network: &Network) -> ExitCode {
    if demo {
        if let Err(error) = load_demo(&store).await {
            return super::fail(error);
        }
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => return super::fail(format!("tidak bisa mendengarkan di {addr}: {error}")),
    };
    println!(
        "hub kube-ledger melayani di {}://{}",
        network.transport.scheme(),
        listener.local_addr().map_or(addr.to_string(), |a| a.to_string())
    );
    let app = crate::hub::http::app(store);
    let served = crate::http::server::serve(listener, app, network, crate::http::shutdown_signal()).await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => super::fail(error),
    }
}

/// A national officer `dinsos` and two panti (Kota Semarang, Kota Yogyakarta) waiting for
/// their heads to enrol; nothing when the hub has officers already.
async fn load_demo(store: &HubStore) -> Result<(), crate::hub::store::HubError> {
    const PASSWORD: &str = "dinsos-demo-2026";
    match create_officer(store, "dinsos", "nasional", PASSWORD).await {
        Err(crate::hub::store::HubError::Officer(crate::hub::OfficerError::Exists)) => {
            println!("Hub tidak kosong; data demo tidak dimuat lagi.");
            return Ok(());
        }
        other => other?,
    };
    create_officer(store, "dinsos.semarang", "33.74", PASSWORD).await?;
    println!("Data demo hub dimuat. Login petugas (username / password / wilayah):");
    println!("  dinsos / {PASSWORD} / nasional");
    println!("  dinsos.semarang / {PASSWORD} / 33.74");
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let start = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
    for (region, name) in [("33.74", "PSBK Mardi Utomo"), ("34.71", "PSAA Tunas Harapan")] {
        let registration = Registration {
            region: crate::domain::identity::RegionCode::parse(region).expect("a demo region code"),
            name: name.into(),
            panti_type: crate::domain::identity::PantiType::parse(&name[..4]).expect("a demo panti type"),
            stage: crate::domain::report::cadence::Stage::Awal,
            reports_from: start,
            due_days: crate::domain::report::cadence::DUE_DAYS_DEFAULT,
            registered_by: "dinsos".into(),
        };
        let (id, code) = store.register_panti(&registration).await?;
        println!("  panti #{id} {name} ({region}): kode pendaftaran {code}");
    }
    Ok(())
}
