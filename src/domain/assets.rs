//! Fixed assets (aset tetap): a register of what was bought or given in kind, at cost,
//! and straight-line depreciation by month. Pure: the service reads and posts.

use super::account::AccountCode;
use super::money::serialize_canonical;
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Each fixed-asset account of the shipped charts with its accumulated depreciation.
pub const FIXED_ASSET_ACCOUNTS: [(&str, &str); 2] = [("1201", "1202"), ("1203", "1204")];
/// Beban Penyusutan: where depreciation is charged.
pub const DEPRECIATION_EXPENSE: &str = "5206";
/// Useful lives the register accepts, in months (up to 50 years).
pub const USEFUL_LIFE_MONTHS_MAX: u32 = 600;

/// One asset of the register: what it cost, when it came, how long it serves and what it
/// will still be worth at the end, and the entry it came from (a purchase or a grant in kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedAsset {
    /// The entry it came from: also the asset's number in the register.
    pub source_seq: u64,
    pub name: String,
    pub account: AccountCode,
    pub accumulated_account: AccountCode,
    #[serde(serialize_with = "serialize_canonical")]
    pub cost: Decimal,
    pub acquired_on: NaiveDate,
    pub useful_life_months: u32,
    #[serde(serialize_with = "serialize_canonical")]
    pub residual_value: Decimal,
    pub registered_by: String,
    /// Sold or written off; no depreciation from its month on.
    pub disposal: Option<Disposal>,
}

/// An asset leaving the books: when, for how much, and the entry that took it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposal {
    pub date: NaiveDate,
    #[serde(serialize_with = "serialize_canonical")]
    pub proceeds: Decimal,
    /// Proceeds less book value: a gain above zero, a loss below.
    #[serde(serialize_with = "serialize_canonical")]
    pub gain: Decimal,
    pub seq: u64,
}

/// Gains and losses on disposal, presented net among other revenue (pendapatan lain-lain).
pub const DISPOSAL_RESULT: &str = "4201";

/// The accumulated depreciation account of a fixed-asset account, if it is one.
pub fn accumulated_account_of(account: &AccountCode) -> Option<AccountCode> {
    FIXED_ASSET_ACCOUNTS
        .iter()
        .find(|(asset, _)| *asset == account.as_str())
        .map(|(_, accumulated)| AccountCode::parse(accumulated).expect("a chart code"))
}

/// Months since the epoch: a month's number for arithmetic.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

impl FixedAsset {
    /// What depreciates: cost less residual value.
    pub fn depreciable(&self) -> Decimal {
        self.cost - self.residual_value
    }

    /// One month's straight-line charge, rounded toward zero to whole rupiah; the last
    /// month of the useful life takes what the roundings left.
    pub fn monthly(&self) -> Decimal {
        (self.depreciable() / Decimal::from(self.useful_life_months))
            .round_dp_with_strategy(0, RoundingStrategy::ToZero)
    }

    /// Depreciation due through the end of the month of `month_end`: none in the month of
    /// acquisition (the first full month is the next), one monthly charge a month after,
    /// and never more than cost less residual value.
    pub fn accumulated_through(&self, month_end: NaiveDate) -> Decimal {
        let last = match &self.disposal {
            // The month of disposal takes none: depreciation ran through the month before.
            Some(disposal) => month_index(month_end).min(month_index(disposal.date) - 1),
            None => month_index(month_end),
        };
        let months = (last - month_index(self.acquired_on)).max(0);
        if months >= i64::from(self.useful_life_months) {
            self.depreciable()
        } else {
            self.monthly() * Decimal::from(months)
        }
    }
}

/// The last day of the month `month` (`YYYY-MM`) falls in.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next?.pred_opt()
}

/// A month's depreciation as posted: which asset took how much, and the entry (none when
/// nothing was due).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepreciationRun {
    pub year: i32,
    pub month: u32,
    pub seq: Option<u64>,
    /// Each asset (by its source entry) and what it took this month.
    pub charges: Vec<(u64, Decimal)>,
    pub recorded_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(cost: i64, residual: i64, life: u32, acquired: &str) -> FixedAsset {
        FixedAsset {
            source_seq: 7,
            name: "Mesin giling kedelai".into(),
            account: AccountCode::parse("1201").unwrap(),
            accumulated_account: AccountCode::parse("1202").unwrap(),
            cost: Decimal::from(cost),
            acquired_on: acquired.parse().unwrap(),
            useful_life_months: life,
            residual_value: Decimal::from(residual),
            registered_by: "bendahara".into(),
            disposal: None,
        }
    }

    fn end(year: i32, month: u32) -> NaiveDate {
        month_end(year, month).unwrap()
    }

    /// A year of depreciation by hand: a machine of 1.000.000, no residual value, 36
    /// months, bought on 10 December 2025. 1.000.000 / 36 = 27.777,77…, so 27.777 a month
    /// from January 2026: nothing in December 2025, 27.777 at the end of January,
    /// 12 × 27.777 = 333.324 at the end of 2026; the 36th month (December 2028) takes
    /// 1.000.000 − 35 × 27.777 = 27.805, and nothing after.
    #[test]
    fn a_year_of_straight_line_depreciation() {
        let asset = machine(1_000_000, 0, 36, "2025-12-10");
        assert_eq!(asset.monthly(), Decimal::from(27_777));
        assert_eq!(asset.accumulated_through(end(2025, 12)), Decimal::ZERO);
        assert_eq!(asset.accumulated_through(end(2026, 1)), Decimal::from(27_777));
        assert_eq!(asset.accumulated_through(end(2026, 12)), Decimal::from(333_324));
        assert_eq!(asset.accumulated_through(end(2028, 11)), Decimal::from(972_195));
        assert_eq!(asset.accumulated_through(end(2028, 12)) - Decimal::from(972_195), Decimal::from(27_805));
        assert_eq!(asset.accumulated_through(end(2029, 6)), Decimal::from(1_000_000));
    }

    #[test]
    fn the_residual_value_is_never_depreciated() {
        let asset = machine(2_000_000, 200_000, 36, "2025-04-01");
        assert_eq!(asset.monthly(), Decimal::from(50_000));
        assert_eq!(asset.accumulated_through(end(2025, 12)), Decimal::from(400_000), "May to December");
        assert_eq!(asset.accumulated_through(end(2030, 1)), Decimal::from(1_800_000));
        assert_eq!(month_end(2028, 2), "2028-02-29".parse().ok());
    }
}
