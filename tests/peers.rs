//! Cross-checks with the peers: the exported journal, read by hledger and by ledger, gives
//! every account the same balance as our trial balance.

mod common;

use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::Command;
use std::str::FromStr;

const HLEDGER: &str = "/usr/bin/hledger";
const LEDGER: &str = "/usr/bin/ledger";

/// `1101 Kas` → `1101`; peers show our `CODE NAME` account names.
fn code_of(account: &str) -> String {
    let code = account.split_whitespace().next().unwrap_or_default();
    assert!(
        code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()),
        "peer account {account:?} does not start with a 4-digit code"
    );
    code.to_string()
}

fn insert_balance(map: &mut BTreeMap<String, Decimal>, account: &str, amount: Decimal, tool: &str) {
    if amount.is_zero() {
        return;
    }
    let code = code_of(account);
    if let Some(earlier) = map.insert(code.clone(), amount) {
        panic!("{tool} lists code {code} twice ({earlier} and {amount})");
    }
}

/// `hledger -f - bal --flat --no-total -O csv [-e END]` → code → balance (nonzero only).
fn hledger_balances(journal: &str, end: Option<&str>) -> BTreeMap<String, Decimal> {
    let mut command = Command::new(HLEDGER);
    command.args(["-f", "-", "bal", "--flat", "--no-total", "-O", "csv"]);
    if let Some(end) = end {
        command.args(["-e", end]);
    }
    let output = run(&mut command, Some(journal.as_bytes().to_vec()), COMMAND_WAIT);
    assert!(output.status.success(), "hledger failed: {}", describe(&output));
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(output.stdout.as_slice());
    let headers = reader.headers().expect("hledger csv header").clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), ["account", "balance"], "hledger csv header: {}", describe(&output));
    let mut balances = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("hledger csv row");
        let (account, balance) = (&record[0], record[1].trim());
        let amount = Decimal::from_str(balance).unwrap_or_else(|e| {
            panic!("hledger balance {balance:?} of {account:?} is not a plain number ({e}): {}", describe(&output))
        });
        insert_balance(&mut balances, account, amount, "hledger");
    }
    balances
}

/// `ledger -f - bal --flat --no-total --balance-format "%(quantity(display_total))\t%(account)\n"`.
fn ledger_balances(journal: &str, end: Option<&str>) -> BTreeMap<String, Decimal> {
    let mut command = Command::new(LEDGER);
    command.args([
        "-f",
        "-",
        "bal",
        "--flat",
        "--no-total",
        "--balance-format",
        "%(quantity(display_total))\t%(account)\n",
    ]);
    if let Some(end) = end {
        command.args(["-e", end]);
    }
    let output = run(&mut command, Some(journal.as_bytes().to_vec()), COMMAND_WAIT);
    assert!(output.status.success(), "ledger failed: {}", describe(&output));
    let text = String::from_utf8(output.stdout.clone()).expect("ledger output is utf-8");
    let mut balances = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (quantity, account) =
            line.split_once('\t').unwrap_or_else(|| panic!("ledger line without a tab: {line:?}\n{text}"));
        let quantity = quantity.trim();
        let amount = Decimal::from_str(quantity)
            .unwrap_or_else(|e| panic!("ledger quantity {quantity:?} is not a plain number ({e}):\n{text}"));
        insert_balance(&mut balances, account.trim(), amount, "ledger");
    }
    balances
}

