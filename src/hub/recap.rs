//! The officer's recap (DHIS2's reporting rates): for each report period of a year due by
//! a date, per panti, received on time, late, or missing, rolled up by kabupaten/kota and
//! provinsi; and the key figures of what the panti submitted. Pure: rows in, recap out.

use super::figures::{add_into, year_of, KeyFigures};
use crate::domain::report::assembly::{recap_status, RecapStatus};
use crate::domain::report::cadence::{
    due_reports, DueReport, PeriodKey, PeriodKind, ReportSettings, Schedule, Stage, StageChange,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A registered panti and what the hub expects of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub panti_id: i64,
    pub name: String,
    pub region: String,
    pub regency: String,
    pub province: String,
    pub stage: Stage,
    pub reports_from: NaiveDate,
    pub due_days: u16,
}

/// What the hub received of one panti's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedReport {
    pub panti_id: i64,
    pub period: PeriodKey,
    pub first_submitted_on: NaiveDate,
    pub latest_revision: u32,
    pub figures: KeyFigures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodLine {
    pub period: String,
    pub due: NaiveDate,
    pub status: RecapStatus,
    pub first_submitted_on: Option<NaiveDate>,
    pub latest_revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PantiLine {
    pub panti: Expected,
    pub periods: Vec<PeriodLine>,
    pub figures: KeyFigures,
}

/// Reports expected (due by the date) of a region, how they stand, and its figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rate {
    pub region: String,
    pub panti: usize,
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub figures: KeyFigures,
}

impl Rate {
    pub fn received(&self) -> usize {
        self.on_time + self.late
    }

    /// Received of expected, in whole percent; none when nothing was due.
    pub fn reporting_percent(&self) -> Option<u32> {
        percent(self.received(), self.expected)
    }

    /// Received on time of expected, in whole percent.
    pub fn on_time_percent(&self) -> Option<u32> {
        percent(self.on_time, self.expected)
    }

    fn count(&mut self, line: &PantiLine) {
        self.panti += 1;
        for period in &line.periods {
            match period.status {
                RecapStatus::TepatWaktu => self.on_time += 1,
                RecapStatus::Terlambat => self.late += 1,
                RecapStatus::TidakAda => self.missing += 1,
                RecapStatus::BelumJatuhTempo => continue,
            }
            self.expected += 1;
        }
        add_into(&mut self.figures, &line.figures);
    }
}

fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part * 100 + whole / 2) / whole) as u32)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recap {
    pub year: i32,
    pub as_of: NaiveDate,
    pub panti: Vec<PantiLine>,
    pub regencies: Vec<Rate>,
    pub provinces: Vec<Rate>,
    pub total: Rate,
}

/// The periods of `year` a panti reports, with their due dates, as its registration at the
/// hub sets them (a mapan panti from its first month on).
fn periods_of(panti: &Expected, year: i32, as_of: NaiveDate) -> Vec<(PeriodKey, DueReport)> {
    let settings = ReportSettings { start: panti.reports_from, due_days: panti.due_days };
    let changes: Vec<StageChange> = (panti.stage == Stage::Mapan)
        .then(|| StageChange {
            date: panti.reports_from,
            stage: Stage::Mapan,
            changed_by: String::new(),
            reason: String::new(),
            recorded_at: String::new(),
        })
        .into_iter()
        .collect();
    let until = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December").min(as_of);
    if until < panti.reports_from {
        return Vec::new();
    }
    due_reports(&Schedule::new(&settings, &changes), &settings, until, &BTreeSet::new())
        .into_iter()
        .filter_map(|due| Some((PeriodKey::parse(&due.key).ok()?, due)))
        .filter(|(key, _)| key.year() == year)
        .collect()
}

