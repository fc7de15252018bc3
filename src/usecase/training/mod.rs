//! Vocational training at a panti: skills, the client register, cohorts (enrolment,
//! sessions, assessment, completion), placement, follow-up, start-up packages and their
//! payment, and the staff register.
//!
//! Client records and the staff register hold personal data, so their commands go by
//! [`Rule::ClientRecords`](crate::usecase::Rule): the panti's head writes them, an admin
//! too, nobody else. Paying a package writes the books, so it goes by the books' rule.
//! A record of another panti is answered exactly like one that does not exist.
//!
//! The programme's own refusals (`TrainingError`: a full cohort, a client not competent)
//! keep their codes; a command checks them first thing in `change`, before it reads
//! anything, so a refusal stores nothing.

pub mod add_skill;
pub mod add_staff;
pub mod assess_client;
pub mod change_staff;
pub mod complete_training;
pub mod enrol_client;
pub mod pay_package;
pub mod place_client;
pub mod plan_cohort;
pub mod record_follow_up;
pub mod record_package;
pub mod record_session;
pub mod register_client;

use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::problem::FieldCheck;
use crate::domain::training::client::{Client, ClientStatus};
use crate::domain::training::cohort::{Cohort, Enrolment, Outcome};
use crate::domain::training::skill::{catalogue, Skill};
use crate::domain::training::{ClientId, CohortId, RecordKind, TrainingError};
use crate::service::ServiceError;
use crate::store::{Store, StoreError, WriteSet};
use crate::usecase::fields::{self, Typed};
use chrono::NaiveDate;

/// A training record a path names in place of its panti (`/clients/{id}`,
/// `/cohorts/{id}`): the service finds its panti and decides access there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client,
    Cohort,
}

impl Scope {
    /// The input field the path's record goes into.
    pub fn field(self) -> &'static str {
        match self {
            Scope::Client => "client",
            Scope::Cohort => "cohort",
        }
    }

    pub fn kind(self) -> RecordKind {
        match self {
            Scope::Client => RecordKind::Client,
            Scope::Cohort => RecordKind::Cohort,
        }
    }

    /// The panti the record belongs to, if there is such a record.
    pub fn panti_of(self, store: &Store, id: u64) -> Result<Option<EntityId>, StoreError> {
        Ok(match self {
            Scope::Client => store.client(id)?.map(|client| client.panti_id),
            Scope::Cohort => store.cohort(id)?.map(|cohort| cohort.panti_id),
        })
    }
}

/// Training is recorded only at a panti.
pub fn ensure_panti(entity: &Entity) -> Result<(), TrainingError> {
    match entity.kind {
        EntityKind::Panti => Ok(()),
        other => Err(TrainingError::NotPanti(other.as_str())),
    }
}

pub(crate) fn not_found(kind: RecordKind, id: u64) -> ServiceError {
    ServiceError::NotFound(format!("{} {id}", kind.noun()))
}

/// A client of `panti`: one of another panti is answered as one that does not exist.
pub(crate) fn client_of(store: &Store, panti: EntityId, id: ClientId) -> Result<Client, ServiceError> {
    store.client(id)?.filter(|client| client.panti_id == panti).ok_or_else(|| not_found(RecordKind::Client, id))
}

/// A cohort of `panti`, likewise.
pub(crate) fn cohort_of(store: &Store, panti: EntityId, id: CohortId) -> Result<Cohort, ServiceError> {
    store.cohort(id)?.filter(|cohort| cohort.panti_id == panti).ok_or_else(|| not_found(RecordKind::Cohort, id))
}

/// The shipped catalogue, then the panti's own skills.
pub(crate) fn skills_in(store: &Store, panti: EntityId) -> Result<Vec<Skill>, StoreError> {
    let mut skills = catalogue();
    skills.extend(store.panti_skills(panti)?);
    Ok(skills)
}

/// Every enrolment of a client, across the cohorts of their panti.
pub(crate) fn enrolments_of(store: &Store, client: &Client) -> Result<Vec<Enrolment>, StoreError> {
    store.cohorts(client.panti_id)?.iter().filter_map(|c| store.enrolment(c.id, client.id).transpose()).collect()
}

/// A participant of a cohort of `panti` changed by `change` (assessed, completed); one
/// who left (keluar) leaves the programme.
pub(crate) fn change_enrolment(
    store: &Store,
    writes: &mut WriteSet,
    panti: EntityId,
    (cohort, client): (CohortId, ClientId),
    change: impl FnOnce(&Enrolment, &Client) -> Result<Enrolment, TrainingError>,
) -> Result<Enrolment, ServiceError> {
    let cohort = cohort_of(store, panti, cohort)?;
    let client = client_of(store, panti, client)?;
    let enrolment = store.enrolment(cohort.id, client.id)?.ok_or(TrainingError::NotEnrolled(client.id))?;
    let changed = change(&enrolment, &client)?;
    writes.enrolment(&changed);
    if changed.completion.as_ref().is_some_and(|c| c.outcome == Outcome::Keluar) {
        writes.client(&Client { status: ClientStatus::Keluar, ..client });
    }
    Ok(changed)
}

/// The record the path names (its `field`) and the date of what is recorded, each
/// checked at its field.
pub(crate) fn on_date(
    check: &mut FieldCheck,
    field: &'static str,
    record: &Typed,
    date: &str,
) -> Option<(u64, NaiveDate)> {
    let record = check.take(field, fields::id(record.as_str()));
    record.zip(check.take("date", fields::date(date)))
}

/// The cohort and the participant a path names (`/cohorts/{id}/enrolments/{client}/…`),
/// and the date of what is recorded; what does not parse is noted in `check`.
pub(crate) fn participant_on(
    check: &mut FieldCheck,
    cohort: &Typed,
    client: &Typed,
    date: &str,
) -> Option<((CohortId, ClientId), NaiveDate)> {
    let client = check.take("client", fields::id(client.as_str()));
    let cohort = on_date(check, "cohort", cohort, date);
    let ((cohort, date), client) = cohort.zip(client)?;
    Some(((cohort, client), date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_and_a_date_are_each_named_at_their_field() {
        let (cohort, client) = (Typed::from("4"), Typed::from("x"));
        let mut check = FieldCheck::default();
        assert_eq!(participant_on(&mut check, &cohort, &client, "2026-02-30"), None);
        let problems = check.finish().unwrap_err();
        let found: Vec<_> = problems.iter().map(|(field, problem)| (field.unwrap(), problem.code())).collect();
        assert_eq!(found, [("client", "invalid_id"), ("date", "invalid_date")]);
        let client = Typed::from("7");
        let ((cohort, client), date) =
            participant_on(&mut FieldCheck::default(), &cohort, &client, "2026-03-30").unwrap();
        assert_eq!((cohort, client, date.to_string()), (4, 7, "2026-03-30".to_string()));
    }
}
