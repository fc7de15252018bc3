//! Why a request is refused, as a code with typed arguments. The words a user reads live
//! in the message catalogue under the code (`locales/*/errors.ftl`), so the API, the
//! pages and the CLI say the same thing in the user's language.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One thing wrong with a request. Its `code` is the message id and the API's `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The field is empty or missing.
    Required,
    /// The request's shape is wrong (an unknown field, a list where text belongs).
    Malformed {
        detail: String,
    },
    InvalidDate {
        text: String,
    },
    /// An amount that is not a number of rupiah with at most two decimals.
    InvalidAmount {
        text: String,
    },
    AmountNotPositive,
    /// Text longer than allowed, or with control or format characters.
    InvalidText {
        max_chars: usize,
    },
    InvalidAccountCode {
        text: String,
    },
    UnknownAccount {
        account: String,
    },
    /// An account a use case cannot post to this way (e.g. not an expense account).
    WrongAccount {
        account: String,
        expected: AccountRole,
    },
    InsufficientFunds {
        account: String,
        balance: Decimal,
        needed: Decimal,
    },
    /// A payment dated in the past that would take that day's balance, or a later day's,
    /// below zero: `balance` is the lowest end-of-day balance from then on, on `date`.
    InsufficientFundsOn {
        account: String,
        date: NaiveDate,
        balance: Decimal,
        needed: Decimal,
    },
    PeriodLocked {
        date: NaiveDate,
        locked_through: NaiveDate,
    },
    /// A word that is not one of the field's choices; `allowed` lists them.
    UnknownChoice {
        text: String,
        allowed: &'static str,
    },
    /// A date outside the years the books keep (`BookDate`).
    DateOutOfRange {
        text: String,
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    /// A line names a member that is not in this entity's register.
    UnknownMember {
        member_id: u64,
    },
    /// A line names a product that is not in this entity's register.
    UnknownProduct {
        product_id: u64,
    },
    /// A member's savings (or other balance the entity owes them) would go below zero.
    InsufficientSavings {
        member_id: u64,
        account: String,
        balance: Decimal,
        needed: Decimal,
    },
    /// Pokok and wajib savings leave only with the member's exit.
    SavingsLocked {
        member_id: u64,
        account: String,
    },
    /// An amount that may be zero but not below (a counted cash).
    AmountNegative,
    /// An account deactivated in the entity's chart.
    AccountInactive {
        account: String,
    },
    /// A code the chart already has.
    DuplicateAccount {
        account: String,
    },
    /// A new account's parent is missing or of another type.
    WrongParent {
        account: String,
        parent: String,
    },
    /// An account that must be empty for the change (deactivated, or made a header).
    AccountHasBalance {
        account: String,
        balance: Decimal,
    },
    /// A whole number outside the field's range (months of a loan, periods of wajib).
    OutOfRange {
        text: String,
        min: u64,
        max: u64,
    },
    /// A percentage that is not a number from 0 to 100 with at most 4 decimals.
    InvalidPercent {
        text: String,
    },
    /// A version of the bylaws already starts on this date.
    VersionTaken {
        date: NaiveDate,
    },
    /// Not a Kemendagri region code down to the kabupaten/kota (`33.74`, `33.74.01.1001`).
    InvalidRegionCode {
        text: String,
    },
    /// Not a number of exactly `digits` digits (NIK koperasi, NIB).
    InvalidDigits {
        text: String,
        digits: u32,
    },
    /// A part of an identity that an entity of this kind does not have.
    NotForKind {
        kind: &'static str,
    },
    /// Not a hub's address (`http://host:port`).
    HubAddress {
        text: String,
    },
    /// The hub did not answer.
    HubUnreachable {
        address: String,
    },
    /// The hub refused, in its words.
    HubRefused {
        reason: String,
    },
    /// The SHU of a year is allocated once its year is closed, not before.
    YearNotClosed {
        year: i32,
    },
    /// The year's SHU is already allocated (by a RAT, or at its close as before the RAT step).
    ShuAlreadyAllocated {
        year: i32,
    },
    /// The RAT that decides a year's SHU meets after that year's 31 December.
    RatBeforeYearEnd {
        year: i32,
        rat_date: NaiveDate,
    },
    /// A closed year's SHU still waits for the RAT's decision (before the next close or a reopen).
    ShuAwaitingRat {
        year: i32,
    },
    /// The entry named has no (unreversed) debit on the fixed-asset account named.
    NotAnAssetEntry {
        seq: u64,
        account: String,
    },
    /// The entry's asset on that account is already in the register.
    AssetRegistered {
        seq: u64,
    },
    /// A useful life of 1 to `max` months.
    InvalidUsefulLife {
        max: u64,
    },
    /// A residual value above the cost.
    ResidualAboveCost {
        cost: Decimal,
    },
    /// A month written other than `YYYY-MM`.
    InvalidMonth {
        text: String,
    },
    /// Depreciation runs for a month only once it has ended, once.
    MonthNotEnded {
        month: String,
    },
    DepreciationPosted {
        month: String,
    },
    /// No asset of the register came from this entry on this account.
    UnknownAsset {
        seq: u64,
    },
    /// The asset has already left the books.
    AssetDisposed {
        seq: u64,
    },
    /// An asset leaves the books no earlier than it came.
    DisposalBeforeAcquisition {
        acquired_on: NaiveDate,
    },
    /// A product's code that is not 1–20 letters, digits, `-` or `.`.
    InvalidCode {
        text: String,
    },
    /// A unit of measure that is not 1–20 letters.
    InvalidUnit {
        text: String,
    },
    /// An account an SHU fund cannot go to: not postable, or a member's or stock's.
    FundAccount {
        account: String,
    },
    /// A member number that cannot be a member login (not letters, a hyphen, digits).
    MemberLoginShape {
        login: String,
    },
    /// A staff username in the shape kept for member logins.
    StaffUsernameShape {
        username: String,
    },
    /// A purchase without a line of an amount above zero.
    EmptyPurchase,
    /// A quantity that is not a number more than zero (`1,5` and `1.5` are).
    InvalidQuantity {
        text: String,
    },
    /// More of a product than is in stock.
    InsufficientStock {
        product: String,
        unit: String,
        on_hand: String,
        requested: String,
    },
    /// A record's number that is not a whole number.
    InvalidId {
        text: String,
    },
    /// More lines than one request may carry.
    TooManyLines {
        max: usize,
    },
    /// A member number that is not 1–20 letters, digits, `-`, `.` or `/`.
    InvalidMemberNumber {
        text: String,
    },
    /// Not a NIK: 16 digits whose 7th–12th are a birth date.
    InvalidNik {
        text: String,
    },
    /// A phone number that is not 8–15 digits, with a `+` before them or not.
    InvalidPhone {
        text: String,
    },
    /// A username that is not 3–64 lower-case letters, digits, `.`, `_` or `-`.
    InvalidUsername {
        text: String,
    },
    /// A password shorter than 8 characters.
    WeakPassword,
    /// No staff login of this username.
    UnknownUser {
        username: String,
    },
    /// An admin's own login cannot be disabled from their own session.
    OwnLogin,
    /// A login an admin disabled: its password is right, but it signs in no more.
    LoginDisabled {
        username: String,
    },
    /// No version of the loan terms is in force on the date.
    NoLoanTerms {
        date: NaiveDate,
    },
    /// More than the member may owe: `limit` is their savings times the bylaws' multiple,
    /// `owed` what their other loans already take of it.
    LoanAboveLimit {
        limit: Decimal,
        savings: Decimal,
        owed: Decimal,
    },
    /// A loan is approved by a second person, not the one who recorded it (or its member).
    LoanApproverIsRecorder {
        recorded_by: String,
        approver: String,
    },
    /// No loan of this number in these books.
    UnknownLoan {
        loan: u64,
    },
    /// The step does not fit where the loan stands: `status` is `applied`, `approved`,
    /// `disbursed` or `paid`, each its own code (`loan_status_applied`, …).
    LoanStatus {
        loan: u64,
        status: &'static str,
    },
    /// More than the loan's schedule still asks.
    RepaymentAboveOwed {
        owed: Decimal,
    },
    /// A loan's step dated before the step it follows.
    LoanDateBefore {
        earliest: NaiveDate,
    },
    /// The days of the collectibility classes must rise: 1 ≤ DPK < kurang lancar < diragukan.
    CollectibilityDays,
    /// The loss allowance of a month is posted once.
    AllowancePosted {
        month: String,
    },
    /// The allowance already stands at what the policy asks for the month.
    AllowanceUnchanged {
        month: String,
    },
    /// Not a report period's key such as `2026-TW1`, `2026-SM2` or `2026-TH`.
    InvalidPeriod {
        text: String,
    },
    /// A field of a panti's empowerment report that breaks its rule: `expected` selects
    /// the words, `detail` is what was typed (or, for a note, its limit).
    InvalidReport {
        expected: ReportRule,
        detail: String,
    },
}

