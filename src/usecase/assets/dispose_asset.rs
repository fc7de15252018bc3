//! Dispose of a fixed asset (lepas aset tetap): sold or written off on a date. The
//! depreciation still due through the month before is charged, the cost and the
//! accumulated depreciation leave the books, the proceeds come into cash or the bank,
//! and the difference from the book value is the gain (or loss) on disposal, presented
//! net among other revenue (4201 Pendapatan Lain-lain).

use crate::domain::account::AccountCode;
use crate::domain::assets::{month_end, DepreciationRun, Disposal, FixedAsset, DEPRECIATION_EXPENSE, DISPOSAL_RESULT};
use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Line, Memo};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::usecase::fields::{self, Typed};
use crate::usecase::Access;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// As typed: `{"entry_seq","account"?,"date","proceeds"?,"received_in"?}`: the asset by
/// the entry it came from (and 1201 unless `account` says 1203); proceeds 0 for a write-off,
/// received in `kas` (the default) or `bank`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub entry_seq: Typed,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub proceeds: Typed,
    #[serde(default)]
    pub received_in: String,
}

#[derive(Debug, Clone)]
pub struct DisposeAsset {
    pub entry_seq: u64,
    pub account: AccountCode,
    pub date: NaiveDate,
    pub proceeds: Money,
    pub received_in: AccountCode,
}

impl DisposeAsset {
    pub const ACCESS: Access = Access::Write;

    pub fn parse(input: Input) -> Result<DisposeAsset, Problems> {
        let mut check = FieldCheck::default();
        let seq = input.entry_seq.as_str().parse::<u64>().ok().filter(|n| *n > 0);
        let entry_seq = check.take("entry_seq", seq.ok_or(Problem::Required));
        let code = if input.account.trim().is_empty() { "1201" } else { input.account.trim() };
        let account = check.take("account", fields::account_code(code));
        let date = check.take("date", fields::date(&input.date));
        let proceeds = match input.proceeds.as_str() {
            "" | "0" => Ok(Money::ZERO),
            _ => fields::positive_amount(&input.proceeds),
        };
        let proceeds = check.take("proceeds", proceeds);
        let into = match input.received_in.trim() {
            "" | "kas" | "cash" | "tunai" => Ok("1101"),
            "bank" => Ok("1102"),
            other => Err(Problem::UnknownChoice { text: other.to_string(), allowed: "kas, bank" }),
        };
        let received_in = check.take("received_in", into.map(|c| AccountCode::parse(c).expect("a chart code")));
        check.finish()?;
        Ok(DisposeAsset {
            entry_seq: entry_seq.expect("checked"),
            account: account.expect("checked"),
            date: date.expect("checked"),
            proceeds: proceeds.expect("checked"),
            received_in: received_in.expect("checked"),
        })
    }

    /// The disposal entry and the asset as the register keeps it after, from the books
    /// and the register as they stand (the command runs alone).
    pub fn prepare(
        &self,
        books: &Books,
        assets: &[FixedAsset],
        runs: &[DepreciationRun],
    ) -> Result<(BalancedEntry, FixedAsset), ServiceError> {
        let at = |field, problem| ServiceError::Refused(Problems::one(Some(field), problem));
        let seq = self.entry_seq;
        let mut asset = assets
            .iter()
            .find(|a| a.source_seq == seq && a.account == self.account)
            .cloned()
            .ok_or_else(|| at("entry_seq", Problem::UnknownAsset { seq }))?;
        if asset.disposal.is_some() {
            return Err(at("entry_seq", Problem::AssetDisposed { seq }));
        }
        if self.date < asset.acquired_on {
            return Err(at("date", Problem::DisposalBeforeAcquisition { acquired_on: asset.acquired_on }));
        }
        if let Some(locked_through) = books.locked_through.filter(|locked| self.date <= *locked) {
            return Err(at("date", Problem::PeriodLocked { date: self.date, locked_through }));
        }
        let (year, month) = (self.date.year(), self.date.month());
        if let Some(run) =
            runs.iter().find(|r| (r.year, r.month) >= (year, month) && r.charges.iter().any(|(s, _)| *s == seq))
        {
            let month = format!("{}-{:02}", run.year, run.month);
            return Err(at("date", Problem::DepreciationPosted { month }));
        }
        let posted: Decimal = runs.iter().flat_map(|r| &r.charges).filter(|(s, _)| *s == seq).map(|(_, a)| *a).sum();
        let before =
            month_end(year, month).and_then(|end| end.with_day(1)?.pred_opt()).expect("a month has a day before");
        let due = (asset.accumulated_through(before) - posted).max(Decimal::ZERO);
        let book_value = asset.cost - posted - due;
        let gain = self.proceeds.decimal() - book_value;
        let money = |amount: Decimal| Money::from_decimal(amount.abs()).expect("within the asset's cost");
        let code = |text: &str| AccountCode::parse(text).expect("a chart code");
        let mut lines = vec![Line::credit(asset.account.clone(), money(asset.cost))];
        if !due.is_zero() {
            lines.push(Line::debit(code(DEPRECIATION_EXPENSE), money(due)));
        }
        if !posted.is_zero() {
            lines.push(Line::debit(asset.accumulated_account.clone(), money(posted)));
        }
        if !self.proceeds.is_zero() {
            lines.push(Line::debit(self.received_in.clone(), self.proceeds));
        }
        if gain > Decimal::ZERO {
            lines.push(Line::credit(code(DISPOSAL_RESULT), money(gain)));
        } else if gain < Decimal::ZERO {
            lines.push(Line::debit(code(DISPOSAL_RESULT), money(gain)));
        }
        let memo = Memo::parse(&format!("Pelepasan aset tetap: {}", asset.name))
            .or_else(|_| Memo::parse("Pelepasan aset tetap"))
            .expect("a short memo");
        let entry = BalancedEntry::new(self.date, memo, lines)?;
        asset.disposal =
            Some(Disposal { date: self.date, proceeds: self.proceeds.decimal(), gain, seq: books.next_seq });
        Ok((entry, asset))
    }
}
