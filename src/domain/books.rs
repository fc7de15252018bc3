//! An entity's books in memory: what is needed to check, number and chain new entries.

use super::account::{AccountCode, Chart, Side};
use super::entity::EntityId;
use super::entry::{BalancedEntry, EntryError, EntryErrors, Hash, MemberId, PostedEntry, ProductId, GENESIS_HASH};
use super::money::serialize_canonical;
use super::problem::Problem;
use super::registers::Registers;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Debit and credit sums of one account over some set of lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(serialize_with = "serialize_canonical")]
    pub debit: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub credit: Decimal,
}

impl Totals {
    pub fn add(&mut self, side: Side, amount: Decimal) {
        match side {
            Side::Debit => self.debit += amount,
            Side::Credit => self.credit += amount,
        }
    }

    pub fn merge(&mut self, other: &Totals) {
        self.debit += other.debit;
        self.credit += other.credit;
    }

    /// Debit minus credit.
    pub fn net(&self) -> Decimal {
        self.debit - self.credit
    }
}

/// Running totals per account.
pub type Balances = BTreeMap<AccountCode, Totals>;

/// Adds every line of an entry to per-account totals.
pub fn add_entry(balances: &mut Balances, entry: &BalancedEntry) {
    for line in entry.lines() {
        balances.entry(line.account.clone()).or_default().add(line.side, line.amount.decimal());
    }
}

/// Units and value of one product in one inventory account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    /// Up to three decimals: kept and shown whole, never rounded to cents.
    pub quantity: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub value: Decimal,
}

impl StockLevel {
    /// Moving-average cost of taking `quantity` out: all that is left when it empties
    /// the stock, so no value stays behind without goods; otherwise rounded to the cent,
    /// half away from zero.
    pub fn cost_of(&self, quantity: Decimal) -> Decimal {
        if quantity >= self.quantity {
            return self.value;
        }
        (self.value * quantity / self.quantity)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// Stock per inventory account and product.
pub type Stock = BTreeMap<(AccountCode, ProductId), StockLevel>;

/// Adds the stock lines of an entry to per-product levels.
pub fn add_stock(stock: &mut Stock, entry: &BalancedEntry) {
    for line in entry.lines() {
        if let Some(moved) = line.stock {
            let level = stock.entry((line.account.clone(), moved.product_id)).or_default();
            match line.side {
                Side::Debit => {
                    level.quantity += moved.quantity.decimal();
                    level.value += line.amount.decimal();
                }
                Side::Credit => {
                    level.quantity -= moved.quantity.decimal();
                    level.value -= line.amount.decimal();
                }
            }
        }
    }
}

/// Adds the member lines of an entry to per-member totals.
pub fn add_member_lines(members: &mut BTreeMap<MemberId, Balances>, entry: &BalancedEntry) {
    for line in entry.lines() {
        if let Some(member) = line.member_id {
            let totals = members.entry(member).or_default().entry(line.account.clone()).or_default();
            totals.add(line.side, line.amount.decimal());
        }
    }
}

/// Pokok (3101) and wajib (3102): paid back only when the member leaves.
const LOCKED_SAVINGS: [&str; 2] = [super::member::PRINCIPAL_SAVINGS, super::member::MANDATORY_SAVINGS];

/// A debit as a positive amount, a credit as a negative one.
fn signed(side: Side, amount: Decimal) -> Decimal {
    match side {
        Side::Debit => amount,
        Side::Credit => -amount,
    }
}

/// Member and product ids the entity's registers do not hold, each once.
fn unregistered(entry: &BalancedEntry, registers: &dyn Registers) -> Vec<Problem> {
    let (members, products) = super::registers::named_ids([entry]);
    let members = members.into_iter().filter(|id| registers.member(*id).is_none());
    let products = products.into_iter().filter(|id| !registers.has_product(*id));
    members
        .map(|member_id| Problem::UnknownMember { member_id })
        .chain(products.map(|product_id| Problem::UnknownProduct { product_id }))
        .collect()
}

/// The state that decides whether an entry may be posted and what number and hash it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Books {
    pub entity_id: EntityId,
    pub chart: Chart,
    pub locked_through: Option<NaiveDate>,
    pub next_seq: u64,
    pub last_hash: Hash,
    pub balances: Balances,
    pub member_balances: BTreeMap<MemberId, Balances>,
    pub stock: Stock,
    /// Net movement of each cash and bank account per day, so that a payment dated in the
    /// past is refused when it would take that day's balance, or a later one, below zero.
    pub cash_days: CashDays,
}

/// Net debit movement per cash or bank account and day.
pub type CashDays = BTreeMap<AccountCode, BTreeMap<NaiveDate, Decimal>>;

/// The cash and bank days of stored daily movements: what [`Books::cash_days`] starts from.
pub fn cash_days_of<'a>(chart: &Chart, days: impl IntoIterator<Item = (NaiveDate, &'a Balances)>) -> CashDays {
    let mut cash_days = CashDays::new();
    for (date, movements) in days {
        for (account, totals) in movements.iter().filter(|(account, _)| chart.is_cash_or_bank(account)) {
            *cash_days.entry(account.clone()).or_default().entry(date).or_default() += totals.net();
        }
    }
    cash_days
}