/// What a field of the empowerment report must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportRule {
    /// The first month reported on, `YYYY-MM` in 2000–2100.
    StartMonth,
    /// The days after a period's end a report may take, 1–90.
    DueDays,
    /// The stage of empowerment: awal or mapan.
    Stage,
    /// A note that must be given, up to its limit.
    Note,
    /// A field of empowerment activity (bidang): sdm, lingkungan, …
    Field,
    /// A name, position or other short text that must be given, up to its limit.
    Text,
    /// The year of a plan, 2000–2100.
    Year,
    /// A need's kind: peralatan, bibit, bahan_baku or biaya.
    NeedKind,
    /// A need's funding source: dipa_panti, kemensos, …
    FundingSource,
    /// A need's amount, more than zero.
    PositiveNeed,
    /// A list no longer than its limit.
    TooMany,
}

impl ReportRule {
    const ALL: [ReportRule; 11] = [
        ReportRule::StartMonth,
        ReportRule::DueDays,
        ReportRule::Stage,
        ReportRule::Note,
        ReportRule::Field,
        ReportRule::Text,
        ReportRule::Year,
        ReportRule::NeedKind,
        ReportRule::FundingSource,
        ReportRule::PositiveNeed,
        ReportRule::TooMany,
    ];

    fn code(self) -> &'static str {
        match self {
            ReportRule::StartMonth => "start_month",
            ReportRule::DueDays => "due_days",
            ReportRule::Stage => "stage",
            ReportRule::Note => "note",
            ReportRule::Field => "field",
            ReportRule::Text => "text",
            ReportRule::Year => "year",
            ReportRule::NeedKind => "need_kind",
            ReportRule::FundingSource => "funding_source",
            ReportRule::PositiveNeed => "positive_need",
            ReportRule::TooMany => "too_many",
        }
    }
}

