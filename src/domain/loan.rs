//! Member loans (simpan pinjam): the terms the bylaws set, a loan's schedule, how a
//! repayment is applied, and how far behind a loan is (collectibility) with the loss
//! allowance it asks for. Pure rules over Decimal; the store keeps the loans, the
//! entries' tags keep their disbursement and repayments.
//!
//! **Rounding.** Every amount of a schedule is in whole rupiah, rounded half away from
//! zero (Rp0,50 up to Rp1): the admin fee, each month's interest, a flat loan's monthly
//! principal and an annuity's instalment. The last instalment takes whatever principal
//! is left, so the principal parts always add up to the loan exactly.

use super::entry::MemberId;
use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Piutang pinjaman anggota: what members owe on their loans (principal and unpaid
/// admin fee), kept per member.
pub const LOAN_RECEIVABLE: &str = "1108";
/// Cadangan kerugian piutang pinjaman: the loss allowance against that receivable.
pub const LOAN_ALLOWANCE: &str = "1109";
/// Pendapatan jasa pinjaman anggota: interest paid by members.
pub const LOAN_INTEREST_INCOME: &str = "4104";
/// Pendapatan administrasi pinjaman: the admin fee, earned at disbursement.
pub const LOAN_FEE_INCOME: &str = "4105";
/// Beban penyisihan kerugian piutang: what raising (or releasing) the allowance costs.
pub const LOAN_ALLOWANCE_EXPENSE: &str = "5213";

/// The longest term the bylaws may allow, in months.
pub const TERM_MONTHS_MAX: u32 = 120;

/// How interest is reckoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Bunga flat: each month's interest on the original principal; equal principal parts.
    Flat,
    /// Bunga efektif, anuitas: each month's interest on the principal still owed; equal
    /// instalments.
    Annuity,
}

/// The five classes of OJK and Kemenkop practice, by days past due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collectibility {
    Lancar,
    DalamPerhatianKhusus,
    KurangLancar,
    Diragukan,
    Macet,
}

impl Collectibility {
    pub const ALL: [Collectibility; 5] = [
        Collectibility::Lancar,
        Collectibility::DalamPerhatianKhusus,
        Collectibility::KurangLancar,
        Collectibility::Diragukan,
        Collectibility::Macet,
    ];

    /// The class's message suffix and API word.
    pub fn code(self) -> &'static str {
        match self {
            Collectibility::Lancar => "lancar",
            Collectibility::DalamPerhatianKhusus => "dalam_perhatian_khusus",
            Collectibility::KurangLancar => "kurang_lancar",
            Collectibility::Diragukan => "diragukan",
            Collectibility::Macet => "macet",
        }
    }

    fn index(self) -> usize {
        Collectibility::ALL.iter().position(|c| *c == self).expect("every class is listed")
    }
}

/// The policy on arrears: the last day past due of each class before macet, and the
/// allowance each class asks for, as a percentage of what is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectibilityPolicy {
    /// Dalam perhatian khusus runs from 1 day to this many days past due.
    pub dpk_days_max: u32,
    pub kurang_lancar_days_max: u32,
    /// Beyond this: macet.
    pub diragukan_days_max: u32,
    /// Per class, in the order of [`Collectibility::ALL`].
    pub allowance_percent: [Decimal; 5],
}

impl Default for CollectibilityPolicy {
    /// Days as OJK and Kemenkop class loans (lancar 0, DPK 1–90, kurang lancar 91–120,
    /// diragukan 121–180, macet beyond); the allowance as OJK's PPAP asks (1, 5, 15, 50
    /// and 100 percent).
    fn default() -> CollectibilityPolicy {
        let percent = |n: i64| Decimal::from(n);
        CollectibilityPolicy {
            dpk_days_max: 90,
            kurang_lancar_days_max: 120,
            diragukan_days_max: 180,
            allowance_percent: [percent(1), percent(5), percent(15), percent(50), percent(100)],
        }
    }
}

impl CollectibilityPolicy {
    pub fn class(&self, days_past_due: i64) -> Collectibility {
        match days_past_due {
            d if d <= 0 => Collectibility::Lancar,
            d if d <= self.dpk_days_max.into() => Collectibility::DalamPerhatianKhusus,
            d if d <= self.kurang_lancar_days_max.into() => Collectibility::KurangLancar,
            d if d <= self.diragukan_days_max.into() => Collectibility::Diragukan,
            _ => Collectibility::Macet,
        }
    }

    /// The allowance a class asks for on `outstanding`, in whole rupiah.
    pub fn allowance(&self, class: Collectibility, outstanding: Decimal) -> Decimal {
        rupiah(outstanding * self.allowance_percent[class.index()] / Decimal::ONE_HUNDRED)
    }

