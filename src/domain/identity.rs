//! Who an entity is to the outside (identitas lembaga): a panti's region, type and
//! registration number, a koperasi's legal identity. The report's letterhead and its
//! signed bundle carry them, so a hub can file the report by region (issue 17, item 1).

use super::entity::EntityKind;
use super::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A Kemendagri region code (kode wilayah) down to the kabupaten/kota at least:
/// `33.74` (Kota Semarang), `33.74.01` (a kecamatan), `33.74.01.1001` (a desa/kelurahan).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(text: &str) -> Result<RegionCode, Problem> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('.').collect();
        let widths = [2, 2, 2, 4];
        let fits = (2..=4).contains(&parts.len())
            && parts
                .iter()
                .zip(widths)
                .all(|(part, width)| part.len() == width && part.bytes().all(|b| b.is_ascii_digit()));
        if fits {
            Ok(RegionCode(text.to_string()))
        } else {
            Err(Problem::InvalidRegionCode { text: text.to_string() })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The provinsi: the first two digits.
    pub fn province(&self) -> &str {
        &self.0[..2]
    }

    /// The kabupaten/kota: `PP.KK`.
    pub fn regency(&self) -> &str {
        &self.0[..5]
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> String {
        code.0
    }
}

impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(text: String) -> Result<RegionCode, String> {
        RegionCode::parse(&text).map_err(|_| format!("kode wilayah tidak sah: {text}"))
    }
}

/// The kind of panti, from the ministry's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PantiType {
    /// Panti Sosial Bina Karya.
    Psbk,
    /// Panti Sosial Pamardi Putra.
    Pspp,
    /// Panti Sosial Asuhan Anak.
    Psaa,
    /// Panti Sosial Tresna Werdha.
    Pstw,
    /// Panti Sosial Bina Netra.
    Psbn,
    /// Lembaga Kesejahteraan Sosial.
    Lks,
    /// Another kind (lainnya).
    Other,
}

impl PantiType {
    pub const ALL: [PantiType; 7] = [
        PantiType::Psbk,
        PantiType::Pspp,
        PantiType::Psaa,
        PantiType::Pstw,
        PantiType::Psbn,
        PantiType::Lks,
        PantiType::Other,
    ];

    /// The code a form and the API use.
    pub fn code(self) -> &'static str {
        match self {
            PantiType::Psbk => "PSBK",
            PantiType::Pspp => "PSPP",
            PantiType::Psaa => "PSAA",
            PantiType::Pstw => "PSTW",
            PantiType::Psbn => "PSBN",
            PantiType::Lks => "LKS",
            PantiType::Other => "lainnya",
        }
    }

    /// Its name as the ministry writes it.
    pub fn name(self) -> &'static str {
        match self {
            PantiType::Psbk => "Panti Sosial Bina Karya",
            PantiType::Pspp => "Panti Sosial Pamardi Putra",
            PantiType::Psaa => "Panti Sosial Asuhan Anak",
            PantiType::Pstw => "Panti Sosial Tresna Werdha",
            PantiType::Psbn => "Panti Sosial Bina Netra",
            PantiType::Lks => "Lembaga Kesejahteraan Sosial",
            PantiType::Other => "Lainnya",
        }
    }

    pub fn parse(text: &str) -> Result<PantiType, Problem> {
        let text = text.trim();
        PantiType::ALL.into_iter().find(|kind| kind.code().eq_ignore_ascii_case(text)).ok_or_else(|| {
            Problem::UnknownChoice { text: text.to_string(), allowed: "PSBK, PSPP, PSAA, PSTW, PSBN, LKS, lainnya" }
        })
    }
}

/// A koperasi's legal identity: its badan hukum (number and date of the ministry's
/// decree), its NIK koperasi (16 digits) and its NIB (13 digits, OSS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalIdentity {
    pub number: String,
    pub date: NaiveDate,
    pub nik_koperasi: Option<String>,
    pub nib: Option<String>,
}

/// What an entity says of itself. Which parts are required depends on its kind:
/// a panti its region, type and registration number; a koperasi its badan hukum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Identity {
    pub address: Option<String>,
    pub region: Option<RegionCode>,
    pub panti_type: Option<PantiType>,
    pub registration_number: Option<String>,
    pub legal: Option<LegalIdentity>,
}

/// A number of exactly `digits` decimal digits (NIK koperasi, NIB).
pub fn digits(text: &str, digits: u32) -> Result<String, Problem> {
    let text = text.trim();
    if text.len() == digits as usize && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(Problem::InvalidDigits { text: text.to_string(), digits })
    }
}

impl Identity {
    /// The fields `kind` requires that this identity leaves empty, and those it may not
    /// have: a KUBE or a koperasi has no panti type; only a koperasi has a badan hukum.
    pub fn problems_for(&self, kind: EntityKind) -> Vec<(&'static str, Problem)> {
        let mut problems = Vec::new();
        let mut require = |field, present: bool| {
            if !present {
                problems.push((field, Problem::Required));
            }
        };
        match kind {
            EntityKind::Panti => {
                require("region", self.region.is_some());
                require("panti_type", self.panti_type.is_some());
                require("registration_number", self.registration_number.is_some());
            }
            EntityKind::Koperasi => require("legal_number", self.legal.is_some()),
            EntityKind::Kube => {}
        }
        if kind != EntityKind::Panti && self.panti_type.is_some() {
            problems.push(("panti_type", Problem::NotForKind { kind: kind.as_str() }));
        }
        if kind != EntityKind::Koperasi && self.legal.is_some() {
            problems.push(("legal_number", Problem::NotForKind { kind: kind.as_str() }));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_code_names_its_regency_and_province() {
        for good in ["33.74", "33.74.01", "33.74.01.1001"] {
            let code = RegionCode::parse(good).unwrap();
            assert_eq!((code.province(), code.regency()), ("33", "33.74"));
        }
        for bad in ["33", "3374", "33.7", "33.74.01.101", "33.74.01.1001.1", "aa.bb", ""] {
            assert_eq!(RegionCode::parse(bad), Err(Problem::InvalidRegionCode { text: bad.into() }), "{bad}");
        }
    }

    #[test]
    fn each_kind_requires_its_own_parts() {
        let empty = Identity::default();
        let fields = |kind| empty.problems_for(kind).into_iter().map(|(field, _)| field).collect::<Vec<_>>();
        assert_eq!(fields(EntityKind::Panti), ["region", "panti_type", "registration_number"]);
        assert_eq!(fields(EntityKind::Koperasi), ["legal_number"]);
        assert!(fields(EntityKind::Kube).is_empty());
        let panti_type = Identity { panti_type: Some(PantiType::Psbk), ..Identity::default() };
        assert_eq!(panti_type.problems_for(EntityKind::Kube), [("panti_type", Problem::NotForKind { kind: "kube" })]);
        assert_eq!(PantiType::parse("psbk"), Ok(PantiType::Psbk));
        assert_eq!(digits("1234567890123", 13), Ok("1234567890123".into()));
        assert_eq!(digits("12345", 13), Err(Problem::InvalidDigits { text: "12345".into(), digits: 13 }));
    }
}
