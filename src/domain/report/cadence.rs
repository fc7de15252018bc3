//! When a panti reports (seed 001 E.1–3): quarterly (triwulan) at the early stage (awal);
//! once established (mapan), per semester plus a year-end report (tahunan).
//!
//! The switching rule, the same in both directions: the old cadence continues until the
//! first boundary of the new cadence that is on or after the end of the last old-cadence
//! period that had ended by the change date. So reports already due stand, the period in
//! progress is reported in whichever cadence reaches a common boundary first, and every
//! month is covered by exactly one periodic report. Marked `mapan` on 2026-08-10: Triwulan
//! I and II stand (Q2 ended 06-30), Semester II starts 07-01. Marked in May: Triwulan II
//! (Apr–Jun) is still due, Semester II from July. Marked in November: Triwulan IV, then
//! Semester I of the next year.
//!
//! A year gets its year-end report when the semester cadence is in force on its 31
//! December: it is part of that cadence (so in the November example the first one is for
//! the next year).

use super::ReportError;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Days after a period's end by which its report is due, unless the panti sets another.
pub const DUE_DAYS_DEFAULT: u16 = 15;
/// Most due days a panti may set.
pub const DUE_DAYS_MAX: u16 = 90;

/// Stage of empowerment (tahap pemberdayaan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Early stage (tingkat awal): quarterly reports.
    Awal,
    /// Established (mapan): semester and year-end reports.
    Mapan,
}

impl Stage {
    pub fn parse(text: &str) -> Result<Stage, ReportError> {
        match text {
            "awal" => Ok(Stage::Awal),
            "mapan" => Ok(Stage::Mapan),
            other => Err(ReportError::UnknownStage(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Awal => "awal",
            Stage::Mapan => "mapan",
        }
    }

    /// Months in one periodic report of this stage.
    fn months(self) -> i32 {
        match self {
            Stage::Awal => 3,
            Stage::Mapan => 6,
        }
    }

    fn periodic_kind(self) -> PeriodKind {
        match self {
            Stage::Awal => PeriodKind::Triwulan,
            Stage::Mapan => PeriodKind::Semester,
        }
    }
}

/// A recorded change of stage: when it took effect, who made it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub date: NaiveDate,
    pub stage: Stage,
    pub changed_by: String,
    pub reason: String,
    pub recorded_at: String,
}

/// How a panti's reporting is set up: the month it starts reporting and how many days
/// after a period's end a report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// The first day of the first month reported on.
    pub start: NaiveDate,
    pub due_days: u16,
}

impl ReportSettings {
    /// `start_month` as `YYYY-MM`; due days 1–90.
    pub fn new(start_month: &str, due_days: i64) -> Result<ReportSettings, ReportError> {
        Ok(ReportSettings { start: parse_start_month(start_month)?, due_days: parse_due_days(due_days)? })
    }
}

/// The first day of a `YYYY-MM` month, years 2000–2100.
pub fn parse_start_month(text: &str) -> Result<NaiveDate, ReportError> {
    let shaped = text.len() == 7 && text.as_bytes()[4] == b'-';
    shaped
        .then(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())
        .flatten()
        .filter(|d| (2000..=2100).contains(&d.year()))
        .ok_or_else(|| ReportError::InvalidStartMonth(text.to_string()))
}

/// Days after a period's end a report may take: 1–[`DUE_DAYS_MAX`].
pub fn parse_due_days(days: i64) -> Result<u16, ReportError> {
    u16::try_from(days).ok().filter(|d| (1..=DUE_DAYS_MAX).contains(d)).ok_or(ReportError::InvalidDueDays(days))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Quarter (triwulan), numbered I–IV.
    Triwulan,
    /// Half year (semester), numbered I–II.
    Semester,
    /// The year-end report (laporan tahunan).
    Tahunan,
}