/// The recap of `year` as it stood on `as_of`: a report counts from the day it says it
/// was submitted (signed by the panti), so a file brought later on a flash disk is on time
/// if it was submitted on time.
pub fn recap(year: i32, as_of: NaiveDate, panti: Vec<Expected>, received: Vec<ReceivedReport>) -> Recap {
    let mut by_panti: BTreeMap<i64, Vec<ReceivedReport>> = BTreeMap::new();
    for report in received.into_iter().filter(|r| r.period.year() == year && r.first_submitted_on <= as_of) {
        by_panti.entry(report.panti_id).or_default().push(report);
    }
    let mut lines = Vec::with_capacity(panti.len());
    for expected in panti {
        let mut reports = by_panti.remove(&expected.panti_id).unwrap_or_default();
        reports.sort_by_key(|r| r.period);
        let periods = periods_of(&expected, year, as_of)
            .into_iter()
            .map(|(key, due)| {
                let got = reports.iter().find(|r| r.period == key);
                let first = got.map(|r| r.first_submitted_on);
                PeriodLine {
                    period: due.key.clone(),
                    due: due.due,
                    status: recap_status(&due, as_of, first),
                    first_submitted_on: first,
                    latest_revision: got.map(|r| r.latest_revision),
                }
            })
            .collect();
        // The year-end report repeats the year: figures come from the periodic ones.
        let figures = year_of(reports.iter().filter(|r| r.period.kind() != PeriodKind::Tahunan).map(|r| &r.figures));
        lines.push(PantiLine { panti: expected, periods, figures });
    }
    let roll = |key: fn(&Expected) -> &str| {
        let mut rates: BTreeMap<String, Rate> = BTreeMap::new();
        for line in &lines {
            let region = key(&line.panti).to_string();
            rates.entry(region.clone()).or_insert_with(|| Rate { region, ..Rate::default() }).count(line);
        }
        rates.into_values().collect::<Vec<_>>()
    };
    let (regencies, provinces) = (roll(|p| p.regency.as_str()), roll(|p| p.province.as_str()));
    let mut total = Rate::default();
    for line in &lines {
        total.count(line);
    }
    Recap { year, as_of, panti: lines, regencies, provinces, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hub::figures::Figure;
    use rust_decimal::Decimal;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn panti(id: i64, region: &str, stage: Stage) -> Expected {
        Expected {
            panti_id: id,
            name: format!("Panti {id}"),
            region: region.into(),
            regency: region[..5].into(),
            province: region[..2].into(),
            stage,
            reports_from: date("2025-01-01"),
            due_days: 15,
        }
    }

    fn report(id: i64, period: &str, on: &str, sales: i64) -> ReceivedReport {
        ReceivedReport {
            panti_id: id,
            period: PeriodKey::parse(period).unwrap(),
            first_submitted_on: date(on),
            latest_revision: 1,
            figures: KeyFigures::from([(Figure::Sales, Decimal::from(sales)), (Figure::SocialWorkers, 2.into())]),
        }
    }

    #[test]
    fn each_due_period_is_on_time_late_or_missing_and_regions_roll_up() {
        let pantis =
            vec![panti(1, "33.74", Stage::Awal), panti(2, "33.74.01", Stage::Awal), panti(3, "34.71", Stage::Mapan)];
        let received = vec![
            report(1, "2025-TW1", "2025-04-15", 100), // due 04-15: on time
            report(1, "2025-TW2", "2025-07-20", 200), // due 07-15: late
            report(2, "2025-TW1", "2025-04-01", 50),
            report(3, "2025-SM1", "2025-07-10", 70),
            report(1, "2025-TW3", "2025-10-20", 999), // after as_of: not yet counted
        ];
        // On 2025-10-16: TW1, TW2, TW3 due (TW3 on 10-15) for the quarterly; SM1 for the mapan.
        let recap = recap(2025, date("2025-10-16"), pantis, received);
        let statuses: Vec<Vec<RecapStatus>> =
            recap.panti.iter().map(|l| l.periods.iter().map(|p| p.status).collect()).collect();
        use RecapStatus::*;
        assert_eq!(
            statuses,
            [
                vec![TepatWaktu, Terlambat, TidakAda, BelumJatuhTempo],
                vec![TepatWaktu, TidakAda, TidakAda, BelumJatuhTempo],
                vec![TepatWaktu, BelumJatuhTempo, BelumJatuhTempo]
            ]
        );
        let semarang = &recap.regencies[0];
        assert_eq!((semarang.region.as_str(), semarang.panti, semarang.expected), ("33.74", 2, 6));
        assert_eq!((semarang.on_time, semarang.late, semarang.missing), (2, 1, 3));
        assert_eq!((semarang.reporting_percent(), semarang.on_time_percent()), (Some(50), Some(33)));
        assert_eq!(semarang.figures[&Figure::Sales], Decimal::from(350), "100 + 200 + 50");
        assert_eq!(semarang.figures[&Figure::SocialWorkers], Decimal::from(4), "2 per panti, the year's last");
        assert_eq!(recap.provinces.iter().map(|r| r.region.as_str()).collect::<Vec<_>>(), ["33", "34"]);
        assert_eq!((recap.total.expected, recap.total.received()), (7, 4));
    }
}
