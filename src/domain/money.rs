//! Rupiah amounts: exact decimals with at most two places, never floats.

use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// The largest magnitude one amount may have: 10^15 rupiah.
const AMOUNT_ABS_MAX_IDR: i64 = 1_000_000_000_000_000;
/// Amounts carry cents at most.
const SCALE_MAX: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("jumlah kosong (empty amount)")]
    Empty,
    #[error("jumlah {0:?} bukan angka yang sah; tulis seperti \"150000\" atau \"150000.50\"")]
    NotANumber(String),
    #[error("jumlah {0:?} memiliki lebih dari 2 angka desimal")]
    TooManyDecimals(String),
    #[error("jumlah {0:?} melebihi batas 1.000.000.000.000.000")]
    OutOfRange(String),
}

/// An amount of rupiah: at most two decimals and |amount| ≤ 10^15. The only way to
/// hold one is through a constructor that checks both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses the canonical text form: optional `-`, digits, optional `.` and 1–2 digits.
    /// Thousands separators, exponents, underscores and spaces are refused.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (unsigned, None),
        };
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || !fraction.map_or(true, all_digits) {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        if fraction.map_or(0, str::len) > SCALE_MAX as usize {
            return Err(MoneyError::TooManyDecimals(text.to_string()));
        }
        // 17 integer digits already exceed the bound; keep Decimal's parser away from huge input.
        if whole.trim_start_matches('0').len() > 16 {
            return Err(MoneyError::OutOfRange(text.to_string()));
        }
        let value = Decimal::from_str(text).map_err(|_| MoneyError::NotANumber(text.to_string()))?;
        Money::from_decimal(value).map_err(|_| MoneyError::OutOfRange(text.to_string()))
    }

    /// Parses the way Indonesians write amounts by hand: `1.500.000`, `1.500.000,50`,
    /// `Rp 1.500.000`, as well as the canonical `1500000.50`.
    pub fn parse_indonesian(text: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        // `-Rp1.500,00` is how Display writes a negative amount; keep the sign, drop the Rp.
        let (sign, unsigned) = trimmed.strip_prefix('-').map_or(("", trimmed), |rest| ("-", rest));
        let without_rp =
            unsigned.strip_prefix("Rp").or_else(|| unsigned.strip_prefix("rp")).map_or(unsigned, str::trim_start);
        let bare = format!("{sign}{without_rp}");
        let bare = bare.as_str();
        let looks_grouped = bare.contains(',')
            || bare.split('.').skip(1).count() > 1
            || bare.split_once('.').is_some_and(|(_, rest)| rest.len() == 3);
        if !looks_grouped {
            return Money::parse(bare);
        }
        let (whole, fraction) = match bare.split_once(',') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (bare, None),
        };
        let unsigned = whole.strip_prefix('-').unwrap_or(whole);
        let mut groups = unsigned.split('.');
        let first = groups.next().unwrap_or_default();
        let grouped_ok =
            if unsigned.contains('.') { (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3) } else { true };
        if !grouped_ok {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        let canonical = match fraction {
            Some(fraction) => format!("{}.{}", whole.replace('.', ""), fraction),
            None => whole.replace('.', ""),
        };
        Money::parse(&canonical).map_err(|error| match error {
            MoneyError::NotANumber(_) => MoneyError::NotANumber(text.to_string()),
            other => other,
        })
    }

    pub fn from_decimal(value: Decimal) -> Result<Money, MoneyError> {
        if value.scale() > SCALE_MAX && value.normalize().scale() > SCALE_MAX {
            return Err(MoneyError::TooManyDecimals(value.to_string()));
        }
        if value.abs() > Decimal::from(AMOUNT_ABS_MAX_IDR) {
            return Err(MoneyError::OutOfRange(value.to_string()));
        }
        Ok(Money(value))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `"1234567.00"`: the form stored, hashed and sent in JSON.
    pub fn canonical(self) -> String {
        canonical(self.0)
    }
}

