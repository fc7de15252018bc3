//! Write the head's evaluation of a period (evaluasi kepala panti): the process and the
//! results of each field of activity, then overall; it replaces the draft before it and
//! is shown in the report's section VIII.

use super::{invalid, required_note};
use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problem, Problems, ReportRule};
use crate::domain::report::assembly::{Evaluation, FieldEvaluation};
use crate::domain::report::cadence::PeriodKey;
use crate::domain::report::Field;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::{Access, RegisterCommand, Rule};
use serde::{Deserialize, Serialize};

/// As typed: `{"fields": [{"field", "process", "results"}]?, "overall"}`; `period` comes
/// from the path (`…/reports/2026-TW1/evaluation`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub fields: Vec<FieldInput>,
    #[serde(default)]
    pub overall: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldInput {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub process: String,
    #[serde(default)]
    pub results: String,
}

/// Each field of activity with the names its process and results are refused under,
/// which are the evaluation form's fields too.
pub const PLACES: [(Field, &str, &str); 9] = [
    (Field::Sdm, "sdm_process", "sdm_results"),
    (Field::Lingkungan, "lingkungan_process", "lingkungan_results"),
    (Field::Pertanian, "pertanian_process", "pertanian_results"),
    (Field::PerikananPeternakan, "perikanan_peternakan_process", "perikanan_peternakan_results"),
    (Field::Kerajinan, "kerajinan_process", "kerajinan_results"),
    (Field::Jasa, "jasa_process", "jasa_results"),
    (Field::Bangunan, "bangunan_process", "bangunan_results"),
    (Field::PenyediaanTenaga, "penyediaan_tenaga_process", "penyediaan_tenaga_results"),
    (Field::Lainnya, "lainnya_process", "lainnya_results"),
];

#[derive(Debug, Clone)]
pub struct PutEvaluation {
    period: PeriodKey,
    fields: Vec<FieldEvaluation>,
    overall: String,
    recorded_by: String,
}

/// A report period's key as the path names it.
pub fn period(text: &str) -> Result<PeriodKey, Problem> {
    PeriodKey::parse(text.trim()).map_err(|_| Problem::InvalidPeriod { text: text.trim().to_string() })
}

fn field_evaluation(check: &mut FieldCheck, input: &FieldInput) -> Option<FieldEvaluation> {
    let text = input.field.trim();
    let Some((field, process, results)) = PLACES.iter().find(|(field, ..)| Field::parse(text) == Ok(*field)) else {
        return check.take("fields", Err(invalid(ReportRule::Field, text)));
    };
    let process = check.take(process, required_note(&input.process));
    let results = check.take(results, required_note(&input.results));
    Some(FieldEvaluation { field: *field, process: process?, results: results? })
}

impl RegisterCommand for PutEvaluation {
    type Input = Input;
    type Outcome = Evaluation;
    const NAME: &'static str = "put_evaluation";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::Report;

    fn parse(input: Input) -> Result<PutEvaluation, Problems> {
        let mut check = FieldCheck::default();
        let period = check.take("period", period(&input.period));
        let fields: Vec<_> = input.fields.iter().filter_map(|f| field_evaluation(&mut check, f)).collect();
        let overall = check.take("overall", required_note(&input.overall));
        check.finish()?;
        let (period, overall) = (period.expect("checked"), overall.expect("checked"));
        Ok(PutEvaluation { period, fields, overall, recorded_by: String::new() })
    }

    fn made_by(&mut self, username: &str) {
        self.recorded_by = username.to_string();
    }

    fn change(self, panti: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Evaluation, ServiceError> {
        crate::service::report::period_in(store, panti.id, self.period)?;
        let now = crate::service::report::now();
        let evaluation = Evaluation::new(self.period, self.fields, &self.overall, &self.recorded_by, now)?;
        writes.evaluation(panti.id, &evaluation);
        Ok(evaluation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_is_named_at_the_fields_place_on_the_form() {
        let field = |field: &str, process: &str| FieldInput {
            field: field.into(),
            process: process.into(),
            results: "Tercapai".into(),
        };
        let bad = Input {
            period: "2026-TW5".into(),
            fields: vec![field("kerajinan", " "), field("tambang", "x")],
            overall: String::new(),
        };
        let problems = PutEvaluation::parse(bad).unwrap_err();
        let named: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(
            named,
            [
                ("period", "invalid_period"),
                ("kerajinan_process", "invalid_report"),
                ("fields", "invalid_report"),
                ("overall", "invalid_report")
            ]
        );
        let good = Input { period: "2026-TW1".into(), fields: vec![field("jasa", "Sesuai")], overall: "Baik".into() };
        let evaluation = PutEvaluation::parse(good).unwrap();
        assert_eq!((evaluation.fields[0].field, evaluation.overall.as_str()), (Field::Jasa, "Baik"));
    }
}
