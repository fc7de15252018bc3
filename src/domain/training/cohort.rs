//! Cohorts (angkatan) of one skill: who enrols, who attends each session, who is assessed
//! competent, and how each participant finishes.

use super::client::Client;
use super::skill::{Skill, SkillCode};
use super::{
    not_before, parse_note, parse_text, ClientId, CohortId, TrainingError, CAPACITY_MAX, HOURS_MAX, INSTRUCTORS_MAX,
    SESSIONS_MAX,
};
use crate::domain::entity::EntityId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instructor {
    pub name: String,
    /// Where the instructor comes from, e.g. the local vocational training centre (BLK).
    pub affiliation: String,
}

impl Instructor {
    pub fn new(name: &str, affiliation: &str) -> Result<Instructor, TrainingError> {
        Ok(Instructor {
            name: parse_text(name, "nama instruktur")?,
            affiliation: parse_text(affiliation, "asal lembaga instruktur")?,
        })
    }
}

/// A cohort as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortPlan {
    pub skill: SkillCode,
    /// Cohort number within its skill (angkatan ke-).
    pub number: u32,
    pub instructors: Vec<Instructor>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub hours: u32,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    pub id: CohortId,
    pub panti_id: EntityId,
    pub plan: CohortPlan,
}

/// Checks a plan against the panti's skills and cohorts, and numbers it.
pub fn plan_cohort(
    id: CohortId,
    panti_id: EntityId,
    plan: CohortPlan,
    skills: &[Skill],
    existing: &[Cohort],
) -> Result<Cohort, TrainingError> {
    if !skills.iter().any(|s| s.code == plan.skill) {
        return Err(TrainingError::UnknownSkill(plan.skill.as_str().to_string()));
    }
    if existing.iter().any(|c| c.plan.skill == plan.skill && c.plan.number == plan.number) {
        return Err(TrainingError::DuplicateCohort { skill: plan.skill.as_str().to_string(), number: plan.number });
    }
    not_before(plan.planned_end, plan.planned_start, "rencana mulai")?;
    if !(1..=HOURS_MAX).contains(&plan.hours) {
        return Err(TrainingError::InvalidHours);
    }
    if !(1..=CAPACITY_MAX).contains(&plan.capacity) {
        return Err(TrainingError::InvalidCapacity);
    }
    if !(1..=INSTRUCTORS_MAX).contains(&plan.instructors.len()) {
        return Err(TrainingError::InvalidInstructors);
    }
    Ok(Cohort { id, panti_id, plan })
}

/// Competency assessment result (hasil uji kompetensi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Competency {
    Kompeten,
    BelumKompeten,
}

