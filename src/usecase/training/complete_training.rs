//! A participant completes a cohort or leaves it (hasil akhir): lulus needs a competent
//! assessment, keluar a reason, and a client who left leaves the programme.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::cohort::{Completion, Enrolment, Outcome};
use crate::domain::training::{ClientId, CohortId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"outcome","date","reason"?}`; `outcome` is `lulus`, `tidak_lulus` or
/// `keluar`. The door takes `cohort` and `client` from the path
/// (`/cohorts/{id}/enrolments/{client}/completion`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub cohort: Typed,
    #[serde(default)]
    pub client: Typed,
    pub outcome: String,
    pub date: String,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CompleteTraining {
    participant: (CohortId, ClientId),
    date: NaiveDate,
    outcome: String,
    reason: Option<String>,
}

impl RegisterCommand for CompleteTraining {
    type Input = Input;
    type Outcome = Enrolment;
    const NAME: &'static str = "complete_training";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<CompleteTraining, Problems> {
        let mut check = FieldCheck::default();
        let participant = super::participant_on(&mut check, &input.cohort, &input.client, &input.date);
        check.finish()?;
        let (participant, date) = participant.expect("checked");
        Ok(CompleteTraining { participant, date, outcome: input.outcome, reason: input.reason })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Enrolment, ServiceError> {
        let completion = Completion::new(Outcome::parse(&self.outcome)?, self.date, self.reason.as_deref())?;
        super::change_enrolment(store, writes, entity.id, self.participant, |enrolment, client| {
            enrolment.complete(client, completion)
        })
    }
}