/// Who recorded an entry and when, and whether it undoes another.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub recorded_by: String,
    pub recorded_at: String,
    pub reverses: Option<u64>,
}

impl Books {
    pub fn new(entity_id: EntityId, chart: Chart) -> Books {
        Books {
            entity_id,
            chart,
            locked_through: None,
            next_seq: 1,
            last_hash: GENESIS_HASH,
            balances: Balances::new(),
            member_balances: BTreeMap::new(),
            stock: Stock::new(),
            cash_days: CashDays::new(),
        }
    }

    /// Everything this entity's chart, lock, registers and balances say about an entry;
    /// all problems at once. `reverses` names the entry it undoes, if any: a reversal
    /// may take back pokok or wajib savings a member paid by mistake.
    pub fn check(
        &self,
        entry: &BalancedEntry,
        registers: &dyn Registers,
        reverses: Option<u64>,
    ) -> Result<(), EntryErrors> {
        let mut errors = Vec::new();
        if let Some(locked_through) = self.locked_through.filter(|locked| entry.date() <= *locked) {
            errors.push(EntryError::PeriodLocked { date: entry.date(), locked_through });
        }
        for (index, line) in entry.lines().iter().enumerate() {
            let account = line.account.to_string();
            let number = index + 1;
            match self.chart.get(&line.account) {
                None => errors.push(EntryError::UnknownAccount { line: number, account }),
                Some(_) if !self.chart.is_postable(&line.account) => {
                    errors.push(EntryError::HeaderAccount { line: number, account })
                }
                Some(found) if found.member_subledger && line.member_id.is_none() => {
                    errors.push(EntryError::MemberRequired { line: number, account })
                }
                Some(found) if !found.member_subledger && line.member_id.is_some() => {
                    errors.push(EntryError::MemberNotAllowed { line: number, account })
                }
                Some(found) if found.stock_subledger && line.stock.is_none() => {
                    errors.push(EntryError::StockRequired { line: number, account })
                }
                Some(found) if !found.stock_subledger && line.stock.is_some() => {
                    errors.push(EntryError::StockNotAllowed { line: number, account })
                }
                Some(_) if !self.chart.is_active(&line.account) => {
                    errors.push(EntryError::Refused(Problem::AccountInactive { account }))
                }
                Some(_) => {}
            }
        }
        errors.extend(unregistered(entry, registers).into_iter().map(EntryError::Refused));
        errors.extend(self.stock_shortfalls(entry));
        errors.extend(self.member_shortfalls(entry, registers, reverses).into_iter().map(EntryError::Refused));
        errors.extend(self.cash_shortfalls(entry).into_iter().map(EntryError::Refused));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(EntryErrors(errors))
        }
    }

    /// What the entity owes member `member` on `account` (a credit balance; savings).
    pub fn member_owed(&self, member: MemberId, account: &AccountCode) -> Decimal {
        self.member_balances.get(&member).and_then(|balances| balances.get(account)).map_or(Decimal::ZERO, |t| -t.net())
    }

    /// Net debit balance of an account: what is in the till for cash.
    pub fn debit_balance(&self, account: &AccountCode) -> Decimal {
        self.balances.get(account).map_or(Decimal::ZERO, Totals::net)
    }

    /// Members whose savings (or any balance the entity owes them) the entry would take
    /// below zero, and pokok or wajib taken out before the member's exit.
    fn member_shortfalls(
        &self,
        entry: &BalancedEntry,
        registers: &dyn Registers,
        reverses: Option<u64>,
    ) -> Vec<Problem> {
        let mut taken: BTreeMap<(MemberId, AccountCode), Decimal> = BTreeMap::new();
        for line in entry.lines() {
            let Some(member) = line.member_id else { continue };
            let owed_to_member =
                self.chart.get(&line.account).is_some_and(|a| a.account_type.normal_side() == Side::Credit);
            if owed_to_member {
                *taken.entry((member, line.account.clone())).or_default() += signed(line.side, line.amount.decimal());
            }
        }
        let mut problems = Vec::new();
        for ((member_id, account), needed) in taken.into_iter().filter(|(_, taken)| *taken > Decimal::ZERO) {
            let locked = LOCKED_SAVINGS.contains(&account.as_str()) && reverses.is_none();
            let exited = registers
                .member(member_id)
                .and_then(|member| member.exited_on)
                .is_some_and(|exited| exited <= entry.date());
            if locked && !exited && registers.member(member_id).is_some() {
                problems.push(Problem::SavingsLocked { member_id, account: account.to_string() });
            }
            let balance = self.member_owed(member_id, &account);
            if needed > balance {
                problems.push(Problem::InsufficientSavings {
                    member_id,
                    account: account.to_string(),
                    balance,
                    needed,
                });
            }
        }
        problems
    }

    /// Cash and bank accounts the entry would take below zero.
    fn cash_shortfalls(&self, entry: &BalancedEntry) -> Vec<Problem> {
        let mut taken: BTreeMap<&AccountCode, Decimal> = BTreeMap::new();
        for line in entry.lines().iter().filter(|line| self.chart.is_cash_or_bank(&line.account)) {
            *taken.entry(&line.account).or_default() += signed(line.side, -line.amount.decimal());
        }
        taken.into_iter().filter_map(|(account, needed)| self.cash_shortfall(account, entry.date(), needed)).collect()
    }

    /// Whether paying `needed` out of `account` on `date` leaves it at zero or more at the
    /// end of that day and of every later one; if not, the refusal names the lowest of those
    /// balances, and its day when that is not today's balance (a payment dated in the past).
    pub fn cash_shortfall(&self, account: &AccountCode, date: NaiveDate, needed: Decimal) -> Option<Problem> {
        if needed <= Decimal::ZERO {
            return None;
        }
        let balance = self.debit_balance(account);
        let (mut lowest, mut lowest_on) = (balance, None);
        let (mut end_of_day, mut moved_on_date) = (balance, false);
        // Newest day first: each step takes a day's movement off to reach the day before.
        for (day, movement) in self.cash_days.get(account).into_iter().flat_map(|days| days.range(date..).rev()) {
            if end_of_day < lowest {
                (lowest, lowest_on) = (end_of_day, Some(*day));
            }
            moved_on_date = *day == date;
            end_of_day -= movement;
        }
        // Now the balance at the start of `date`: also its end when nothing else moved then.
        if !moved_on_date && end_of_day < lowest {
            (lowest, lowest_on) = (end_of_day, Some(date));
        }
        (needed > lowest).then(|| {
            let account = account.to_string();
            match lowest_on {
                Some(date) => Problem::InsufficientFundsOn { account, date, balance: lowest, needed },
                None => Problem::InsufficientFunds { account, balance: lowest, needed },
            }
        })
    }

    /// Products the entry would take out beyond what is on hand.
    fn stock_shortfalls(&self, entry: &BalancedEntry) -> Vec<EntryError> {
        let mut after = Stock::new();
        for line in entry.lines() {
            if let Some(moved) = line.stock {
                let key = (line.account.clone(), moved.product_id);
                let on_hand = self.stock.get(&key).copied().unwrap_or_default();
                after.entry(key).or_insert(on_hand);
            }
        }
        let before = after.clone();
        add_stock(&mut after, entry);
        after
            .into_iter()
            .filter(|(_, level)| level.quantity < Decimal::ZERO)
            .map(|((account, product_id), level)| {
                let on_hand = before[&(account.clone(), product_id)].quantity;
                EntryError::InsufficientStock {
                    product_id,
                    account: account.to_string(),
                    on_hand: on_hand.normalize().to_string(),
                    requested: (on_hand - level.quantity).normalize().to_string(),
                }
            })
            .collect()
    }

    /// Checks, numbers, chains and applies an entry; on error nothing changes.
    pub fn post(
        &mut self,
        entry: BalancedEntry,
        stamp: Stamp,
        registers: &dyn Registers,
    ) -> Result<PostedEntry, EntryErrors> {
        self.check(&entry, registers, stamp.reverses)?;
        let mut posted = PostedEntry {
            entity_id: self.entity_id,
            seq: self.next_seq,
            entry,
            reverses: stamp.reverses,
            recorded_by: stamp.recorded_by,
            recorded_at: stamp.recorded_at,
            prev_hash: self.last_hash,
            hash: GENESIS_HASH,
        };
        posted.hash = posted.compute_hash();
        self.apply(&posted);
        Ok(posted)
    }

    /// Takes an already numbered entry into the running state (posting and replay).
    pub fn apply(&mut self, posted: &PostedEntry) {
        assert_eq!(posted.seq, self.next_seq, "entries are applied in sequence");
        add_entry(&mut self.balances, &posted.entry);
        add_member_lines(&mut self.member_balances, &posted.entry);
        add_stock(&mut self.stock, &posted.entry);
        for line in posted.entry.lines().iter().filter(|line| self.chart.is_cash_or_bank(&line.account)) {
            let day = self.cash_days.entry(line.account.clone()).or_default().entry(posted.entry.date()).or_default();
            *day += signed(line.side, line.amount.decimal());
        }
        self.next_seq += 1;
        self.last_hash = posted.hash;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{Line, Memo};
    use crate::domain::money::Money;
    use crate::domain::registers::Register;

    fn books() -> Books {
        Books::new(7, Chart::from_csv(crate::data::COA_KUBE).unwrap())
    }

    fn entry(date: &str, lines: &[(&str, Side, &str, Option<u64>)]) -> BalancedEntry {
        let lines = lines
            .iter()
            .map(|(account, side, amount, member_id)| {
                let line = Line::new(AccountCode::parse(account).unwrap(), *side, Money::parse(amount).unwrap());
                match member_id {
                    Some(member) => line.for_member(*member),
                    None => line,
                }
            })
            .collect();
        BalancedEntry::new(date.parse().unwrap(), Memo::parse("uji").unwrap(), lines).unwrap()
    }

    fn stamp() -> Stamp {
        Stamp { recorded_by: "bendahara".into(), recorded_at: "2026-07-01T00:00:00Z".into(), reverses: None }
    }

    fn member(id: u64, exited_on: Option<&str>) -> crate::domain::member::Member {
        crate::domain::member::Member {
            id,
            entity_id: 7,
            number: crate::domain::member::MemberNumber::parse(&format!("M-{id}")).unwrap(),
            name: "Siti".into(),
            kind: crate::domain::member::MemberKind::Klien,
            nik: None,
            client_number: None,
            phone: None,
            joined_on: "2026-01-01".parse().unwrap(),
            exited_on: exited_on.map(|d| d.parse().unwrap()),
        }
    }

    /// Member 4 of entity 7, still a member.
    fn register() -> Register {
        Register::default().with_member(member(4, None))
    }

    fn refused(errors: EntryErrors) -> Vec<Problem> {
        errors.0.into_iter().filter_map(|e| if let EntryError::Refused(p) = e { Some(p) } else { None }).collect()
    }

    fn funded() -> Books {
        let mut books = books();
        let deposit = entry(
            "2026-07-01",
            &[
                ("1101", Side::Debit, "100000", None),
                ("2102", Side::Credit, "50000", Some(4)),
                ("3101", Side::Credit, "50000", Some(4)),
            ],
        );
        books.post(deposit, stamp(), &register()).unwrap();
        books
    }

    #[test]
    fn a_member_of_no_register_is_refused() {
        let books = books();
        let deposit = entry("2026-07-01", &[("1101", Side::Debit, "10", None), ("2102", Side::Credit, "10", Some(99))]);
        let problems = refused(books.check(&deposit, &register(), None).unwrap_err());
        assert_eq!(problems, [Problem::UnknownMember { member_id: 99 }]);
    }

    #[test]
    fn savings_never_go_below_zero_and_name_the_balance() {
        let books = funded();
        let withdrawal =
            entry("2026-07-02", &[("2102", Side::Debit, "5000000", Some(4)), ("1102", Side::Credit, "5000000", None)]);
        let problems = refused(books.check(&withdrawal, &register(), None).unwrap_err());
        assert_eq!(
            problems,
            [
                Problem::InsufficientSavings {
                    member_id: 4,
                    account: "2102".into(),
                    balance: Decimal::from(50000),
                    needed: Decimal::from(5000000)
                },
                Problem::InsufficientFunds {
                    account: "1102".into(),
                    balance: Decimal::ZERO,
                    needed: Decimal::from(5000000)
                },
            ]
        );
    }

    #[test]
    fn pokok_leaves_only_with_the_exit_or_a_reversal() {
        let books = funded();
        let payout =
            entry("2026-07-03", &[("3101", Side::Debit, "50000", Some(4)), ("1101", Side::Credit, "50000", None)]);
        let problems = refused(books.check(&payout, &register(), None).unwrap_err());
        assert_eq!(problems, [Problem::SavingsLocked { member_id: 4, account: "3101".into() }]);
        let leaving = Register::default().with_member(member(4, Some("2026-07-03")));
        assert_eq!(books.check(&payout, &leaving, None), Ok(()));
        assert_eq!(books.check(&payout, &register(), Some(1)), Ok(()));
    }

    #[test]
    fn cash_never_goes_below_zero() {
        let books = funded();
        let expense =
            entry("2026-07-04", &[("5208", Side::Debit, "5000000", None), ("1101", Side::Credit, "5000000", None)]);
        let problems = refused(books.check(&expense, &register(), None).unwrap_err());
        assert_eq!(
            problems,
            [Problem::InsufficientFunds {
                account: "1101".into(),
                balance: Decimal::from(100000),
                needed: Decimal::from(5000000)
            }]
        );
        let within =
            entry("2026-07-04", &[("5208", Side::Debit, "100000", None), ("1101", Side::Credit, "100000", None)]);
        assert_eq!(books.check(&within, &register(), None), Ok(()));
    }

    #[test]
    fn a_payment_dated_in_the_past_may_not_take_that_day_or_a_later_one_below_zero() {
        // Cash by end of day: 1 Jul 100.000 (funded), 10 Jul 300.000, 12 Jul 150.000.
        let mut books = funded();
        let sale =
            entry("2026-07-10", &[("1101", Side::Debit, "200000", None), ("4101", Side::Credit, "200000", None)]);
        let spent =
            entry("2026-07-12", &[("5208", Side::Debit, "150000", None), ("1101", Side::Credit, "150000", None)]);
        books.post(sale, stamp(), &register()).unwrap();
        books.post(spent, stamp(), &register()).unwrap();
        let pay = |date: &str, amount: &str| {
            let payment = entry(date, &[("5208", Side::Debit, amount, None), ("1101", Side::Credit, amount, None)]);
            books.check(&payment, &register(), None).map_err(refused)
        };
        let on = |date: &str, balance: i64, needed: i64| Problem::InsufficientFundsOn {
            account: "1101".into(),
            date: date.parse().unwrap(),
            balance: Decimal::from(balance),
            needed: Decimal::from(needed),
        };
        // Before the sale only 100.000 was there, though 150.000 is there today.
        assert_eq!(pay("2026-07-05", "120000"), Err(vec![on("2026-07-05", 100000, 120000)]));
        assert_eq!(pay("2026-07-05", "90000"), Ok(()));
        // The same day's sale covers it: days are counted at their end.
        assert_eq!(pay("2026-07-10", "120000"), Ok(()));
        // Today's balance is the lowest from 11 Jul on: named without a day.
        let today = Problem::InsufficientFunds {
            account: "1101".into(),
            balance: Decimal::from(150000),
            needed: Decimal::from(160000),
        };
        assert_eq!(pay("2026-07-11", "160000"), Err(vec![today]));
        // A receipt dated in the past only raises balances.
        let late_sale = entry("2026-07-02", &[("1101", Side::Debit, "5", None), ("4101", Side::Credit, "5", None)]);
        assert_eq!(books.check(&late_sale, &register(), None), Ok(()));
    }

    #[test]
    fn posting_numbers_chains_and_totals() {
        let mut books = books();
        let first = books
            .post(
                entry("2026-07-01", &[("1101", Side::Debit, "100", None), ("4101", Side::Credit, "100", None)]),
                stamp(),
                &register(),
            )
            .unwrap();
        let second = books
            .post(
                entry("2026-07-02", &[("5202", Side::Debit, "40", None), ("1101", Side::Credit, "40", None)]),
                stamp(),
                &register(),
            )
            .unwrap();
        assert_eq!((first.seq, second.seq), (1, 2));
        assert_eq!(second.prev_hash, first.hash);
        assert_eq!(books.balances[&AccountCode::parse("1101").unwrap()].net(), Decimal::from(60));
    }

    #[test]
    fn chart_problems_are_all_reported_and_change_nothing() {
        let mut books = books();
        books.locked_through = Some("2026-06-30".parse().unwrap());
        let before = books.clone();
        let errors = books
            .post(
                entry(
                    "2026-06-30",
                    &[
                        ("9999", Side::Debit, "5", None),
                        ("1100", Side::Credit, "3", None),
                        ("3101", Side::Credit, "2", None),
                    ],
                ),
                stamp(),
                &register(),
            )
            .unwrap_err();
        let codes: Vec<_> = errors.0.iter().map(EntryError::code).collect();
        assert_eq!(codes, ["period_locked", "unknown_account", "header_account", "member_required"]);
        assert_eq!(books, before);
    }

    #[test]
    fn member_lines_feed_the_member_subledger() {
        let mut books = books();
        books
            .post(
                entry("2026-07-01", &[("1101", Side::Debit, "25000", None), ("3101", Side::Credit, "25000", Some(4))]),
                stamp(),
                &register(),
            )
            .unwrap();
        let pokok = &books.member_balances[&4][&AccountCode::parse("3101").unwrap()];
        assert_eq!(pokok.credit, Decimal::from(25000));
    }
}
