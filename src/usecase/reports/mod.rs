//! A panti's empowerment report (laporan pemberdayaan): its head (or an admin) sets it
//! up, records the stage, and so on; its supervisor reads it; nobody else sees it
//! (`Rule::Report`). The fields these commands share are parsed here.

pub mod change_stage;
pub mod put_evaluation;
pub mod put_plan;
pub mod set_report_settings;

use crate::domain::problem::{Problem, ReportRule};

fn invalid(expected: ReportRule, typed: &str) -> Problem {
    Problem::InvalidReport { expected, detail: typed.to_string() }
}

/// A note that must be given, up to 1000 characters (a reason, an evaluation).
fn required_note(text: &str) -> Result<String, Problem> {
    let limit = crate::domain::training::NOTE_CHARS_MAX.to_string();
    crate::domain::report::required_note(text, "catatan").map_err(|_| invalid(ReportRule::Note, &limit))
}

/// A name, position or other short text that must be given: 1–200 characters.
fn text(typed: &str) -> Result<String, Problem> {
    crate::domain::training::parse_text(typed, "teks").map_err(|_| required_text())
}

fn required_text() -> Problem {
    invalid(ReportRule::Text, &crate::domain::training::TEXT_CHARS_MAX.to_string())
}
