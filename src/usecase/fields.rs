//! The fields inputs share, parsed the same way whichever door they came through: a
//! JSON body may send an amount as text or a whole number, a form and a CSV row as text.

use crate::domain::account::AccountCode;
use crate::domain::entry::Memo;
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a door reads an amount typed as text: the API's canonical `150000.50` (CONTRACT:
/// `"100.505"` is three decimals, refused), or the way a person writes it on a form or in
/// a spreadsheet, `1.500.000,50` (`100.505` is a hundred thousand and five hundred).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reading {
    #[default]
    Canonical,
    Written,
}

thread_local! {
    static READING: std::cell::Cell<Reading> = const { std::cell::Cell::new(Reading::Canonical) };
}

/// Runs `parse` (a door's deserialisation of its input) with amounts read as `reading`.
pub fn reading_as<T>(reading: Reading, parse: impl FnOnce() -> T) -> T {
    let before = READING.with(|cell| cell.replace(reading));
    let parsed = parse();
    READING.with(|cell| cell.set(before));
    parsed
}

/// A test's input as a form or a spreadsheet row would give it (`Reading::Written`).
#[cfg(test)]
pub fn written<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    reading_as(Reading::Written, || serde_json::from_value(value)).expect("a written input")
}

/// A value typed by a person: text, or a number from a JSON client, with the reading of
/// the door it came through. An amount sent as a JSON number with a fraction is refused
/// (`invalid_amount`): a float cannot carry rupiah exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "serde_json::Value", into = "String")]
pub struct Typed {
    text: String,
    reading: Reading,
    /// A JSON number with a fraction: a quantity may be one, an amount not.
    fractional: bool,
}

impl TryFrom<serde_json::Value> for Typed {
    type Error = String;

    fn try_from(value: serde_json::Value) -> Result<Typed, String> {
        let reading = READING.with(std::cell::Cell::get);
        match value {
            serde_json::Value::String(text) => Ok(Typed { text, reading, fractional: false }),
            serde_json::Value::Number(number) => {
                let fractional = !(number.is_i64() || number.is_u64());
                Ok(Typed { text: number.to_string(), reading: Reading::Canonical, fractional })
            }
            other => Err(format!("{other} must be text such as \"150000.50\"")),
        }
    }
}

impl From<&str> for Typed {
    fn from(text: &str) -> Typed {
        Typed { text: text.to_string(), ..Typed::default() }
    }
}

impl From<Typed> for String {
    fn from(typed: Typed) -> String {
        typed.text
    }
}

impl Typed {
    pub fn as_str(&self) -> &str {
        self.text.trim()
    }
}

/// The text trimmed, refused when nothing is left.
pub fn required(text: &str) -> Result<&str, Problem> {
    Some(text.trim()).filter(|t| !t.is_empty()).ok_or(Problem::Required)
}

/// A date written `YYYY-MM-DD`, and nothing looser.
pub fn date(text: &str) -> Result<NaiveDate, Problem> {
    let text = required(text)?;
    crate::domain::book_date::BookDate::parse(text).map(crate::domain::book_date::BookDate::date)
}

/// An amount as its door reads it (`Reading`); a fraction sent as a JSON number is none.
fn money(typed: &Typed) -> Result<Money, Problem> {
    let text = required(typed.as_str())?;
    let invalid = || Problem::InvalidAmount { text: text.to_string() };
    if typed.fractional {
        return Err(invalid());
    }
    match typed.reading {
        Reading::Canonical => Money::parse(text),
        Reading::Written => Money::parse_indonesian(text),
    }
    .map_err(|_| invalid())
}

/// An amount more than zero: `1500000.50` through the API, `1.500.000` on a form too.
pub fn positive_amount(typed: &Typed) -> Result<Money, Problem> {
    let amount = money(typed)?;
    if amount.is_zero() || amount.is_negative() {
        return Err(Problem::AmountNotPositive);
    }
    Ok(amount)
}

pub fn account_code(text: &str) -> Result<AccountCode, Problem> {
    let text = required(text)?;
    AccountCode::parse(text).map_err(|_| Problem::InvalidAccountCode { text: text.to_string() })
}

/// A description kept as the entry's memo.
pub fn memo(text: &str) -> Result<Memo, Problem> {
    required(text)?;
    Memo::parse(text).map_err(|_| Problem::InvalidText { max_chars: crate::domain::entry::MEMO_CHARS_MAX })
}

/// A name or short text a person typed: 1–200 characters, no control characters.
pub fn name(text: &str) -> Result<String, Problem> {
    let text = required(text)?;
    crate::domain::text::ShortText::parse(text)
        .map(crate::domain::text::ShortText::into_string)
        .map_err(|_| Problem::InvalidText { max_chars: crate::domain::text::SHORT_TEXT_CHARS_MAX })
}

/// A name that may be left empty.
pub fn optional_name(text: Option<&str>) -> Result<Option<String>, Problem> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => name(text).map(Some),
    }
}

/// A memo that may be left empty (the use case writes its own then).
pub fn optional_memo(text: Option<&str>) -> Result<Option<Memo>, Problem> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => memo(text).map(Some),
    }
}

/// A record's number (a product, a member), as text or a whole JSON number.
pub fn id(text: &str) -> Result<u64, Problem> {
    let text = required(text)?;
    text.parse::<u64>().map_err(|_| Problem::InvalidId { text: text.to_string() })
}

/// An amount of zero or more; left empty, zero (a discount, a direct cost).
pub fn amount_or_zero(typed: Option<&Typed>) -> Result<Money, Problem> {
    match typed.filter(|t| !t.as_str().is_empty()) {
        None => Ok(Money::ZERO),
        Some(typed) => amount_not_negative(typed),
    }
}

