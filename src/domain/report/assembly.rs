//! The assembled empowerment report's own records: the head's evaluation text, the
//! immutable submission snapshot with its hashes, the recap status of a period, and the
//! inline SVG charts. Pure: figures come in, text goes out.

use super::cadence::{DueReport, PeriodKey};
use super::{at_most, required_note, Field, ReportError};
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Most fields one evaluation speaks of.
pub const FIELD_EVALUATIONS_MAX: usize = 12;

/// Evaluation of one field (seed 001 D): the process (as planned?) and the results (goals met?).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldEvaluation {
    pub field: Field,
    pub process: String,
    pub results: String,
}

impl FieldEvaluation {
    pub fn new(field: Field, process: &str, results: &str) -> Result<FieldEvaluation, ReportError> {
        Ok(FieldEvaluation {
            field,
            process: required_note(process, "evaluasi proses")?,
            results: required_note(results, "evaluasi hasil")?,
        })
    }
}

/// The head's evaluation of a period (evaluasi): each field first, then overall; the
/// draft submitted with the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub period: PeriodKey,
    pub fields: Vec<FieldEvaluation>,
    pub overall: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Evaluation {
    pub fn new(
        period: PeriodKey,
        fields: Vec<FieldEvaluation>,
        overall: &str,
        recorded_by: &str,
        recorded_at: String,
    ) -> Result<Evaluation, ReportError> {
        at_most(&fields, FIELD_EVALUATIONS_MAX, "evaluasi per bidang")?;
        let overall = required_note(overall, "evaluasi keseluruhan")?;
        Ok(Evaluation { period, fields, overall, recorded_by: recorded_by.to_string(), recorded_at })
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Who submitted which revision of which period, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionHeader {
    pub period: PeriodKey,
    pub revision: u32,
    /// Why a revision corrects the one before; none for the first.
    pub reason: Option<String>,
    pub submitted_by: String,
    pub submitted_at: String,
    /// The day it was submitted, for on-time checks.
    pub submitted_on: NaiveDate,
}

/// A submitted report (laporan yang diserahkan): the HTML as printed and the data as
/// JSON, each with its SHA-256; never changed, a correction is the next revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub header: SubmissionHeader,
    pub html: String,
    pub data: String,
    pub html_sha256: String,
    pub data_sha256: String,
}

impl Submission {
    /// Seals the contents: a revision after the first must say why.
    pub fn seal(mut header: SubmissionHeader, html: String, data: String) -> Result<Submission, ReportError> {
        header.reason = match (header.revision, header.reason.as_deref()) {
            (1, _) => None,
            (_, reason) => Some(required_note(reason.unwrap_or(""), "alasan perbaikan")?),
        };
        Ok(Submission {
            header,
            html_sha256: sha256_hex(html.as_bytes()),
            data_sha256: sha256_hex(data.as_bytes()),
            html,
            data,
        })
    }

    /// Whether the stored contents still hash to the stored hashes.
    pub fn verify(&self) -> bool {
        sha256_hex(self.html.as_bytes()) == self.html_sha256 && sha256_hex(self.data.as_bytes()) == self.data_sha256
    }
}

/// A period's standing in the regional recap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecapStatus {
    /// First submitted on or before its due date (tepat waktu).
    TepatWaktu,
    /// First submitted after its due date (terlambat).
    Terlambat,
    /// Past its due date and not submitted (tidak ada).
    TidakAda,
    /// Not yet due and not submitted (belum jatuh tempo).
    BelumJatuhTempo,
}

/// How a due period stands on `as_of`, from the day its first revision was submitted if
/// that was by `as_of`.
pub fn recap_status(due: &DueReport, as_of: NaiveDate, first_submitted_on: Option<NaiveDate>) -> RecapStatus {
    match first_submitted_on.filter(|day| *day <= as_of) {
        Some(day) if day <= due.due => RecapStatus::TepatWaktu,
        Some(_) => RecapStatus::Terlambat,
        None if as_of > due.due => RecapStatus::TidakAda,
        None => RecapStatus::BelumJatuhTempo,
    }
}

