//! The fuzz drivers, shared by `tests/fuzz.rs` (thousands of cases a parser, in every test
//! run) and `benches/fuzz.rs` (a million a parser): money and date parsing on arbitrary text,
//! CSV imports of every kind on mutated files and JSON bodies on every write route through
//! the real router, and backup files on mutated backups. Nothing may panic and nothing may
//! answer 5xx; each driver tallies what was accepted and what refused, so a run shows it
//! reached past the parsers.

use crate::helpers::{answer_of, raw_request, send_raw, TestApp};
use crate::routes;
use axum::http::StatusCode;
use kube_ledger::domain::money::{display_idr, Money};
use kube_ledger::service::export::{export, ExportFormat};
use kube_ledger::store::backup::{authenticate, BackupKey, BackupReader};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::cell::Cell;

/// How many inputs a driver ran, and how many of them the parser accepted.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub cases: u64,
    pub accepted: u64,
}

impl Tally {
    fn count(cases: u32, accepted: &Cell<u64>) -> Tally {
        Tally { cases: u64::from(cases), accepted: accepted.get() }
    }
}

/// Runs `cases` inputs of `strategy` through `test`, without a regression file (the seeds
/// that fail are printed and belong in a named test).
fn fuzz<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    if let Err(error) = runner.run(&strategy, |value| test(value)) {
        panic!("{error}");
    }
}

/// Text that looks like money often enough to reach the deep branches.
fn money_like() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[-+ Rrp0-9.,eE_]{0,24}", "-?(Rp ?)?[0-9]{1,3}(\\.[0-9]{3}){0,5}(,[0-9]{0,3})?"]
}

/// `Money::parse` and `Money::parse_indonesian` on money-like and arbitrary text: what either
/// accepts reads back the same from both written forms.
pub fn money_text(cases: u32) -> Tally {
    let accepted = Cell::new(0);
    fuzz(cases, money_like(), |text| {
        for parsed in [Money::parse(&text), Money::parse_indonesian(&text)] {
            if let Ok(money) = parsed {
                accepted.set(accepted.get() + 1);
                prop_assert_eq!(Money::parse(&money.canonical()), Ok(money), "canonical form of {:?}", text);
                prop_assert_eq!(Money::parse_indonesian(&money.to_string()), Ok(money), "display form of {:?}", text);
            }
        }
        Ok(())
    });
    Tally::count(cases, &accepted)
}

/// Every amount in range survives both written forms.
pub fn money_amounts(cases: u32) -> Tally {
    let bound = 100_000_000_000_000_000i64;
    fuzz(cases, -bound..=bound, |cents| {
        let money = Money::from_decimal(rust_decimal::Decimal::new(cents, 2)).expect("within the bound");
        prop_assert_eq!(Money::parse(&money.canonical()), Ok(money));
        prop_assert_eq!(Money::parse_indonesian(&display_idr(money.decimal())), Ok(money));
        Ok(())
    });
    Tally { cases: u64::from(cases), accepted: u64::from(cases) }
}

/// The date of every door (`YYYY-MM-DD`) on date-like and arbitrary text: what it accepts
/// is a real day that writes back as the text it was read from.
pub fn dates(cases: u32) -> Tally {
    let accepted = Cell::new(0);
    let text = prop_oneof![
        any::<String>(),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[ 0-9+-]{0,4}[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}[ a-zT:0-9]{0,4}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
    ];
    fuzz(cases, text, |text| {
        if let Ok(date) = kube_ledger::usecase::fields::date(&text) {
            accepted.set(accepted.get() + 1);
            prop_assert_eq!(date.format("%Y-%m-%d").to_string(), text.trim(), "read from {:?}", text);
        }
        Ok(())
    });
    Tally::count(cases, &accepted)
}

/// Everything an import can touch, as text: the journals, members, products and clients.
fn books_fingerprint(app: &TestApp) -> String {
    let mut text = Vec::new();
    for entity in [app.panti, app.kube] {
        export(app.ledger.store_for_tests(), entity, ExportFormat::Csv, &mut text).expect("export");
    }
    let members = app.ledger.members(app.kube).expect("members");
    let products = app.ledger.products(app.kube).expect("products");
    let clients = app.ledger.clients(app.panti).expect("clients");
    format!("{}{members:?}{products:?}{clients:?}", String::from_utf8_lossy(&text))
}