/// A price of zero or more; left empty, `None` (the product's own price).
pub fn optional_price(typed: Option<&Typed>) -> Result<Option<Money>, Problem> {
    typed.filter(|t| !t.as_str().is_empty()).map(amount_not_negative).transpose()
}

/// An amount that may be zero but not below (a repayment's interest, a discount).
pub fn amount_not_negative(typed: &Typed) -> Result<Money, Problem> {
    let amount = money(typed)?;
    if amount.is_negative() {
        return Err(Problem::AmountNegative);
    }
    Ok(amount)
}

/// A quantity of goods more than zero: `2`, `1,5` or `1.5`.
pub fn quantity(typed: &Typed) -> Result<crate::domain::entry::Quantity, Problem> {
    let text = required(typed.as_str())?;
    crate::domain::entry::Quantity::parse(text)
        .ok()
        .filter(|q| !q.decimal().is_zero())
        .ok_or_else(|| Problem::InvalidQuantity { text: text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(json: &str) -> Result<Typed, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn an_amount_is_text_or_a_whole_number_never_a_float() {
        // Through the API, the canonical form only (CONTRACT): `100.505` is three decimals.
        assert_eq!(positive_amount(&typed("\"1500000.50\"").unwrap()).unwrap().canonical(), "1500000.50");
        assert_eq!(positive_amount(&typed("1500000").unwrap()).unwrap().canonical(), "1500000.00");
        for refused in ["\"1.500.000\"", "\"100.505\"", "1500000.5"] {
            assert!(
                matches!(positive_amount(&typed(refused).unwrap()), Err(Problem::InvalidAmount { .. })),
                "{refused}"
            );
        }
        // On a form or in a spreadsheet, as Indonesians write it.
        let form = |text: &str| positive_amount(&written::<Typed>(serde_json::json!(text)));
        assert_eq!(form("1.500.000").unwrap().canonical(), "1500000.00");
        assert_eq!(form("100.505").unwrap().canonical(), "100505.00");
        assert_eq!(positive_amount(&typed("\"0\"").unwrap()), Err(Problem::AmountNotPositive));
        assert_eq!(positive_amount(&typed("\" \"").unwrap()), Err(Problem::Required));
        assert!(matches!(form("1,5,0"), Err(Problem::InvalidAmount { .. })));
    }

    #[test]
    fn dates_and_memos_are_strict() {
        assert!(date("2026-02-30").is_err());
        assert_eq!(date(""), Err(Problem::Required));
        assert!(memo("listrik\u{7}").is_err());
        assert_eq!(memo("  Bayar listrik ").unwrap().as_str(), "Bayar listrik");
    }
}

/// How a sale or a purchase is paid: `false` for cash (`tunai`, also when left empty),
/// `true` for credit (`kredit`). Every door takes the same words in both languages.
pub fn on_credit(text: &str) -> Result<bool, Problem> {
    match text.trim() {
        "" | "cash" | "tunai" => Ok(false),
        "credit" | "kredit" => Ok(true),
        _ => Err(Problem::UnknownChoice { text: text.trim().to_string(), allowed: "tunai, kredit" }),
    }
}

/// One of a field's choices, each written in either language; `allowed` names them for
/// the refusal. An empty field takes `default` when there is one.
pub fn choice<T: Copy>(
    text: &str,
    words: &[(&str, T)],
    default: Option<T>,
    allowed: &'static str,
) -> Result<T, Problem> {
    let text = text.trim();
    if let (true, Some(value)) = (text.is_empty(), default) {
        return Ok(value);
    }
    required(text)?;
    words
        .iter()
        .find(|(word, _)| *word == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| Problem::UnknownChoice { text: text.to_string(), allowed })
}

/// Where money comes in or goes out: cash on hand (`kas`, `cash`, `tunai`, the default)
/// or the bank (`bank`).
pub fn cash_or_bank(text: &str) -> Result<AccountCode, Problem> {
    let code = choice(
        text,
        &[("kas", "1101"), ("cash", "1101"), ("tunai", "1101"), ("bank", "1102")],
        Some("1101"),
        "kas, bank",
    )?;
    Ok(AccountCode::parse(code).expect("a chart code"))
}

/// An amount more than zero when one is typed; empty leaves it to the rules (the bylaws).
pub fn optional_amount(typed: &Typed) -> Result<Option<Money>, Problem> {
    Some(typed).filter(|t| !t.as_str().is_empty()).map(positive_amount).transpose()
}

/// A whole number from `min` to `max`.
pub fn count(typed: &Typed, min: u32, max: u32) -> Result<u32, Problem> {
    let text = required(typed.as_str())?;
    match text.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Problem::OutOfRange { text: text.to_string(), min: min.into(), max: max.into() }),
    }
}

/// A whole number from `min` to `max` when one is typed.
pub fn optional_count(typed: &Typed, min: u32, max: u32) -> Result<Option<u32>, Problem> {
    Some(typed).filter(|t| !t.as_str().is_empty()).map(|t| count(t, min, max)).transpose()
}

/// A percentage from 0 to 100 with at most 4 decimals, `6,5` or `6.5`.
pub fn percent(text: &str) -> Result<rust_decimal::Decimal, Problem> {
    let text = required(text)?;
    let refused = || Problem::InvalidPercent { text: text.to_string() };
    let value: rust_decimal::Decimal = text.replace(',', ".").parse().map_err(|_| refused())?;
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    if value.is_sign_negative() || value > hundred || value.scale() > 4 {
        return Err(refused());
    }
    Ok(value)
}

/// `parse` of a part that may be left empty: `None` then.
pub fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, Problem>) -> Result<Option<T>, Problem> {
    Some(text).filter(|t| !t.trim().is_empty()).map(parse).transpose()
}
