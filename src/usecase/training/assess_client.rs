//! Assess a participant's competence (asesmen): kompeten or belum_kompeten, with a score
//! of 0–100.

use crate::domain::entity::Entity;
use crate::domain::problem::Problems;
use crate::domain::training::cohort::{Assessment, Competency, Enrolment};
use crate::domain::training::{ClientId, CohortId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"date","result","score"}`; the door takes `cohort` and `client` from the
/// path (`/cohorts/{id}/enrolments/{client}/assessment`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub cohort: Typed,
    #[serde(default)]
    pub client: Typed,
    pub date: String,
    pub result: String,
    pub score: u64,
}

#[derive(Debug, Clone)]
pub struct AssessClient {
    participant: (CohortId, ClientId),
    date: NaiveDate,
    result: String,
    score: u64,
}

impl RegisterCommand for AssessClient {
    type Input = Input;
    type Outcome = Enrolment;
    const NAME: &'static str = "assess_client";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<AssessClient, Problems> {
        let (participant, date) = super::participant_on(&input.cohort, &input.client, &input.date)?;
        Ok(AssessClient { participant, date, result: input.result, score: input.score })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Enrolment, ServiceError> {
        let assessment = Assessment::new(self.date, Competency::parse(&self.result)?, self.score)?;
        super::change_enrolment(store, writes, entity.id, self.participant, |enrolment, client| {
            enrolment.assess(client, assessment)
        })
    }
}
