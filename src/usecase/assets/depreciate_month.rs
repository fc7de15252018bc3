//! Post a month's depreciation (penyusutan bulanan): after the month has ended, once per
//! month, each registered asset's straight-line charge on the month's last day, debit
//! 5206 Beban Penyusutan, credit each asset's accumulated depreciation. What a skipped
//! month left due is caught up, so the books never fall behind the schedule.

use crate::domain::account::AccountCode;
use crate::domain::assets::{month_end, DepreciationRun, FixedAsset, DEPRECIATION_EXPENSE};
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::usecase::Access;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// As typed: `{"month": "YYYY-MM"}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub month: String,
}

#[derive(Debug, Clone)]
pub struct DepreciateMonth {
    pub year: i32,
    pub month: u32,
    /// The month's last day: the entry's date.
    pub end: NaiveDate,
}

impl DepreciateMonth {
    pub const ACCESS: Access = Access::Write;

    pub fn parse(input: Input) -> Result<DepreciateMonth, Problems> {
        let mut check = FieldCheck::default();
        let text = input.month.trim();
        let parsed = text
            .split_once('-')
            .filter(|(y, m)| y.len() == 4 && m.len() == 2)
            .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
            .and_then(|(y, m)| Some((y, m, month_end(y, m)?)))
            .filter(|(_, _, end)| crate::domain::book_date::BookDate::new(*end).is_ok())
            .ok_or(Problem::InvalidMonth { text: text.to_string() });
        let found = check.take("month", parsed);
        check.finish()?;
        let (year, month, end) = found.expect("checked");
        Ok(DepreciateMonth { year, month, end })
    }

    pub fn label(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// The month's entry (none when nothing is due) and its run, from the books and the
    /// register as they stand (the command runs alone); `today` says whether it has ended.
    pub fn prepare(
        &self,
        books: &Books,
        assets: &[FixedAsset],
        runs: &[DepreciationRun],
        today: NaiveDate,
        recorded_by: &str,
    ) -> Result<(Option<BalancedEntry>, DepreciationRun), ServiceError> {
        let at = |problem| ServiceError::Refused(Problems::one(Some("month"), problem));
        if self.end >= today {
            return Err(at(Problem::MonthNotEnded { month: self.label() }));
        }
        if runs.iter().any(|r| (r.year, r.month) == (self.year, self.month)) {
            return Err(at(Problem::DepreciationPosted { month: self.label() }));
        }
        if let Some(locked_through) = books.locked_through.filter(|locked| self.end <= *locked) {
            return Err(at(Problem::PeriodLocked { date: self.end, locked_through }));
        }
        let mut posted: BTreeMap<u64, Decimal> = BTreeMap::new();
        for (asset, amount) in runs.iter().flat_map(|r| &r.charges) {
            *posted.entry(*asset).or_default() += amount;
        }
        let mut charges = Vec::new();
        let mut by_account: BTreeMap<AccountCode, Decimal> = BTreeMap::new();
        // A disposed asset's depreciation was settled by its disposal entry.
        for asset in assets.iter().filter(|a| a.disposal.is_none()) {
            let due = asset.accumulated_through(self.end) - posted.get(&asset.source_seq).copied().unwrap_or_default();
            if due > Decimal::ZERO {
                charges.push((asset.source_seq, due));
                *by_account.entry(asset.accumulated_account.clone()).or_default() += due;
            }
        }
        let total: Decimal = charges.iter().map(|(_, amount)| *amount).sum();
        let money = |amount: Decimal| Money::from_decimal(amount).expect("a charge below an asset's cost fits Money");
        let entry = if total.is_zero() {
            None
        } else {
            let expense = AccountCode::parse(DEPRECIATION_EXPENSE).expect("a chart code");
            let mut lines = vec![Line::debit(expense, money(total))];
            lines.extend(by_account.into_iter().map(|(account, amount)| Line::credit(account, money(amount))));
            let memo = Memo::parse(&format!("Penyusutan aset tetap bulan {}", self.label())).expect("a short memo");
            Some(BalancedEntry::new(self.end, memo, lines)?)
        };
        let run = DepreciationRun {
            year: self.year,
            month: self.month,
            seq: entry.as_ref().map(|_| books.next_seq),
            charges,
            recorded_by: recorded_by.to_string(),
        };
        Ok((entry, run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_written_yyyy_mm() {
        let month = DepreciateMonth::parse(Input { month: "2026-02".into() }).unwrap();
        assert_eq!(month.end.to_string(), "2026-02-28");
        for bad in ["2026-13", "2026-2", "26-02", "", "1999-12"] {
            assert!(DepreciateMonth::parse(Input { month: bad.into() }).is_err(), "{bad}");
        }
    }
}
