//! The regional hub at scale (issue 17, item 4): a throwaway PostgreSQL, `HUB_BENCH_PANTI`
//! panti (default 10,000) spread over 34 provinces of 15 kabupaten/kota each, enrolled with
//! keys of their own, and `HUB_BENCH_YEARS` (default 5) years of quarterly signed synthetic
//! bundles each. Reports ingestion in bundles/s (each receipt opens the file: JSON, the
//! ed25519 signature and both content hashes, then the pinned key, the revision order and
//! the rows in one transaction), and the recap's latency (read and computed, as an
//! officer's page does) for one kabupaten/kota, one province and the nation, p50 and p99.
//! Goals: ≥ 1,000 bundles/s; province p99 ≤ 200 ms; nation p99 ≤ 1 s. The bundles are
//! signed by the bench before their batch is timed: that is the panti's work, not the hub's.
//! PostgreSQL syncs every commit (fsync on), as a hub's server does.

#[allow(dead_code)]
#[path = "../tests/common/mod.rs"]
mod common;

use ed25519_dalek::SigningKey;
use kube_ledger::domain::identity::{PantiType, RegionCode};
use kube_ledger::domain::report::assembly::{Submission, SubmissionHeader};
use kube_ledger::domain::report::bundle::{BundleContents, Origin};
use kube_ledger::domain::report::cadence::{PeriodKey, Stage};
use kube_ledger::hub::recap::recap;
use kube_ledger::hub::store::{HubStore, Registration};
use kube_ledger::hub::Scope;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PROVINCES: usize = 34;
const REGENCIES_PER_PROVINCE: usize = 15;
const FIRST_YEAR: i32 = 2021;
/// Receipts in flight at once: signature checks overlap the database's round trips.
const IN_FLIGHT: usize = 8;
/// Bundles signed, then ingested and timed, per batch.
const BATCH: usize = 2_000;
const RECAP_RUNS: usize = 30;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} is a number")))
}

fn region_of(panti: usize) -> String {
    let province = 11 + panti % PROVINCES;
    let regency = 1 + (panti / PROVINCES) % REGENCIES_PER_PROVINCE;
    format!("{province:02}.{regency:02}")
}

fn key_of(panti: usize) -> SigningKey {
    let mut seed = [7u8; 32];
    seed[..8].copy_from_slice(&(panti as u64).to_be_bytes());
    SigningKey::from_bytes(&seed)
}

/// The report data's tables the recap reads, with figures that vary by panti and period.
fn data(panti: usize, quarter: u32) -> String {
    let rows = |rows: Vec<(&str, String)>| json!([{"title": "", "rows": rows.into_iter().map(|(label, value)| json!({"label": label, "values": [value]})).collect::<Vec<_>>()}]);
    let sales = 1_000_000 + (panti % 97) * 10_000 + quarter as usize * 5_000;
    json!({"sections": [
        {"tables": [{"title": "Tenaga pemberdayaan", "sections": rows(vec![("Pekerja sosial profesional (orang)", (panti % 5 + 1).to_string())])}]},
        {"tables": [
            {"title": "Ikhtisar panti", "sections": rows(vec![
                ("Pendapatan", format!("{sales}.00")), ("Sisa Hasil Usaha (SHU)", format!("{}.00", sales / 10)),
                ("Anggota aktif (orang)", (10 + panti % 20).to_string()), ("Simpanan anggota (pokok, wajib, sukarela)", "2500000.00".into())])},
            {"title": "Perkembangan dan sumber modal", "sections": rows(vec![
                ("Modal sendiri akhir periode", "15000000.00".into()), ("Bantuan modal diterima dalam periode", "0.00".into()),
                ("Pinjaman bank akhir periode", "5000000.00".into())])},
            {"title": "Pelatihan keterampilan dan penyaluran", "sections": rows(vec![
                ("Peserta lulus", (panti % 7).to_string()), ("Klien disalurkan", (panti % 3).to_string())])}]},
    ]})
    .to_string()
}

