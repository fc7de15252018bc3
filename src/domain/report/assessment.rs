//! Assessments of a reporting period (seed 001 D and E.4–8): the environment checklist,
//! the conduct of staff, clients and resident families, each group's work, and who
//! monitored and who evaluated. An assessment is never edited: a later one of the same
//! period supersedes it in the report, and both stay readable.

use super::cadence::{Period, PeriodKey};
use super::{at_most, by_name, count_persons, required_note, Field, Person, ReportError};
use crate::domain::entity::EntityId;
use crate::domain::training::{parse_note, parse_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub type AssessmentId = u64;

/// Most groups judged in one assessment.
pub const GROUPS_MAX: usize = 50;

/// The guideline's four-step scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Score {
    /// 1, poor (kurang).
    Kurang = 1,
    /// 2, fair (cukup).
    Cukup = 2,
    /// 3, good (baik).
    Baik = 3,
    /// 4, very good (sangat baik).
    SangatBaik = 4,
}

impl Score {
    pub fn parse(value: i64) -> Result<Score, ReportError> {
        match value {
            1 => Ok(Score::Kurang),
            2 => Ok(Score::Cukup),
            3 => Ok(Score::Baik),
            4 => Ok(Score::SangatBaik),
            other => Err(ReportError::InvalidScore(other)),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Score::Kurang => "kurang",
            Score::Cukup => "cukup",
            Score::Baik => "baik",
            Score::SangatBaik => "sangat baik",
        }
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score as u8
    }
}

impl TryFrom<u8> for Score {
    type Error = ReportError;
    fn try_from(value: u8) -> Result<Score, ReportError> {
        Score::parse(value.into())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub score: Score,
    pub notes: Option<String>,
}

impl Rating {
    pub fn new(score: i64, notes: Option<&str>) -> Result<Rating, ReportError> {
        Ok(Rating { score: Score::parse(score)?, notes: parse_note(notes, "catatan")? })
    }
}

/// The environment checklist (pemberdayaan lingkungan panti).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// Order and cleanliness of gardens and rooms (kebersihan dan ketertiban taman dan ruangan).
    pub gardens_and_rooms: Rating,
    /// Yard and garden (pekarangan dan kebun).
    pub yard_and_garden: Rating,
    /// Room cleanliness (kebersihan ruangan/kamar).
    pub room_cleanliness: Rating,
    /// Bathrooms/WC and kitchen (kamar mandi/WC dan dapur).
    pub bathrooms_and_kitchen: Rating,
    /// Harmony of rooms (keserasian ruangan).
    pub room_harmony: Rating,
    /// Togetherness with the surrounding community (kebersamaan dengan masyarakat
    /// sekitar) in national events (acara nasional),
    pub community_national_events: Rating,
    /// religious events (acara keagamaan),
    pub community_religious_events: Rating,
    /// and local events (acara pemasyarakatan setempat).
    pub community_local_events: Rating,
}

/// Attitudes, behaviour and roles (sikap, tingkah laku dan peranan) of one group of people
/// in empowerment; at least one is said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conduct {
    pub attitude: Option<String>,
    pub behaviour: Option<String>,
    pub role: Option<String>,
}