/// Our trial balance against both peers over the same journal and end date.
fn assert_peers_agree(what: &str, tb: &Value, journal: &str, end: Option<&str>) {
    let ours = drop_zeros(trial_balance_nets(tb));
    assert!(!ours.is_empty(), "{what}: empty trial balance, nothing to compare");
    let hledger = drop_zeros(hledger_balances(journal, end));
    let ledger = drop_zeros(ledger_balances(journal, end));
    for (tool, theirs) in [("hledger", &hledger), ("ledger", &ledger)] {
        for (code, ours_net) in &ours {
            assert_eq!(
                theirs.get(code),
                Some(ours_net),
                "{what}: account {code} is {ours_net} in our trial balance but {:?} in {tool}",
                theirs.get(code)
            );
        }
        for (code, their_net) in theirs {
            assert!(
                ours.contains_key(code),
                "{what}: {tool} has account {code} at {their_net}, our trial balance does not"
            );
        }
    }
    eprintln!("{what}: {} accounts agree with hledger and ledger", ours.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_books_balance_the_same_in_hledger_and_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let mut server = Server::start(&db, true);
    assert!(server.banner.contains("admin / admin-demo-2026"), "demo logins not printed:\n{}", server.banner);
    let client = client();
    // Served with --demo, the sign-in page (where `/` leads) says what this is and lists the logins.
    let page = client.get(server.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="about""#) && page.contains(r#"id="demo-logins""#), "{page}");
    assert!(page.contains("<code>bendahara.tahu</code>") && page.contains("<code>tahu-demo-2026</code>"), "{page}");
    let token = login(&client, &server, "admin", "admin-demo-2026").await;
    let mut balances = Vec::new();
    for entity in [1u64, 2, 3] {
        let tb = get_json(
            &client,
            &server.url(&format!("/api/v1/entities/{entity}/trial-balance?as_of=2026-12-31")),
            &token,
        )
        .await;
        assert_eq!(tb["as_of"], "2026-12-31");
        balances.push((entity, tb));
    }
    let status = server.terminate();
    assert!(status.success(), "server exited with {status} on SIGTERM");

    for (entity, tb) in &balances {
        let journal = export(&db, *entity, "ledger");
        let entries = journal.lines().filter(|l| l.starts_with("20")).count();
        assert!(entries >= 10, "entity {entity}: only {entries} entries exported");
        // As of 2026-12-31 means before 2027-01-01; the peers' end date is exclusive.
        assert_peers_agree(&format!("demo entity {entity}"), tb, &journal, Some("2027-01-01"));
    }
}

/// xorshift64*: a fixed-seed stream, enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, low: u64, high_inclusive: u64) -> u64 {
        low + self.below(high_inclusive - low + 1)
    }
}

/// Postable KUBE accounts without a member subledger that may go either way: cash and
/// bank never go below zero, so a random stream leaves them out.
const ACCOUNTS: [&str; 17] = [
    "1107", "1203", "1103", "1201", "1202", "2101", "2201", "3103", "3104", "4101", "4102", "4201", "5101", "5201",
    "5202", "5203", "5207",
];

