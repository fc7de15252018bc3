//! Change what the staff register says of a staff member (ubah data petugas), e.g. a new
//! certification or the day they left: the input of `add_staff`, with the `staff` the door
//! takes from the path (`PUT /entities/{id}/staff/{staff}`).

use super::add_staff::{Input, Staffing};
use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::staff::StaffMember;
use crate::domain::training::{RecordKind, StaffId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};

#[derive(Debug, Clone)]
pub struct ChangeStaff {
    staff: StaffId,
    staffing: Staffing,
}

impl RegisterCommand for ChangeStaff {
    type Input = Input;
    type Outcome = StaffMember;
    const NAME: &'static str = "change_staff";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<ChangeStaff, Problems> {
        let mut check = FieldCheck::default();
        let staff = check.take("staff", fields::id(input.staff.as_str()));
        let staffing = Staffing::read(&mut check, Input { staff: Typed::default(), ..input });
        check.finish()?;
        Ok(ChangeStaff { staff: staff.expect("checked"), staffing: staffing.expect("checked") })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<StaffMember, ServiceError> {
        let details = self.staffing.details()?;
        if !store.staff(entity.id)?.iter().any(|s| s.id == self.staff) {
            return Err(super::not_found(RecordKind::Staff, self.staff));
        }
        let staff = StaffMember::new(self.staff, entity.id, details)?;
        writes.staff_member(&staff);
        Ok(staff)
    }
}
