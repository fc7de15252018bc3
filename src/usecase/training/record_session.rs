//! Record a session of a cohort and its attendance (catat sesi): every participant of
//! the day is marked, present when listed.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::cohort::{self, Session};
use crate::domain::training::{parse_text, ClientId, CohortId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"date","topic","present":[client ids]}`; the door takes `cohort` from the
/// path (`/cohorts/{id}/sessions`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub cohort: Typed,
    pub date: String,
    pub topic: String,
    /// The clients present; every other participant of the day is marked absent.
    pub present: Vec<ClientId>,
}

#[derive(Debug, Clone)]
pub struct RecordSession {
    cohort: CohortId,
    date: NaiveDate,
    topic: String,
    present: Vec<ClientId>,
}

impl RegisterCommand for RecordSession {
    type Input = Input;
    type Outcome = Session;
    const NAME: &'static str = "record_session";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<RecordSession, Problems> {
        let mut check = FieldCheck::default();
        let cohort = super::on_date(&mut check, "cohort", &input.cohort, &input.date);
        check.finish()?;
        let (cohort, date) = cohort.expect("checked");
        Ok(RecordSession { cohort, date, topic: input.topic, present: input.present })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Session, ServiceError> {
        let topic = parse_text(&self.topic, "materi sesi")?;
        let cohort = super::cohort_of(store, entity.id, self.cohort)?;
        let held = store.cohort_sessions(cohort.id)?.len() as u32;
        let session =
            cohort::record_session(&cohort, &store.enrolments(cohort.id)?, held, self.date, topic, &self.present)?;
        writes.cohort_session(&session);
        Ok(session)
    }
}