    /// Whether the classes' days rise: 1 ≤ DPK < kurang lancar < diragukan.
    pub fn is_ordered(&self) -> bool {
        1 <= self.dpk_days_max
            && self.dpk_days_max < self.kurang_lancar_days_max
            && self.kurang_lancar_days_max < self.diragukan_days_max
    }
}

/// The loan terms of the bylaws, in force from a date until the next version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanTerms {
    pub effective_from: NaiveDate,
    pub method: Method,
    /// Interest per month, in percent (1,5 = 1,5% a month).
    pub monthly_rate_percent: Decimal,
    pub max_term_months: u32,
    /// Of the principal, earned at disbursement and due with the first instalment.
    pub admin_fee_percent: Decimal,
    /// A member may owe at most this many times their savings (pokok + wajib + sukarela).
    pub savings_multiple: u32,
    pub collectibility: CollectibilityPolicy,
}

impl LoanTerms {
    pub fn admin_fee(&self, principal: Decimal) -> Decimal {
        rupiah(principal * self.admin_fee_percent / Decimal::ONE_HUNDRED)
    }

    /// The most a member with `savings` may owe in all.
    pub fn limit(&self, savings: Decimal) -> Decimal {
        savings * Decimal::from(self.savings_multiple)
    }

    /// The schedule of a loan of `principal` over `term_months`, disbursed on `disbursed_on`.
    pub fn schedule(&self, principal: Decimal, term_months: u32, disbursed_on: NaiveDate) -> Vec<Instalment> {
        schedule(
            self.method,
            principal,
            self.admin_fee(principal),
            self.monthly_rate_percent / Decimal::ONE_HUNDRED,
            term_months,
            disbursed_on,
        )
    }
}

/// The version of the terms in force on `date`.
pub fn terms_on(history: &[LoanTerms], date: NaiveDate) -> Option<&LoanTerms> {
    history.iter().filter(|t| t.effective_from <= date).max_by_key(|t| t.effective_from)
}

/// Rounded to whole rupiah, half away from zero.
pub fn rupiah(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Fees, interest and principal: of an instalment, of what was paid, of a repayment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub fee: Decimal,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub interest: Decimal,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub principal: Decimal,
}

impl Parts {
    pub fn total(&self) -> Decimal {
        self.fee + self.interest + self.principal
    }

    fn add(&self, other: &Parts) -> Parts {
        Parts {
            fee: self.fee + other.fee,
            interest: self.interest + other.interest,
            principal: self.principal + other.principal,
        }
    }

    fn less(&self, other: &Parts) -> Parts {
        Parts {
            fee: self.fee - other.fee,
            interest: self.interest - other.interest,
            principal: self.principal - other.principal,
        }
    }
}

/// One month's instalment (angsuran).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instalment {
    pub number: u32,
    pub due_on: NaiveDate,
    #[serde(flatten)]
    pub parts: Parts,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub total: Decimal,
    /// Principal still owed after this instalment.
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub balance: Decimal,
}

/// The schedule: instalment `k` falls due `k` months after disbursement (the month's last
/// day when it is shorter); the admin fee is due with the first.
pub fn schedule(
    method: Method,
    principal: Decimal,
    fee: Decimal,
    rate: Decimal,
    term_months: u32,
    disbursed_on: NaiveDate,
) -> Vec<Instalment> {
    let n = term_months.max(1);
    let flat_principal = rupiah(principal / Decimal::from(n));
    let annuity = annuity_instalment(principal, rate, n);
    let mut balance = principal;
    (1..=n)
        .map(|number| {
            let interest = match method {
                Method::Flat => rupiah(principal * rate),
                Method::Annuity => rupiah(balance * rate),
            };
            let principal_part = match (number == n, method) {
                (true, _) => balance,
                (false, Method::Flat) => flat_principal.min(balance),
                (false, Method::Annuity) => (annuity - interest).max(Decimal::ZERO).min(balance),
            };
            balance -= principal_part;
            let parts =
                Parts { fee: if number == 1 { fee } else { Decimal::ZERO }, interest, principal: principal_part };
            Instalment { number, due_on: disbursed_on + Months::new(number), parts, total: parts.total(), balance }
        })
        .collect()
}

/// The annuity's equal instalment, P·r / (1 − (1 + r)^−n), in whole rupiah; P/n at no interest.
fn annuity_instalment(principal: Decimal, rate: Decimal, n: u32) -> Decimal {
    if rate.is_zero() {
        return rupiah(principal / Decimal::from(n));
    }
    let growth = (0..n).fold(Decimal::ONE, |acc, _| acc * (Decimal::ONE + rate));
    rupiah(principal * rate * growth / (growth - Decimal::ONE))
}

