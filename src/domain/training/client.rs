//! The client register (buku induk klien): who each client is and where they stand.

use super::{ClientId, TrainingError};
use crate::domain::entity::EntityId;
use crate::domain::member::MemberNumber;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Client number (Nomor Induk Klien), unique within its panti: same shape as a member number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientNumber(String);

impl ClientNumber {
    pub fn parse(text: &str) -> Result<ClientNumber, TrainingError> {
        MemberNumber::parse(text)
            .map(|number| ClientNumber(number.as_str().to_string()))
            .map_err(|_| TrainingError::InvalidClientNumber(text.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Sex (jenis kelamin) as the register records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    LakiLaki,
    Perempuan,
}

impl Sex {
    pub fn parse(text: &str) -> Result<Sex, TrainingError> {
        match text.trim().to_lowercase().as_str() {
            "laki_laki" | "laki-laki" | "l" => Ok(Sex::LakiLaki),
            "perempuan" | "p" => Ok(Sex::Perempuan),
            _ => Err(TrainingError::UnknownSex(text.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::LakiLaki => "laki_laki",
            Sex::Perempuan => "perempuan",
        }
    }
}

/// Where a client stands: in service, placed (disalurkan), terminated with a package
/// (terminasi), or gone before finishing (keluar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    Aktif,
    Disalurkan,
    Terminasi,
    Keluar,
}

impl ClientStatus {
    pub fn parse(text: &str) -> Result<ClientStatus, TrainingError> {
        match text.trim() {
            "aktif" => Ok(ClientStatus::Aktif),
            "disalurkan" => Ok(ClientStatus::Disalurkan),
            "terminasi" => Ok(ClientStatus::Terminasi),
            "keluar" => Ok(ClientStatus::Keluar),
            other => Err(TrainingError::UnknownStatus(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClientStatus::Aktif => "aktif",
            ClientStatus::Disalurkan => "disalurkan",
            ClientStatus::Terminasi => "terminasi",
            ClientStatus::Keluar => "keluar",
        }
    }
}

/// What the register records of a client, as entered: all of it personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetails {
    pub number: ClientNumber,
    /// Intake cohort number (nomor urut angkatan).
    pub cohort_number: u32,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// Religion (agama).
    pub religion: String,
    /// Where the client comes from (asal).
    pub origin: String,
    pub admitted_on: NaiveDate,
    /// The case that brought the client (jenis kasus): gelandangan, pengemis or other text.
    pub case_type: String,
}

/// One line of the client register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub panti_id: EntityId,
    pub details: ClientDetails,
    pub status: ClientStatus,
}

impl Client {
    pub fn number(&self) -> &str {
        self.details.number.as_str()
    }

    /// Only a client still in service may join a cohort.
    pub fn ensure_active(&self) -> Result<(), TrainingError> {
        match self.status {
            ClientStatus::Aktif => Ok(()),
            other => Err(TrainingError::ClientNotActive { number: self.number().to_string(), status: other.as_str() }),
        }
    }
}

/// Parses a cohort number written as text (a CSV cell): 1–9999.
pub fn parse_cohort_number(text: &str) -> Result<u32, TrainingError> {
    match text.trim().parse::<u32>() {
        Ok(number) if (1..=9999).contains(&number) => Ok(number),
        _ => Err(TrainingError::InvalidCohortNumber(text.trim().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_the_way_registers_write_them() {
        assert_eq!(ClientNumber::parse(" PSBK/2026/001 ").unwrap().as_str(), "PSBK/2026/001");
        assert!(ClientNumber::parse("no spaces").is_err());
        assert_eq!(Sex::parse("Laki-laki"), Ok(Sex::LakiLaki));
        assert_eq!(Sex::parse("P"), Ok(Sex::Perempuan));
        assert!(Sex::parse("x").is_err());
        assert_eq!(ClientStatus::parse("terminasi"), Ok(ClientStatus::Terminasi));
        assert_eq!(parse_cohort_number("12"), Ok(12));
        assert!(parse_cohort_number("0").is_err());
    }
}
