//! Assess a participant's competence (asesmen): kompeten or belum_kompeten, with a score
//! of 0–100.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::cohort::{Assessment, Competency, Enrolment};
use crate::domain::training::{ClientId, CohortId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
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
    /// 0–100: a JSON number, or text (a page form).
    pub score: Typed,
}

#[derive(Debug, Clone)]
pub struct AssessClient {
    participant: (CohortId, ClientId),
    date: NaiveDate,
    result: String,
    score: u32,
}

impl RegisterCommand for AssessClient {
    type Input = Input;
    type Outcome = Enrolment;
    const NAME: &'static str = "assess_client";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<AssessClient, Problems> {
        let mut check = FieldCheck::default();
        let participant = super::participant_on(&mut check, &input.cohort, &input.client, &input.date);
        let score = check.take("score", fields::count(&input.score, 0, 100));
        check.finish()?;
        let (participant, date) = participant.expect("checked");
        Ok(AssessClient { participant, date, result: input.result, score: score.expect("checked") })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Enrolment, ServiceError> {
        let assessment = Assessment::new(self.date, Competency::parse(&self.result)?, self.score.into())?;
        super::change_enrolment(store, writes, entity.id, self.participant, |enrolment, client| {
            enrolment.assess(client, assessment)
        })
    }
}
