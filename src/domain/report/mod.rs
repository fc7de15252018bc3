//! The empowerment report of a panti (laporan pemberdayaan, seed 001 sections A, D, E):
//! the yearly plan with its budget, the assessments of each reporting period, and the
//! cadence that decides which reports are due. Pure: no I/O.

pub mod assembly;
pub mod assessment;
pub mod bundle;
pub mod cadence;
pub mod outbox;
pub mod plan;

use super::entity::{Entity, EntityId};
use super::training::{allows_training, parse_note, parse_text, TrainingError};
use super::user::{Access, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most people named in one list (responsible persons, monitors, evaluators).
pub const PERSONS_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// A name, position or note breaking the text rules shared with training records.
    #[error("{0}")]
    Text(#[from] TrainingError),
    #[error("laporan pemberdayaan hanya untuk panti, bukan {0}")]
    NotPanti(&'static str),
    #[error("tahun {0} tidak sah: 2000–2100")]
    InvalidYear(i64),
    #[error("tahap {0:?} tidak dikenal (awal, mapan)")]
    UnknownStage(String),
    #[error("panti sudah berada pada tahap {0}")]
    StageUnchanged(&'static str),
    #[error("perubahan tahap tanggal {date} tidak boleh sebelum {earliest} ({what})")]
    StageTooEarly { date: NaiveDate, earliest: NaiveDate, what: &'static str },
    #[error("bulan mulai {0:?} tidak sah: tulis YYYY-MM, tahun 2000–2100")]
    InvalidStartMonth(String),
    #[error("bulan mulai pelaporan tidak boleh sesudah perubahan tahap pertama ({0})")]
    StartAfterStageChange(NaiveDate),
    #[error("batas hari penyerahan {0} tidak sah: 1–90 hari sesudah periode berakhir")]
    InvalidDueDays(i64),
    #[error("bulan mulai pelaporan panti ini belum diatur (PUT …/reports/settings)")]
    NoSettings,
    #[error("periode {0:?} tidak dikenal: tulis seperti 2026-TW1 … 2026-TW4, 2026-SM1, 2026-SM2 atau 2026-TH")]
    InvalidPeriod(String),
    #[error("periode {0} bukan periode laporan panti ini menurut tahap pemberdayaannya")]
    NotAReportPeriod(String),
    #[error("penilaian tanggal {date} sebelum periode {period} dimulai ({start})")]
    AssessedBeforePeriod { date: NaiveDate, period: String, start: NaiveDate },
    #[error("nilai {0} tidak sah: 1 kurang, 2 cukup, 3 baik, 4 sangat baik")]
    InvalidScore(i64),
    #[error("{what}: {count} orang, harus 1–{PERSONS_MAX}")]
    PersonCount { what: &'static str, count: usize },
    #[error("peran {0:?} tidak dikenal ({1})")]
    UnknownRole(String, &'static str),
    #[error("bidang {0:?} tidak dikenal (sdm, lingkungan, pertanian, perikanan_peternakan, kerajinan, jasa, bangunan, penyediaan_tenaga, lainnya)")]
    UnknownField(String),
    #[error("sumber dana {0:?} tidak dikenal (dipa_panti, kemensos, dinas_sosial, pemda, csr, laba_usaha, swadaya, pinjaman_bank, lainnya)")]
    UnknownFundingSource(String),
    #[error("jenis kebutuhan {0:?} tidak dikenal (peralatan, bibit, bahan_baku, biaya)")]
    UnknownNeedKind(String),
    #[error("jumlah kebutuhan {0:?} harus lebih dari nol")]
    NonPositiveNeed(String),
    #[error("{what}: paling banyak {max}")]
    TooMany { what: &'static str, max: usize },
    #[error("entitas {0} bukan KUBE atau koperasi di bawah panti ini")]
    NotOwnGroup(EntityId),
    #[error("rencana tahun {0} belum ada")]
    NoPlan(i32),
    #[error("rencana tahun {year} tidak punya versi {version}")]
    NoPlanVersion { year: i32, version: u32 },
    /// Written over a version that is no longer the latest: someone changed the plan meanwhile.
    #[error("rencana tahun {year} sudah berubah: versi terakhir {latest}, bukan {based_on}; muat ulang lalu ulangi")]
    PlanChanged { year: i32, based_on: u32, latest: u32 },
    #[error("{0} wajib diisi salah satu: sikap, tingkah laku atau peranan")]
    EmptyConduct(&'static str),
    #[error("periode {period} belum berakhir ({end}); laporan diserahkan sesudahnya")]
    PeriodNotEnded { period: String, end: NaiveDate },
    #[error("laporan {0} belum pernah diserahkan")]
    NotSubmitted(String),
    #[error("laporan {period} tidak punya revisi {revision}")]
    NoRevision { period: String, revision: u32 },
    #[error("laporan {0} sudah diserahkan; perbaikan harus menyebut alasan (\"reason\")")]
    ReasonRequired(String),
    #[error(
        "laporan {period} sudah diserahkan sampai revisi {revision} sementara itu; periksa lagi sebelum menyerahkan"
    )]
    RevisionTaken { period: String, revision: u32 },
}

/// Plans, assessments and the stage are the panti head's to write and its supervisor's
/// to read (an admin does both), the same rule as training records: they name people and
/// judge them. A treasurer or member of the panti's KUBE sees none of it.
pub fn allows_report(role: Role, bound_to: Option<EntityId>, access: Access, panti: &Entity) -> bool {
    allows_training(role, bound_to, access, panti)
}

/// A person by name and position (jabatan), as a report names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub position: String,
}

impl Person {
    pub fn new(name: &str, position: &str) -> Result<Person, ReportError> {
        Ok(Person { name: parse_text(name, "nama")?, position: parse_text(position, "jabatan")? })
    }
}

/// A note that must be given (up to 1000 characters): empty is refused like an empty name.
pub fn required_note(text: &str, what: &'static str) -> Result<String, ReportError> {
    parse_note(Some(text), what)?.ok_or(ReportError::Text(TrainingError::InvalidText(what)))
}

/// Refuses an empty or overlong list.
pub fn count_persons<T>(list: &[T], what: &'static str) -> Result<(), ReportError> {
    if list.is_empty() || list.len() > PERSONS_MAX {
        return Err(ReportError::PersonCount { what, count: list.len() });
    }
    Ok(())
}

/// Refuses more than `max` items.
pub fn at_most<T>(list: &[T], max: usize, what: &'static str) -> Result<(), ReportError> {
    if list.len() > max {
        return Err(ReportError::TooMany { what, max });
    }
    Ok(())
}

/// A year the report may speak of.
pub fn parse_year(year: i64) -> Result<i32, ReportError> {
    if (2000..=2100).contains(&year) {
        Ok(year as i32)
    } else {
        Err(ReportError::InvalidYear(year))
    }
}

/// Field of empowerment activity (bidang kegiatan pemberdayaan, seed 001 A.2): human
/// resources, the panti's environment, and the fields of productive business (bidang usaha).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Human resources (pemberdayaan tenaga / SDM).
    Sdm,
    /// The panti's environment (pemberdayaan lingkungan).
    Lingkungan,
    /// Agriculture (pertanian).
    Pertanian,
    /// Fisheries and livestock (perikanan dan peternakan).
    PerikananPeternakan,
    /// Crafts (kerajinan).
    Kerajinan,
    /// Services: electronics, motor repair, beauty, workshop (jasa).
    Jasa,
    /// Building (bangunan).
    Bangunan,
    /// Supplying skilled labour with placement partners (penyediaan tenaga keterampilan).
    PenyediaanTenaga,
    /// Any other field (lainnya).
    Lainnya,
}

impl Field {
    pub fn parse(text: &str) -> Result<Field, ReportError> {
        by_name(text).ok_or_else(|| ReportError::UnknownField(text.to_string()))
    }
}

/// The variant of a snake_case enum that `text` names exactly, through its serde names so
/// that what is parsed and what is shown cannot drift apart.
pub fn by_name<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entity::EntityKind;

    #[test]
    fn head_writes_supervisor_reads_the_books_keepers_see_nothing() {
        let panti = Entity { id: 1, kind: EntityKind::Panti, name: "x".into(), parent_id: None, locked_through: None };
        assert!(allows_report(Role::Head, Some(1), Access::Write, &panti));
        assert!(allows_report(Role::Supervisor, Some(1), Access::Read, &panti));
        assert!(!allows_report(Role::Supervisor, Some(1), Access::Write, &panti));
        assert!(!allows_report(Role::Treasurer, Some(1), Access::Read, &panti));
        assert!(!allows_report(Role::Member, Some(1), Access::Read, &panti));
    }

    #[test]
    fn fields_parse_by_their_indonesian_names() {
        assert_eq!(Field::parse("perikanan_peternakan"), Ok(Field::PerikananPeternakan));
        assert_eq!(Field::parse("sdm"), Ok(Field::Sdm));
        assert!(matches!(Field::parse("Pertanian"), Err(ReportError::UnknownField(_))));
        assert_eq!(parse_year(1999), Err(ReportError::InvalidYear(1999)));
        assert!(Person::new(" ", "Kepala").is_err());
    }
}
