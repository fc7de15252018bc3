//! Property tests of the ledger's invariants, on the pure domain and on the real store.

use chrono::NaiveDate;
use kube_ledger::domain::account::{AccountCode, Chart, Side};
use kube_ledger::domain::books::{Books, Stamp};
use kube_ledger::domain::entry::{BalancedEntry, Line, Memo};
use kube_ledger::domain::money::Money;
use kube_ledger::domain::trial_balance::trial_balance;
use kube_ledger::domain::verify::Replay;
use kube_ledger::service::Ledger;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Postable accounts of the shipped KUBE chart that keep no member subledger and may go
/// either way (cash and bank never go below zero: `books_keep_every_rule_on_every_path`).
const ACCOUNTS: &[&str] = &[
    "1107", "1203", "1103", "1201", "1202", "2101", "2201", "3103", "3104", "4101", "4102", "5101", "5201", "5202",
    "5207",
];

fn cents(amount: i64) -> Money {
    Money::from_decimal(Decimal::new(amount, 2)).expect("generated amounts are in range")
}

/// A balanced entry: 1–3 debit lines, their total split over 1–2 credit lines.
fn balanced_entry() -> impl Strategy<Value = BalancedEntry> {
    (
        0u32..730,
        prop::collection::vec((0..ACCOUNTS.len(), 1i64..=100_000_000_000), 1..=3),
        prop::collection::vec(0..ACCOUNTS.len(), 1..=2),
    )
        .prop_map(|(day, debits, credit_accounts)| {
            let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(day.into());
            let total: i64 = debits.iter().map(|(_, amount)| amount).sum();
            let mut lines: Vec<Line> =
                debits.iter().map(|(account, amount)| line(*account, Side::Debit, *amount)).collect();
            let first_part = if credit_accounts.len() == 2 && total >= 2 { total / 2 } else { total };
            lines.push(line(credit_accounts[0], Side::Credit, first_part));
            if first_part != total {
                lines.push(line(credit_accounts[1], Side::Credit, total - first_part));
            }
            BalancedEntry::new(date, Memo::parse("acak").unwrap(), lines).expect("generated entries balance")
        })
}

fn line(account: usize, side: Side, amount_cents: i64) -> Line {
    Line::new(AccountCode::parse(ACCOUNTS[account]).unwrap(), side, cents(amount_cents))
}

/// Something that must be refused, and why.
#[derive(Debug, Clone)]
enum Invalid {
    Unbalanced(i64),
    UnknownAccount,
    HeaderAccount,
}

fn invalid() -> impl Strategy<Value = Invalid> {
    prop_oneof![
        (1i64..1_000_000).prop_map(Invalid::Unbalanced),
        Just(Invalid::UnknownAccount),
        Just(Invalid::HeaderAccount),
    ]
}