impl Conduct {
    pub fn new(
        who: &'static str,
        attitude: Option<&str>,
        behaviour: Option<&str>,
        role: Option<&str>,
    ) -> Result<Conduct, ReportError> {
        let conduct = Conduct {
            attitude: parse_note(attitude, "sikap")?,
            behaviour: parse_note(behaviour, "tingkah laku")?,
            role: parse_note(role, "peranan")?,
        };
        if conduct.attitude.is_none() && conduct.behaviour.is_none() && conduct.role.is_none() {
            return Err(ReportError::EmptyConduct(who));
        }
        Ok(conduct)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conducts {
    /// Staff (petugas).
    pub staff: Conduct,
    /// Clients (klien).
    pub clients: Conduct,
    /// Families living at the panti (keluarga penghuni).
    pub families: Conduct,
}

/// How one executing group worked (seed 001 D.2.b).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupWork {
    pub group: String,
    pub field: Field,
    pub kube_id: Option<EntityId>,
    /// Cooperation and cohesion (kerjasama dan kekompakan).
    pub cooperation: String,
    /// Way of working (cara kerja).
    pub way_of_working: String,
    /// Results (hasil kerja).
    pub results: String,
    /// Problems met (masalah atau hambatan).
    pub problems: Option<String>,
    /// How they were overcome (cara mengatasi).
    pub solutions: Option<String>,
}

impl GroupWork {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        group: &str,
        field: Field,
        kube_id: Option<EntityId>,
        cooperation: &str,
        way_of_working: &str,
        results: &str,
        problems: Option<&str>,
        solutions: Option<&str>,
    ) -> Result<GroupWork, ReportError> {
        Ok(GroupWork {
            group: parse_text(group, "nama kelompok")?,
            field,
            kube_id,
            cooperation: required_note(cooperation, "kerjasama")?,
            way_of_working: required_note(way_of_working, "cara kerja")?,
            results: required_note(results, "hasil kerja")?,
            problems: parse_note(problems, "masalah")?,
            solutions: parse_note(solutions, "cara mengatasi masalah")?,
        })
    }
}

/// Who carries out monitoring (pelaksana monitoring, seed 001 E.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonitorRole {
    /// Head of the panti (kepala panti).
    KepalaPanti,
    /// Functional official, i.e. social worker (pejabat fungsional).
    PejabatFungsional,
    /// Structural official (pejabat struktural).
    PejabatStruktural,
}

/// Who carries out evaluation (pelaksana evaluasi, seed 001 E.8): the monitors, and staff
/// such as the cooperative chair and the chair of the non-cooperative programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluatorRole {
    KepalaPanti,
    PejabatFungsional,
    PejabatStruktural,
    /// Chair of the cooperative (ketua koperasi).
    KetuaKoperasi,
    /// Chair of the non-cooperative empowerment programme (ketua pengelola program non koperasi).
    KetuaProgramNonKoperasi,
    /// Other staff (petugas).
    Petugas,
}

/// A person by name and position, with the part they played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official<R> {
    pub role: R,
    pub name: String,
    pub position: String,
}

impl<R: serde::de::DeserializeOwned> Official<R> {
    pub fn new(role: &str, person: Person, roles: &'static str) -> Result<Official<R>, ReportError> {
        let role = by_name(role).ok_or_else(|| ReportError::UnknownRole(role.to_string(), roles))?;
        Ok(Official { role, name: person.name, position: person.position })
    }
}

pub const MONITOR_ROLES: &str = "kepala_panti, pejabat_fungsional, pejabat_struktural";
pub const EVALUATOR_ROLES: &str =
    "kepala_panti, pejabat_fungsional, pejabat_struktural, ketua_koperasi, ketua_program_non_koperasi, petugas";