/// How `total_paid` falls on the schedule: instalment by instalment, oldest first, and
/// within each its fee, then its interest, then its principal. A repayment is what this
/// gives after it less what it gave before, so payments are applied fees → interest →
/// principal, and paying ahead pays the coming instalments' interest too (a flat loan's
/// interest is owed in full, as its contract says).
pub fn applied(schedule: &[Instalment], total_paid: Decimal) -> Parts {
    let mut left = total_paid;
    let mut applied = Parts::default();
    for instalment in schedule {
        for (part, due) in [
            (&mut applied.fee, instalment.parts.fee),
            (&mut applied.interest, instalment.parts.interest),
            (&mut applied.principal, instalment.parts.principal),
        ] {
            let taken = due.min(left);
            *part += taken;
            left -= taken;
        }
    }
    applied
}

/// What is still owed on the whole schedule after `total_paid`.
pub fn owed(schedule: &[Instalment], total_paid: Decimal) -> Decimal {
    let due: Decimal = schedule.iter().map(|i| i.total).sum();
    (due - total_paid).max(Decimal::ZERO)
}

/// A repayment of `amount` after `paid_before` has been paid: its fee, interest and
/// principal; refused (with what is owed) when it is more than the schedule still asks.
pub fn allocate(schedule: &[Instalment], paid_before: Decimal, amount: Decimal) -> Result<Parts, Decimal> {
    let left = owed(schedule, paid_before);
    if amount > left {
        return Err(left);
    }
    Ok(applied(schedule, paid_before + amount).less(&applied(schedule, paid_before)))
}

/// How a loan stands on a day: what was due before it and is unpaid, since when, and
/// what is still owed on the receivable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub as_of: NaiveDate,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub paid: Decimal,
    /// Instalments due before `as_of`, less what was paid.
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub arrears: Decimal,
    /// From the due date of the oldest instalment not fully paid, when it is past.
    pub days_past_due: i64,
    pub collectibility: Collectibility,
    /// The receivable: principal and fee not yet paid.
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub outstanding: Decimal,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub allowance: Decimal,
}

/// The loan's standing at the end of `as_of`, with `paid` repaid by then. An instalment
/// due on `as_of` itself is not yet late.
pub fn standing(schedule: &[Instalment], policy: &CollectibilityPolicy, paid: Decimal, as_of: NaiveDate) -> Standing {
    let mut cumulative = Decimal::ZERO;
    let mut days_past_due = 0;
    let mut due_before = Decimal::ZERO;
    for instalment in schedule.iter().filter(|i| i.due_on < as_of) {
        cumulative += instalment.total;
        due_before = cumulative;
        if cumulative > paid && days_past_due == 0 {
            days_past_due = (as_of - instalment.due_on).num_days();
        }
    }
    let fee_and_principal = schedule.iter().fold(Parts::default(), |sum, i| sum.add(&i.parts));
    let repaid = applied(schedule, paid);
    let outstanding = fee_and_principal.fee + fee_and_principal.principal - repaid.fee - repaid.principal;
    let collectibility = policy.class(days_past_due);
    Standing {
        as_of,
        paid,
        arrears: (due_before - paid).max(Decimal::ZERO),
        days_past_due,
        collectibility,
        outstanding,
        allowance: policy.allowance(collectibility, outstanding),
    }
}

/// A member's loan as the register keeps it: applied for, then approved by someone else.
/// Its disbursement and repayments are entries, tagged with the loan's number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLoan {
    /// Numbered 1, 2, … within the entity.
    pub id: u64,
    pub member_id: MemberId,
    pub applied_on: NaiveDate,
    #[serde(serialize_with = "super::money::serialize_canonical")]
    pub principal: Decimal,
    pub term_months: u32,
    pub purpose: Option<String>,
    /// The version of the bylaws in force on the application date.
    pub terms: LoanTerms,
    /// Who recorded the application.
    pub recorded_by: String,
    pub approval: Option<Approval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: String,
    pub on: NaiveDate,
}

impl MemberLoan {
    pub fn admin_fee(&self) -> Decimal {
        self.terms.admin_fee(self.principal)
    }

    pub fn schedule(&self, disbursed_on: NaiveDate) -> Vec<Instalment> {
        self.terms.schedule(self.principal, self.term_months, disbursed_on)
    }
}