/// Cents as an amount string with at most 2 decimals, sometimes padded (`"12.50"`).
fn amount_text(cents: u64, rng: &mut Rng) -> String {
    let (whole, frac) = (cents / 100, cents % 100);
    if rng.below(4) == 0 {
        format!("{whole}.{frac:02}")
    } else if frac == 0 {
        format!("{whole}")
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// A random debit amount in cents: any magnitude up to 10^9, with 0, 1 or 2 decimals.
fn random_cents(rng: &mut Rng) -> u64 {
    let scale = 10u64.pow(rng.below(10) as u32);
    let whole = rng.range(1, scale.min(1_000_000_000));
    match rng.below(3) {
        0 => whole * 100,
        1 => whole * 100 + rng.below(10) * 10,
        _ => whole * 100 + rng.below(100),
    }
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        _ => 28,
    }
}

fn next_day(date: &str) -> String {
    let parts: Vec<u64> = date.split('-').map(|p| p.parse().expect("date part")).collect();
    let (mut y, mut m, mut d) = (parts[0], parts[1], parts[2]);
    d += 1;
    if d > days_in_month(y, m) {
        d = 1;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

/// A balanced entry of 2–5 lines over distinct accounts, dated somewhere in 2025–2026.
fn random_entry(rng: &mut Rng, n: usize) -> Value {
    let count = rng.range(2, 5) as usize;
    let mut accounts = ACCOUNTS.to_vec();
    for i in (1..accounts.len()).rev() {
        accounts.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let debits = rng.range(1, count as u64 - 1) as usize;
    let credits = count - debits;
    let debit_cents: Vec<u64> = (0..debits).map(|_| random_cents(rng)).collect();
    let total: u64 = debit_cents.iter().sum();
    // Split the total into `credits` positive parts, on whole units when it allows.
    let unit = if total.is_multiple_of(100) && total / 100 >= credits as u64 && rng.below(2) == 0 { 100 } else { 1 };
    let mut cuts: Vec<u64> = Vec::new();
    while cuts.len() < credits - 1 {
        let cut = rng.range(1, total / unit - 1) * unit;
        if !cuts.contains(&cut) {
            cuts.push(cut);
        }
    }
    cuts.sort_unstable();
    cuts.insert(0, 0);
    cuts.push(total);
    let mut lines: Vec<Value> = Vec::new();
    for (i, cents) in debit_cents.iter().enumerate() {
        lines.push(json!({ "account": accounts[i], "debit": amount_text(*cents, rng) }));
    }
    for (i, pair) in cuts.windows(2).enumerate() {
        lines.push(json!({ "account": accounts[debits + i], "credit": amount_text(pair[1] - pair[0], rng) }));
    }
    for i in (1..lines.len()).rev() {
        lines.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let year = rng.range(2025, 2026);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    json!({
        "date": format!("{year}-{month:02}-{day:02}"),
        "memo": format!("Transaksi acak nomor {n}"),
        "lines": lines,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_random_stream_of_entries_balances_the_same_in_hledger_and_ledger() {
    const ENTRIES: usize = 300;
    const PASSWORD: &str = "peers-test-password";
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    add_user(&db, "root", "admin", None, PASSWORD);
    let mut server = Server::start(&db, false);
    let client = client();
    let token = login(&client, &server, "root", PASSWORD).await;
    let entity = create_entity(&client, &server, &token, "kube", "KUBE Uji Acak").await;
    let entries_url = server.url(&format!("/api/v1/entities/{entity}/entries"));

    // Our own model: (date, lines) of every stored entry.
    let mut model: Vec<(String, Value)> = Vec::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut lines_count = 0;
    for n in 1..=ENTRIES {
        let body = random_entry(&mut rng, n);
        let response = client.post(&entries_url).bearer_auth(&token).json(&body).send().await.expect("POST entry");
        let status = response.status().as_u16();
        let answer: Value = response.json().await.expect("JSON answer");
        assert_eq!(status, 201, "entry {n} {body}: {answer}");
        assert_eq!(answer["seq"].as_u64(), Some(n as u64), "{answer}");
        lines_count += body["lines"].as_array().expect("lines").len();
        model.push((body["date"].as_str().expect("date").to_string(), answer["lines"].clone()));
    }
    let mut reversed = Vec::new();
    while reversed.len() < 3 {
        let seq = rng.range(1, ENTRIES as u64);
        if reversed.contains(&seq) {
            continue;
        }
        reversed.push(seq);
        let url = format!("{entries_url}/{seq}/reverse");
        let response = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({ "date": "2026-06-30" }))
            .send()
            .await
            .expect("POST reverse");
        let status = response.status().as_u16();
        let answer: Value = response.json().await.expect("JSON answer");
        assert_eq!(status, 201, "reverse #{seq}: {answer}");
        assert_eq!(answer["reverses"].as_u64(), Some(seq), "{answer}");
        lines_count += answer["lines"].as_array().expect("lines").len();
        model.push(("2026-06-30".to_string(), answer["lines"].clone()));
    }
    // Reversing twice is refused and stores nothing.
    let response = client
        .post(format!("{entries_url}/{}/reverse", reversed[0]))
        .bearer_auth(&token)
        .json(&json!({ "date": "2026-06-30" }))
        .send()
        .await
        .expect("POST reverse again");
    assert_eq!(response.status().as_u16(), 409, "{}", response.text().await.unwrap_or_default());

    let tb_url = |as_of: Option<&str>| {
        server.url(&format!(
            "/api/v1/entities/{entity}/trial-balance{}",
            as_of.map_or(String::new(), |d| format!("?as_of={d}"))
        ))
    };
    let today = get_json(&client, &tb_url(None), &token).await;
    let past = get_json(&client, &tb_url(Some("2025-12-31")), &token).await;
    let all = get_json(&client, &tb_url(Some("2026-12-31")), &token).await;
    let today_date = today["as_of"].as_str().expect("as_of").to_string();
    assert_eq!(past["as_of"], "2025-12-31");

    // The model agrees with the server before the peers are asked.
    for (tb, as_of) in [(&today, today_date.as_str()), (&past, "2025-12-31"), (&all, "2026-12-31")] {
        let mut nets = BTreeMap::new();
        for (date, lines) in &model {
            if date.as_str() <= as_of {
                add_lines(&mut nets, lines);
            }
        }
        assert_eq!(
            drop_zeros(trial_balance_nets(tb)),
            drop_zeros(nets),
            "trial balance as of {as_of} differs from the sum of the posted entries"
        );
    }

    let status = server.terminate();
    assert!(status.success(), "server exited with {status} on SIGTERM");
    verify_ok(&db);

    let journal = export(&db, entity, "ledger");
    assert_eq!(
        journal.lines().filter(|l| l.starts_with("20")).count(),
        ENTRIES + reversed.len(),
        "one journal transaction per entry"
    );
    assert_peers_agree(
        &format!("random stream as of today ({today_date})"),
        &today,
        &journal,
        Some(&next_day(&today_date)),
    );
    assert_peers_agree("random stream as of 2025-12-31", &past, &journal, Some("2026-01-01"));
    assert_peers_agree("random stream, everything", &all, &journal, None);

    // CSV: a header, one row per line, one side per row, debits equal credits.
    let text = export(&db, entity, "csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().expect("csv header").iter().map(str::to_string).collect();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("csv export has no {name} column: {headers:?}"))
    };
    let (seq_col, account_col, debit_col, credit_col) =
        (column("seq"), column("account"), column("debit"), column("credit"));
    let mut rows = 0;
    let (mut debits, mut credits) = (Decimal::ZERO, Decimal::ZERO);
    let mut per_entry: BTreeMap<u64, Decimal> = BTreeMap::new();
    let mut per_account: BTreeMap<String, Decimal> = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("csv row");
        rows += 1;
        let seq: u64 = record[seq_col].parse().expect("seq is a number");
        let parse = |text: &str| -> Option<Decimal> {
            (!text.is_empty()).then(|| Decimal::from_str(text).unwrap_or_else(|e| panic!("csv amount {text:?}: {e}")))
        };
        let net = match (parse(&record[debit_col]), parse(&record[credit_col])) {
            (Some(debit), None) => {
                debits += debit;
                debit
            }
            (None, Some(credit)) => {
                credits += credit;
                -credit
            }
            _ => panic!("csv row {rows} does not have exactly one of debit/credit: {record:?}"),
        };
        *per_entry.entry(seq).or_default() += net;
        *per_account.entry(record[account_col].to_string()).or_default() += net;
    }
    assert_eq!(rows, lines_count, "csv rows vs lines posted");
    assert_eq!(debits, credits, "csv debits vs credits");
    assert_eq!(per_entry.len(), ENTRIES + reversed.len(), "entries in the csv");
    for (seq, net) in &per_entry {
        assert!(net.is_zero(), "entry #{seq} is unbalanced in the csv by {net}");
    }
    assert_eq!(
        drop_zeros(per_account),
        drop_zeros(trial_balance_nets(&all)),
        "csv per-account sums vs trial balance of everything"
    );
}