/// What an assessment says, as filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDetails {
    pub assessed_on: NaiveDate,
    /// Who assessed (penilai).
    pub assessor: Person,
    pub environment: Environment,
    pub conduct: Conducts,
    pub groups: Vec<GroupWork>,
    pub monitors: Vec<Official<MonitorRole>>,
    pub evaluators: Vec<Official<EvaluatorRole>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: AssessmentId,
    pub panti_id: EntityId,
    pub period: PeriodKey,
    pub details: AssessmentDetails,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Assessment {
    /// Places an assessment in one of the panti's report periods: not assessed before the
    /// period began, naming only the panti's own KUBE, with monitors and evaluators named.
    pub fn new(
        id: AssessmentId,
        panti_id: EntityId,
        period: &Period,
        details: AssessmentDetails,
        own_groups: &BTreeSet<EntityId>,
        recorded_by: &str,
        recorded_at: String,
    ) -> Result<Assessment, ReportError> {
        if details.assessed_on < period.start {
            return Err(ReportError::AssessedBeforePeriod {
                date: details.assessed_on,
                period: period.key.to_string(),
                start: period.start,
            });
        }
        count_persons(&details.monitors, "pelaksana monitoring")?;
        count_persons(&details.evaluators, "pelaksana evaluasi")?;
        at_most(&details.groups, GROUPS_MAX, "kelompok dalam satu penilaian")?;
        if let Some(stranger) = details.groups.iter().filter_map(|g| g.kube_id).find(|id| !own_groups.contains(id)) {
            return Err(ReportError::NotOwnGroup(stranger));
        }
        let recorded_by = recorded_by.to_string();
        Ok(Assessment { id, panti_id, period: period.key, details, recorded_by, recorded_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::cadence::{ReportSettings, Schedule};

    fn rating(score: i64) -> Rating {
        Rating::new(score, None).unwrap()
    }

    fn details(assessed_on: &str, groups: Vec<GroupWork>) -> AssessmentDetails {
        let person = || Person::new("Drs. Sutrisno", "Kepala Panti").unwrap();
        let conduct = || Conduct::new("petugas", Some("Aktif"), None, None).unwrap();
        AssessmentDetails {
            assessed_on: assessed_on.parse().unwrap(),
            assessor: person(),
            environment: Environment {
                gardens_and_rooms: rating(3),
                yard_and_garden: rating(2),
                room_cleanliness: rating(4),
                bathrooms_and_kitchen: rating(1),
                room_harmony: rating(3),
                community_national_events: rating(4),
                community_religious_events: rating(4),
                community_local_events: rating(2),
            },
            conduct: Conducts { staff: conduct(), clients: conduct(), families: conduct() },
            groups,
            monitors: vec![Official::new("kepala_panti", person(), MONITOR_ROLES).unwrap()],
            evaluators: vec![Official::new("ketua_koperasi", person(), EVALUATOR_ROLES).unwrap()],
        }
    }

    fn q2() -> Period {
        let schedule = Schedule::new(&ReportSettings::new("2026-01", 15).unwrap(), &[]);
        schedule.find(PeriodKey::parse("2026-TW2").unwrap(), "2026-12-31".parse().unwrap()).unwrap()
    }

    #[test]
    fn the_scale_runs_from_kurang_to_sangat_baik() {
        assert_eq!(Score::parse(4).map(Score::label), Ok("sangat baik"));
        assert_eq!(Score::parse(0), Err(ReportError::InvalidScore(0)));
        assert_eq!(Score::parse(5), Err(ReportError::InvalidScore(5)));
    }

    #[test]
    fn an_assessment_is_not_dated_before_its_period_and_names_only_own_groups() {
        let own = BTreeSet::from([2]);
        let early = Assessment::new(1, 1, &q2(), details("2026-03-31", vec![]), &own, "kepala", String::new());
        assert!(matches!(early, Err(ReportError::AssessedBeforePeriod { .. })));
        let group = |kube| {
            GroupWork::new(
                "Kelompok Lele",
                Field::PerikananPeternakan,
                Some(kube),
                "Kompak",
                "Bergilir",
                "Panen 200 kg",
                None,
                None,
            )
            .unwrap()
        };
        let stray = Assessment::new(1, 1, &q2(), details("2026-06-30", vec![group(7)]), &own, "kepala", String::new());
        assert_eq!(stray, Err(ReportError::NotOwnGroup(7)));
        let ok =
            Assessment::new(1, 1, &q2(), details("2026-06-30", vec![group(2)]), &own, "kepala", String::new()).unwrap();
        assert_eq!(ok.period.to_string(), "2026-TW2");
    }

    #[test]
    fn roles_conduct_and_group_work_are_checked() {
        let person = Person::new("Pak Budi", "Ketua").unwrap();
        assert!(matches!(
            Official::<MonitorRole>::new("ketua_koperasi", person.clone(), MONITOR_ROLES),
            Err(ReportError::UnknownRole(..))
        ));
        assert!(Official::<EvaluatorRole>::new("ketua_koperasi", person, EVALUATOR_ROLES).is_ok());
        assert_eq!(Conduct::new("klien", Some(" "), None, None), Err(ReportError::EmptyConduct("klien")));
        assert!(GroupWork::new("Kelompok", Field::Jasa, None, "Kompak", " ", "Baik", None, None).is_err());
    }
}
