//! Outcomes of training, per cohort, skill, sex and year: a pure function from the records.
//!
//! Every figure counts enrolments: a client in two cohorts counts in each.

use super::aftercare::{Business, Placement};
use super::client::Sex;
use super::cohort::{Cohort, Enrolment, Outcome, Session};
use super::ClientId;
use chrono::{Datelike, Months};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cohort with everything recorded in it.
#[derive(Debug, Clone)]
pub struct CohortRecords {
    pub cohort: Cohort,
    pub enrolments: Vec<Enrolment>,
    pub sessions: Vec<Session>,
}

/// What statistics are computed from: the cohorts, and each participant's sex and placement.
#[derive(Debug, Clone, Default)]
pub struct TrainingRecords {
    pub cohorts: Vec<CohortRecords>,
    pub sexes: BTreeMap<ClientId, Sex>,
    pub placements: BTreeMap<ClientId, Placement>,
}

/// What a row groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Total,
    Cohort,
    Skill,
    Sex,
    Year,
}

/// The outcomes of one group of enrolments. Rates are percentages with two decimals,
/// absent when there is nothing to divide by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeRow {
    pub dimension: Dimension,
    /// `semua`; `skill/number` of a cohort; a skill code; a sex; a year.
    pub key: String,
    pub enrolled: u32,
    /// Sessions attended out of sessions the participants were expected at.
    pub attendance_rate: Option<Decimal>,
    /// Finished the cohort (lulus or tidak lulus); those who left (keluar) did not.
    pub completed: u32,
    /// Completed out of enrolled.
    pub completion_rate: Option<Decimal>,
    pub passed: u32,
    /// Passed, and placed within 3 months of passing (of 6 months, below; 6 includes 3).
    pub placed_within_3_months: u32,
    pub placed_within_6_months: u32,
    /// Placed, and running a business at the latest follow-up visit.
    pub running_business: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingStatistics {
    /// The year of the cohorts' planned start, when one year was asked for.
    pub year: Option<i32>,
    pub rows: Vec<OutcomeRow>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    enrolled: u32,
    marks: u32,
    present: u32,
    completed: u32,
    passed: u32,
    placed_3: u32,
    placed_6: u32,
    running: u32,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.enrolled += other.enrolled;
        self.marks += other.marks;
        self.present += other.present;
        self.completed += other.completed;
        self.passed += other.passed;
        self.placed_3 += other.placed_3;
        self.placed_6 += other.placed_6;
        self.running += other.running;
    }

    fn row(&self, dimension: Dimension, key: String) -> OutcomeRow {
        OutcomeRow {
            dimension,
            key,
            enrolled: self.enrolled,
            attendance_rate: percent(self.present, self.marks),
            completed: self.completed,
            completion_rate: percent(self.completed, self.enrolled),
            passed: self.passed,
            placed_within_3_months: self.placed_3,
            placed_within_6_months: self.placed_6,
            running_business: self.running,
        }
    }
}

/// `part` of `whole` in percent, rounded half away from zero to two decimals.
fn percent(part: u32, whole: u32) -> Option<Decimal> {
    (whole > 0).then(|| {
        let mut rate = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        rate.rescale(2);
        rate
    })
}

fn count(yes: bool) -> u32 {
    u32::from(yes)
}

/// One enrolment's contribution to every group it belongs to.
fn tally(enrolment: &Enrolment, sessions: &[Session], placement: Option<&Placement>) -> Tally {
    let marks = sessions.iter().flat_map(|s| &s.attendance).filter(|m| m.client_id == enrolment.client_id);
    let (marks, present) = marks.fold((0, 0), |(all, present), m| (all + 1, present + count(m.present)));
    let outcome = enrolment.completion.as_ref().map(|c| (c.outcome, c.date));
    let passed_on = outcome.filter(|(o, _)| *o == Outcome::Lulus).map(|(_, date)| date);
    let placed = passed_on.zip(placement);
    let placed_within = |months| {
        placed
            .is_some_and(|(passed, p)| passed.checked_add_months(Months::new(months)).is_some_and(|end| p.date <= end))
    };
    Tally {
        enrolled: 1,
        marks,
        present,
        completed: count(outcome.is_some_and(|(o, _)| o != Outcome::Keluar)),
        passed: count(passed_on.is_some()),
        placed_3: count(placed_within(3)),
        placed_6: count(placed_within(6)),
        running: count(placed.is_some_and(|(_, p)| p.latest_business() == Some(Business::Running))),
    }
}

