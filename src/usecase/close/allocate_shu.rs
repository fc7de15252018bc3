//! Record the members' annual meeting's (RAT) decision on a closed year's SHU (catat
//! keputusan RAT): the allocation the bylaws give, posted on the RAT's date with the
//! minutes' reference, once per close. The year's close posted only its closing entry on
//! 31 December; until this decision the SHU waits in 3105 and the preview stands.

use crate::domain::books::Books;
use crate::domain::close::{allocation_entries, check_rat_date, AllocationStatus, ShuDecision, YearClose};
use crate::domain::entry::BalancedEntry;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::shu::ShuPreview;
use crate::domain::text::clean_text;
use crate::service::ServiceError;
use crate::usecase::fields;
use crate::usecase::Access;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Characters of a minutes' reference (nomor berita acara).
pub const MINUTES_CHARS_MAX: usize = 200;

/// As typed: `{"rat_date","minutes"}`; the year is the one in the path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub rat_date: String,
    #[serde(default)]
    pub minutes: String,
}

/// A RAT decision ready to post.
#[derive(Debug, Clone)]
pub struct AllocateShu {
    pub year: i32,
    pub rat_date: NaiveDate,
    pub minutes: String,
}

impl AllocateShu {
    pub const NAME: &'static str = "allocate_shu";
    /// The entity's treasurer or an admin, who keep its books.
    pub const ACCESS: Access = Access::Write;

    /// Parses the input for `year`, naming every bad field at once.
    pub fn parse(year: i32, input: Input) -> Result<AllocateShu, Problems> {
        let mut check = FieldCheck::default();
        let rat_date =
            check.take("rat_date", fields::date(&input.rat_date).and_then(|d| check_rat_date(year, d).map(|_| d)));
        let minutes = check.take("minutes", minutes(&input.minutes));
        check.finish()?;
        Ok(AllocateShu { year, rat_date: rat_date.expect("checked"), minutes: minutes.expect("checked") })
    }

    /// The entries and the record of the decision, from the books as they stand in the
    /// writer and the store (complete: the decision runs alone). `preview` is the year's
    /// allocation by its bylaws, fixed since the year was closed and locked.
    pub fn prepare(
        &self,
        books: &Books,
        closes: &[YearClose],
        decisions: &[ShuDecision],
        preview: ShuPreview,
        recorded_by: &str,
        recorded_at: String,
    ) -> Result<(Vec<BalancedEntry>, ShuDecision), ServiceError> {
        let at = |field, problem| ServiceError::Refused(Problems::one(field, problem));
        let year = self.year;
        let close = match AllocationStatus::of(year, closes, decisions, true) {
            AllocationStatus::None => return Err(at(None, Problem::YearNotClosed { year })),
            AllocationStatus::AtClose(_) | AllocationStatus::Decided(_) => {
                return Err(at(None, Problem::ShuAlreadyAllocated { year }))
            }
            AllocationStatus::AwaitingRat => {
                closes.iter().rev().find(|c| c.year == year && c.reopened.is_none()).expect("a close awaits")
            }
        };
        if let Some(locked_through) = books.locked_through.filter(|locked| self.rat_date <= *locked) {
            return Err(at(Some("rat_date"), Problem::PeriodLocked { date: self.rat_date, locked_through }));
        }
        let entries = allocation_entries(&preview, self.rat_date).map_err(crate::domain::close::CloseError::from)?;
        let first = books.next_seq;
        let decision = ShuDecision {
            year,
            close_version: close.version,
            rat_date: self.rat_date,
            minutes: self.minutes.clone(),
            recorded_by: recorded_by.to_string(),
            recorded_at,
            allocation: preview,
            seqs: (first..first + entries.len() as u64).collect(),
        };
        Ok((entries, decision))
    }
}

/// The minutes' reference: required, short, no control or format characters.
fn minutes(text: &str) -> Result<String, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::Required);
    }
    clean_text(text, MINUTES_CHARS_MAX)
        .map(str::to_string)
        .map_err(|_| Problem::InvalidText { max_chars: MINUTES_CHARS_MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once() {
        let problems =
            AllocateShu::parse(2025, Input { rat_date: "2025-12-30".into(), minutes: " ".into() }).unwrap_err();
        let found: Vec<_> = problems.iter().map(|(field, problem)| (field.unwrap(), problem.code())).collect();
        assert_eq!(found, [("rat_date", "rat_before_year_end"), ("minutes", "required")]);
        let on_the_last_day = AllocateShu::parse(2025, Input { rat_date: "2025-12-31".into(), minutes: "BA".into() });
        assert!(on_the_last_day.is_err(), "the RAT meets after the year's 31 December");
    }

    #[test]
    fn a_good_input_parses() {
        let input = Input { rat_date: "2026-03-14".into(), minutes: " BA-RAT/2026/01 ".into() };
        let decision = AllocateShu::parse(2025, input).unwrap();
        assert_eq!((decision.rat_date.to_string(), decision.minutes.as_str()), ("2026-03-14".into(), "BA-RAT/2026/01"));
    }
}
