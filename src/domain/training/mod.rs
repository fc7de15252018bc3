//! Vocational training at a panti (bimbingan keterampilan): the client register, skills,
//! cohorts with attendance and assessment, placement, assistance packages, follow-up,
//! the staff register and the statistics built from them. Pure: no I/O.
//!
//! Who may see what: client records hold personal data (name, birth date, religion, case),
//! so they follow their own rule, [`allows_training`], not the rule of the books.

pub mod aftercare;
pub mod client;
pub mod cohort;
pub mod skill;
pub mod staff;
pub mod statistics;

use super::entity::{Entity, EntityId, EntityKind};
use super::user::{Access, Role};
use chrono::NaiveDate;

pub type ClientId = u64;
pub type CohortId = u64;
pub type StaffId = u64;

/// Longest name, place or other short text.
pub const TEXT_CHARS_MAX: usize = crate::domain::text::SHORT_TEXT_CHARS_MAX;
/// Longest note, reason or list of needs.
pub const NOTE_CHARS_MAX: usize = 1000;
/// Most participants one cohort may take.
pub const CAPACITY_MAX: u32 = 500;
/// Most planned hours of one cohort.
pub const HOURS_MAX: u32 = 5000;
/// Most instructors of one cohort.
pub const INSTRUCTORS_MAX: usize = 20;
/// Most sessions of one cohort.
pub const SESSIONS_MAX: u32 = 1000;
/// Most follow-up visits recorded for one client.
pub const FOLLOW_UPS_MAX: usize = 120;
/// Most items in one assistance package.
pub const PACKAGE_ITEMS_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainingError {
    #[error("nomor induk klien {0:?} tidak sah: 1–20 huruf, angka, '.', '-' atau '/'")]
    InvalidClientNumber(String),
    #[error(
        "{0} wajib diisi, paling banyak {TEXT_CHARS_MAX} karakter, tanpa karakter kontrol atau format tak terlihat"
    )]
    InvalidText(&'static str),
    #[error("{0} paling banyak {NOTE_CHARS_MAX} karakter")]
    NoteTooLong(&'static str),
    #[error("jenis kelamin {0:?} tidak dikenal (laki_laki, perempuan)")]
    UnknownSex(String),
    #[error("status klien {0:?} tidak dikenal (aktif, disalurkan, terminasi, keluar)")]
    UnknownStatus(String),
    #[error("nomor urut angkatan {0:?} tidak sah: angka 1–9999")]
    InvalidCohortNumber(String),
    #[error("tanggal {date} sebelum {what} ({earliest})")]
    TooEarly { date: NaiveDate, what: &'static str, earliest: NaiveDate },
    #[error("kode keterampilan {0:?} tidak sah: 2–30 huruf kecil, angka atau '-'")]
    InvalidSkillCode(String),
    #[error("kelompok keterampilan {0:?} tidak dikenal (daily_living, work, business)")]
    UnknownSkillGroup(String),
    #[error("keterampilan {0} tidak dikenal; lihat daftar keterampilan panti ini")]
    UnknownSkill(String),
    #[error("kode keterampilan {0} sudah ada")]
    DuplicateSkill(String),
    #[error("nomor induk klien {0} sudah dipakai di panti ini")]
    DuplicateClientNumber(String),
    #[error("angkatan {number} keterampilan {skill} sudah ada di panti ini")]
    DuplicateCohort { skill: String, number: u32 },
    #[error("jumlah jam pelatihan harus 1–{HOURS_MAX}")]
    InvalidHours,
    #[error("kapasitas angkatan harus 1–{CAPACITY_MAX}")]
    InvalidCapacity,
    #[error("instruktur 1–{INSTRUCTORS_MAX} orang, masing-masing dengan nama dan asal lembaga (mis. BLK)")]
    InvalidInstructors,
    #[error("angkatan sudah penuh ({0} peserta); pendaftaran ditolak")]
    CohortFull(u32),
    #[error("klien {0} sudah terdaftar di angkatan ini")]
    AlreadyEnrolled(String),
    #[error("klien {0} tidak terdaftar di angkatan ini pada tanggal itu")]
    NotEnrolled(ClientId),
    #[error("klien {number} berstatus {status}; hanya klien aktif yang bisa didaftarkan")]
    ClientNotActive { number: String, status: &'static str },
    #[error("klien dan angkatan harus dari panti yang sama")]
    OtherPanti,
    #[error("angkatan sudah punya {SESSIONS_MAX} sesi")]
    TooManySessions,
    #[error("nilai asesmen {0:?} tidak sah: angka bulat 0–100")]
    InvalidScore(String),
    #[error("hasil asesmen {0:?} tidak dikenal (kompeten, belum_kompeten)")]
    UnknownCompetency(String),
    #[error("hasil akhir {0:?} tidak dikenal (lulus, tidak_lulus, keluar)")]
    UnknownOutcome(String),
    #[error("klien yang keluar wajib diberi alasan")]
    ReasonRequired,
    #[error("hasil akhir klien {0} sudah dicatat; tidak bisa diubah")]
    AlreadyCompleted(String),
    #[error("klien {0} belum dinyatakan kompeten; lulus memerlukan asesmen kompeten")]
    NotCompetent(String),
    #[error("klien {0} belum lulus dari angkatan mana pun; penyaluran hanya setelah lulus")]
    NotCompleted(String),
    #[error("klien {0} sudah disalurkan")]
    AlreadyPlaced(String),
    #[error(
        "jenis penyaluran {0:?} tidak dikenal (bekerja, usaha_mandiri, bergabung_kube, kembali_ke_keluarga, dirujuk)"
    )]
    UnknownPlacement(String),
    #[error("penyaluran {kind} memerlukan {field}")]
    PlacementDetail { kind: &'static str, field: &'static str },
    #[error("anggota {0} tidak ada di KUBE mana pun")]
    UnknownKubeMember(u64),
    #[error("klien {0} belum disalurkan; {1} hanya setelah penyaluran")]
    NotPlaced(String, &'static str),
    #[error("status usaha {0:?} tidak dikenal (berjalan, berhenti)")]
    UnknownBusiness(String),
    #[error("perkiraan penghasilan tidak boleh negatif")]
    NegativeIncome,
    #[error("klien sudah punya {FOLLOW_UPS_MAX} kunjungan bimbingan lanjut")]
    TooManyFollowUps,
    #[error("paket bantuan klien {0} sudah dicatat")]
    PackageExists(String),
    #[error("paket bantuan berisi 1–{PACKAGE_ITEMS_MAX} barang, masing-masing dengan nama, jumlah 1 atau lebih dan nilai lebih dari nol")]
    InvalidPackage,
    #[error("klien {0} belum punya paket bantuan; catat dulu paketnya")]
    NoPackage(String),
    #[error("paket bantuan klien {number} sudah dibayar (jurnal #{seq})")]
    PackageAlreadyPaid { number: String, seq: u64 },
    #[error("data pelatihan hanya dicatat di panti, bukan di {0}")]
    NotPanti(&'static str),
    /// Every bad field of a client record, named at once.
    #[error("{0}")]
    InvalidClient(String),
}

/// The kinds of training record that are numbered, and how a message names each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Client,
    Cohort,
    Staff,
}

impl RecordKind {
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Client => "klien",
            RecordKind::Cohort => "angkatan",
            RecordKind::Staff => "petugas",
        }
    }
}