impl Competency {
    pub fn parse(text: &str) -> Result<Competency, TrainingError> {
        match text.trim() {
            "kompeten" => Ok(Competency::Kompeten),
            "belum_kompeten" => Ok(Competency::BelumKompeten),
            other => Err(TrainingError::UnknownCompetency(other.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub date: NaiveDate,
    pub result: Competency,
    /// 0–100.
    pub score: u8,
}

impl Assessment {
    pub fn new(date: NaiveDate, result: Competency, score: u64) -> Result<Assessment, TrainingError> {
        match u8::try_from(score) {
            Ok(score) if score <= 100 => Ok(Assessment { date, result, score }),
            _ => Err(TrainingError::InvalidScore(score.to_string())),
        }
    }
}

/// How a participant finishes a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed (lulus).
    Lulus,
    /// Finished without passing (tidak lulus).
    TidakLulus,
    /// Left before the end (keluar); needs a reason.
    Keluar,
}

impl Outcome {
    pub fn parse(text: &str) -> Result<Outcome, TrainingError> {
        match text.trim() {
            "lulus" => Ok(Outcome::Lulus),
            "tidak_lulus" => Ok(Outcome::TidakLulus),
            "keluar" => Ok(Outcome::Keluar),
            other => Err(TrainingError::UnknownOutcome(other.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub outcome: Outcome,
    pub date: NaiveDate,
    /// Why the participant left; required for `keluar`, a note otherwise.
    pub reason: Option<String>,
}

impl Completion {
    pub fn new(outcome: Outcome, date: NaiveDate, reason: Option<&str>) -> Result<Completion, TrainingError> {
        let reason = parse_note(reason, "alasan")?;
        if outcome == Outcome::Keluar && reason.is_none() {
            return Err(TrainingError::ReasonRequired);
        }
        Ok(Completion { outcome, date, reason })
    }
}

/// One client in one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub cohort_id: CohortId,
    pub client_id: ClientId,
    pub enrolled_on: NaiveDate,
    pub assessment: Option<Assessment>,
    pub completion: Option<Completion>,
}

/// Enrols an active client of the cohort's panti, while seats are left.
pub fn enrol(
    cohort: &Cohort,
    enrolled: &[Enrolment],
    client: &Client,
    date: NaiveDate,
) -> Result<Enrolment, TrainingError> {
    if client.panti_id != cohort.panti_id {
        return Err(TrainingError::OtherPanti);
    }
    client.ensure_active()?;
    if enrolled.iter().any(|e| e.client_id == client.id) {
        return Err(TrainingError::AlreadyEnrolled(client.number().to_string()));
    }
    // Every enrolment holds its seat, a participant who left included.
    if enrolled.len() >= cohort.plan.capacity as usize {
        return Err(TrainingError::CohortFull(cohort.plan.capacity));
    }
    not_before(date, client.details.admitted_on, "tanggal masuk panti")?;
    Ok(Enrolment { cohort_id: cohort.id, client_id: client.id, enrolled_on: date, assessment: None, completion: None })
}

impl Enrolment {
    /// Whether the participant is expected at a session held on `date`.
    pub fn takes_part_on(&self, date: NaiveDate) -> bool {
        self.enrolled_on <= date && self.completion.as_ref().is_none_or(|c| c.date >= date)
    }

    pub fn passed(&self) -> bool {
        self.completion.as_ref().is_some_and(|c| c.outcome == Outcome::Lulus)
    }

    fn ensure_open(&self, client: &Client) -> Result<(), TrainingError> {
        match self.completion {
            Some(_) => Err(TrainingError::AlreadyCompleted(client.number().to_string())),
            None => Ok(()),
        }
    }

    /// Records (or replaces) the assessment of a participant who has not finished.
    pub fn assess(&self, client: &Client, assessment: Assessment) -> Result<Enrolment, TrainingError> {
        self.ensure_open(client)?;
        not_before(assessment.date, self.enrolled_on, "tanggal pendaftaran")?;
        Ok(Enrolment { assessment: Some(assessment), ..self.clone() })
    }

    /// Records how the participant finished, once: passing needs a competent assessment.
    pub fn complete(&self, client: &Client, completion: Completion) -> Result<Enrolment, TrainingError> {
        self.ensure_open(client)?;
        not_before(completion.date, self.enrolled_on, "tanggal pendaftaran")?;
        let competent = self.assessment.as_ref().is_some_and(|a| a.result == Competency::Kompeten);
        if completion.outcome == Outcome::Lulus && !competent {
            return Err(TrainingError::NotCompetent(client.number().to_string()));
        }
        Ok(Enrolment { completion: Some(completion), ..self.clone() })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceMark {
    pub client_id: ClientId,
    pub present: bool,
}

/// One session of a cohort, with a mark for every participant expected that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub cohort_id: CohortId,
    /// 1, 2, … in the order sessions are recorded.
    pub number: u32,
    pub date: NaiveDate,
    pub topic: String,
    pub attendance: Vec<AttendanceMark>,
}

/// The next session: every participant of the day is marked, present if listed.
pub fn record_session(
    cohort: &Cohort,
    enrolments: &[Enrolment],
    sessions_held: u32,
    date: NaiveDate,
    topic: String,
    present: &[ClientId],
) -> Result<Session, TrainingError> {
    if sessions_held >= SESSIONS_MAX {
        return Err(TrainingError::TooManySessions);
    }
    let expected: Vec<&Enrolment> = enrolments.iter().filter(|e| e.takes_part_on(date)).collect();
    if let Some(stranger) = present.iter().find(|id| !expected.iter().any(|e| e.client_id == **id)) {
        return Err(TrainingError::NotEnrolled(*stranger));
    }
    let attendance = expected
        .iter()
        .map(|e| AttendanceMark { client_id: e.client_id, present: present.contains(&e.client_id) })
        .collect();
    Ok(Session { cohort_id: cohort.id, number: sessions_held + 1, date, topic, attendance })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::training::client::{ClientDetails, ClientNumber, ClientStatus, Sex};

    pub fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    pub fn client(id: ClientId, sex: Sex) -> Client {
        let details = ClientDetails {
            number: ClientNumber::parse(&format!("K-{id:03}")).unwrap(),
            cohort_number: 1,
            name: format!("Klien {id}"),
            sex,
            birth_date: date("1990-05-01"),
            religion: "Islam".into(),
            origin: "Surakarta".into(),
            admitted_on: date("2026-01-02"),
            case_type: "gelandangan".into(),
        };
        Client { id, panti_id: 1, details, status: ClientStatus::Aktif }
    }

    pub fn cohort(id: CohortId, skill: &str, start: &str, capacity: u32) -> Cohort {
        let plan = CohortPlan {
            skill: SkillCode::parse(skill).unwrap(),
            number: id as u32,
            instructors: vec![Instructor::new("Bu Sri", "BLK Surakarta").unwrap()],
            planned_start: date(start),
            planned_end: date(start) + chrono::Days::new(90),
            hours: 120,
            capacity,
        };
        plan_cohort(id, 1, plan, &crate::domain::training::skill::catalogue(), &[]).unwrap()
    }

    #[test]
    fn a_plan_needs_a_known_skill_a_new_number_and_sane_figures() {
        let skills = crate::domain::training::skill::catalogue();
        let plan = |skill: &str, number: u32, hours: u32, capacity: u32| CohortPlan {
            skill: SkillCode::parse(skill).unwrap(),
            number,
            instructors: vec![Instructor::new("Pak Budi", "BLK Klaten").unwrap()],
            planned_start: date("2026-02-01"),
            planned_end: date("2026-04-30"),
            hours,
            capacity,
        };
        let first = plan_cohort(1, 1, plan("las", 1, 200, 10), &skills, &[]).unwrap();
        let again = plan_cohort(2, 1, plan("las", 1, 200, 10), &skills, std::slice::from_ref(&first));
        assert!(matches!(again, Err(TrainingError::DuplicateCohort { number: 1, .. })));
        assert!(plan_cohort(2, 1, plan("las", 2, 200, 10), &skills, &[first]).is_ok());
        assert!(matches!(
            plan_cohort(3, 1, plan("anyaman", 1, 200, 10), &skills, &[]),
            Err(TrainingError::UnknownSkill(_))
        ));
        assert_eq!(plan_cohort(3, 1, plan("las", 3, 0, 10), &skills, &[]), Err(TrainingError::InvalidHours));
        assert_eq!(plan_cohort(3, 1, plan("las", 3, 200, 0), &skills, &[]), Err(TrainingError::InvalidCapacity));
        let mut backwards = plan("las", 3, 200, 10);
        backwards.planned_end = date("2026-01-01");
        assert!(matches!(plan_cohort(3, 1, backwards, &skills, &[]), Err(TrainingError::TooEarly { .. })));
    }

    #[test]
    fn enrolment_beyond_capacity_is_refused() {
        let cohort = cohort(1, "menjahit", "2026-01-05", 2);
        let mut enrolled = Vec::new();
        for id in 1..=2 {
            enrolled.push(enrol(&cohort, &enrolled, &client(id, Sex::Perempuan), date("2026-01-05")).unwrap());
        }
        let third = enrol(&cohort, &enrolled, &client(3, Sex::Perempuan), date("2026-01-05"));
        assert_eq!(third, Err(TrainingError::CohortFull(2)));
        let twice = enrol(&cohort, &enrolled[..1], &client(1, Sex::Perempuan), date("2026-01-05"));
        assert!(matches!(twice, Err(TrainingError::AlreadyEnrolled(_))));
        let placed = Client { status: ClientStatus::Disalurkan, ..client(4, Sex::LakiLaki) };
        assert!(matches!(enrol(&cohort, &[], &placed, date("2026-01-05")), Err(TrainingError::ClientNotActive { .. })));
        let elsewhere = Client { panti_id: 9, ..client(5, Sex::LakiLaki) };
        assert_eq!(enrol(&cohort, &[], &elsewhere, date("2026-01-05")), Err(TrainingError::OtherPanti));
    }

    #[test]
    fn dropout_needs_a_reason_and_passing_needs_a_competent_assessment() {
        assert_eq!(Completion::new(Outcome::Keluar, date("2026-02-01"), None), Err(TrainingError::ReasonRequired));
        assert_eq!(
            Completion::new(Outcome::Keluar, date("2026-02-01"), Some("  ")),
            Err(TrainingError::ReasonRequired)
        );
        let left = Completion::new(Outcome::Keluar, date("2026-02-01"), Some("Sakit, dirujuk ke RSUD")).unwrap();
        let someone = client(1, Sex::LakiLaki);
        let enrolment = enrol(&cohort(1, "las", "2026-01-05", 5), &[], &someone, date("2026-01-05")).unwrap();
        let lulus = Completion::new(Outcome::Lulus, date("2026-04-01"), None).unwrap();
        assert!(matches!(enrolment.complete(&someone, lulus.clone()), Err(TrainingError::NotCompetent(_))));
        let not_yet = Assessment::new(date("2026-03-30"), Competency::BelumKompeten, 55).unwrap();
        let assessed = enrolment.assess(&someone, not_yet).unwrap();
        assert!(matches!(assessed.complete(&someone, lulus.clone()), Err(TrainingError::NotCompetent(_))));
        let competent = Assessment::new(date("2026-03-31"), Competency::Kompeten, 82).unwrap();
        let passed = assessed.assess(&someone, competent).unwrap().complete(&someone, lulus).unwrap();
        assert!(passed.passed());
        assert!(matches!(passed.complete(&someone, left), Err(TrainingError::AlreadyCompleted(_))));
        assert_eq!(
            Assessment::new(date("2026-03-31"), Competency::Kompeten, 101),
            Err(TrainingError::InvalidScore("101".into()))
        );
    }

    #[test]
    fn a_session_marks_everyone_taking_part_that_day() {
        let cohort = cohort(1, "las", "2026-01-05", 5);
        let mut enrolled = Vec::new();
        for id in 1..=3 {
            enrolled.push(enrol(&cohort, &enrolled, &client(id, Sex::LakiLaki), date("2026-01-05")).unwrap());
        }
        let reason = Some("Kembali ke kampung");
        enrolled[2].completion = Some(Completion::new(Outcome::Keluar, date("2026-01-10"), reason).unwrap());
        let session = record_session(&cohort, &enrolled, 4, date("2026-01-12"), "Las listrik".into(), &[2]).unwrap();
        assert_eq!(session.number, 5);
        let marks = [AttendanceMark { client_id: 1, present: false }, AttendanceMark { client_id: 2, present: true }];
        assert_eq!(session.attendance, marks);
        let stranger = record_session(&cohort, &enrolled, 4, date("2026-01-12"), "Las".into(), &[3]);
        assert_eq!(stranger, Err(TrainingError::NotEnrolled(3)));
    }
}
