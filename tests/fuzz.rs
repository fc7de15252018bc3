//! Fuzzing as proptest at scale (`cargo fuzz` needs nightly): money parsing on arbitrary
//! text, CSV imports of every kind on arbitrary and mutated files, and JSON bodies on every
//! write route of the real router. Nothing may panic, nothing may answer 5xx, and a refused
//! import must leave the books exactly as they were.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "api/routes.rs"]
mod routes;

use axum::http::StatusCode;
use helpers::{send_raw, spawn_app, TestApp};
use kube_ledger::domain::money::{display_idr, Money};
use kube_ledger::service::export::{export, ExportFormat};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

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
fn money_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[-+ Rrp0-9.,eE_]{0,24}", "-?(Rp ?)?[0-9]{1,3}(\\.[0-9]{3}){0,5}(,[0-9]{0,3})?"]
}

#[test]
fn money_parsing_never_panics_and_what_it_accepts_round_trips() {
    fuzz(100_000, money_text(), |text| {
        if let Ok(money) = Money::parse(&text) {
            prop_assert_eq!(Money::parse(&money.canonical()), Ok(money), "canonical form of {:?}", text);
            prop_assert_eq!(Money::parse_indonesian(&money.to_string()), Ok(money), "display form of {:?}", text);
        }
        if let Ok(money) = Money::parse_indonesian(&text) {
            prop_assert_eq!(Money::parse(&money.canonical()), Ok(money), "canonical form of {:?}", text);
            prop_assert_eq!(Money::parse_indonesian(&money.to_string()), Ok(money), "display form of {:?}", text);
        }
        Ok(())
    });
}

#[test]
fn every_amount_in_range_survives_both_written_forms() {
    let bound = 100_000_000_000_000_000i64;
    fuzz(100_000, -bound..=bound, |cents| {
        let money = Money::from_decimal(rust_decimal::Decimal::new(cents, 2)).expect("within the bound");
        prop_assert_eq!(Money::parse(&money.canonical()), Ok(money));
        prop_assert_eq!(Money::parse_indonesian(&display_idr(money.decimal())), Ok(money));
        Ok(())
    });
}

/// Everything an import can touch, as text: the journals, members, products and clients.
fn books_fingerprint(app: &TestApp) -> String {
    let mut text = Vec::new();
    for entity in [app.panti, app.kube] {
        export(app.ledger.store(), entity, ExportFormat::Csv, &mut text).expect("export");
    }
    let members = app.ledger.members(app.kube).expect("members");
    let products = app.ledger.products(app.kube).expect("products");
    let clients = app.ledger.clients(app.panti).expect("clients");
    format!("{}{members:?}{products:?}{clients:?}", String::from_utf8_lossy(&text))
}

/// A valid file of every import kind: the route under the entity, and its rows.
const CSV_SEEDS: [(&str, &str); 5] = [
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

#[test]
fn csv_imports_never_panic_and_are_all_or_nothing() {
    let rt = runtime();
    let app = rt.block_on(spawn_app());
    rt.block_on(routes::fixtures(&app));
    let inputs = (
        0..CSV_SEEDS.len(),
        prop_oneof![
            3 => proptest::collection::vec(csv_edit(), 1..8).prop_map(Some),
            1 => Just(None),
        ],
        proptest::collection::vec(any::<u8>(), 0..200),
    );
    let imported = std::cell::Cell::new(0);
    fuzz(2_000, inputs, |(kind, edits, noise)| {
        let (route, seed) = CSV_SEEDS[kind];
        let bytes = match edits {
            Some(edits) => mutate(seed.as_bytes(), &edits),
            None => [seed.lines().next().unwrap_or_default().as_bytes(), b"\n", &noise].concat(),
        };
        let entity = if route == "clients/import" { app.panti } else { app.kube };
        let path = format!("/api/v1/entities/{entity}/{route}");
        let before = books_fingerprint(&app);
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
        } else {
            prop_assert_eq!(before, books_fingerprint(&app), "a refused {} changed the books: {}", route, answer);
        }
        Ok(())
    });
    assert!(imported.get() > 0, "no file was imported: the seeds no longer reach past the parser");
}

/// Any JSON value, nested a few levels, with money- and date-like strings among the leaves.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<u64>().prop_map(Value::from),
        money_text().prop_map(Value::from),
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

#[test]
fn json_bodies_on_every_write_route_never_answer_5xx() {
    let rt = runtime();
    let app = rt.block_on(spawn_app());
    let fixtures = rt.block_on(routes::fixtures(&app));
    let fill = |text: &str| fixtures.iter().fold(text.to_string(), |text, (from, to)| text.replace(from, to));
    // Every route that takes a body, but sign-out: it would end the session the run posts with.
    let writes: Vec<_> = routes::ROUTES.iter().filter(|r| r.method != "GET" && !r.path.ends_with("logout")).collect();
    let body_kind = prop_oneof![
        4 => (proptest::collection::vec(any::<usize>(), 1..4), proptest::option::weighted(0.8, json_value()))
            .prop_map(|(path, value)| Body::Mutated(path, value)),
        2 => json_value().prop_map(Body::Any),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
    ];
    fuzz(10_000, (0..writes.len(), body_kind), |(route, body)| {
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
        let (status, answer) =
            rt.block_on(send_raw(&app.router, method, &path, Some(&app.admin), &[], Some(text.clone())));
        prop_assert!(!status.is_server_error(), "{} {} with {}: {} {}", method, path, text, status, answer);
        Ok(())
    });
}

#[derive(Debug, Clone)]
enum Body {
    Mutated(Vec<usize>, Option<Value>),
    Any(Value),
    Bytes(Vec<u8>),
}
