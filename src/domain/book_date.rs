//! The one range of dates the books keep: 1 January 2000 to 31 December 2100. Every date
//! typed into the service (entries, imports, savings, sales, queries) is a `BookDate`;
//! nothing outside it reaches the journal, so a peer tool (`ledger`, `hledger`) can read
//! every export.

use super::problem::Problem;
use chrono::NaiveDate;

/// A date within the books' range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BookDate(NaiveDate);

/// The earliest year a client of a panti may be born in; a birth date is no book date.
const BIRTH_YEAR_EARLIEST: i32 = 1900;

impl BookDate {
    /// 1 January 2000.
    pub fn earliest() -> NaiveDate {
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date")
    }

    /// 31 December 2100.
    pub fn latest() -> NaiveDate {
        NaiveDate::from_ymd_opt(2100, 12, 31).expect("a real date")
    }

    pub fn new(date: NaiveDate) -> Result<BookDate, Problem> {
        within(date, BookDate::earliest()).map(BookDate)
    }

    /// `YYYY-MM-DD` in digits (no sign, no spaces), a real day within the range.
    pub fn parse(text: &str) -> Result<BookDate, Problem> {
        BookDate::new(calendar_date(text)?)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }
}

/// A birth date: a real day written `YYYY-MM-DD`, from 1900 to the books' last day.
pub fn birth_date(text: &str) -> Result<NaiveDate, Problem> {
    let earliest = NaiveDate::from_ymd_opt(BIRTH_YEAR_EARLIEST, 1, 1).expect("a real date");
    within(calendar_date(text)?, earliest)
}

fn within(date: NaiveDate, earliest: NaiveDate) -> Result<NaiveDate, Problem> {
    if (earliest..=BookDate::latest()).contains(&date) {
        Ok(date)
    } else {
        Err(Problem::DateOutOfRange { text: date.to_string(), earliest, latest: BookDate::latest() })
    }
}

/// A real day written `YYYY-MM-DD` in digits, and nothing looser.
fn calendar_date(text: &str) -> Result<NaiveDate, Problem> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(at, byte)| if at == 4 || at == 7 { *byte == b'-' } else { byte.is_ascii_digit() });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| Problem::InvalidDate { text: text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_2000_to_2100_inclusive() {
        assert!(BookDate::parse("2000-01-01").is_ok() && BookDate::parse("2100-12-31").is_ok());
        for outside in ["1999-12-31", "2101-01-01", "0000-01-01", "9999-12-31"] {
            let refused = BookDate::parse(outside).unwrap_err();
            assert_eq!(refused.code(), "date_out_of_range", "{outside}");
        }
        let Problem::DateOutOfRange { earliest, latest, .. } = BookDate::parse("1999-12-31").unwrap_err() else {
            panic!("out of range")
        };
        assert_eq!((earliest, latest), (BookDate::earliest(), BookDate::latest()));
    }

    #[test]
    fn only_real_days_in_digits_are_dates() {
        for bad in ["2026-02-30", "2026-2-28", "28/02/2026", "+026-01-01", " 2026-01-01", "-000-01-01"] {
            assert_eq!(BookDate::parse(bad).unwrap_err().code(), "invalid_date", "{bad}");
        }
    }

    #[test]
    fn a_client_may_be_born_before_the_books_begin() {
        assert!(birth_date("1990-05-01").is_ok());
        assert_eq!(birth_date("1899-12-31").unwrap_err().code(), "date_out_of_range");
    }
}
