//! Training records: clients, cohorts, enrolments, sessions, placements (with their
//! follow-ups), packages, staff and panti skills.

use super::codec::{encode, entity_key, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::training::aftercare::{Package, Placement};
use crate::domain::training::client::Client;
use crate::domain::training::cohort::{Cohort, Enrolment, Session};
use crate::domain::training::skill::Skill;
use crate::domain::training::staff::StaffMember;
use crate::domain::training::{ClientId, CohortId, RecordKind};

fn counter_key(kind: RecordKind) -> Vec<u8> {
    let name: &[u8] = match kind {
        RecordKind::Client => b"next_client_id",
        RecordKind::Cohort => b"next_cohort_id",
        RecordKind::Staff => b"next_staff_id",
    };
    key(prefix::META, &[name])
}

fn number_key(client: &Client) -> Vec<u8> {
    entity_key(prefix::CLIENT_NUMBER, client.panti_id, &[client.number().to_lowercase().as_bytes()])
}

impl WriteSet {
    pub fn next_id(&mut self, kind: RecordKind, next: u64) {
        self.put(counter_key(kind), encode(&next));
    }

    /// A client and the index that keeps its number unique in its panti.
    pub fn client(&mut self, client: &Client) {
        self.put(key(prefix::CLIENT, &[&client.id.to_be_bytes()]), encode(client));
        self.put(number_key(client), encode(&client.id));
    }

    pub fn cohort(&mut self, cohort: &Cohort) {
        self.put(key(prefix::COHORT, &[&cohort.id.to_be_bytes()]), encode(cohort));
        self.put(entity_key(prefix::PANTI_COHORT, cohort.panti_id, &[&cohort.id.to_be_bytes()]), encode(&cohort.id));
    }

    pub fn enrolment(&mut self, enrolment: &Enrolment) {
        let parts: [&[u8]; 2] = [&enrolment.cohort_id.to_be_bytes(), &enrolment.client_id.to_be_bytes()];
        self.put(key(prefix::ENROLMENT, &parts), encode(enrolment));
    }

    pub fn cohort_session(&mut self, session: &Session) {
        let parts: [&[u8]; 2] = [&session.cohort_id.to_be_bytes(), &session.number.to_be_bytes()];
        self.put(key(prefix::COHORT_SESSION, &parts), encode(session));
    }

    pub fn placement(&mut self, placement: &Placement) {
        self.put(key(prefix::PLACEMENT, &[&placement.client_id.to_be_bytes()]), encode(placement));
    }

    pub fn package(&mut self, package: &Package) {
        self.put(key(prefix::PACKAGE, &[&package.client_id.to_be_bytes()]), encode(package));
    }

    pub fn staff_member(&mut self, staff: &StaffMember) {
        self.put(entity_key(prefix::STAFF, staff.panti_id, &[&staff.id.to_be_bytes()]), encode(staff));
    }

    pub fn panti_skill(&mut self, panti: EntityId, skill: &Skill) {
        self.put(entity_key(prefix::PANTI_SKILL, panti, &[skill.code.as_str().as_bytes()]), encode(skill));
    }
}

impl Store {
    pub fn next_id(&self, kind: RecordKind) -> Result<u64, StoreError> {
        Ok(self.get(&counter_key(kind))?.unwrap_or(1))
    }

    pub fn client(&self, id: ClientId) -> Result<Option<Client>, StoreError> {
        self.get(&key(prefix::CLIENT, &[&id.to_be_bytes()]))
    }

    /// Whether a client number is taken in a panti (numbers compare without case).
    pub fn client_number_taken(&self, panti: EntityId, number: &str) -> Result<bool, StoreError> {
        let id: Option<ClientId> =
            self.get(&entity_key(prefix::CLIENT_NUMBER, panti, &[number.to_lowercase().as_bytes()]))?;
        Ok(id.is_some())
    }

    /// A panti's clients, in client-number order.
    pub fn clients(&self, panti: EntityId) -> Result<Vec<Client>, StoreError> {
        self.indexed(entity_key(prefix::CLIENT_NUMBER, panti, &[]), |id| self.client(id))
    }

    pub fn cohort(&self, id: CohortId) -> Result<Option<Cohort>, StoreError> {
        self.get(&key(prefix::COHORT, &[&id.to_be_bytes()]))
    }

    /// A panti's cohorts, oldest first.
    pub fn cohorts(&self, panti: EntityId) -> Result<Vec<Cohort>, StoreError> {
        self.indexed(entity_key(prefix::PANTI_COHORT, panti, &[]), |id| self.cohort(id))
    }

    pub fn enrolment(&self, cohort: CohortId, client: ClientId) -> Result<Option<Enrolment>, StoreError> {
        self.get(&key(prefix::ENROLMENT, &[&cohort.to_be_bytes(), &client.to_be_bytes()]))
    }

    /// A cohort's enrolments, in client-id order.
    pub fn enrolments(&self, cohort: CohortId) -> Result<Vec<Enrolment>, StoreError> {
        self.values(key(prefix::ENROLMENT, &[&cohort.to_be_bytes()]))
    }

    /// A cohort's sessions, in the order they were recorded.
    pub fn cohort_sessions(&self, cohort: CohortId) -> Result<Vec<Session>, StoreError> {
        self.values(key(prefix::COHORT_SESSION, &[&cohort.to_be_bytes()]))
    }

    pub fn placement(&self, client: ClientId) -> Result<Option<Placement>, StoreError> {
        self.get(&key(prefix::PLACEMENT, &[&client.to_be_bytes()]))
    }

    pub fn package(&self, client: ClientId) -> Result<Option<Package>, StoreError> {
        self.get(&key(prefix::PACKAGE, &[&client.to_be_bytes()]))
    }

    /// A panti's staff register, in id order.
    pub fn staff(&self, panti: EntityId) -> Result<Vec<StaffMember>, StoreError> {
        self.values(entity_key(prefix::STAFF, panti, &[]))
    }

    /// The skills a panti added to the shipped catalogue, in code order.
    pub fn panti_skills(&self, panti: EntityId) -> Result<Vec<Skill>, StoreError> {
        self.values(entity_key(prefix::PANTI_SKILL, panti, &[]))
    }

    pub(super) fn values<T: serde::de::DeserializeOwned>(&self, prefix_bytes: Vec<u8>) -> Result<Vec<T>, StoreError> {
        self.scan(prefix_bytes).map(|item| item.map(|(_, value)| value)).collect()
    }

    /// The records an index of ids names, in index order; a missing one is corruption.
    fn indexed<T>(
        &self,
        index: Vec<u8>,
        read: impl Fn(u64) -> Result<Option<T>, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        self.scan::<u64>(index)
            .map(|item| {
                let (_, id) = item?;
                read(id)?
                    .ok_or_else(|| StoreError::Io(std::io::Error::other(format!("index names missing record {id}"))))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::aftercare::{Business, FollowUp, PlacementKind};
    use crate::domain::training::cohort::{Competency, Completion, Outcome};

    /// Postcard is not self-describing: every stored training shape must read back as written.
    #[test]
    fn training_records_round_trip() {
        use super::super::codec::decode;
        let date = "2026-04-10".parse().unwrap();
        let visit = FollowUp {
            date,
            business: Some(Business::Running),
            income_estimate: crate::domain::money::Money::parse("750000.50").unwrap(),
            needs: Some("Modal tambahan".into()),
            notes: None,
        };
        let placement = Placement {
            client_id: 3,
            kind: PlacementKind::JoinedKube,
            date,
            destination: None,
            member_id: Some(9),
            note: Some("KUBE Tahu".into()),
            follow_ups: vec![visit],
        };
        assert_eq!(decode::<Placement>(&encode(&placement)).unwrap(), placement);
        let enrolment = Enrolment {
            cohort_id: 1,
            client_id: 3,
            enrolled_on: date,
            assessment: Some(crate::domain::training::cohort::Assessment::new(date, Competency::Kompeten, 90).unwrap()),
            completion: Some(Completion::new(Outcome::Keluar, date, Some("Sakit")).unwrap()),
        };
        assert_eq!(decode::<Enrolment>(&encode(&enrolment)).unwrap(), enrolment);
        for skill in crate::domain::training::skill::catalogue() {
            assert_eq!(decode::<Skill>(&encode(&skill)).unwrap(), skill);
        }
    }
}