/// A loan with what its entries say: when it was paid out, and each repayment not
/// reversed, as applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanState {
    pub loan: MemberLoan,
    /// The disbursement entry and its date.
    pub disbursed: Option<(u64, NaiveDate)>,
    /// Each repayment entry, its date and how it was applied.
    pub repayments: Vec<(u64, NaiveDate, Parts)>,
}

impl LoanState {
    pub fn new(loan: MemberLoan) -> LoanState {
        LoanState { loan, disbursed: None, repayments: Vec::new() }
    }

    /// `applied`, `approved`, `disbursed` (owing) or `paid` (nothing left).
    pub fn status(&self) -> &'static str {
        match (&self.loan.approval, self.schedule()) {
            (None, _) => "applied",
            (Some(_), None) => "approved",
            (Some(_), Some(schedule)) if owed(&schedule, self.paid_through(None)).is_zero() => "paid",
            (Some(_), Some(_)) => "disbursed",
        }
    }

    /// The schedule, once the loan is paid out.
    pub fn schedule(&self) -> Option<Vec<Instalment>> {
        self.disbursed.map(|(_, on)| self.loan.schedule(on))
    }

    /// What was repaid by the end of `date` (all of it for `None`).
    pub fn paid_through(&self, date: Option<NaiveDate>) -> Decimal {
        let counts = |on: &NaiveDate| date.is_none_or(|date| *on <= date);
        self.repayments.iter().filter(|(_, on, _)| counts(on)).map(|(_, _, parts)| parts.total()).sum()
    }

    /// Where the loan stands at the end of `as_of`; `None` before it is paid out.
    pub fn standing(&self, as_of: NaiveDate) -> Option<Standing> {
        let schedule = self.schedule().filter(|_| self.disbursed.is_some_and(|(_, on)| on <= as_of))?;
        Some(standing(&schedule, &self.loan.terms.collectibility, self.paid_through(Some(as_of)), as_of))
    }

    /// What the member still owes on the loan's principal and fee: what it adds to the
    /// receivable, or would add once paid out.
    pub fn owed_on_receivable(&self) -> Decimal {
        match self.schedule() {
            None => self.loan.principal + self.loan.admin_fee(),
            Some(schedule) => {
                let repaid = applied(&schedule, self.paid_through(None));
                self.loan.principal + self.loan.admin_fee() - repaid.fee - repaid.principal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn amount(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn terms(method: Method, rate: &str, fee: &str) -> LoanTerms {
        LoanTerms {
            effective_from: day("2026-01-01"),
            method,
            monthly_rate_percent: amount(rate),
            max_term_months: 24,
            admin_fee_percent: amount(fee),
            savings_multiple: 3,
            collectibility: CollectibilityPolicy::default(),
        }
    }

    fn rows(schedule: &[Instalment]) -> Vec<(String, i64, i64, i64, i64)> {
        let whole = |d: Decimal| i64::try_from(d).unwrap();
        schedule
            .iter()
            .map(|i| {
                (
                    i.due_on.to_string(),
                    whole(i.parts.fee),
                    whole(i.parts.interest),
                    whole(i.parts.principal),
                    whole(i.total),
                )
            })
            .collect()
    }

    #[test]
    fn a_flat_loan_pays_equal_principal_and_the_last_instalment_absorbs_the_rounding() {
        // Rp1.000.000 over 12 months at 1,5% flat, admin fee 1%:
        //   fee = 1.000.000 × 1% = 10.000, with the first instalment;
        //   interest = 1.000.000 × 1,5% = 15.000 every month;
        //   principal = 1.000.000 / 12 = 83.333,33 → 83.333; the 12th = 1.000.000 − 11 × 83.333 = 83.337.
        let schedule = terms(Method::Flat, "1.5", "1").schedule(amount("1000000"), 12, day("2026-01-31"));
        let rows = rows(&schedule);
        assert_eq!(rows[0], ("2026-02-28".into(), 10_000, 15_000, 83_333, 108_333));
        assert_eq!(rows[1], ("2026-03-31".into(), 0, 15_000, 83_333, 98_333));
        assert_eq!(rows[11], ("2027-01-31".into(), 0, 15_000, 83_337, 98_337));
        let principal: Decimal = schedule.iter().map(|i| i.parts.principal).sum();
        assert_eq!((principal, schedule[11].balance), (amount("1000000"), Decimal::ZERO));
    }

    #[test]
    fn an_annuity_pays_equal_instalments_with_interest_on_what_is_left() {
        // Rp1.000.000 over 3 months at 1% a month effective, no fee:
        //   A = 1.000.000 × 0,01 × 1,01³ / (1,01³ − 1) = 10.000 × 1,030301 / 0,030301
        //     = 340.022,11 → 340.022;
        //   month 1: interest 1.000.000 × 1% = 10.000, principal 330.022, left 669.978;
        //   month 2: interest 6.699,78 → 6.700, principal 333.322, left 336.656;
        //   month 3: interest 3.366,56 → 3.367, principal the 336.656 left: 340.023.
        let schedule = terms(Method::Annuity, "1", "0").schedule(amount("1000000"), 3, day("2026-03-10"));
        assert_eq!(
            rows(&schedule),
            [
                ("2026-04-10".into(), 0, 10_000, 330_022, 340_022),
                ("2026-05-10".into(), 0, 6_700, 333_322, 340_022),
                ("2026-06-10".into(), 0, 3_367, 336_656, 340_023),
            ]
        );
    }

    #[test]
    fn a_repayment_goes_to_the_fee_then_interest_then_principal() {
        // The flat loan above: 108.333 due first (fee 10.000, interest 15.000, principal 83.333).
        let schedule = terms(Method::Flat, "1.5", "1").schedule(amount("1000000"), 12, day("2026-01-31"));
        // 20.000 first: the fee 10.000, then 10.000 of the interest.
        let first = allocate(&schedule, Decimal::ZERO, amount("20000")).unwrap();
        assert_eq!((first.fee, first.interest, first.principal), (amount("10000"), amount("10000"), Decimal::ZERO));
        // 100.000 next: the first interest's other 5.000, its principal 83.333, and the
        // 100.000 − 5.000 − 83.333 = 11.667 left to the second instalment's interest.
        let next = allocate(&schedule, amount("20000"), amount("100000")).unwrap();
        assert_eq!((next.fee, next.interest, next.principal), (Decimal::ZERO, amount("16667"), amount("83333")));
        // The whole schedule owes 10.000 + 12 × 15.000 + 1.000.000 = 1.190.000.
        assert_eq!(allocate(&schedule, Decimal::ZERO, amount("1190001")), Err(amount("1190000")));
    }

    #[test]
    fn a_late_instalment_moves_the_loan_through_the_classes() {
        // The annuity above, due 10 April, 10 May, 10 June; the first paid, nothing after.
        let policy = CollectibilityPolicy::default();
        let schedule = terms(Method::Annuity, "1", "0").schedule(amount("1000000"), 3, day("2026-03-10"));
        let paid = amount("340022");
        let on = |date: &str| standing(&schedule, &policy, paid, day(date));
        // Due on 10 May and not late that day; one day after, DPK.
        assert_eq!((on("2026-05-10").days_past_due, on("2026-05-10").collectibility), (0, Collectibility::Lancar));
        let late = on("2026-05-11");
        assert_eq!(
            (late.days_past_due, late.collectibility, late.arrears),
            (1, Collectibility::DalamPerhatianKhusus, paid)
        );
        // Receivable: 1.000.000 − 330.022 = 669.978; DPK asks 5%: 33.498,90 → 33.499.
        assert_eq!((late.outstanding, late.allowance), (amount("669978"), amount("33499")));
        // 10 May + 91 days = 9 August: kurang lancar; + 121 = 8 September: diragukan;
        // + 181 = 7 November: macet, 100% of 669.978.
        assert_eq!(on("2026-08-08").collectibility, Collectibility::DalamPerhatianKhusus);
        assert_eq!(on("2026-08-09").collectibility, Collectibility::KurangLancar);
        assert_eq!(on("2026-09-08").collectibility, Collectibility::Diragukan);
        let lost = on("2026-11-07");
        assert_eq!((lost.collectibility, lost.allowance), (Collectibility::Macet, amount("669978")));
        // Both late instalments paid: lancar again, 1% of the 336.656 left → 3.366,56 → 3.367.
        let caught_up = standing(&schedule, &policy, amount("680044"), day("2026-06-01"));
        assert_eq!((caught_up.collectibility, caught_up.allowance), (Collectibility::Lancar, amount("3367")));
    }

    #[test]
    fn the_limit_is_a_multiple_of_savings_and_the_latest_terms_apply() {
        let early = terms(Method::Flat, "1.5", "1");
        let later = LoanTerms { effective_from: day("2026-07-01"), savings_multiple: 5, ..early.clone() };
        let history = [early, later];
        assert_eq!(terms_on(&history, day("2026-06-30")).unwrap().limit(amount("200000")), amount("600000"));
        assert_eq!(terms_on(&history, day("2026-07-01")).unwrap().limit(amount("200000")), amount("1000000"));
        assert!(terms_on(&history, day("2025-12-31")).is_none());
    }
}