/// A valid file of every import kind: the route under the entity, and its rows.
const CSV_SEEDS: [(&str, &str); 6] = [
    (
        "entries/import",
        "entry,date,memo,account,debit,credit\n1,2026-07-01,Jual tahu,1101,\"1.500.000,50\",\n1,2026-07-01,Jual tahu,4101,,1500000.50\n",
    ),
    ("members/import", "number,name,kind,nik,phone,joined_on\nTAHU-010,Ani,klien,,,2026-01-05\n"),
    (
        "sales/import",
        "sale,date,customer,member,product,quantity,unit_price,discount,payment\n1,2026-07-05,Pasar Legi,,TAHU,1,\"3.500\",,tunai\n2,2026-07-06,Bu Sri,TAHU-001,TAHU,1,,\"1.000\",kredit\n",
    ),
    (
        "purchases/import",
        "purchase,date,supplier,product,description,quantity,unit_cost,payment\n1,2026-07-02,UD Sumber Rejeki,KDL,,5,\"10.000\",kredit\n2,2026-07-03,Toko Besi,,Cetakan tahu,2,\"750.000\",tunai\n",
    ),
    (
        "clients/import",
        "number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type\nK-1,1,Ani,P,1991-01-01,Islam,Klaten,2026-01-02,pengemis\n",
    ),
    ("expenses/import", "account,amount,date,description,paid_from\n5208,1000,2026-07-06,Listrik Juli,1101\n"),
];

/// One edit of a file: overwrite, insert or delete a byte, or repeat a slice.
fn mutate(seed: &[u8], edits: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for &(op, at, byte) in edits {
        let at = at % (bytes.len() + 1);
        match op % 4 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                let tail = bytes[at..].iter().take(40).copied().collect::<Vec<_>>();
                bytes.splice(at..at, tail);
            }
        }
    }
    bytes
}