/// The access rule for a panti's training records (clients, cohorts' participants,
/// placements, packages, follow-ups, staff): they hold personal data, so only the panti's
/// head writes them and its supervisor reads them; an admin does both. A treasurer keeps
/// the books and sees none of it, nor does a member.
pub fn allows_training(role: Role, bound_to: Option<EntityId>, access: Access, panti: &Entity) -> bool {
    let own = panti.kind == EntityKind::Panti && bound_to == Some(panti.id);
    match role {
        Role::Admin => true,
        Role::Head => own,
        Role::Supervisor => own && access == Access::Read,
        Role::Treasurer | Role::Member => false,
    }
}

/// Trimmed text of 1–200 characters without control or format characters.
pub fn parse_text(text: &str, what: &'static str) -> Result<String, TrainingError> {
    crate::domain::text::clean_text(text, TEXT_CHARS_MAX)
        .map(str::to_string)
        .map_err(|_| TrainingError::InvalidText(what))
}

/// Optional longer text (a note, a reason): empty means none.
pub fn parse_note(text: Option<&str>, what: &'static str) -> Result<Option<String>, TrainingError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(note) if note.chars().count() > NOTE_CHARS_MAX => Err(TrainingError::NoteTooLong(what)),
        note => Ok(note.map(str::to_string)),
    }
}

/// Refuses a date before the one it must follow.
pub fn not_before(date: NaiveDate, earliest: NaiveDate, what: &'static str) -> Result<(), TrainingError> {
    if date < earliest {
        return Err(TrainingError::TooEarly { date, what, earliest });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: EntityId, kind: EntityKind) -> Entity {
        Entity { id, kind, name: "x".into(), parent_id: None, locked_through: None }
    }

    #[test]
    fn head_writes_supervisor_reads_treasurer_sees_nothing() {
        let panti = entity(1, EntityKind::Panti);
        assert!(allows_training(Role::Admin, None, Access::Write, &panti));
        assert!(allows_training(Role::Head, Some(1), Access::Write, &panti));
        assert!(allows_training(Role::Supervisor, Some(1), Access::Read, &panti));
        assert!(!allows_training(Role::Supervisor, Some(1), Access::Write, &panti));
        assert!(!allows_training(Role::Treasurer, Some(1), Access::Read, &panti), "the panti's own treasurer");
        assert!(!allows_training(Role::Member, Some(1), Access::Read, &panti));
        assert!(!allows_training(Role::Head, Some(2), Access::Read, &panti), "another panti's head");
        assert!(!allows_training(Role::Head, Some(3), Access::Read, &entity(3, EntityKind::Kube)));
    }

    #[test]
    fn notes_may_be_empty_but_not_endless() {
        assert_eq!(parse_note(Some("  "), "catatan"), Ok(None));
        assert_eq!(parse_note(Some(" ok "), "catatan"), Ok(Some("ok".into())));
        assert!(parse_note(Some(&"x".repeat(NOTE_CHARS_MAX + 1)), "catatan").is_err());
        assert!(parse_text(" ", "nama").is_err());
    }
}