/// Names a report period: `2026-TW1` … `2026-TW4`, `2026-SM1`, `2026-SM2`, `2026-TH`;
/// stored and shown as that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PeriodKey {
    year: i32,
    kind: PeriodKind,
    /// 1–4 for a triwulan, 1–2 for a semester, 0 for the year.
    number: u8,
}

impl PeriodKey {
    pub fn parse(text: &str) -> Result<PeriodKey, ReportError> {
        let invalid = || ReportError::InvalidPeriod(text.to_string());
        let (year, rest) = text.split_once('-').ok_or_else(invalid)?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(invalid)?;
        let (kind, number) = match rest.to_ascii_uppercase().as_str() {
            "TH" => (PeriodKind::Tahunan, 0),
            other => match (other.get(..2), other.get(2..).and_then(|n| n.parse::<u8>().ok())) {
                (Some("TW"), Some(n @ 1..=4)) => (PeriodKind::Triwulan, n),
                (Some("SM"), Some(n @ 1..=2)) => (PeriodKind::Semester, n),
                _ => return Err(invalid()),
            },
        };
        Ok(PeriodKey { year, kind, number })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The number within the year; none for the year-end report.
    pub fn number(self) -> Option<u8> {
        (self.kind != PeriodKind::Tahunan).then_some(self.number)
    }

    /// `Triwulan II 2026`, `Semester I 2027`, `Tahunan 2026`.
    pub fn title(self) -> String {
        const ROMAN: [&str; 5] = ["", "I", "II", "III", "IV"];
        match self.kind {
            PeriodKind::Triwulan => format!("Triwulan {} {}", ROMAN[self.number as usize], self.year),
            PeriodKind::Semester => format!("Semester {} {}", ROMAN[self.number as usize], self.year),
            PeriodKind::Tahunan => format!("Tahunan {}", self.year),
        }
    }

    /// Four bytes that sort like the keys: year, kind, number.
    pub fn to_bytes(self) -> [u8; 4] {
        let [high, low] = (self.year as u16).to_be_bytes();
        [high, low, self.kind as u8, self.number]
    }
}

impl From<PeriodKey> for String {
    fn from(key: PeriodKey) -> String {
        key.to_string()
    }
}

impl TryFrom<String> for PeriodKey {
    type Error = ReportError;
    fn try_from(text: String) -> Result<PeriodKey, ReportError> {
        PeriodKey::parse(&text)
    }
}

impl std::fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.kind {
            PeriodKind::Triwulan => write!(f, "{}-TW{}", self.year, self.number),
            PeriodKind::Semester => write!(f, "{}-SM{}", self.year, self.number),
            PeriodKind::Tahunan => write!(f, "{}-TH", self.year),
        }
    }
}

/// A report period: its key and the days it covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub key: PeriodKey,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Months counted from year 0, so that a cadence's boundaries are its multiples.
type Month = i32;

fn month_of(date: NaiveDate) -> Month {
    date.year() * 12 + date.month0() as i32
}

fn first_day(month: Month) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1).expect("a month's first day")
}

/// The first month at or after `month` where a period of `months` months begins.
fn boundary_at_or_after(month: Month, months: i32) -> Month {
    month + (months - month.rem_euclid(months)) % months
}

/// From `from` on, reports follow `stage`'s cadence (until the next segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    from: Month,
    stage: Stage,
}

/// Which cadence is in force from when: the settings and stage changes, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    start: NaiveDate,
    segments: Vec<Segment>,
}

/// Checks a new stage change against the history: not before the start of reporting, not
/// before the last change, and a change of stage indeed.
pub fn check_change(
    settings: Option<&ReportSettings>,
    history: &[StageChange],
    date: NaiveDate,
    stage: Stage,
) -> Result<(), ReportError> {
    let current = history.last().map_or(Stage::Awal, |c| c.stage);
    if current == stage {
        return Err(ReportError::StageUnchanged(stage.as_str()));
    }
    if let Some(last) = history.last().filter(|last| date < last.date) {
        return Err(ReportError::StageTooEarly { date, earliest: last.date, what: "perubahan tahap sebelumnya" });
    }
    match settings {
        Some(settings) if date < settings.start => {
            Err(ReportError::StageTooEarly { date, earliest: settings.start, what: "bulan mulai pelaporan" })
        }
        _ => Ok(()),
    }
}

