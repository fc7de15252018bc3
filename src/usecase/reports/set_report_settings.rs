//! Set up reporting (atur pelaporan): the first month a panti reports on and the days a
//! report may take after its period ends. A start after the first stage change would
//! leave that change before any report, so it is refused.

use super::invalid;
use crate::domain::entity::{Entity, EntityId};
use crate::domain::problem::{FieldCheck, Problem, Problems, ReportRule};
use crate::domain::report::cadence::{parse_due_days, parse_start_month, ReportSettings, DUE_DAYS_DEFAULT};
use crate::domain::report::ReportError;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// As typed: `{"start_month": "2026-01", "due_days"?}`; the days are 1–90, 15 when left
/// out or empty, a whole number or its text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub start_month: String,
    #[serde(default)]
    pub due_days: Option<Typed>,
}

#[derive(Debug, Clone)]
pub struct SetReportSettings(pub ReportSettings);

/// The settings as they are answered and shown: the month as `YYYY-MM` (none before they
/// are set) and the days, 15 until set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSettings {
    pub entity_id: EntityId,
    pub start_month: Option<String>,
    pub due_days: u16,
}

impl StoredSettings {
    pub fn of(panti: EntityId, settings: Option<ReportSettings>) -> StoredSettings {
        StoredSettings {
            entity_id: panti,
            start_month: settings.map(|s| format!("{:04}-{:02}", s.start.year(), s.start.month())),
            due_days: settings.map_or(DUE_DAYS_DEFAULT, |s| s.due_days),
        }
    }
}

fn start_month(text: &str) -> Result<NaiveDate, Problem> {
    match text.trim() {
        "" => Err(Problem::Required),
        text => parse_start_month(text).map_err(|_| invalid(ReportRule::StartMonth, text)),
    }
}

fn due_days(typed: Option<&Typed>) -> Result<u16, Problem> {
    match typed.map(Typed::as_str).filter(|text| !text.is_empty()) {
        None => Ok(DUE_DAYS_DEFAULT),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .and_then(|days| parse_due_days(days).ok())
            .ok_or_else(|| invalid(ReportRule::DueDays, text)),
    }
}

impl RegisterCommand for SetReportSettings {
    type Input = Input;
    type Outcome = StoredSettings;
    const NAME: &'static str = "set_report_settings";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::Report;

    fn parse(input: Input) -> Result<SetReportSettings, Problems> {
        let mut check = FieldCheck::default();
        let start = check.take("start_month", start_month(&input.start_month));
        let due_days = check.take("due_days", due_days(input.due_days.as_ref()));
        check.finish()?;
        Ok(SetReportSettings(ReportSettings { start: start.expect("checked"), due_days: due_days.expect("checked") }))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        matches!(error, ServiceError::Report(ReportError::StartAfterStageChange(_))).then_some("start_month")
    }

    fn change(self, panti: &Entity, store: &Store, writes: &mut WriteSet) -> Result<StoredSettings, ServiceError> {
        let settings = self.0;
        if let Some(first) = store.stage_changes(panti.id)?.first().filter(|c| c.date < settings.start) {
            return Err(ReportError::StartAfterStageChange(first.date).into());
        }
        writes.report_settings(panti.id, &settings);
        Ok(StoredSettings::of(panti.id, Some(settings)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fields_are_checked_at_once_and_the_days_default_to_15() {
        let typed = |text: &str| Some(crate::usecase::fields::written::<Typed>(serde_json::json!(text)));
        let bad = Input { start_month: "2026-13".into(), due_days: typed("91") };
        let problems = SetReportSettings::parse(bad).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(fields, [("start_month", "invalid_report"), ("due_days", "invalid_report")]);
        for days in [None, typed("")] {
            let settings = SetReportSettings::parse(Input { start_month: "2026-01".into(), due_days: days }).unwrap();
            assert_eq!((settings.0.start.to_string(), settings.0.due_days), ("2026-01-01".into(), 15));
        }
        let number = serde_json::from_value::<Input>(serde_json::json!({"start_month": "2026-02", "due_days": 30}));
        assert_eq!(SetReportSettings::parse(number.unwrap()).unwrap().0.due_days, 30);
    }
}