/// What an account must be for the use case that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountRole {
    /// An expense account (beban) that takes postings.
    Expense,
    /// Cash on hand or the bank (kas, bank).
    CashOrBank,
}

impl AccountRole {
    fn code(self) -> &'static str {
        match self {
            AccountRole::Expense => "expense",
            AccountRole::CashOrBank => "cash_or_bank",
        }
    }
}

/// A typed argument of a message; the catalogue formats it for the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    /// Rupiah, formatted the Indonesian way in both languages (`Rp1.500.000`).
    Money(Decimal),
    Count(u64),
    Date(NaiveDate),
}

impl Problem {
    /// The snake_case code: the API's `code` and the message id in the catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::Malformed { .. } => "malformed",
            Problem::InvalidDate { .. } => "invalid_date",
            Problem::InvalidAmount { .. } => "invalid_amount",
            Problem::AmountNotPositive => "amount_not_positive",
            Problem::InvalidText { .. } => "invalid_text",
            Problem::InvalidAccountCode { .. } => "invalid_account_code",
            Problem::UnknownAccount { .. } => "unknown_account",
            Problem::WrongAccount { .. } => "wrong_account",
            Problem::InsufficientFunds { .. } => "insufficient_funds",
            Problem::InsufficientFundsOn { .. } => "insufficient_funds_on",
            Problem::PeriodLocked { .. } => "period_locked",
            Problem::UnknownChoice { .. } => "unknown_choice",
            Problem::DateOutOfRange { .. } => "date_out_of_range",
            Problem::UnknownMember { .. } => "unknown_member",
            Problem::UnknownProduct { .. } => "unknown_product",
            Problem::InsufficientSavings { .. } => "insufficient_savings",
            Problem::SavingsLocked { .. } => "savings_locked",
            Problem::AmountNegative => "amount_negative",
            Problem::AccountInactive { .. } => "account_inactive",
            Problem::DuplicateAccount { .. } => "duplicate_account",
            Problem::WrongParent { .. } => "wrong_parent",
            Problem::AccountHasBalance { .. } => "account_has_balance",
            Problem::OutOfRange { .. } => "out_of_range",
            Problem::InvalidPercent { .. } => "invalid_percent",
            Problem::VersionTaken { .. } => "version_taken",
            Problem::InvalidRegionCode { .. } => "invalid_region_code",
            Problem::InvalidDigits { .. } => "invalid_digits",
            Problem::NotForKind { .. } => "not_for_kind",
            Problem::HubAddress { .. } => "hub_address",
            Problem::HubUnreachable { .. } => "hub_unreachable",
            Problem::HubRefused { .. } => "hub_refused",
            Problem::YearNotClosed { .. } => "year_not_closed",
            Problem::ShuAlreadyAllocated { .. } => "shu_already_allocated",
            Problem::RatBeforeYearEnd { .. } => "rat_before_year_end",
            Problem::ShuAwaitingRat { .. } => "shu_awaiting_rat",
            Problem::NotAnAssetEntry { .. } => "not_an_asset_entry",
            Problem::AssetRegistered { .. } => "asset_registered",
            Problem::InvalidUsefulLife { .. } => "invalid_useful_life",
            Problem::ResidualAboveCost { .. } => "residual_above_cost",
            Problem::InvalidMonth { .. } => "invalid_month",
            Problem::MonthNotEnded { .. } => "month_not_ended",
            Problem::DepreciationPosted { .. } => "depreciation_posted",
            Problem::UnknownAsset { .. } => "unknown_asset",
            Problem::AssetDisposed { .. } => "asset_disposed",
            Problem::DisposalBeforeAcquisition { .. } => "disposal_before_acquisition",
            Problem::InvalidCode { .. } => "invalid_code",
            Problem::InvalidUnit { .. } => "invalid_unit",
            Problem::FundAccount { .. } => "fund_account",
            Problem::MemberLoginShape { .. } => "member_login_shape",
            Problem::StaffUsernameShape { .. } => "staff_username_shape",
            Problem::EmptyPurchase => "empty_purchase",
            Problem::InvalidQuantity { .. } => "invalid_quantity",
            Problem::TooManyLines { .. } => "too_many_lines",
            Problem::InvalidId { .. } => "invalid_id",
            Problem::InsufficientStock { .. } => "insufficient_stock",
            Problem::InvalidMemberNumber { .. } => "invalid_member_number",
            Problem::InvalidNik { .. } => "invalid_nik",
            Problem::InvalidPhone { .. } => "invalid_phone",
            Problem::InvalidUsername { .. } => "invalid_username",
            Problem::WeakPassword => "weak_password",
            Problem::UnknownUser { .. } => "unknown_user",
            Problem::OwnLogin => "own_login",
            Problem::LoginDisabled { .. } => "login_disabled",
            Problem::NoLoanTerms { .. } => "no_loan_terms",
            Problem::LoanAboveLimit { .. } => "loan_above_limit",
            Problem::LoanApproverIsRecorder { .. } => "loan_approver_is_recorder",
            Problem::UnknownLoan { .. } => "unknown_loan",
            Problem::LoanStatus { status: "applied", .. } => "loan_status_applied",
            Problem::LoanStatus { status: "approved", .. } => "loan_status_approved",
            Problem::LoanStatus { status: "disbursed", .. } => "loan_status_disbursed",
            Problem::LoanStatus { .. } => "loan_status_paid",
            Problem::RepaymentAboveOwed { .. } => "repayment_above_owed",
            Problem::LoanDateBefore { .. } => "loan_date_before",
            Problem::CollectibilityDays => "collectibility_days",
            Problem::AllowancePosted { .. } => "allowance_posted",
            Problem::AllowanceUnchanged { .. } => "allowance_unchanged",
            // The code the report's API has always answered with for a bad field.
            Problem::InvalidReport { .. } => "invalid_report",
            Problem::InvalidPeriod { .. } => "invalid_period",
        }
    }

    /// The message's named arguments.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let text = |value: &str| Arg::Text(value.to_string());
        match self {
            Problem::Required
            | Problem::AmountNotPositive
            | Problem::AmountNegative
            | Problem::EmptyPurchase
            | Problem::WeakPassword
            | Problem::OwnLogin
            | Problem::CollectibilityDays => vec![],
            Problem::UnknownUser { username } | Problem::LoginDisabled { username } => {
                vec![("username", text(username))]
            }
            Problem::InvalidMemberNumber { text: typed }
            | Problem::InvalidNik { text: typed }
            | Problem::InvalidPhone { text: typed }
            | Problem::InvalidUsername { text: typed } => vec![("text", text(typed))],
            Problem::Malformed { detail } => vec![("detail", text(detail))],
            Problem::InvalidDate { text: typed }
            | Problem::InvalidAmount { text: typed }
            | Problem::InvalidAccountCode { text: typed }
            | Problem::InvalidPercent { text: typed }
            | Problem::InvalidCode { text: typed }
            | Problem::InvalidUnit { text: typed } => vec![("text", text(typed))],
            Problem::InvalidQuantity { text: typed }
            | Problem::InvalidId { text: typed }
            | Problem::InvalidPeriod { text: typed } => {
                vec![("text", text(typed))]
            }
            Problem::InsufficientStock { product, unit, on_hand, requested } => vec![
                ("product", text(product)),
                ("unit", text(unit)),
                ("on_hand", text(on_hand)),
                ("requested", text(requested)),
            ],
            Problem::TooManyLines { max } => vec![("max", Arg::Count(*max as u64))],
            Problem::InvalidReport { expected, detail } => {
                vec![("expected", text(expected.code())), ("detail", text(detail))]
            }
            Problem::InvalidText { max_chars } => vec![("max_chars", Arg::Count(*max_chars as u64))],
            Problem::UnknownAccount { account }
            | Problem::AccountInactive { account }
            | Problem::DuplicateAccount { account }
            | Problem::FundAccount { account } => vec![("account", text(account))],
            Problem::WrongParent { account, parent } => vec![("account", text(account)), ("parent", text(parent))],
            Problem::MemberLoginShape { login } => vec![("login", text(login))],
            Problem::StaffUsernameShape { username } => vec![("username", text(username))],
            Problem::AccountHasBalance { account, balance } => {
                vec![("account", text(account)), ("balance", Arg::Money(*balance))]
            }
            Problem::WrongAccount { account, expected } => {
                vec![("account", text(account)), ("expected", text(expected.code()))]
            }
            Problem::InsufficientFunds { account, balance, needed } => {
                vec![("account", text(account)), ("balance", Arg::Money(*balance)), ("needed", Arg::Money(*needed))]
            }
            Problem::InsufficientFundsOn { account, date, balance, needed } => vec![
                ("account", text(account)),
                ("date", Arg::Date(*date)),
                ("balance", Arg::Money(*balance)),
                ("needed", Arg::Money(*needed)),
            ],
            Problem::PeriodLocked { date, locked_through } => {
                vec![("date", Arg::Date(*date)), ("locked_through", Arg::Date(*locked_through))]
            }
            Problem::UnknownChoice { text: typed, allowed } => vec![("text", text(typed)), ("allowed", text(allowed))],
            Problem::DateOutOfRange { text: typed, earliest, latest } => {
                vec![("text", text(typed)), ("earliest", Arg::Date(*earliest)), ("latest", Arg::Date(*latest))]
            }
            Problem::UnknownMember { member_id } => vec![("member_id", Arg::Count(*member_id))],
            Problem::UnknownProduct { product_id } => vec![("product_id", Arg::Count(*product_id))],
            Problem::InsufficientSavings { member_id, account, balance, needed } => vec![
                ("member_id", Arg::Count(*member_id)),
                ("account", text(account)),
                ("balance", Arg::Money(*balance)),
                ("needed", Arg::Money(*needed)),
            ],
            Problem::SavingsLocked { member_id, account } => {
                vec![("member_id", Arg::Count(*member_id)), ("account", text(account))]
            }
            Problem::VersionTaken { date } => vec![("date", Arg::Date(*date))],
            Problem::InvalidRegionCode { text: typed } => vec![("text", text(typed))],
            Problem::InvalidDigits { text: typed, digits } => {
                vec![("text", text(typed)), ("digits", Arg::Count((*digits).into()))]
            }
            Problem::NotForKind { kind } => vec![("kind", text(kind))],
            Problem::HubAddress { text: typed } => vec![("text", text(typed))],
            Problem::HubUnreachable { address } => vec![("address", text(address))],
            Problem::HubRefused { reason } => vec![("reason", text(reason))],
            Problem::OutOfRange { text: typed, min, max } => {
                vec![("text", text(typed)), ("min", Arg::Count(*min)), ("max", Arg::Count(*max))]
            }
            Problem::YearNotClosed { year }
            | Problem::ShuAlreadyAllocated { year }
            | Problem::ShuAwaitingRat { year } => {
                vec![("year", text(&year.to_string()))]
            }
            Problem::NotAnAssetEntry { seq, account } => vec![("seq", Arg::Count(*seq)), ("account", text(account))],
            Problem::AssetRegistered { seq } | Problem::UnknownAsset { seq } | Problem::AssetDisposed { seq } => {
                vec![("seq", Arg::Count(*seq))]
            }
            Problem::DisposalBeforeAcquisition { acquired_on } => vec![("acquired_on", Arg::Date(*acquired_on))],
            Problem::InvalidUsefulLife { max } => vec![("max", Arg::Count(*max))],
            Problem::ResidualAboveCost { cost } => vec![("cost", Arg::Money(*cost))],
            Problem::InvalidMonth { text: typed } => vec![("text", text(typed))],
            Problem::MonthNotEnded { month } | Problem::DepreciationPosted { month } => vec![("month", text(month))],
            Problem::RatBeforeYearEnd { year, rat_date } => {
                vec![("year", text(&year.to_string())), ("rat_date", Arg::Date(*rat_date))]
            }
            Problem::NoLoanTerms { date } => vec![("date", Arg::Date(*date))],
            Problem::LoanAboveLimit { limit, savings, owed } => {
                vec![("limit", Arg::Money(*limit)), ("savings", Arg::Money(*savings)), ("owed", Arg::Money(*owed))]
            }
            Problem::LoanApproverIsRecorder { recorded_by, approver } => {
                vec![("recorded_by", text(recorded_by)), ("approver", text(approver))]
            }
            Problem::UnknownLoan { loan } | Problem::LoanStatus { loan, .. } => vec![("loan", Arg::Count(*loan))],
            Problem::RepaymentAboveOwed { owed } => vec![("owed", Arg::Money(*owed))],
            Problem::LoanDateBefore { earliest } => vec![("earliest", Arg::Date(*earliest))],
            Problem::AllowancePosted { month } | Problem::AllowanceUnchanged { month } => {
                vec![("month", text(month))]
            }
        }
    }

    /// One of each kind, so a test can check that every code has its words.
    pub fn examples() -> Vec<Problem> {
        let date = NaiveDate::from_ymd_opt(2026, 1, 31).expect("a real date");
        let reports = ReportRule::ALL.map(|expected| Problem::InvalidReport { expected, detail: "x".into() });
        let mut examples = vec![
            Problem::Required,
            Problem::Malformed { detail: "x".into() },
            Problem::InvalidDate { text: "x".into() },
            Problem::InvalidAmount { text: "x".into() },
            Problem::AmountNotPositive,
            Problem::InvalidText { max_chars: 200 },
            Problem::InvalidAccountCode { text: "x".into() },
            Problem::UnknownAccount { account: "9999".into() },
            Problem::WrongAccount { account: "1101".into(), expected: AccountRole::Expense },
            Problem::WrongAccount { account: "5201".into(), expected: AccountRole::CashOrBank },
            Problem::InsufficientFunds { account: "1101".into(), balance: Decimal::ONE, needed: Decimal::TEN },
            Problem::InsufficientFundsOn { account: "1101".into(), date, balance: Decimal::ONE, needed: Decimal::TEN },
            Problem::PeriodLocked { date, locked_through: date },
            Problem::UnknownChoice { text: "x".into(), allowed: "tunai, kredit" },
            Problem::DateOutOfRange { text: "1999-12-31".into(), earliest: date, latest: date },
            Problem::UnknownMember { member_id: 9 },
            Problem::UnknownProduct { product_id: 9 },
            Problem::InsufficientSavings {
                member_id: 9,
                account: "2102".into(),
                balance: Decimal::ONE,
                needed: Decimal::TEN,
            },
            Problem::SavingsLocked { member_id: 9, account: "3101".into() },
            Problem::AmountNegative,
            Problem::AccountInactive { account: "5299".into() },
            Problem::DuplicateAccount { account: "5211".into() },
            Problem::WrongParent { account: "5211".into(), parent: "1100".into() },
            Problem::AccountHasBalance { account: "5211".into(), balance: Decimal::TEN },
            Problem::OutOfRange { text: "0".into(), min: 1, max: 360 },
            Problem::InvalidPercent { text: "x".into() },
            Problem::VersionTaken { date },
            Problem::InvalidRegionCode { text: "33".into() },
            Problem::InvalidDigits { text: "12".into(), digits: 13 },
            Problem::NotForKind { kind: "kube" },
            Problem::HubAddress { text: "x".into() },
            Problem::HubUnreachable { address: "http://127.0.0.1:8090".into() },
            Problem::HubRefused { reason: "x".into() },
            Problem::YearNotClosed { year: 2026 },
            Problem::ShuAlreadyAllocated { year: 2026 },
            Problem::RatBeforeYearEnd { year: 2026, rat_date: date },
            Problem::ShuAwaitingRat { year: 2026 },
            Problem::NotAnAssetEntry { seq: 4, account: "1201".into() },
            Problem::AssetRegistered { seq: 4 },
            Problem::InvalidUsefulLife { max: 600 },
            Problem::ResidualAboveCost { cost: Decimal::TEN },
            Problem::InvalidMonth { text: "x".into() },
            Problem::MonthNotEnded { month: "2026-12".into() },
            Problem::DepreciationPosted { month: "2026-11".into() },
            Problem::UnknownAsset { seq: 4 },
            Problem::AssetDisposed { seq: 4 },
            Problem::DisposalBeforeAcquisition { acquired_on: date },
            Problem::InvalidCode { text: "x y".into() },
            Problem::InvalidUnit { text: "kg2".into() },
            Problem::FundAccount { account: "3101".into() },
            Problem::MemberLoginShape { login: "admin.x".into() },
            Problem::StaffUsernameShape { username: "tahu-009".into() },
            Problem::EmptyPurchase,
            Problem::InvalidQuantity { text: "x".into() },
            Problem::TooManyLines { max: 100 },
            Problem::InvalidId { text: "x".into() },
            Problem::InvalidMemberNumber { text: "TAHU 1".into() },
            Problem::InvalidNik { text: "123".into() },
            Problem::InvalidPhone { text: "12".into() },
            Problem::InvalidUsername { text: "A B".into() },
            Problem::WeakPassword,
            Problem::UnknownUser { username: "bendahara.x".into() },
            Problem::OwnLogin,
            Problem::LoginDisabled { username: "bendahara.x".into() },
            Problem::InsufficientStock {
                product: "TAHU".into(),
                unit: "bungkus".into(),
                on_hand: "40".into(),
                requested: "41".into(),
            },
            Problem::NoLoanTerms { date },
            Problem::LoanAboveLimit { limit: Decimal::TEN, savings: Decimal::ONE, owed: Decimal::ONE },
            Problem::LoanApproverIsRecorder { recorded_by: "bendahara".into(), approver: "bendahara".into() },
            Problem::UnknownLoan { loan: 3 },
            Problem::LoanStatus { loan: 3, status: "applied" },
            Problem::LoanStatus { loan: 3, status: "approved" },
            Problem::LoanStatus { loan: 3, status: "disbursed" },
            Problem::LoanStatus { loan: 3, status: "paid" },
            Problem::RepaymentAboveOwed { owed: Decimal::TEN },
            Problem::LoanDateBefore { earliest: date },
            Problem::CollectibilityDays,
            Problem::AllowancePosted { month: "2026-11".into() },
            Problem::AllowanceUnchanged { month: "2026-11".into() },
        ];
        examples.extend(reports);
        examples.push(Problem::InvalidPeriod { text: "2026-TW5".into() });
        examples
    }
}

/// Every problem of a request, each with the field it belongs to (`None`: the whole
/// request). Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(Vec<(Option<&'static str>, Problem)>);

impl Problems {
    pub fn one(field: Option<&'static str>, problem: Problem) -> Problems {
        Problems(vec![(field, problem)])
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Option<&'static str>, Problem)> {
        self.0.iter()
    }

    /// The first problem: its code is the answer's `code`.
    pub fn first(&self) -> &Problem {
        &self.0[0].1
    }
}

/// Collects every bad field of an input while it is parsed, so all are named at once.
#[derive(Debug, Default)]
pub struct FieldCheck(Vec<(Option<&'static str>, Problem)>);

impl FieldCheck {
    /// The parsed value, or `None` with the problem noted at `field`.
    pub fn take<T>(&mut self, field: &'static str, parsed: Result<T, Problem>) -> Option<T> {
        parsed.map_err(|problem| self.0.push((Some(field), problem))).ok()
    }

    /// The problems found, if any.
    pub fn finish(self) -> Result<(), Problems> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Problems(self.0))
        }
    }
}
