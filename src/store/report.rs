//! The empowerment report's records: plan versions, assessments, report settings and
//! stage changes, each under its own prefix and the panti's id.

use super::codec::{encode, entity_key, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::report::assessment::{Assessment, AssessmentId};
use crate::domain::report::cadence::{PeriodKey, ReportSettings, StageChange};
use crate::domain::report::plan::Plan;

fn plan_key(panti: EntityId, year: i32, version: u32) -> Vec<u8> {
    entity_key(prefix::PLAN, panti, &[&(year as u16).to_be_bytes(), &version.to_be_bytes()])
}

fn assessments_key(panti: EntityId, period: Option<PeriodKey>) -> Vec<u8> {
    match period {
        Some(period) => entity_key(prefix::ASSESSMENT, panti, &[&period.to_bytes()]),
        None => entity_key(prefix::ASSESSMENT, panti, &[]),
    }
}

const NEXT_ASSESSMENT_ID: &[u8] = b"next_assessment_id";

impl WriteSet {
    pub fn plan(&mut self, plan: &Plan) {
        self.put(plan_key(plan.panti_id, plan.year, plan.version), encode(plan));
    }

    pub fn assessment(&mut self, assessment: &Assessment) {
        let mut key = assessments_key(assessment.panti_id, Some(assessment.period));
        key.extend_from_slice(&assessment.id.to_be_bytes());
        self.put(key, encode(assessment));
        self.put(key_next_assessment(), encode(&(assessment.id + 1)));
    }

    pub fn report_settings(&mut self, panti: EntityId, settings: &ReportSettings) {
        self.put(entity_key(prefix::REPORT_SETTINGS, panti, &[]), encode(settings));
    }

    /// The `index`-th stage change of a panti (0 first): changes are appended, never altered.
    pub fn stage_change(&mut self, panti: EntityId, index: u32, change: &StageChange) {
        self.put(entity_key(prefix::STAGE_CHANGE, panti, &[&index.to_be_bytes()]), encode(change));
    }
}

fn key_next_assessment() -> Vec<u8> {
    key(prefix::META, &[NEXT_ASSESSMENT_ID])
}

impl Store {
    /// Every version of a panti's plan for a year, oldest first.
    pub fn plan_versions(&self, panti: EntityId, year: i32) -> Result<Vec<Plan>, StoreError> {
        self.values(entity_key(prefix::PLAN, panti, &[&(year as u16).to_be_bytes()]))
    }

    pub fn next_assessment_id(&self) -> Result<AssessmentId, StoreError> {
        Ok(self.get(&key_next_assessment())?.unwrap_or(1))
    }

    /// A panti's assessments of one period, or of all, in period order then as recorded.
    pub fn assessments(&self, panti: EntityId, period: Option<PeriodKey>) -> Result<Vec<Assessment>, StoreError> {
        self.values(assessments_key(panti, period))
    }

    pub fn report_settings(&self, panti: EntityId) -> Result<Option<ReportSettings>, StoreError> {
        self.get(&entity_key(prefix::REPORT_SETTINGS, panti, &[]))
    }

    /// A panti's stage changes in the order they were made.
    pub fn stage_changes(&self, panti: EntityId) -> Result<Vec<StageChange>, StoreError> {
        self.values(entity_key(prefix::STAGE_CHANGE, panti, &[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::cadence::{Schedule, Stage};
    use crate::domain::report::{Field, Person};

    /// Postcard is not self-describing: every stored report shape must read back as written.
    #[test]
    fn report_records_round_trip_through_the_store() {
        use crate::domain::money::Money;
        use crate::domain::report::assessment::*;
        use crate::domain::report::plan::{Activity, Need};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let person = || Person::new("Bu Sri", "Pekerja Sosial").unwrap();
        let need = Need::new("bahan_baku", "Kedelai 50 kg", "laba_usaha", Money::parse("600000.50").unwrap()).unwrap();
        let activity = Activity::new(Field::Kerajinan, Some(2), "Tahu", "Kelompok Tahu", vec![person()], vec![need]);
        let plan = Plan::new(1, 2026, 1, vec![activity.unwrap()], &[2].into(), "kepala", "2026-01-05T00:00:00Z".into())
            .unwrap();
        let settings = ReportSettings::new("2026-01", 20).unwrap();
        let change = StageChange {
            date: "2026-08-10".parse().unwrap(),
            stage: Stage::Mapan,
            changed_by: "kepala".into(),
            reason: "Usaha berjalan mandiri".into(),
            recorded_at: "t".into(),
        };
        let rating = Rating::new(4, Some("Rapi")).unwrap();
        let conduct = Conduct::new("petugas", None, Some("Tertib"), None).unwrap();
        let details = AssessmentDetails {
            assessed_on: "2026-12-20".parse().unwrap(),
            assessor: person(),
            environment: Environment {
                gardens_and_rooms: rating.clone(),
                yard_and_garden: rating.clone(),
                room_cleanliness: rating.clone(),
                bathrooms_and_kitchen: rating.clone(),
                room_harmony: rating.clone(),
                community_national_events: rating.clone(),
                community_religious_events: rating.clone(),
                community_local_events: rating,
            },
            conduct: Conducts { staff: conduct.clone(), clients: conduct.clone(), families: conduct },
            groups: vec![GroupWork::new(
                "Kelompok Tahu",
                Field::Kerajinan,
                Some(2),
                "Kompak",
                "Bergilir",
                "Laku",
                Some("Listrik"),
                None,
            )
            .unwrap()],
            monitors: vec![Official::new("pejabat_struktural", person(), MONITOR_ROLES).unwrap()],
            evaluators: vec![Official::new("ketua_program_non_koperasi", person(), EVALUATOR_ROLES).unwrap()],
        };
        let schedule = Schedule::new(&settings, std::slice::from_ref(&change));
        let period = schedule.find(PeriodKey::parse("2026-SM2").unwrap(), "2026-12-31".parse().unwrap()).unwrap();
        let assessment = Assessment::new(7, 1, &period, details, &[2].into(), "kepala", "t".into()).unwrap();
        let mut writes = WriteSet::default();
        writes.plan(&plan);
        writes.report_settings(1, &settings);
        writes.stage_change(1, 0, &change);
        writes.assessment(&assessment);
        store.commit(writes).unwrap();
        assert_eq!(store.plan_versions(1, 2026).unwrap(), [plan]);
        assert_eq!(store.report_settings(1).unwrap(), Some(settings));
        assert_eq!(store.stage_changes(1).unwrap(), [change]);
        assert_eq!(store.assessments(1, Some(period.key)).unwrap(), [assessment]);
        assert_eq!(store.assessments(1, PeriodKey::parse("2026-TW2").ok()).unwrap(), []);
        assert_eq!(store.next_assessment_id().unwrap(), 8);
        assert!(store.plan_versions(2, 2026).unwrap().is_empty(), "another panti's plans are apart");
    }
}