fn bundle(panti: usize, year: i32, quarter: u32) -> String {
    let period = PeriodKey::parse(&format!("{year}-TW{quarter}")).expect("a quarter");
    // Most on time (the 10th of the month after), every seventh late.
    let month = quarter * 3 + 1;
    let (year_of_day, month) = if month > 12 { (year + 1, 1) } else { (year, month) };
    let day = if (panti + quarter as usize) % 7 == 0 { 28 } else { 10 };
    let on = format!("{year_of_day}-{month:02}-{day:02}");
    let header = SubmissionHeader {
        period,
        revision: 1,
        reason: None,
        submitted_by: "kepala".into(),
        submitted_at: format!("{on}T08:00:00Z"),
        submitted_on: on.parse().expect("a day"),
    };
    let html = format!("<h1>Laporan panti {panti} {period}</h1>{}", "<p>Isi laporan.</p>".repeat(40));
    let submission = Submission::seal(header, html, data(panti, quarter)).expect("a first revision");
    let key = key_of(panti);
    let origin = Origin {
        entity_id: 1,
        name: format!("Panti {panti}"),
        public_key: hex::encode(key.verifying_key().as_bytes()),
    };
    BundleContents::of(&submission, origin, vec![]).sign(&key)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let panti_count = setting("HUB_BENCH_PANTI", 10_000);
    let years = setting("HUB_BENCH_YEARS", 5) as i32;
    // fsync on, as the hub's own PostgreSQL runs: every receipt is durable when answered.
    let postgres = common::postgres::Postgres::start_durable();
    let store = Arc::new(HubStore::connect(&postgres.database("hub")).await.expect("the hub connects"));

    let started = Instant::now();
    for panti in 0..panti_count {
        let registration = Registration {
            region: RegionCode::parse(&region_of(panti)).expect("a region"),
            name: format!("Panti {panti}"),
            panti_type: PantiType::Lks,
            stage: Stage::Awal,
            reports_from: format!("{FIRST_YEAR}-01-01").parse().expect("a day"),
            due_days: 15,
            registered_by: "bench".into(),
        };
        let (_, code) = store.register_panti(&registration).await.expect("registered");
        store.enrol(&code, &hex::encode(key_of(panti).verifying_key().as_bytes())).await.expect("enrolled");
    }
    println!("{panti_count} panti registered and enrolled in {:.1} s", started.elapsed().as_secs_f64());

    let plan: Vec<(usize, i32, u32)> = (0..years)
        .flat_map(|y| (1..=4).flat_map(move |q| (0..panti_count).map(move |p| (p, FIRST_YEAR + y, q))))
        .collect();
    let (mut ingest, mut received) = (Duration::ZERO, 0usize);
    for batch in plan.chunks(BATCH) {
        let files: Vec<String> = batch.iter().map(|(p, y, q)| bundle(*p, *y, *q)).collect();
        let files = Arc::new(files);
        let timed = Instant::now();
        let workers: Vec<_> = (0..IN_FLIGHT)
            .map(|worker| {
                let (store, files) = (store.clone(), files.clone());
                tokio::spawn(async move {
                    for file in files.iter().skip(worker).step_by(IN_FLIGHT) {
                        assert!(store.receive(file).await.expect("a good bundle is received").new);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.await.expect("a receiving task");
        }
        ingest += timed.elapsed();
        received += files.len();
    }
    let rate = received as f64 / ingest.as_secs_f64();
    println!(
        "ingestion: {received} bundles in {:.1} s: {rate:.0} bundles/s (goal ≥ 1000) {}",
        ingest.as_secs_f64(),
        if rate >= 1000.0 { "OK" } else { "BELOW GOAL" }
    );

    let year = FIRST_YEAR + years - 1;
    let as_of = format!("{}-01-31", year + 1).parse().expect("a day");
    for (name, scope, goal) in [
        ("kabupaten/kota 11.01", Scope::Kabupaten("11.01".into()), None),
        ("provinsi 11", Scope::Provinsi("11".into()), Some(Duration::from_millis(200))),
        ("nasional", Scope::Nasional, Some(Duration::from_secs(1))),
    ] {
        let mut times = Vec::with_capacity(RECAP_RUNS);
        let mut panti_listed = 0;
        for _ in 0..RECAP_RUNS {
            let timed = Instant::now();
            let (panti, reports) = store.recap_rows(&scope, year).await.expect("the recap reads");
            let recap = recap(year, as_of, panti, reports);
            times.push(timed.elapsed());
            panti_listed = recap.panti.len();
            assert_eq!(recap.total.expected, panti_listed * 4, "every quarter of {year} due");
        }
        times.sort();
        let p99 = percentile(&times, 0.99);
        let verdict = match goal {
            Some(goal) if p99 <= goal => format!("(goal ≤ {} ms) OK", goal.as_millis()),
            Some(goal) => format!("(goal ≤ {} ms) ABOVE GOAL", goal.as_millis()),
            None => String::new(),
        };
        println!(
            "recap {name}: {panti_listed} panti, {RECAP_RUNS} runs: p50 {:.1} ms, p99 {:.1} ms {verdict}",
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            p99.as_secs_f64() * 1000.0
        );
    }
}
