//! The panti's staff register, with professional social worker certification (sertifikasi
//! pekerja sosial profesional), and the indicator counted from it (seed 004).

use super::{not_before, StaffId, TrainingError};
use crate::domain::entity::EntityId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What is recorded about a staff member, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDetails {
    pub name: String,
    /// Position (jabatan), e.g. pekerja sosial, instruktur, pengasuh.
    pub position: String,
    pub joined_on: NaiveDate,
    /// Last day of service, once the person has left.
    pub left_on: Option<NaiveDate>,
    /// When the person was certified as a professional social worker, if they are.
    pub social_worker_certified_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    pub panti_id: EntityId,
    pub details: StaffDetails,
}

impl StaffMember {
    pub fn new(id: StaffId, panti_id: EntityId, details: StaffDetails) -> Result<StaffMember, TrainingError> {
        if let Some(left_on) = details.left_on {
            not_before(left_on, details.joined_on, "tanggal mulai bertugas")?;
        }
        Ok(StaffMember { id, panti_id, details })
    }

    /// A certified professional social worker in service on `date`.
    pub fn is_professional_social_worker_on(&self, date: NaiveDate) -> bool {
        let details = &self.details;
        let in_service = details.joined_on <= date && details.left_on.is_none_or(|left| left >= date);
        in_service && details.social_worker_certified_on.is_some_and(|certified| certified <= date)
    }
}

/// The indicator "number of professional social workers" (jumlah pekerja sosial
/// profesional) of a panti for a year: certified staff in service on 31 December.
pub fn professional_social_workers(staff: &[StaffMember], year: i32) -> usize {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists in every year chrono holds");
    staff.iter().filter(|s| s.is_professional_social_worker_on(year_end)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(id: StaffId, joined: &str, left: Option<&str>, certified: Option<&str>) -> StaffMember {
        let details = StaffDetails {
            name: format!("Petugas {id}"),
            position: "Pekerja sosial".into(),
            joined_on: joined.parse().unwrap(),
            left_on: left.map(|d| d.parse().unwrap()),
            social_worker_certified_on: certified.map(|d| d.parse().unwrap()),
        };
        StaffMember::new(id, 1, details).unwrap()
    }

    /// Worked example. 2025: A (certified 2019, in service) counts; B is certified only in
    /// 2026; C left in June 2025; D joins in 2026; E is not certified: one worker.
    /// 2026: A, B, and D (certified elsewhere before joining): three.
    #[test]
    fn professional_social_workers_are_counted_at_year_end() {
        let register = [
            staff(1, "2018-01-02", None, Some("2019-08-17")),
            staff(2, "2020-03-01", None, Some("2026-02-10")),
            staff(3, "2015-01-05", Some("2025-06-30"), Some("2016-01-01")),
            staff(4, "2026-01-05", None, Some("2024-01-01")),
            staff(5, "2020-03-01", None, None),
        ];
        assert_eq!(professional_social_workers(&register, 2025), 1);
        assert_eq!(professional_social_workers(&register, 2026), 3);
    }

    #[test]
    fn leaving_before_joining_is_refused() {
        let mut details = staff(1, "2020-01-01", None, None).details;
        details.left_on = Some("2019-12-31".parse().unwrap());
        assert!(matches!(StaffMember::new(1, 1, details), Err(TrainingError::TooEarly { .. })));
    }
}