const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 220.0;
const PALETTE: [&str; 6] = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#c53030", "#718096"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A bar chart as inline SVG: one group of bars per category, one bar per series, or one
/// bar of stacked series per category when `stacked`. Negative values draw as zero.
pub fn bar_chart(title: &str, categories: &[String], series: &[(String, Vec<Decimal>)], stacked: bool) -> String {
    let value = |s: &(String, Vec<Decimal>), i: usize| s.1.get(i).and_then(|v| v.to_f64()).unwrap_or(0.0).max(0.0);
    let height_of = |i: usize| -> f64 {
        match stacked {
            true => series.iter().map(|s| value(s, i)).sum(),
            false => series.iter().map(|s| value(s, i)).fold(0.0, f64::max),
        }
    };
    let max = (0..categories.len()).map(height_of).fold(0.0, f64::max).max(1.0);
    let (top, bottom, left) = (24.0, 40.0, 8.0);
    let plot = CHART_HEIGHT - top - bottom;
    let slot = (CHART_WIDTH - 2.0 * left) / categories.len().max(1) as f64;
    let bars_per_slot = if stacked { 1 } else { series.len().max(1) };
    let bar = slot * 0.8 / bars_per_slot as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{CHART_WIDTH}\" height=\"{CHART_HEIGHT}\" \
         viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\"><title>{}</title>\
         <text x=\"{left}\" y=\"16\" font-size=\"12\">{}</text>",
        escape(title),
        escape(title)
    );
    for (c, category) in categories.iter().enumerate() {
        let x0 = left + c as f64 * slot + slot * 0.1;
        let mut stack = 0.0;
        for (s, one) in series.iter().enumerate() {
            let h = value(one, c) / max * plot;
            let (x, y) = match stacked {
                true => (x0, top + plot - stack - h),
                false => (x0 + s as f64 * bar, top + plot - h),
            };
            stack += h;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
                bar * 0.95,
                PALETTE[s % PALETTE.len()],
                escape(&one.0),
                escape(category),
                one.1.get(c).copied().unwrap_or_default()
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
            x0 + slot * 0.4,
            top + plot + 12.0,
            escape(category)
        ));
    }
    for (s, one) in series.iter().enumerate() {
        let x = left + s as f64 * (CHART_WIDTH - 2.0 * left) / series.len() as f64;
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            CHART_HEIGHT - 14.0,
            PALETTE[s % PALETTE.len()],
            x + 14.0,
            CHART_HEIGHT - 5.0,
            escape(&one.0)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::cadence::ReportStatus;

    fn header(revision: u32, reason: Option<&str>) -> SubmissionHeader {
        SubmissionHeader {
            period: PeriodKey::parse("2026-TW1").unwrap(),
            revision,
            reason: reason.map(str::to_string),
            submitted_by: "kepala".into(),
            submitted_at: "t".into(),
            submitted_on: "2026-04-10".parse().unwrap(),
        }
    }

    #[test]
    fn a_sealed_submission_verifies_until_a_byte_changes() {
        let mut sealed = Submission::seal(header(1, None), "<p>a</p>".into(), "{}".into()).unwrap();
        assert!(sealed.verify());
        assert_eq!(sealed.html_sha256, sha256_hex(b"<p>a</p>"));
        sealed.html.push(' ');
        assert!(!sealed.verify());
    }

    #[test]
    fn a_revision_needs_a_reason() {
        assert!(Submission::seal(header(2, None), String::new(), String::new()).is_err());
        let fixed = Submission::seal(header(2, Some("Salah ketik")), String::new(), String::new()).unwrap();
        assert_eq!(fixed.header.reason.as_deref(), Some("Salah ketik"));
    }

    #[test]
    fn a_period_is_on_time_late_missing_or_not_yet_due() {
        use super::super::cadence::PeriodKind;
        let due = |status| DueReport {
            key: "2026-TW1".into(),
            kind: PeriodKind::Triwulan,
            number: Some(1),
            title: "Triwulan I 2026".into(),
            start: "2026-01-01".parse().unwrap(),
            end: "2026-03-31".parse().unwrap(),
            due: "2026-04-15".parse().unwrap(),
            status,
        };
        let on = |text: &str| Some(text.parse().unwrap());
        let day = |text: &str| text.parse().unwrap();
        let period = due(ReportStatus::Diserahkan);
        assert_eq!(recap_status(&period, day("2026-05-01"), on("2026-04-15")), RecapStatus::TepatWaktu);
        assert_eq!(recap_status(&period, day("2026-05-01"), on("2026-04-16")), RecapStatus::Terlambat);
        assert_eq!(recap_status(&period, day("2026-04-20"), on("2026-04-21")), RecapStatus::TidakAda, "not yet then");
        assert_eq!(recap_status(&period, day("2026-04-15"), None), RecapStatus::BelumJatuhTempo);
    }

    #[test]
    fn charts_escape_names_and_draw_one_bar_per_value() {
        let series = vec![("A<b>".to_string(), vec![Decimal::from(5), Decimal::from(-1)])];
        let svg = bar_chart("Judul", &["Jan".into(), "Feb".into()], &series, false);
        assert!(svg.contains("A&lt;b&gt;") && !svg.contains("A<b>"));
        assert_eq!(svg.matches("<rect").count(), 3, "two bars and one legend swatch");
    }
}
