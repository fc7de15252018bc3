//! Property tests of the reporting cadence (issue 7): over random start months and random
//! sequences of stage changes, every month is reported exactly once.

use chrono::{Datelike, Days, NaiveDate};
use kube_ledger::domain::report::cadence::{PeriodKind, ReportSettings, Schedule, Stage, StageChange};
use proptest::prelude::*;

/// A start month and stage changes in date order, alternating as the service records them
/// (it refuses a change to the stage already held).
fn history() -> impl Strategy<Value = (ReportSettings, Vec<StageChange>)> {
    (2000i32..2090, 1u32..=12, 1i64..=90, prop::collection::vec(0u64..500, 0..8)).prop_map(
        |(year, month, due_days, gaps)| {
            let settings = ReportSettings::new(&format!("{year:04}-{month:02}"), due_days).unwrap();
            let mut date = settings.start;
            let changes = gaps
                .iter()
                .enumerate()
                .map(|(index, gap)| {
                    date = date + Days::new(*gap);
                    let stage = if index % 2 == 0 { Stage::Mapan } else { Stage::Awal };
                    StageChange {
                        date,
                        stage,
                        changed_by: "kepala".into(),
                        reason: "acak".into(),
                        recorded_at: String::new(),
                    }
                })
                .collect();
            (settings, changes)
        },
    )
}

fn horizon(settings: &ReportSettings, changes: &[StageChange]) -> NaiveDate {
    changes.last().map_or(settings.start, |c| c.date) + Days::new(800)
}

fn months(kind: PeriodKind) -> u32 {
    match kind {
        PeriodKind::Triwulan => 3,
        PeriodKind::Semester => 6,
        PeriodKind::Tahunan => 12,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn every_month_is_covered_by_exactly_one_periodic_report((settings, changes) in history()) {
        let until = horizon(&settings, &changes);
        let periods = Schedule::new(&settings, &changes).periodic(until);
        prop_assert_eq!(periods[0].start, settings.start);
        for pair in periods.windows(2) {
            prop_assert_eq!(pair[0].end + Days::new(1), pair[1].start, "contiguous, no overlap: {:?}", pair);
        }
        for period in &periods {
            let length = months(period.key.kind());
            prop_assert!(period.key.kind() != PeriodKind::Tahunan);
            prop_assert_eq!(period.end.month() % length, 0, "ends on its cadence's boundary: {:?}", period);
            prop_assert_eq!((period.end + Days::new(1)).day(), 1, "ends on a month's last day");
            prop_assert!(period.start.month() > period.end.month() - length, "within one calendar period: {:?}", period);
            prop_assert_eq!(period.key.year(), period.end.year());
            prop_assert_eq!(period.key.number(), Some((period.end.month() / length) as u8));
        }
        let mut month = settings.start;
        while month <= until {
            let covering = periods.iter().filter(|p| p.start <= month && month <= p.end).count();
            prop_assert_eq!(covering, 1, "month {} is covered {} times", month, covering);
            month = month.checked_add_months(chrono::Months::new(1)).unwrap();
        }
    }

    #[test]
    fn a_stage_change_never_alters_a_period_that_had_ended((settings, changes) in history()) {
        let until = horizon(&settings, &changes);
        for k in 0..changes.len() {
            let before = Schedule::new(&settings, &changes[..k]).periodic(until);
            let after = Schedule::new(&settings, &changes[..=k]).periodic(until);
            let ended = |p: &&kube_ledger::domain::report::cadence::Period| p.end < changes[k].date;
            let kept: Vec<_> = before.iter().filter(ended).collect();
            prop_assert_eq!(&kept[..], &after.iter().take(kept.len()).collect::<Vec<_>>()[..]);
        }
    }

    #[test]
    fn a_change_takes_effect_within_half_a_year_and_mapan_years_end_with_tahunan(
        (settings, changes) in history()
    ) {
        let until = horizon(&settings, &changes);
        let schedule = Schedule::new(&settings, &changes);
        let periods = schedule.periods(until);
        if let Some(last) = changes.last() {
            let settled = last.date.checked_add_months(chrono::Months::new(6)).unwrap();
            let kind = if last.stage == Stage::Mapan { PeriodKind::Semester } else { PeriodKind::Triwulan };
            let period = periods.iter().find(|p| p.key.kind() != PeriodKind::Tahunan && p.start <= settled && settled <= p.end);
            prop_assert_eq!(period.map(|p| p.key.kind()), Some(kind));
        }
        for year in settings.start.year()..until.year() {
            let december = NaiveDate::from_ymd_opt(year, 12, 1).unwrap();
            let last_periodic = periods.iter().find(|p| p.key.kind() != PeriodKind::Tahunan && p.start <= december && december <= p.end);
            let tahunan = periods.iter().any(|p| p.key.kind() == PeriodKind::Tahunan && p.key.year() == year);
            prop_assert_eq!(tahunan, last_periodic.map(|p| p.key.kind()) == Some(PeriodKind::Semester), "year {}", year);
        }
    }
}
