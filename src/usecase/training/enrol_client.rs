//! Enrol a client in a cohort (daftarkan peserta): an active client of the same panti,
//! while the cohort has a seat.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::cohort::{self, Enrolment};
use crate::domain::training::{ClientId, CohortId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"client_id","date"}`; the door takes `cohort` from the path
/// (`/cohorts/{id}/enrolments`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub cohort: Typed,
    /// A JSON number, or the id as text (the page's choice).
    pub client_id: Typed,
    pub date: String,
}

#[derive(Debug, Clone)]
pub struct EnrolClient {
    cohort: CohortId,
    client: ClientId,
    date: NaiveDate,
}

impl RegisterCommand for EnrolClient {
    type Input = Input;
    type Outcome = Enrolment;
    const NAME: &'static str = "enrol_client";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<EnrolClient, Problems> {
        let mut check = FieldCheck::default();
        let client = check.take("client_id", fields::id(input.client_id.as_str()));
        let cohort = super::on_date(&mut check, "cohort", &input.cohort, &input.date);
        check.finish()?;
        let (cohort, date) = cohort.expect("checked");
        Ok(EnrolClient { cohort, client: client.expect("checked"), date })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Enrolment, ServiceError> {
        let cohort = super::cohort_of(store, entity.id, self.cohort)?;
        let enrolled = store.enrolments(cohort.id)?;
        let client = super::client_of(store, entity.id, self.client)?;
        let enrolment = cohort::enrol(&cohort, &enrolled, &client, self.date)?;
        writes.enrolment(&enrolment);
        Ok(enrolment)
    }
}
