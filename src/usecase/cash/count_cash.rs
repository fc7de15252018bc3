//! Count the cash (kas opname): the cash counted against the cash the books hold at the
//! end of the date; a difference is posted to over/short (selisih kas) with its reason,
//! a count that agrees posts nothing.

use crate::domain::books::Books;
use crate::domain::entry::BalancedEntry;
use crate::domain::member::{code, CASH};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::domain::trade::{cash_count_entry, TradeError};
use crate::service::{Prepared, ServiceError};
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// As typed: `{"date","counted","reason"?}`; `counted` may be zero, not below.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub date: String,
    pub counted: Typed,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CountCash {
    pub date: chrono::NaiveDate,
    pub counted: Money,
    pub reason: Option<String>,
}

impl CountCash {
    /// The cash the books hold at the end of the date.
    pub fn booked(&self, entity: crate::domain::entity::EntityId, store: &Store) -> Result<Decimal, ServiceError> {
        Ok(store.balances_as_of(entity, self.date)?.get(&code(CASH)).map_or(Decimal::ZERO, |t| t.net()))
    }
}

impl Command for CountCash {
    type Input = Input;
    const NAME: &'static str = "cash-counts";
    const ACCESS: Access = Access::Write;
    // Alone: the booked cash is read from the store, complete only then.
    const ISOLATION: Isolation = Isolation::Alone;

    fn parse(input: Input) -> Result<CountCash, Problems> {
        let mut check = FieldCheck::default();
        let date = check.take("date", fields::date(&input.date));
        let counted = check.take("counted", fields::amount_not_negative(&input.counted));
        let reason = check.take("reason", fields::optional_name(input.reason.as_deref()));
        check.finish()?;
        Ok(CountCash {
            date: date.expect("checked"),
            counted: counted.expect("checked"),
            reason: reason.expect("checked"),
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        super::super::only_entry(self.prepared(books, store)?)
    }

    fn prepared(&self, books: &Books, store: &Store) -> Result<Prepared, ServiceError> {
        let book = self.booked(books.entity_id, store)?;
        let Some(entry) = cash_count_entry(book, self.counted, self.date, self.reason.as_deref())? else {
            return Ok(Prepared::default());
        };
        let book = Money::from_decimal(book).map_err(|_| ServiceError::NotAllowed("saldo kas di luar batas".into()))?;
        let tag = EntryTag::CashCount { counted: self.counted, book, reason: self.reason.clone().unwrap_or_default() };
        Ok(Prepared::one(entry, tag))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        matches!(error, ServiceError::Trade(TradeError::ReasonRequired { .. })).then_some("reason")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_below_zero_and_a_bad_date_are_named() {
        let bad = Input { date: "2026-13-01".into(), counted: Typed::from("-100"), reason: Some("\u{202e}".into()) };
        let fields: Vec<_> = CountCash::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["date", "counted", "reason"]);
    }
}
