//! Change the stage of empowerment (ubah tahap: awal or mapan) from a date, with the
//! reason; appended after every earlier change. The stage decides which reports are due.

use super::{invalid, required_note};
use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problem, Problems, ReportRule};
use crate::domain::report::cadence::{check_change, Stage, StageChange};
use crate::domain::report::ReportError;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields;
use crate::usecase::{Access, RegisterCommand, Rule};
use serde::{Deserialize, Serialize};

/// As typed: `{"stage": "awal"|"mapan", "date": "YYYY-MM-DD", "reason"}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ChangeStage(pub StageChange);

fn stage(text: &str) -> Result<Stage, Problem> {
    Stage::parse(text.trim()).map_err(|_| invalid(ReportRule::Stage, text.trim()))
}

impl RegisterCommand for ChangeStage {
    type Input = Input;
    type Outcome = StageChange;
    const NAME: &'static str = "change_stage";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::Report;

    fn parse(input: Input) -> Result<ChangeStage, Problems> {
        let mut check = FieldCheck::default();
        let stage = check.take("stage", stage(&input.stage));
        let date = check.take("date", fields::date(&input.date));
        let reason = check.take("reason", required_note(&input.reason));
        check.finish()?;
        Ok(ChangeStage(StageChange {
            date: date.expect("checked"),
            stage: stage.expect("checked"),
            changed_by: String::new(),
            reason: reason.expect("checked"),
            recorded_at: String::new(),
        }))
    }

    fn made_by(&mut self, username: &str) {
        self.0.changed_by = username.to_string();
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Report(ReportError::StageUnchanged(_)) => Some("stage"),
            ServiceError::Report(ReportError::StageTooEarly { .. }) => Some("date"),
            _ => None,
        }
    }

    fn change(self, panti: &Entity, store: &Store, writes: &mut WriteSet) -> Result<StageChange, ServiceError> {
        let settings = store.report_settings(panti.id)?.ok_or(ReportError::NoSettings)?;
        let history = store.stage_changes(panti.id)?;
        check_change(Some(&settings), &history, self.0.date, self.0.stage)?;
        let change = StageChange { recorded_at: crate::service::report::now(), ..self.0 };
        let index = u32::try_from(history.len()).expect("fewer than 4 billion stage changes");
        writes.stage_change(panti.id, index, &change);
        Ok(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = Input { stage: "matang".into(), date: "10-08-2026".into(), reason: "  ".into() };
        let problems = ChangeStage::parse(bad).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(fields, [("stage", "invalid_report"), ("date", "invalid_date"), ("reason", "invalid_report")]);
        let good = Input { stage: "mapan".into(), date: "2026-08-10".into(), reason: " Usaha mandiri ".into() };
        let change = ChangeStage::parse(good).unwrap().0;
        assert_eq!((change.stage, change.reason.as_str()), (Stage::Mapan, "Usaha mandiri"));
    }
}