impl Schedule {
    /// Resolves the stage changes, in date order, each dated on or after `start`.
    pub fn new(settings: &ReportSettings, changes: &[StageChange]) -> Schedule {
        let start = settings.start;
        let mut segments = vec![Segment { from: month_of(start), stage: Stage::Awal }];
        for change in changes {
            assert!(change.date >= start, "stage changes are checked against the start when recorded");
            let month = month_of(change.date);
            // A switch not yet reached is overtaken by this change.
            segments.retain(|s| s.from <= month);
            let current = *segments.last().expect("the first segment starts at the start");
            if current.stage == change.stage {
                continue;
            }
            // Where the period in progress on the change date began: every old period
            // before it had ended by then.
            let in_progress = (month - month.rem_euclid(current.stage.months())).max(current.from);
            let from = boundary_at_or_after(in_progress, change.stage.months());
            if from == current.from {
                segments.pop();
            }
            if segments.last().is_none_or(|s| s.stage != change.stage) {
                segments.push(Segment { from, stage: change.stage });
            }
        }
        Schedule { start, segments }
    }

    /// The stage whose cadence is in force on a date.
    pub fn stage_on(&self, date: NaiveDate) -> Stage {
        let month = month_of(date);
        self.segments.iter().rev().find(|s| s.from <= month).map_or(Stage::Awal, |s| s.stage)
    }

    /// The triwulan and semester periods that begin on or before `until`, in order.
    pub fn periodic(&self, until: NaiveDate) -> Vec<Period> {
        let mut periods = Vec::new();
        let last = month_of(until);
        for (index, segment) in self.segments.iter().enumerate() {
            let next = self.segments.get(index + 1).map(|s| s.from);
            let months = segment.stage.months();
            let mut month = segment.from;
            while month <= last && next.is_none_or(|next| month < next) {
                let end = month - month.rem_euclid(months) + months;
                assert!(next.is_none_or(|next| end <= next), "a switch falls on a boundary of both cadences");
                let key = PeriodKey {
                    year: month.div_euclid(12),
                    kind: segment.stage.periodic_kind(),
                    number: (month.rem_euclid(12) / months + 1) as u8,
                };
                let start = first_day(month).max(self.start);
                periods.push(Period { key, start, end: first_day(end).pred_opt().expect("a day before") });
                month = end;
            }
        }
        periods
    }

    /// Every report period that begins on or before `until`: the periodic ones, and the
    /// year-end report of each year the semester cadence is in force on 31 December.
    pub fn periods(&self, until: NaiveDate) -> Vec<Period> {
        let mut periods = self.periodic(until);
        for year in self.start.year()..=until.year() {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January").max(self.start);
            let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
            if start <= until && self.stage_on(end) == Stage::Mapan {
                let key = PeriodKey { year, kind: PeriodKind::Tahunan, number: 0 };
                periods.push(Period { key, start, end });
            }
        }
        periods.sort_by_key(|p| (p.end, p.key.kind));
        periods
    }

    /// The period with this key, if the schedule has it by `until`.
    pub fn find(&self, key: PeriodKey, until: NaiveDate) -> Option<Period> {
        self.periods(until).into_iter().find(|p| p.key == key)
    }
}

/// Where a report stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// The period has not ended (berjalan).
    Berjalan,
    /// Ended, not yet past its due date (jatuh tempo).
    JatuhTempo,
    /// Past its due date and not submitted (terlambat).
    Terlambat,
    /// Submitted (diserahkan).
    Diserahkan,
}

/// One line of the list of reports due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueReport {
    pub key: String,
    pub kind: PeriodKind,
    pub number: Option<u8>,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub due: NaiveDate,
    pub status: ReportStatus,
}