fn stamp() -> Stamp {
    Stamp { recorded_by: "uji".into(), recorded_at: "2026-01-01T00:00:00Z".into(), reverses: None }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Trial balance totals are equal and equal the sum of the journal; replay finds no breach.
    #[test]
    fn trial_balance_equals_the_sum_of_the_journal(entries in prop::collection::vec(balanced_entry(), 1..40)) {
        let chart = Chart::from_csv(kube_ledger::data::COA_KUBE).unwrap();
        let mut books = Books::new(1, chart.clone());
        let mut replay = Replay::new(1);
        let mut journal_total = Decimal::ZERO;
        for entry in entries {
            journal_total += entry.total();
            let posted = books.post(entry, stamp(), &kube_ledger::domain::registers::Register::default()).unwrap();
            replay.push(&posted);
        }
        let report = trial_balance(&chart, &books.balances, NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
        prop_assert_eq!(report.total_debit, report.total_credit);
        let debit_sum: Decimal = books.balances.values().map(|t| t.debit).sum();
        prop_assert_eq!(debit_sum, journal_total);
        let replayed = replay.balances.clone();
        replay.compare("per akun", &books.balances, &replayed);
        prop_assert!(replay.breaches.is_empty(), "{:?}", replay.breaches);
    }
}

proptest! {
    // Each case opens a real sled database and syncs to disk: fewer, larger cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// On the real store: valid entries are kept, invalid ones change nothing, `verify`
    /// passes, and reopening the database gives the same state.
    #[test]
    fn the_store_keeps_exactly_the_valid_entries_across_reopening(
        stream in prop::collection::vec(prop_oneof![
            4 => balanced_entry().prop_map(Ok),
            1 => (balanced_entry(), invalid()).prop_map(Err),
        ], 1..30),
        batch_split in 0usize..30,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let dates: Vec<NaiveDate> = ["2025-03-31", "2025-12-31", "2026-06-30", "2030-01-01"].iter().map(|d| d.parse().unwrap()).collect();
        let (states, expected_count) = runtime().block_on(async {
            let ledger = Ledger::open(dir.path()).unwrap();
            let entity = ledger.create_entity(kube_ledger::domain::entity::EntityKind::Kube, "KUBE Acak", None).await.unwrap().id;
            let mut stored = 0u64;
            let mut valid_run = Vec::new();
            for (index, item) in stream.into_iter().enumerate() {
                match item {
                    Ok(entry) => valid_run.push(entry),
                    Err((entry, why)) => {
                        let before: Vec<_> = dates.iter().map(|d| ledger.trial_balance(entity, *d).unwrap()).collect();
                        let refused = ledger.post(entity, vec![spoil(entry, &why)], "uji", None).await;
                        prop_assert!(refused.is_err(), "{why:?} was accepted");
                        let after: Vec<_> = dates.iter().map(|d| ledger.trial_balance(entity, *d).unwrap()).collect();
                        prop_assert_eq!(before, after);
                    }
                }
                // Post valid entries sometimes one by one, sometimes as a batch.
                if index == batch_split || valid_run.len() == 1 && index % 2 == 0 {
                    stored += valid_run.len() as u64;
                    if !valid_run.is_empty() {
                        ledger.post(entity, std::mem::take(&mut valid_run), "uji", None).await.unwrap();
                    }
                }
            }
            stored += valid_run.len() as u64;
            if !valid_run.is_empty() {
                ledger.post(entity, valid_run, "uji", None).await.unwrap();
            }
            let report = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(report.breaches.is_empty(), "{:?}", report.breaches);
            let states: Vec<_> = dates.iter().map(|d| ledger.trial_balance(entity, *d).unwrap()).collect();
            for state in &states {
                prop_assert_eq!(state.total_debit, state.total_credit);
            }
            Ok((states, stored))
        })?;
        // Reopen: the writer lets go of the database once its last handle is dropped.
        let reopened = (0..200)
            .find_map(|_| Ledger::open(dir.path()).ok().or_else(|| { std::thread::sleep(std::time::Duration::from_millis(10)); None }))
            .expect("database reopens");
        let again: Vec<_> = dates.iter().map(|d| reopened.trial_balance(1, *d).unwrap()).collect();
        prop_assert_eq!(again, states);
        let count = reopened.store_for_tests().entries(1).count() as u64;
        prop_assert_eq!(count, expected_count);
        let report = kube_ledger::service::verify::verify(reopened.store_for_tests()).unwrap();
        prop_assert!(report.breaches.is_empty(), "{:?}", report.breaches);
    }
}

/// Turns a valid entry into one the books must refuse.
fn spoil(entry: BalancedEntry, why: &Invalid) -> BalancedEntry {
    let mut lines = entry.lines().to_vec();
    match why {
        // Unbalanced entries cannot even be built; post a balanced one whose extra line
        // goes to an account the chart lacks instead, and check BalancedEntry refuses
        // the unbalanced form.
        Invalid::Unbalanced(extra) => {
            let mut unbalanced = lines.clone();
            unbalanced.push(line(0, Side::Debit, *extra));
            assert!(BalancedEntry::new(entry.date(), entry.memo().clone(), unbalanced).is_err());
            lines[0].account = AccountCode::parse("9998").unwrap();
        }
        Invalid::UnknownAccount => lines[0].account = AccountCode::parse("9999").unwrap(),
        Invalid::HeaderAccount => lines[0].account = AccountCode::parse("1100").unwrap(),
    }
    BalancedEntry::new(entry.date(), entry.memo().clone(), lines).unwrap()
}

/// One thing a treasurer may do to a member's savings; some will be refused.
#[derive(Debug, Clone)]
enum SavingsOp {
    Deposit { member: usize, kind: u8, amount_idr: u32 },
    Withdraw { member: usize, amount_idr: u32 },
    Exit { member: usize },
    Reverse { nth: usize },
}

/// An admin to run commands as, signed in like any caller.
async fn admin(ledger: &Ledger) -> kube_ledger::usecase::Actor {
    admin_named(ledger, "uji").await
}

/// Another admin, for what a second person does (a loan's approval).
async fn admin_named(ledger: &Ledger, name: &str) -> kube_ledger::usecase::Actor {
    let password = "rahasia-uji-1";
    ledger.create_user(name, kube_ledger::domain::user::Role::Admin, None, password).await.unwrap();
    let token = ledger.login(name, password, std::net::Ipv4Addr::LOCALHOST.into()).await.unwrap();
    ledger.actor(&token).unwrap().expect("a fresh session")
}

/// A product of `entity` through its command, priced at each sale; its id.
async fn product(ledger: &Ledger, actor: &kube_ledger::usecase::Actor, entity: u64, code: &str, kind: &str) -> u64 {
    use kube_ledger::usecase::products::add_product::{AddProduct, Input};
    let input =
        Input { code: code.into(), name: code.into(), unit: "kg".into(), default_price: "0".into(), kind: kind.into() };
    ledger.change::<AddProduct>(actor, entity, input, None).await.unwrap().id
}

/// A savings deposit or withdrawal through its command, into `entity`'s books.
async fn savings(
    ledger: &Ledger,
    actor: &kube_ledger::usecase::Actor,
    (entity, member): (u64, u64),
    kind: &str,
    withdrawal: bool,
    date: NaiveDate,
    amount: Option<Money>,
) -> Result<kube_ledger::service::Posted, kube_ledger::service::ServiceError> {
    use kube_ledger::usecase::members::record_savings::{Input, RecordSavings};
    let typed = |text: String| serde_json::from_value(serde_json::Value::String(text)).unwrap();
    let input = Input {
        member_id: typed(member.to_string()),
        kind: kind.into(),
        direction: if withdrawal { "tarik" } else { "setor" }.into(),
        date: date.to_string(),
        amount: typed(amount.map(|a| a.canonical()).unwrap_or_default()),
        ..Input::default()
    };
    ledger.execute::<RecordSavings>(actor, entity, input, None).await
}

fn savings_op() -> impl Strategy<Value = SavingsOp> {
    prop_oneof![
        4 => (0..3usize, 0..3u8, 1u32..200_000).prop_map(|(member, kind, amount_idr)| SavingsOp::Deposit { member, kind, amount_idr }),
        2 => (0..3usize, 1u32..200_000).prop_map(|(member, amount_idr)| SavingsOp::Withdraw { member, amount_idr }),
        1 => (0..3usize).prop_map(|member| SavingsOp::Exit { member }),
        1 => (0..64usize).prop_map(|nth| SavingsOp::Reverse { nth }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// For random deposits, withdrawals, exits and reversals, every member account's
    /// control balance equals the sum of its members' subledgers, and `verify` passes.
    #[test]
    fn member_subledgers_sum_to_their_control_accounts(ops in prop::collection::vec(savings_op(), 1..40)) {
        use kube_ledger::usecase::members::{exit_member, register_member};
        use kube_ledger::usecase::members::set_savings_terms;
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            let ledger = Ledger::open(dir.path()).unwrap();
            let entity = ledger.create_entity(kube_ledger::domain::entity::EntityKind::Kube, "KUBE Acak", None).await.unwrap().id;
            let actor = admin(&ledger).await;
            let typed = |text: &str| serde_json::from_value(serde_json::json!(text)).unwrap();
            let terms = set_savings_terms::Input { effective_from: "2026-01-01".into(), pokok: typed("50000"), wajib: typed("10000"), wajib_period: String::new() };
            ledger.change::<set_savings_terms::SetSavingsTerms>(&actor, entity, terms, None).await.unwrap();
            let mut members = Vec::new();
            for n in 0..3 {
                let new = register_member::Input {
                    number: format!("A-{n}"), name: format!("Anggota {n}"), kind: "klien".into(),
                    joined_on: "2026-01-01".into(), ..register_member::Input::default()
                };
                members.push(ledger.add_member(entity, new).await.unwrap().id);
            }
            let date: NaiveDate = "2026-06-01".parse().unwrap();
            let mut posted_seqs = Vec::new();
            for op in ops {
                let outcome = match op {
                    SavingsOp::Deposit { member, kind, amount_idr } => {
                        let kind = ["pokok", "wajib", "sukarela"][kind as usize];
                        let amount = (kind == "sukarela").then(|| Money::parse(&amount_idr.to_string()).unwrap());
                        savings(&ledger, &actor, (entity, members[member]), kind, false, date, amount).await.map(|p| p.entries)
                    }
                    SavingsOp::Withdraw { member, amount_idr } => {
                        let amount = Some(Money::parse(&amount_idr.to_string()).unwrap());
                        savings(&ledger, &actor, (entity, members[member]), "sukarela", true, date, amount).await.map(|p| p.entries)
                    }
                    SavingsOp::Exit { member } => {
                        let exit = exit_member::Input { member_id: typed(&members[member].to_string()), date: date.to_string(), memo: None };
                        ledger.execute_as_operator::<exit_member::ExitMember>(entity, exit, "uji", None).await.map(|p| p.entries)
                    }
                    SavingsOp::Reverse { nth } if !posted_seqs.is_empty() => {
                        let seq = posted_seqs[nth % posted_seqs.len()];
                        ledger.reverse(entity, seq, date, None, "uji", None).await.map(|p| p.entries)
                    }
                    SavingsOp::Reverse { .. } => Ok(Vec::new()),
                };
                if let Ok(entries) = outcome {
                    posted_seqs.extend(entries.iter().map(|e| e.seq));
                }
            }
            let report = ledger.trial_balance(entity, "2030-01-01".parse().unwrap()).unwrap();
            for account in ["3101", "3102", "2102", "2103"] {
                let control = report.lines.iter().find(|l| l.account == account).map_or(Decimal::ZERO, |l| l.credit - l.debit);
                let mut members_sum = Decimal::ZERO;
                for member in &members {
                    let balance = ledger.member_balance(*member, "2030-01-01".parse().unwrap()).unwrap();
                    members_sum += match account { "3101" => balance.pokok, "3102" => balance.wajib, "2102" => balance.sukarela, _ => balance.shu_unpaid };
                    prop_assert!(balance.sukarela >= Decimal::ZERO, "a member's voluntary savings never go below zero");
                }
                prop_assert_eq!(control, members_sum, "account {}", account);
            }
            let verified = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(verified.breaches.is_empty(), "{:?}", verified.breaches);
            Ok(())
        })?;
    }
}

/// One thing a KUBE may do with its goods; some will be refused.
#[derive(Debug, Clone)]
enum StockOp {
    Buy { kedelai_kg: u32, unit_cost_idr: u32 },
    Produce { kedelai_kg: u32, bungkus: u32, direct_cost_idr: u32 },
    Sell { bungkus: u32, price_idr: u32 },
    Return { nth: usize },
}

fn stock_op() -> impl Strategy<Value = StockOp> {
    prop_oneof![
        3 => (1u32..50, 5_000u32..15_000).prop_map(|(kedelai_kg, unit_cost_idr)| StockOp::Buy { kedelai_kg, unit_cost_idr }),
        3 => (1u32..40, 1u32..200, 0u32..20_000).prop_map(|(kedelai_kg, bungkus, direct_cost_idr)| StockOp::Produce { kedelai_kg, bungkus, direct_cost_idr }),
        4 => (1u32..120, 1_000u32..6_000).prop_map(|(bungkus, price_idr)| StockOp::Sell { bungkus, price_idr }),
        1 => (0..64usize).prop_map(|nth| StockOp::Return { nth }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// For random purchases, production, sales and returns, the stock value of every
    /// product equals its inventory account, and no quantity ever goes below zero.
    #[test]
    fn stock_value_equals_the_inventory_accounts(ops in prop::collection::vec(stock_op(), 1..40)) {
        use kube_ledger::usecase::trade::record_production::RecordProduction;
        use kube_ledger::usecase::trade::record_purchase::RecordPurchase;
        use kube_ledger::usecase::trade::record_sale::RecordSale;
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            let ledger = Ledger::open(dir.path()).unwrap();
            let entity = ledger.create_entity(kube_ledger::domain::entity::EntityKind::Kube, "KUBE Acak", None).await.unwrap().id;
            let seed = BalancedEntry::new("2026-01-01".parse().unwrap(), Memo::parse("Hibah").unwrap(), vec![
                Line::debit(AccountCode::parse("1101").unwrap(), Money::parse("100000000").unwrap()),
                Line::credit(AccountCode::parse("3103").unwrap(), Money::parse("100000000").unwrap()),
            ]).unwrap();
            ledger.post(entity, vec![seed], "uji", None).await.unwrap();
            let actor = admin(&ledger).await;
            let kedelai = product(&ledger, &actor, entity, "KDL", "bahan_baku").await;
            let tahu = product(&ledger, &actor, entity, "TAHU", "barang_jadi").await;
            let date: NaiveDate = "2026-02-01".parse().unwrap();
            let mut posted = Vec::new();
            for op in ops {
                let outcome = match op {
                    StockOp::Buy { kedelai_kg, unit_cost_idr } => {
                        ledger.execute_as_operator::<RecordPurchase>(entity, purchase_of(date, kedelai, kedelai_kg, unit_cost_idr), "uji", None).await
                    }
                    StockOp::Produce { kedelai_kg, bungkus, direct_cost_idr } => {
                        let batch = serde_json::json!({"date": date.to_string(), "inputs": [{"product_id": kedelai, "quantity": kedelai_kg}], "outputs": [{"product_id": tahu, "quantity": bungkus}], "direct_cost": direct_cost_idr});
                        ledger.execute_as_operator::<RecordProduction>(entity, serde_json::from_value(batch).unwrap(), "uji", None).await
                    }
                    StockOp::Sell { bungkus, price_idr } => {
                        ledger.execute_as_operator::<RecordSale>(entity, sale_of(date, tahu, bungkus, price_idr), "uji", None).await
                    }
                    StockOp::Return { nth } if !posted.is_empty() => {
                        let seq = posted[nth % posted.len()];
                        let memo = Some(Memo::parse("Retur uji").unwrap());
                        ledger.reverse(entity, seq, date, memo, "uji", None).await
                    }
                    StockOp::Return { .. } => continue,
                };
                if let Ok(done) = outcome {
                    posted.extend(done.entries.iter().map(|e| e.seq));
                }
                let products = ledger.products(entity).unwrap();
                for row in &products {
                    prop_assert!(row.on_hand.quantity >= Decimal::ZERO, "{} went below zero", row.product.code);
                }
                let report = ledger.trial_balance(entity, "2030-01-01".parse().unwrap()).unwrap();
                for (account, code) in [("1105", "KDL"), ("1106", "TAHU")] {
                    let booked = report.lines.iter().find(|l| l.account == account).map_or(Decimal::ZERO, |l| l.debit - l.credit);
                    let valued = products.iter().find(|p| p.product.code == code).unwrap().on_hand.value;
                    prop_assert_eq!(booked, valued, "account {}", account);
                }
            }
            let verified = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(verified.breaches.is_empty(), "{:?}", verified.breaches);
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// For random SHU, percentages and member bases, the pools add up to the SHU and the
    /// member shares add up to their pool, to the rupiah, with no negative share.
    #[test]
    fn shu_pools_and_member_shares_add_up_exactly(
        shu_cents in 1i64..100_000_000_000,
        cuts in prop::collection::vec(0u32..=10_000, 1..6),
        bases in prop::collection::vec(0i64..5_000_000_00, 0..40),
    ) {
        use kube_ledger::domain::shu::{allocate, split, CapitalBasis, Share, ShareKind, ShuPolicy};
        // Percentages with two decimals summing to 100: the reserve takes what the cuts leave.
        let mut left = 10_000u32;
        let mut shares = Vec::new();
        for (index, cut) in cuts.iter().enumerate() {
            let part = cut % (left + 1);
            left -= part;
            shares.push(Share { name: format!("Bagian {index}"), percent: Decimal::new(part.into(), 2), kind: ShareKind::Fund { account: "2104".into() } });
        }
        shares[0].kind = ShareKind::JasaModal;
        shares.push(Share { name: "Cadangan".into(), percent: Decimal::new(left.into(), 2), kind: ShareKind::Reserve });
        let policy = ShuPolicy::new("2026-01-01".parse().unwrap(), shares, CapitalBasis::YearEnd).unwrap();
        let shu = Decimal::new(shu_cents, 2);
        let pools = allocate(shu, &policy);
        prop_assert_eq!(pools.iter().map(|p| p.amount).sum::<Decimal>(), shu);
        let members: Vec<(u64, String, Decimal)> = bases.iter().enumerate().map(|(i, b)| (i as u64 + 1, format!("A-{i:03}"), Decimal::new(*b, 2))).collect();
        for pool in pools.iter().filter(|p| p.share.kind != ShareKind::Reserve) {
            prop_assert!(pool.amount >= Decimal::ZERO && pool.amount.fract().is_zero(), "member pools are whole rupiah");
            let split = split(pool.amount, &members);
            let has_basis = members.iter().any(|(_, _, b)| *b > Decimal::ZERO);
            if has_basis && pool.amount > Decimal::ZERO {
                prop_assert_eq!(split.iter().map(|s| s.amount).sum::<Decimal>(), pool.amount);
            }
            prop_assert!(split.iter().all(|s| s.amount >= Decimal::ZERO && s.amount.fract().is_zero()));
        }
    }
}

/// Each account's net (debit − credit), accounts at zero left out: what a reader sees.
fn nets(balances: &kube_ledger::domain::books::Balances) -> Vec<(String, Decimal)> {
    balances.iter().filter(|(_, t)| !t.net().is_zero()).map(|(code, t)| (code.as_str().to_string(), t.net())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// After every entry of a random journal, and after closing its first year, assets
    /// equal liabilities plus equity on the balance sheet.
    #[test]
    fn the_balance_sheet_balances_at_every_date(mut entries in prop::collection::vec(balanced_entry(), 1..40)) {
        use kube_ledger::domain::close::{closing_entry, year_end, CURRENT_RESULT};
        use kube_ledger::domain::statements::balance_sheet;
        let chart = Chart::from_csv(kube_ledger::data::COA_KUBE).unwrap();
        entries.sort_by_key(|e| e.date());
        let mut balances = kube_ledger::domain::books::Balances::new();
        let check = |balances: &kube_ledger::domain::books::Balances| -> Result<(), TestCaseError> {
            let sheet = balance_sheet(&chart, vec!["x".into()], &[balances]);
            prop_assert_eq!(&sheet.row("Jumlah Aset").unwrap().values, &sheet.row("Jumlah Kewajiban dan Ekuitas").unwrap().values);
            Ok(())
        };
        let end = year_end(2025).unwrap();
        let mut closed = false;
        for entry in entries {
            if entry.date() > end && !closed {
                let close = closing_entry(&chart, &balances, end, Memo::parse("Tutup").unwrap(), &AccountCode::parse(CURRENT_RESULT).unwrap()).unwrap();
                if let Some(close) = close {
                    kube_ledger::domain::books::add_entry(&mut balances, &close);
                }
                check(&balances)?;
                closed = true;
            }
            kube_ledger::domain::books::add_entry(&mut balances, &entry);
            check(&balances)?;
        }
    }
}

proptest! {
    // Real sled databases: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// On the real store: closing a random year and reopening it gives back every
    /// account's balance at every date and the lock it found; `verify` passes throughout.
    #[test]
    fn closing_then_reopening_restores_the_books_exactly(entries in prop::collection::vec(balanced_entry(), 1..30)) {
        use kube_ledger::usecase::members::set_shu_policy::{Input, SetShuPolicy, ShareInput};
        let dir = tempfile::tempdir().unwrap();
        let dates: Vec<NaiveDate> = ["2025-06-30", "2025-12-31", "2026-01-01", "2026-12-31"].iter().map(|d| d.parse().unwrap()).collect();
        runtime().block_on(async {
            let ledger = Ledger::open(dir.path()).unwrap();
            let entity = ledger.create_entity(kube_ledger::domain::entity::EntityKind::Kube, "KUBE Acak", None).await.unwrap().id;
            let share = |name: &str, percent: &str, kind: &str, account: &str| ShareInput { name: name.into(), percent: percent.into(), kind: kind.into(), account: account.into() };
            let shares = vec![share("Cadangan", "60", "reserve", ""), share("Jasa modal", "30", "jasa_modal", ""), share("Dana sosial", "10", "fund", "2107")];
            let policy = Input { effective_from: "2025-01-01".into(), capital_basis: "year_end".into(), shares };
            ledger.change::<SetShuPolicy>(&admin(&ledger).await, entity, policy, None).await.unwrap();
            ledger.post(entity, entries, "uji", None).await.unwrap();
            let snapshot = |ledger: &Ledger| -> Vec<Vec<(String, Decimal)>> {
                dates.iter().map(|d| nets(&ledger.store_for_tests().balances_as_of(entity, *d).unwrap())).collect()
            };
            let before = snapshot(&ledger);
            let today: NaiveDate = "2026-11-24".parse().unwrap();
            let shu = ledger.shu_preview(entity, 2025).unwrap().shu;
            ledger.close_year(entity, 2025, today, "uji").await.unwrap();
            prop_assert_eq!(ledger.entity(entity).unwrap().locked_through, Some(dates[1]));
            let closed = ledger.store_for_tests().balances_as_of(entity, dates[1]).unwrap();
            let chart = ledger.store_for_tests().chart(entity).unwrap();
            prop_assert!(!kube_ledger::domain::close::has_open_result(&chart, &closed), "the closed year's revenue and expenses are emptied");
            // The whole result waits in 3105 for the RAT.
            let held = -closed.get(&AccountCode::parse("3105").unwrap()).map_or(Decimal::ZERO, |t| t.net())
                + before[1].iter().filter(|(code, _)| code.as_str() == "3105").map(|(_, net)| *net).sum::<Decimal>();
            prop_assert_eq!(held, shu, "the current result takes the whole result");
            let report = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(report.breaches.is_empty(), "{:?}", report.breaches);
            ledger.reopen_year(entity, 2025, "uji ulang", "admin").await.unwrap();
            prop_assert_eq!(snapshot(&ledger), before);
            prop_assert_eq!(ledger.entity(entity).unwrap().locked_through, None);
            let report = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(report.breaches.is_empty(), "{:?}", report.breaches);
            Ok(())
        })?;
    }
}

/// One thing done to the books by any path; many will be refused.
#[derive(Debug, Clone)]
enum PathOp {
    /// A plain journal of two lines; a line on 2102 names a member (index 2: another KUBE's).
    Journal {
        debit: usize,
        credit: usize,
        amount_idr: u32,
        member: usize,
    },
    /// The same, as a CSV import of two entries, the second dated a day later.
    Import {
        debit: usize,
        credit: usize,
        amount_idr: u32,
        member: usize,
    },
    Buy {
        units: u32,
        unit_cost_idr: u32,
    },
    Sell {
        units: u32,
        price_idr: u32,
    },
    Savings {
        member: usize,
        withdrawal: bool,
        amount_idr: u32,
    },
    Reverse {
        nth: usize,
    },
    /// A member loan applied for, approved by a second person and paid out of cash.
    Lend {
        member: usize,
        principal_idr: u32,
        term_months: u32,
    },
    /// A repayment of one of the loans lent so far.
    Repay {
        nth: usize,
        amount_idr: u32,
    },
}

const PATH_ACCOUNTS: &[&str] = &["1101", "1102", "2102", "3103", "4101", "5201"];

fn path_op() -> impl Strategy<Value = PathOp> {
    let lines = || (0..PATH_ACCOUNTS.len(), 0..PATH_ACCOUNTS.len(), 1u32..3_000_000, 0..3usize);
    prop_oneof![
        4 => lines().prop_map(|(debit, credit, amount_idr, member)| PathOp::Journal { debit, credit, amount_idr, member }),
        2 => lines().prop_map(|(debit, credit, amount_idr, member)| PathOp::Import { debit, credit, amount_idr, member }),
        2 => (1u32..40, 1_000u32..50_000).prop_map(|(units, unit_cost_idr)| PathOp::Buy { units, unit_cost_idr }),
        3 => (1u32..60, 1_000u32..80_000).prop_map(|(units, price_idr)| PathOp::Sell { units, price_idr }),
        3 => (0..3usize, any::<bool>(), 1u32..2_000_000).prop_map(|(member, withdrawal, amount_idr)| PathOp::Savings { member, withdrawal, amount_idr }),
        2 => (0..64usize).prop_map(|nth| PathOp::Reverse { nth }),
        2 => (0..3usize, 10_000u32..1_500_000, 1u32..13).prop_map(|(member, principal_idr, term_months)| PathOp::Lend { member, principal_idr, term_months }),
        3 => (0..64usize, 1u32..400_000).prop_map(|(nth, amount_idr)| PathOp::Repay { nth, amount_idr }),
    ]
}

/// A member loan of `principal_idr` over `term_months` applied for by `actor`, approved by
/// `approver` and paid out of cash on `date`: the loan's number and its disbursement.
async fn lend(
    ledger: &Ledger,
    (actor, approver): (&kube_ledger::usecase::Actor, &kube_ledger::usecase::Actor),
    (entity, member): (u64, u64),
    (principal_idr, term_months): (u32, u32),
    date: NaiveDate,
) -> Result<(u64, kube_ledger::service::Posted), kube_ledger::service::ServiceError> {
    use kube_ledger::usecase::loans::disburse_loan::DisburseLoan;
    use serde_json::json;
    let application = json!({"member_id": member.to_string(), "date": date.to_string(), "principal": principal_idr.to_string(), "term_months": term_months.to_string()});
    let loan = ledger.apply_loan(actor, entity, serde_json::from_value(application).unwrap()).await?.id;
    let approval = json!({"loan": loan.to_string(), "date": date.to_string()});
    ledger.approve_loan(approver, entity, serde_json::from_value(approval).unwrap()).await?;
    let disbursement = serde_json::from_value(json!({"loan": loan.to_string(), "date": date.to_string()})).unwrap();
    Ok((loan, ledger.execute::<DisburseLoan>(actor, entity, disbursement, None).await?))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// After any mix of journals, imports, purchases, sales, savings, member loans and their
    /// repayments, and reversals, every member subledger and the stock equal their control
    /// accounts, the loan register owes what the loan receivable holds, no cash or bank
    /// account is below zero, and `verify` (which checks the same) passes.
    #[test]
    fn books_keep_every_rule_on_every_path(ops in prop::collection::vec(path_op(), 1..40)) {
        use kube_ledger::domain::member::code;
        use kube_ledger::usecase::members::register_member;
        use kube_ledger::usecase::trade::record_purchase::RecordPurchase;
        use kube_ledger::usecase::trade::record_sale::RecordSale;
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            let ledger = Ledger::open(dir.path()).unwrap();
            let kube = kube_ledger::domain::entity::EntityKind::Kube;
            let entity = ledger.create_entity(kube, "KUBE Acak", None).await.unwrap().id;
            let elsewhere = ledger.create_entity(kube, "KUBE Lain", None).await.unwrap().id;
            let actor = admin(&ledger).await;
            let new = |n: usize| register_member::Input {
                number: format!("A-{n}"), name: format!("Anggota {n}"), kind: "klien".into(),
                joined_on: "2026-01-01".into(), ..register_member::Input::default()
            };
            let members = vec![
                ledger.add_member(entity, new(0)).await.unwrap().id,
                ledger.add_member(entity, new(1)).await.unwrap().id,
                ledger.add_member(elsewhere, new(2)).await.unwrap().id,
            ];
            let seed = BalancedEntry::new("2026-01-01".parse().unwrap(), Memo::parse("Hibah").unwrap(), vec![
                Line::debit(code("1101"), Money::parse("2000000").unwrap()),
                Line::credit(code("3103"), Money::parse("2000000").unwrap()),
            ]).unwrap();
            ledger.post(entity, vec![seed], "uji", None).await.unwrap();
            let tahu = product(&ledger, &actor, entity, "TAHU", "barang_jadi").await;
            let date: NaiveDate = "2026-02-01".parse().unwrap();
            let approver = admin_named(&ledger, "uji-kedua").await;
            let terms = serde_json::json!({"effective_from": "2026-01-01", "method": "flat", "monthly_rate_percent": "1.5", "max_term_months": 12, "admin_fee_percent": "1", "savings_multiple": 3});
            use kube_ledger::usecase::loans::set_loan_terms::SetLoanTerms;
            ledger.change::<SetLoanTerms>(&actor, entity, serde_json::from_value(terms).unwrap(), None).await.unwrap();
            let mut loans: Vec<u64> = Vec::new();
            let idr = |n: u32| Money::from_decimal(Decimal::from(n)).unwrap();
            let two_lines = |debit: usize, credit: usize, amount_idr: u32, member: usize| {
                let one = |account: usize, side| {
                    let line = Line::new(code(PATH_ACCOUNTS[account]), side, idr(amount_idr));
                    if PATH_ACCOUNTS[account] == "2102" { line.for_member(members[member]) } else { line }
                };
                vec![one(debit, Side::Debit), one(credit, Side::Credit)]
            };
            let mut posted = Vec::new();
            for op in ops {
                let outcome = match op {
                    PathOp::Journal { debit, credit, amount_idr, member } => {
                        let entry = BalancedEntry::new(date, Memo::parse("Jurnal acak").unwrap(), two_lines(debit, credit, amount_idr, member)).unwrap();
                        ledger.post(entity, vec![entry], "uji", None).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Import { debit, credit, amount_idr, member } => {
                        let mut csv = String::from("entry,date,memo,account,debit,credit,member_id\n");
                        for (n, day) in [(1, "2026-02-01"), (2, "2026-02-02")] {
                            for line in two_lines(debit, credit, amount_idr, member) {
                                let (d, c) = match line.side { Side::Debit => (line.amount.canonical(), String::new()), Side::Credit => (String::new(), line.amount.canonical()) };
                                let member = line.member_id.map(|m| m.to_string()).unwrap_or_default();
                                csv.push_str(&format!("{n},{day},Impor acak,{},{d},{c},{member}\n", line.account));
                            }
                        }
                        let before = ledger.next_seq(entity).unwrap();
                        kube_ledger::service::import::import_journal(&ledger, entity, "acak.csv", &csv, "uji", None).await
                            .ok().map(|_| vec![before, before + 1])
                    }
                    PathOp::Buy { units: n, unit_cost_idr } => {
                        ledger.execute_as_operator::<RecordPurchase>(entity, purchase_of(date, tahu, n, unit_cost_idr), "uji", None).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Sell { units: n, price_idr } => {
                        ledger.execute_as_operator::<RecordSale>(entity, sale_of(date, tahu, n, price_idr), "uji", None).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Savings { member, withdrawal, amount_idr } => {
                        // A member of other books (index 2) is refused: it is not in these books' register.
                        savings(&ledger, &actor, (entity, members[member]), "sukarela", withdrawal, date, Some(idr(amount_idr))).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Reverse { nth } if !posted.is_empty() => {
                        let seq = posted[nth % posted.len()];
                        ledger.reverse(entity, seq, date, Some(Memo::parse("Koreksi acak").unwrap()), "uji", None).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Reverse { .. } => continue,
                    PathOp::Lend { member, principal_idr, term_months } => {
                        match lend(&ledger, (&actor, &approver), (entity, members[member]), (principal_idr, term_months), date).await {
                            Ok((loan, posted)) => {
                                loans.push(loan);
                                Some(posted.entries.iter().map(|e| e.seq).collect())
                            }
                            Err(_) => None,
                        }
                    }
                    PathOp::Repay { nth, amount_idr } if !loans.is_empty() => {
                        use kube_ledger::usecase::loans::repay_member_loan::RepayMemberLoan;
                        let input = serde_json::json!({"loan": loans[nth % loans.len()].to_string(), "date": date.to_string(), "amount": amount_idr.to_string()});
                        ledger.execute::<RepayMemberLoan>(&actor, entity, serde_json::from_value(input).unwrap(), None).await.ok().map(|p| p.entries.iter().map(|e| e.seq).collect())
                    }
                    PathOp::Repay { .. } => continue,
                };
                let seqs: Option<Vec<u64>> = outcome;
                posted.extend(seqs.into_iter().flatten());
                let report = ledger.trial_balance(entity, "2030-01-01".parse().unwrap()).unwrap();
                for account in ["1101", "1102"] {
                    let cash = report.lines.iter().find(|l| l.account == account).map_or(Decimal::ZERO, |l| l.debit - l.credit);
                    prop_assert!(cash >= Decimal::ZERO, "{} went below zero: {}", account, cash);
                }
                let control = report.lines.iter().find(|l| l.account == "2102").map_or(Decimal::ZERO, |l| l.credit - l.debit);
                let mut members_sum = Decimal::ZERO;
                for member in &members[..2] {
                    let balance = ledger.member_balance(*member, "2030-01-01".parse().unwrap()).unwrap();
                    prop_assert!(balance.sukarela >= Decimal::ZERO, "a member's savings never go below zero");
                    members_sum += balance.sukarela;
                }
                prop_assert_eq!(control, members_sum);
                let receivable = report.lines.iter().find(|l| l.account == "1108").map_or(Decimal::ZERO, |l| l.debit - l.credit);
                let owed: Decimal = ledger.member_loans(entity, "2030-01-01".parse().unwrap()).unwrap().iter()
                    .filter_map(|v| v.standing.as_ref()).map(|s| s.outstanding).sum();
                prop_assert_eq!(receivable, owed, "the loan register owes what the receivable holds");
            }
            let verified = kube_ledger::service::verify::verify(ledger.store_for_tests()).unwrap();
            prop_assert!(verified.breaches.is_empty(), "{:?}", verified.breaches);
            Ok(())
        })?;
    }
}

/// A cash sale of `quantity` of `product` at `price_idr`, as the sale command's input.
fn sale_of(
    date: NaiveDate,
    product: u64,
    quantity: u32,
    price_idr: u32,
) -> kube_ledger::usecase::trade::record_sale::Input {
    let line = serde_json::json!({"product_id": product, "quantity": quantity, "unit_price": price_idr});
    serde_json::from_value(serde_json::json!({"date": date.to_string(), "lines": [line]})).expect("a sale's input")
}

/// A cash purchase of `quantity` of `product` at `cost_idr`, as the purchase command's input.
fn purchase_of(
    date: NaiveDate,
    product: u64,
    quantity: u32,
    cost_idr: u32,
) -> kube_ledger::usecase::trade::record_purchase::Input {
    let line = serde_json::json!({"product_id": product, "quantity": quantity, "unit_cost": cost_idr});
    serde_json::from_value(serde_json::json!({"date": date.to_string(), "supplier": "UD", "lines": [line]}))
        .expect("a purchase's input")
}