/// Two-decimal text of any exact sum (sums may exceed one amount's bound).
pub fn canonical(value: Decimal) -> String {
    // Decimal keeps the sign of a zero (0 − 0 may be "-0"); money has no negative zero.
    let mut rounded = if value.is_zero() { Decimal::ZERO } else { value };
    rounded.rescale(SCALE_MAX);
    rounded.to_string()
}

/// Serialises an exact sum as its two-decimal text, the JSON form of money.
pub fn serialize_canonical<S: serde::Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&canonical(*value))
}

/// `Rp1.234.567,00`: how people read amounts.
pub fn display_idr(value: Decimal) -> String {
    let text = canonical(value.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() { "-" } else { "" };
    format!("{sign}Rp{grouped},{cents}")
}

/// `Rp1.500.000`, or `Rp1.500.000,50` when there are cents: how amounts read on a page
/// and in a message.
pub fn rupiah(value: Decimal) -> String {
    let text = display_idr(value);
    text.strip_suffix(",00").map_or(text.clone(), str::to_string)
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display_idr(self.0))
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let text = String::deserialize(deserializer)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_without_zero_cents() {
        assert_eq!(super::rupiah(Decimal::from(1_500_000)), "Rp1.500.000");
        assert_eq!(super::rupiah("1500000.5".parse().unwrap()), "Rp1.500.000,50");
        assert_eq!(super::rupiah(Decimal::from(-2000)), "-Rp2.000");
    }

    use super::*;

    #[test]
    fn canonical_form_has_two_decimals() {
        assert_eq!(Money::parse("1234567").unwrap().canonical(), "1234567.00");
        assert_eq!(Money::parse("0.5").unwrap().canonical(), "0.50");
        assert_eq!(Money::parse("-12.34").unwrap().canonical(), "-12.34");
    }

    #[test]
    fn a_difference_of_zero_has_no_sign() {
        let zero = Money::parse("80000").unwrap().decimal() - Money::parse("80000.00").unwrap().decimal();
        assert_eq!(canonical(-zero), "0.00");
    }

    #[test]
    fn display_uses_indonesian_grouping() {
        assert_eq!(Money::parse("1234567").unwrap().to_string(), "Rp1.234.567,00");
        assert_eq!(Money::parse("999.5").unwrap().to_string(), "Rp999,50");
        assert_eq!(Money::parse("-1000").unwrap().to_string(), "-Rp1.000,00");
        assert_eq!(Money::ZERO.to_string(), "Rp0,00");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in ["", "1.234", "1e5", "1_000", " 1", "1,5", "abc", "--1", ".5", "5.", "+5"] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals("1.234".into())));
    }

    #[test]
    fn negative_amounts_read_back_as_displayed() {
        assert_eq!(Money::parse_indonesian("-Rp1.500,50"), Money::parse("-1500.50"));
        assert_eq!(Money::parse_indonesian("-Rp0,10").map(|m| m.to_string()), Ok("-Rp0,10".to_string()));
        assert!(Money::parse_indonesian("-Rp-5").is_err());
    }

    #[test]
    fn bound_is_ten_to_the_fifteenth() {
        assert!(Money::parse("1000000000000000").is_ok());
        assert!(Money::parse("-1000000000000000.00").is_ok());
        assert!(matches!(Money::parse("1000000000000000.01"), Err(MoneyError::OutOfRange(_))));
        assert!(matches!(Money::parse("99999999999999999999999999999999"), Err(MoneyError::OutOfRange(_))));
    }

    #[test]
    fn indonesian_forms_are_understood() {
        let parse = |text| Money::parse_indonesian(text).map(Money::canonical);
        assert_eq!(parse("1.500.000").unwrap(), "1500000.00");
        assert_eq!(parse("1.500.000,50").unwrap(), "1500000.50");
        assert_eq!(parse("Rp 12.500").unwrap(), "12500.00");
        assert_eq!(parse("1500000").unwrap(), "1500000.00");
        assert_eq!(parse("1500,5").unwrap(), "1500.50");
        assert!(parse("1.50.000").is_err());
        assert!(parse("1.500,505").is_err());
    }
}
