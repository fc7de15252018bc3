//! An entity's own chart of accounts: add an account under a parent of the same type,
//! rename one, deactivate one that holds nothing. The shipped charts stay the default.

pub mod add_account;
pub mod deactivate_account;
pub mod rename_account;

use crate::domain::account::{Account, AccountCode, Chart};
use crate::domain::books::Books;
use crate::domain::problem::{Problem, Problems};

/// The most characters an account's name has.
pub const NAME_CHARS_MAX: usize = 100;

/// A name as typed: trimmed, 1–100 characters, no control characters.
pub fn account_name(text: &str) -> Result<String, Problem> {
    let name = text.trim();
    if name.is_empty() {
        return Err(Problem::Required);
    }
    if name.chars().count() > NAME_CHARS_MAX || name.chars().any(char::is_control) {
        return Err(Problem::InvalidText { max_chars: NAME_CHARS_MAX });
    }
    Ok(name.to_string())
}

/// An account's code and name as typed, each noted at its field when bad.
pub fn code_and_name(
    check: &mut crate::domain::problem::FieldCheck,
    code: &str,
    name: &str,
) -> (Option<AccountCode>, Option<String>) {
    (check.take("code", crate::usecase::fields::account_code(code)), check.take("name", account_name(name)))
}

/// The account the chart has under `code`, or the refusal at the field `code`.
pub fn existing<'a>(chart: &'a Chart, code: &AccountCode) -> Result<&'a Account, Problems> {
    chart.get(code).ok_or_else(|| Problems::one(Some("code"), Problem::UnknownAccount { account: code.to_string() }))
}

/// An account's balance on its normal side, as the books stand.
pub fn balance_of(books: &Books, account: &Account) -> rust_decimal::Decimal {
    let net = books.debit_balance(&account.code);
    match account.account_type.normal_side() {
        crate::domain::account::Side::Debit => net,
        crate::domain::account::Side::Credit => -net,
    }
}
