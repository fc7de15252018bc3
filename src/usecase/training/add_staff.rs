//! Add a staff member to the panti's register (tambah petugas): name, position, when they
//! joined and left, and when they were certified as a professional social worker.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::staff::{StaffDetails, StaffMember};
use crate::domain::training::{parse_text, RecordKind, TrainingError};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"name","position","joined_on","left_on"?,"social_worker_certified_on"?}`;
/// changing a record (`change_staff`), the door adds `staff` from the path.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub staff: Typed,
    pub name: String,
    pub position: String,
    pub joined_on: String,
    #[serde(default)]
    pub left_on: Option<String>,
    #[serde(default)]
    pub social_worker_certified_on: Option<String>,
}

/// What the register says of a staff member, its dates read.
#[derive(Debug, Clone)]
pub struct Staffing {
    name: String,
    position: String,
    dates: (NaiveDate, Option<NaiveDate>, Option<NaiveDate>),
}

impl Staffing {
    /// The dates of `input` read into `check`, each at its field.
    pub(super) fn read(check: &mut FieldCheck, input: Input) -> Option<Staffing> {
        // What the door puts from the path, a new record has none of.
        if !input.staff.as_str().is_empty() {
            let detail = "\"staff\" comes from the path of a change".to_string();
            check.take::<()>("staff", Err(crate::domain::problem::Problem::Malformed { detail }));
        }
        let mut optional = |field, text: Option<&str>| check.take(field, text.map(fields::date).transpose());
        let left_on = optional("left_on", input.left_on.as_deref());
        let certified_on = optional("social_worker_certified_on", input.social_worker_certified_on.as_deref());
        let joined_on = check.take("joined_on", fields::date(&input.joined_on));
        Some(Staffing { name: input.name, position: input.position, dates: (joined_on?, left_on?, certified_on?) })
    }

    pub(super) fn details(self) -> Result<StaffDetails, TrainingError> {
        let (joined_on, left_on, social_worker_certified_on) = self.dates;
        Ok(StaffDetails {
            name: parse_text(&self.name, "nama petugas")?,
            position: parse_text(&self.position, "jabatan")?,
            joined_on,
            left_on,
            social_worker_certified_on,
        })
    }
}

#[derive(Debug, Clone)]
pub struct AddStaff(Staffing);

impl RegisterCommand for AddStaff {
    type Input = Input;
    type Outcome = StaffMember;
    const NAME: &'static str = "add_staff";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<AddStaff, Problems> {
        let mut check = FieldCheck::default();
        let staffing = Staffing::read(&mut check, input);
        check.finish()?;
        Ok(AddStaff(staffing.expect("checked")))
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<StaffMember, ServiceError> {
        let details = self.0.details()?;
        super::ensure_panti(entity)?;
        let id = store.next_id(RecordKind::Staff)?;
        let staff = StaffMember::new(id, entity.id, details)?;
        writes.staff_member(&staff);
        writes.next_id(RecordKind::Staff, id + 1);
        Ok(staff)
    }
}
