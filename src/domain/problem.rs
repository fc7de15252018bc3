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
            Problem::InvalidQuantity { .. } => "invalid_quantity",
            Problem::TooManyLines { .. } => "too_many_lines",
            Problem::InvalidId { .. } => "invalid_id",
            Problem::InsufficientStock { .. } => "insufficient_stock",
        }
    }

    /// The message's named arguments.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let text = |value: &str| Arg::Text(value.to_string());
        match self {
            Problem::Required | Problem::AmountNotPositive | Problem::AmountNegative => vec![],
            Problem::Malformed { detail } => vec![("detail", text(detail))],
            Problem::InvalidDate { text: typed }
            | Problem::InvalidAmount { text: typed }
            | Problem::InvalidAccountCode { text: typed }
            | Problem::InvalidQuantity { text: typed }
            | Problem::InvalidId { text: typed } => vec![("text", text(typed))],
            Problem::InsufficientStock { product, unit, on_hand, requested } => vec![
                ("product", text(product)),
                ("unit", text(unit)),
                ("on_hand", text(on_hand)),
                ("requested", text(requested)),
            ],
            Problem::TooManyLines { max } => vec![("max", Arg::Count(*max as u64))],
            Problem::InvalidText { max_chars } => vec![("max_chars", Arg::Count(*max_chars as u64))],
            Problem::UnknownAccount { account }
            | Problem::AccountInactive { account }
            | Problem::DuplicateAccount { account } => vec![("account", text(account))],
            Problem::WrongParent { account, parent } => vec![("account", text(account)), ("parent", text(parent))],
            Problem::AccountHasBalance { account, balance } => {
                vec![("account", text(account)), ("balance", Arg::Money(*balance))]
            }
            Problem::WrongAccount { account, expected } => {
                vec![("account", text(account)), ("expected", text(expected.code()))]
            }
            Problem::InsufficientFunds { account, balance, needed } => {
                vec![("account", text(account)), ("balance", Arg::Money(*balance)), ("needed", Arg::Money(*needed))]
            }
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
        }
    }

    /// One of each kind, so a test can check that every code has its words.
    pub fn examples() -> Vec<Problem> {
        let date = NaiveDate::from_ymd_opt(2026, 1, 31).expect("a real date");
        vec![
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
            Problem::InvalidQuantity { text: "x".into() },
            Problem::TooManyLines { max: 100 },
            Problem::InvalidId { text: "x".into() },
            Problem::InsufficientStock {
                product: "TAHU".into(),
                unit: "bungkus".into(),
                on_hand: "40".into(),
                requested: "41".into(),
            },
        ]
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