/// Bytes that are mostly CSV punctuation and digits, so the parser gets past the header.
fn csv_edit() -> impl Strategy<Value = (u8, usize, u8)> {
    (
        any::<u8>(),
        any::<usize>(),
        prop_oneof![Just(b','), Just(b'\n'), Just(b'"'), Just(b'.'), b'0'..=b'9', any::<u8>()],
    )
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// Mutated files of every import kind through the real router: never 5xx; with
/// `check_unchanged`, a refused import must leave the books exactly as they were (the bench
/// leaves that to the test: comparing the books costs more than the import).
pub fn csv_imports(rt: &tokio::runtime::Runtime, app: &TestApp, cases: u32, check_unchanged: bool) -> Tally {
    let inputs = (
        0..CSV_SEEDS.len(),
        prop_oneof![
            3 => proptest::collection::vec(csv_edit(), 1..8).prop_map(Some),
            1 => Just(None),
        ],
        proptest::collection::vec(any::<u8>(), 0..200),
    );
    let imported = Cell::new(0);
    fuzz(cases, inputs, |(kind, edits, noise)| {
        let (route, seed) = CSV_SEEDS[kind];
        let bytes = match edits {
            Some(edits) => mutate(seed.as_bytes(), &edits),
            None => [seed.lines().next().unwrap_or_default().as_bytes(), b"\n", &noise].concat(),
        };
        let entity = if route == "clients/import" { app.panti } else { app.kube };
        let path = format!("/api/v1/entities/{entity}/{route}");
        let before = check_unchanged.then(|| books_fingerprint(app));
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let (status, answer) = rt.block_on(send_raw(
            &app.router,
            "POST",
            &path,
            Some(&app.admin),
            &[("content-type", "text/csv")],
            Some(body),
        ));
        prop_assert!(!status.is_server_error(), "{} on {}: {}", status, route, answer);
        if status == StatusCode::CREATED {
            imported.set(imported.get() + 1);
        } else if let Some(before) = before {
            prop_assert_eq!(before, books_fingerprint(app), "a refused {} changed the books: {}", route, answer);
        }
        Ok(())
    });
    Tally::count(cases, &imported)
}

/// Any JSON value, nested a few levels, with money- and date-like strings among the leaves.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<u64>().prop_map(Value::from),
        money_like().prop_map(Value::from),
        "20[0-9]{2}-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
        "[a-z_]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Replaces or removes one value somewhere in `body`, picked by `path`.
fn mutate_json(body: &mut Value, path: &[usize], replacement: Option<Value>) {
    let Some((&pick, rest)) = path.split_first() else {
        *body = replacement.unwrap_or(Value::Null);
        return;
    };
    match body {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(pick % map.len()).cloned().expect("a key");
            match (rest.is_empty(), replacement) {
                (true, None) => drop(map.remove(&key)),
                (_, replacement) => mutate_json(map.get_mut(&key).expect("the key"), rest, replacement),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let index = pick % items.len();
            match (rest.is_empty(), replacement) {
                (true, None) => drop(items.remove(index)),
                (_, replacement) => mutate_json(&mut items[index], rest, replacement),
            }
        }
        other => *other = replacement.unwrap_or(Value::Null),
    }
}

/// Mutated, arbitrary and byte-soup bodies on every write route of the real router (but
/// sign-out, which would end the session the run posts with): never 5xx.
pub fn json_bodies(rt: &tokio::runtime::Runtime, app: &TestApp, fixtures: &[(&str, String)], cases: u32) -> Tally {
    let fill = |text: &str| fixtures.iter().fold(text.to_string(), |text, (from, to)| text.replace(from, to));
    let writes: Vec<_> = routes::ROUTES.iter().filter(|r| r.method != "GET" && !r.path.ends_with("logout")).collect();
    let body_kind = prop_oneof![
        4 => (proptest::collection::vec(any::<usize>(), 1..4), proptest::option::weighted(0.8, json_value()))
            .prop_map(|(path, value)| Body::Mutated(path, value)),
        2 => json_value().prop_map(Body::Any),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
    ];
    let (accepted, sources) = (Cell::new(0), Cell::new(0u32));
    fuzz(cases, (0..writes.len(), body_kind), |(route, body)| {
        let (method, path, seed) = (writes[route].method, fill(writes[route].path), fill(writes[route].body));
        let text = match body {
            Body::Mutated(at, value) => match serde_json::from_str::<Value>(&seed) {
                Ok(mut json) => {
                    mutate_json(&mut json, &at, value);
                    json.to_string()
                }
                Err(_) => seed,
            },
            Body::Any(value) => value.to_string(),
            Body::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        };
        // Each case from an address of its own, so that sign-in throttling holds none back.
        sources.set(sources.get() + 1);
        let [_, a, b, c] = sources.get().to_be_bytes();
        let peer = std::net::SocketAddr::from(([10, a, b, c], 40000));
        let mut request = raw_request(method, &path, Some(&app.admin), &[], Some(text.clone()));
        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        let (status, answer) = rt.block_on(answer_of(&app.router, request));
        prop_assert!(!status.is_server_error(), "{} {} with {}: {} {}", method, path, text, status, answer);
        accepted.set(accepted.get() + u64::from(status.is_success()));
        Ok(())
    });
    Tally::count(cases, &accepted)
}

/// Mutated copies of a real backup of `app`'s books, a third of them sealed again with the
/// database's key (so the reader gets past the tag to the records) and a third with a
/// recomputed SHA-256 trailer (what an attacker without the key can do): every one is read
/// to its end or refused, never a panic. Only the key's seal makes an edit read whole.
pub fn backups(app: &TestApp, cases: u32) -> Tally {
    let key = BackupKey::beside(app.ledger.store_for_tests().path()).expect("the backup key");
    let mut backup = Vec::new();
    app.ledger.store_for_tests().dump(&key, &mut backup).expect("a backup of the test books");
    let accepted = Cell::new(0);
    let inputs = (proptest::collection::vec(csv_edit(), 0..6), 0..3u8);
    fuzz(cases, inputs, |(edits, seal)| {
        let mut bytes = mutate(&backup, &edits);
        let resealed = seal == 1;
        if seal > 0 && bytes.len() >= 32 {
            let body = bytes.len() - 32;
            let tag: [u8; 32] = if resealed { key.tag(&bytes[..body]) } else { Sha256::digest(&bytes[..body]).into() };
            bytes[body..].copy_from_slice(&tag);
        }
        let authentic = authenticate(&bytes[..], &key).is_ok();
        let whole = BackupReader::new(&bytes[..], &key).and_then(|reader| reader.finish()).is_ok();
        prop_assert!(!authentic || resealed || bytes == backup, "an edited backup passed without the key's seal");
        prop_assert!(!whole || authentic, "a backup read whole whose tag does not hold");
        if whole {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    });
    Tally::count(cases, &accepted)
}

#[derive(Debug, Clone)]
enum Body {
    Mutated(Vec<usize>, Option<Value>),
    Any(Value),
    Bytes(Vec<u8>),
}

/// Mutated signed report bundles (`.kubelap`) through `BundleContents::open`: never a
/// panic, and whatever it accepts has exactly the contents that were signed (a changed
/// byte of the signed part, or of the signature, is refused).
pub fn bundles(cases: u32) -> Tally {
    use kube_ledger::domain::report::assembly::{Submission, SubmissionHeader};
    use kube_ledger::domain::report::bundle::{BundleContents, ChainHead, Origin};
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let header = SubmissionHeader {
        period: kube_ledger::domain::report::cadence::PeriodKey::parse("2025-TW1").expect("a period"),
        revision: 2,
        reason: Some("Koreksi \"penjualan\" Maret".into()),
        submitted_by: "kepala".into(),
        submitted_at: "2025-04-10T08:00:00Z".into(),
        submitted_on: "2025-04-10".parse().expect("a day"),
    };
    let submission = Submission::seal(header, "<p>Penjualan Rp150.000</p>".into(), r#"{"sales":"150000.00"}"#.into())
        .expect("a submission");
    let origin = Origin {
        entity_id: 1,
        name: "Panti Sejahtera".into(),
        public_key: hex::encode(key.verifying_key().as_bytes()),
    };
    let head = ChainHead { entity_id: 2, name: "KUBE Tahu".into(), entries: 41, last_hash: "ab".repeat(32) };
    let signed = BundleContents::of(&submission, origin, vec![head]);
    let file = signed.sign(&key).into_bytes();
    let accepted = Cell::new(0);
    fuzz(cases, proptest::collection::vec(csv_edit(), 0..4), |edits| {
        let bytes = mutate(&file, &edits);
        if let Ok(opened) = BundleContents::open(&String::from_utf8_lossy(&bytes)) {
            prop_assert_eq!(&opened, &signed, "a changed bundle opened with other contents");
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    });
    Tally::count(cases, &accepted)
}