/// Every report period from the start up to the one `as_of` falls in, with its due date
/// and status; a period in `submitted` is `diserahkan` whatever the date.
pub fn due_reports(
    schedule: &Schedule,
    settings: &ReportSettings,
    as_of: NaiveDate,
    submitted: &BTreeSet<PeriodKey>,
) -> Vec<DueReport> {
    schedule
        .periods(as_of)
        .into_iter()
        .map(|period| {
            let due = period.end + Days::new(settings.due_days.into());
            let status = if submitted.contains(&period.key) {
                ReportStatus::Diserahkan
            } else if as_of <= period.end {
                ReportStatus::Berjalan
            } else if as_of <= due {
                ReportStatus::JatuhTempo
            } else {
                ReportStatus::Terlambat
            };
            DueReport {
                key: period.key.to_string(),
                kind: period.key.kind,
                number: period.key.number(),
                title: period.key.title(),
                start: period.start,
                end: period.end,
                due,
                status,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn settings(start_month: &str) -> ReportSettings {
        ReportSettings::new(start_month, DUE_DAYS_DEFAULT.into()).unwrap()
    }

    fn change(on: &str, stage: Stage) -> StageChange {
        StageChange {
            date: date(on),
            stage,
            changed_by: "kepala".into(),
            reason: "uji".into(),
            recorded_at: String::new(),
        }
    }

    /// The keys of every period that begins by `until`.
    fn keys(schedule: &Schedule, until: &str) -> Vec<String> {
        schedule.periods(date(until)).iter().map(|p| p.key.to_string()).collect()
    }

    #[test]
    fn marked_mapan_in_august_keeps_q1_q2_then_semester_ii_and_tahunan() {
        let schedule = Schedule::new(&settings("2026-01"), &[change("2026-08-10", Stage::Mapan)]);
        // A year's report is listed from its first day, running like the semester.
        assert_eq!(
            keys(&schedule, "2027-01-01"),
            ["2026-TW1", "2026-TW2", "2026-SM2", "2026-TH", "2027-SM1", "2027-TH"]
        );
        let semester = schedule.find(PeriodKey::parse("2026-SM2").unwrap(), date("2026-12-31")).unwrap();
        assert_eq!((semester.start, semester.end), (date("2026-07-01"), date("2026-12-31")));
    }

    #[test]
    fn marked_mapan_in_may_still_owes_triwulan_ii() {
        let schedule = Schedule::new(&settings("2026-01"), &[change("2026-05-20", Stage::Mapan)]);
        assert_eq!(keys(&schedule, "2026-12-31"), ["2026-TW1", "2026-TW2", "2026-SM2", "2026-TH"]);
    }

    #[test]
    fn marked_mapan_in_november_reports_triwulan_iv_then_semester_i() {
        let schedule = Schedule::new(&settings("2026-01"), &[change("2026-11-03", Stage::Mapan)]);
        assert_eq!(
            keys(&schedule, "2027-12-31"),
            ["2026-TW1", "2026-TW2", "2026-TW3", "2026-TW4", "2027-SM1", "2027-SM2", "2027-TH"]
        );
    }

    #[test]
    fn back_to_awal_follows_the_same_rule() {
        let changes = [change("2026-04-02", Stage::Mapan), change("2027-08-15", Stage::Awal)];
        let schedule = Schedule::new(&settings("2026-01"), &changes);
        // Q2 2026 in progress on 04-02: semester from 07-01. Back to awal in August 2027:
        // Semester I 2027 had ended, so quarters from July; 2027 ends in awal, no Tahunan.
        assert_eq!(
            keys(&schedule, "2027-12-31"),
            ["2026-TW1", "2026-TW2", "2026-SM2", "2026-TH", "2027-SM1", "2027-TW3", "2027-TW4"]
        );
    }

    #[test]
    fn marked_before_any_period_ended_reports_per_semester_from_the_start() {
        let schedule = Schedule::new(&settings("2026-01"), &[change("2026-03-02", Stage::Mapan)]);
        assert_eq!(keys(&schedule, "2026-12-31"), ["2026-SM1", "2026-SM2", "2026-TH"]);
    }

    #[test]
    fn a_change_before_a_pending_switch_overtakes_it() {
        let changes = [change("2026-05-20", Stage::Mapan), change("2026-06-10", Stage::Awal)];
        let schedule = Schedule::new(&settings("2026-01"), &changes);
        assert_eq!(keys(&schedule, "2026-12-31"), ["2026-TW1", "2026-TW2", "2026-TW3", "2026-TW4"]);
    }

    #[test]
    fn a_start_within_a_quarter_reports_that_quarter_from_the_start_month() {
        let schedule = Schedule::new(&settings("2026-02"), &[]);
        let first = schedule.periodic(date("2026-02-01"))[0];
        assert_eq!(
            (first.key.to_string(), first.start, first.end),
            ("2026-TW1".into(), date("2026-02-01"), date("2026-03-31"))
        );
        assert!(schedule.periods(date("2026-01-31")).is_empty(), "nothing before the start");
    }

    #[test]
    fn status_follows_the_end_and_the_due_date_and_submission_wins() {
        let settings = settings("2026-01");
        let schedule = Schedule::new(&settings, &[]);
        let statuses = |as_of: &str, submitted: &BTreeSet<PeriodKey>| -> Vec<(String, ReportStatus, NaiveDate)> {
            due_reports(&schedule, &settings, date(as_of), submitted)
                .into_iter()
                .map(|r| (r.key, r.status, r.due))
                .collect()
        };
        let none = BTreeSet::new();
        assert_eq!(statuses("2026-03-31", &none), [("2026-TW1".into(), ReportStatus::Berjalan, date("2026-04-15"))]);
        assert_eq!(statuses("2026-04-15", &none)[0].1, ReportStatus::JatuhTempo);
        assert_eq!(statuses("2026-04-16", &none)[0].1, ReportStatus::Terlambat);
        let submitted = BTreeSet::from([PeriodKey::parse("2026-TW1").unwrap()]);
        assert_eq!(statuses("2026-04-16", &submitted)[0].1, ReportStatus::Diserahkan);
    }

    #[test]
    fn period_keys_round_trip_and_sort_like_time() {
        for text in ["2026-TW1", "2026-TW4", "2026-SM2", "2026-TH"] {
            assert_eq!(PeriodKey::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(PeriodKey::parse("2026-tw3").unwrap().title(), "Triwulan III 2026");
        for bad in ["2026-TW5", "2026-SM0", "2026", "TW1-2026", "1999-TH", "2026-TW"] {
            assert!(PeriodKey::parse(bad).is_err(), "{bad}");
        }
        let (early, late) = (PeriodKey::parse("2026-TH").unwrap(), PeriodKey::parse("2027-TW1").unwrap());
        assert!(early.to_bytes() < late.to_bytes());
    }

    #[test]
    fn settings_and_changes_are_checked() {
        assert!(ReportSettings::new("2026-13", 15).is_err());
        assert!(ReportSettings::new("2026-1", 15).is_err());
        assert_eq!(ReportSettings::new("2026-01", 0), Err(ReportError::InvalidDueDays(0)));
        let settings = settings("2026-01");
        assert_eq!(
            check_change(Some(&settings), &[], date("2026-02-01"), Stage::Awal),
            Err(ReportError::StageUnchanged("awal"))
        );
        assert!(check_change(Some(&settings), &[], date("2025-12-31"), Stage::Mapan).is_err());
        let history = [change("2026-08-10", Stage::Mapan)];
        assert!(check_change(Some(&settings), &history, date("2026-08-09"), Stage::Awal).is_err());
        assert!(check_change(Some(&settings), &history, date("2026-08-10"), Stage::Awal).is_ok());
    }
}