/// Outcomes per cohort, skill, sex and year (of the cohort's planned start), with a total;
/// only cohorts starting in `year` when one is given.
pub fn statistics(records: &TrainingRecords, year: Option<i32>) -> TrainingStatistics {
    let mut groups: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
    groups.insert((Dimension::Total, "semua".into()), Tally::default());
    let in_year = |c: &&CohortRecords| year.is_none_or(|y| c.cohort.plan.planned_start.year() == y);
    for records_of in records.cohorts.iter().filter(in_year) {
        let cohort = &records_of.cohort.plan;
        let keys = [
            (Dimension::Cohort, format!("{}/{}", cohort.skill.as_str(), cohort.number)),
            (Dimension::Skill, cohort.skill.as_str().to_string()),
            (Dimension::Year, cohort.planned_start.year().to_string()),
        ];
        for key in &keys {
            groups.entry(key.clone()).or_default();
        }
        for enrolment in &records_of.enrolments {
            let one = tally(enrolment, &records_of.sessions, records.placements.get(&enrolment.client_id));
            let sex = records.sexes.get(&enrolment.client_id).map_or("tidak_diketahui", |s| s.as_str());
            let total = (Dimension::Total, "semua".to_string());
            for key in keys.iter().cloned().chain([total, (Dimension::Sex, sex.to_string())]) {
                groups.entry(key).or_default().add(&one);
            }
        }
    }
    let rows = groups.into_iter().map(|((dimension, key), tally)| tally.row(dimension, key)).collect();
    TrainingStatistics { year, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::training::aftercare::{FollowUp, PlacementKind};
    use crate::domain::training::cohort::tests::{cohort, date};
    use crate::domain::training::cohort::{AttendanceMark, Completion};

    fn enrolment(cohort_id: u64, client_id: ClientId, outcome: Option<(Outcome, &str)>) -> Enrolment {
        let completion = outcome.map(|(outcome, on)| Completion { outcome, date: date(on), reason: None });
        Enrolment { cohort_id, client_id, enrolled_on: date("2026-01-05"), assessment: None, completion }
    }

    fn session(number: u32, on: &str, marks: &[(ClientId, bool)]) -> Session {
        let attendance = marks.iter().map(|&(client_id, present)| AttendanceMark { client_id, present }).collect();
        Session { cohort_id: 1, number, date: date(on), topic: "Menjahit".into(), attendance }
    }

    fn placement(client_id: ClientId, on: &str, visits: &[(&str, Option<Business>)]) -> Placement {
        let follow_ups = visits
            .iter()
            .map(|&(on, business)| FollowUp {
                date: date(on),
                business,
                income_estimate: Money::ZERO,
                needs: None,
                notes: None,
            })
            .collect();
        Placement {
            client_id,
            kind: PlacementKind::SelfEmployed,
            date: date(on),
            destination: None,
            member_id: None,
            note: None,
            follow_ups,
        }
    }

    /// The hand-built records.
    ///
    /// Cohort menjahit/1 starts 2026-01-05 with clients 1 and 2 (perempuan), 3 and 4 (laki_laki).
    /// Four sessions; client 4 left on 2026-02-10, so is marked only in the first two:
    ///   client 1: 4 of 4, client 2: 3 of 4, client 3: 2 of 4, client 4: 1 of 2 → 10 of 14 = 71.43 %.
    /// Outcomes on 2026-03-31: 1 and 2 lulus, 3 tidak lulus; 4 keluar. Completed 3 of 4 = 75.00 %.
    /// Placement: client 1 on 2026-05-15 (within 3 months: by 2026-06-30), client 2 on
    ///   2026-08-20 (within 6 months only: by 2026-09-30).
    /// Latest follow-up: client 1 running (stopped in June, running again in September);
    ///   client 2 stopped (running in September, stopped in December). Running: 1.
    /// Per sex: perempuan 2 enrolled, 7 of 8 = 87.50 %, 2 completed = 100.00 %, passed 2, 1 and 2
    ///   placed, 1 running; laki_laki 2 enrolled, 3 of 6 = 50.00 %, 1 completed = 50.00 %, nothing after.
    /// Cohort las/2 starts 2025-07-01 with client 5 (laki_laki): no session, not finished.
    ///   It counts only when no year is asked: then 5 enrolled, 3 completed = 60.00 %,
    ///   laki_laki 3 enrolled, 1 completed = 33.33 %, las 0 completed = 0.00 %, no attendance rate.
    fn records() -> TrainingRecords {
        let sewing = CohortRecords {
            cohort: cohort(1, "menjahit", "2026-01-05", 10),
            enrolments: vec![
                enrolment(1, 1, Some((Outcome::Lulus, "2026-03-31"))),
                enrolment(1, 2, Some((Outcome::Lulus, "2026-03-31"))),
                enrolment(1, 3, Some((Outcome::TidakLulus, "2026-03-31"))),
                enrolment(1, 4, Some((Outcome::Keluar, "2026-02-10"))),
            ],
            sessions: vec![
                session(1, "2026-01-12", &[(1, true), (2, true), (3, true), (4, true)]),
                session(2, "2026-01-19", &[(1, true), (2, true), (3, false), (4, false)]),
                session(3, "2026-02-16", &[(1, true), (2, true), (3, true)]),
                session(4, "2026-03-16", &[(1, true), (2, false), (3, false)]),
            ],
        };
        let welding = CohortRecords {
            cohort: cohort(2, "las", "2025-07-01", 10),
            enrolments: vec![enrolment(2, 5, None)],
            sessions: vec![],
        };
        let sexes =
            [(1, Sex::Perempuan), (2, Sex::Perempuan), (3, Sex::LakiLaki), (4, Sex::LakiLaki), (5, Sex::LakiLaki)];
        let running = Some(Business::Running);
        let stopped = Some(Business::Stopped);
        let placements = [
            placement(1, "2026-05-15", &[("2026-06-15", stopped), ("2026-09-15", running)]),
            placement(2, "2026-08-20", &[("2026-09-01", running), ("2026-12-01", stopped)]),
        ];
        TrainingRecords {
            cohorts: vec![sewing, welding],
            sexes: sexes.into_iter().collect(),
            placements: placements.into_iter().map(|p| (p.client_id, p)).collect(),
        }
    }

    fn rate(text: &str) -> Option<Decimal> {
        Some(text.parse().unwrap())
    }

    /// (enrolled, attendance, completed, completion rate, passed, within 3, within 6, running)
    type Figures = (u32, Option<Decimal>, u32, Option<Decimal>, u32, u32, u32, u32);

    fn figures(stats: &TrainingStatistics, dimension: Dimension, key: &str) -> Figures {
        let row = stats.rows.iter().find(|r| r.dimension == dimension && r.key == key).expect("row present");
        (
            row.enrolled,
            row.attendance_rate,
            row.completed,
            row.completion_rate,
            row.passed,
            row.placed_within_3_months,
            row.placed_within_6_months,
            row.running_business,
        )
    }

    #[test]
    fn statistics_of_a_hand_built_cohort() {
        let stats = statistics(&records(), Some(2026));
        let sewing = (4, rate("71.43"), 3, rate("75.00"), 2, 1, 2, 1);
        assert_eq!(figures(&stats, Dimension::Total, "semua"), sewing);
        assert_eq!(figures(&stats, Dimension::Cohort, "menjahit/1"), sewing);
        assert_eq!(figures(&stats, Dimension::Skill, "menjahit"), sewing);
        assert_eq!(figures(&stats, Dimension::Year, "2026"), sewing);
        assert_eq!(figures(&stats, Dimension::Sex, "perempuan"), (2, rate("87.50"), 2, rate("100.00"), 2, 1, 2, 1));
        assert_eq!(figures(&stats, Dimension::Sex, "laki_laki"), (2, rate("50.00"), 1, rate("50.00"), 0, 0, 0, 0));
        assert_eq!(stats.rows.len(), 6, "the 2025 cohort is left out: {:?}", stats.rows);
    }

    #[test]
    fn without_a_year_every_cohort_counts() {
        let stats = statistics(&records(), None);
        assert_eq!(figures(&stats, Dimension::Total, "semua"), (5, rate("71.43"), 3, rate("60.00"), 2, 1, 2, 1));
        assert_eq!(figures(&stats, Dimension::Sex, "laki_laki"), (3, rate("50.00"), 1, rate("33.33"), 0, 0, 0, 0));
        assert_eq!(figures(&stats, Dimension::Skill, "las"), (1, None, 0, rate("0.00"), 0, 0, 0, 0));
        assert_eq!(figures(&stats, Dimension::Year, "2025"), (1, None, 0, rate("0.00"), 0, 0, 0, 0));
    }

    #[test]
    fn no_records_give_an_empty_total() {
        let stats = statistics(&TrainingRecords::default(), Some(2026));
        assert_eq!(figures(&stats, Dimension::Total, "semua"), (0, None, 0, None, 0, 0, 0, 0));
    }
}
