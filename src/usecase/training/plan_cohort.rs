//! Plan a cohort (rencanakan angkatan): a skill of the panti's list, its number within the
//! skill, the instructors, the planned dates and hours, and how many it takes.

use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::cohort::{plan_cohort, Cohort, CohortPlan, Instructor};
use crate::domain::training::skill::SkillCode;
use crate::domain::training::{RecordKind, CAPACITY_MAX, HOURS_MAX};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The highest cohort number within a skill (angkatan ke-).
const COHORT_NUMBER_MAX: u32 = 999;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstructorInput {
    pub name: String,
    pub affiliation: String,
}

/// As typed: `{"skill","number","instructors":[{"name","affiliation"}],"planned_start",
/// "planned_end","hours","capacity"}`; the counts as JSON numbers or as text (a page form),
/// each checked at its field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub skill: String,
    pub number: Typed,
    pub instructors: Vec<InstructorInput>,
    pub planned_start: String,
    pub planned_end: String,
    pub hours: Typed,
    pub capacity: Typed,
}

#[derive(Debug, Clone)]
pub struct PlanCohort {
    input: Input,
    number: u32,
    planned_start: NaiveDate,
    planned_end: NaiveDate,
    hours: u32,
    capacity: u32,
}

impl RegisterCommand for PlanCohort {
    type Input = Input;
    type Outcome = Cohort;
    const NAME: &'static str = "plan_cohort";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<PlanCohort, Problems> {
        let mut check = FieldCheck::default();
        let planned_start = check.take("planned_start", fields::date(&input.planned_start));
        let planned_end = check.take("planned_end", fields::date(&input.planned_end));
        let number = check.take("number", fields::count(&input.number, 1, COHORT_NUMBER_MAX));
        let hours = check.take("hours", fields::count(&input.hours, 1, HOURS_MAX));
        let capacity = check.take("capacity", fields::count(&input.capacity, 1, CAPACITY_MAX));
        check.finish()?;
        Ok(PlanCohort {
            input,
            number: number.expect("checked"),
            planned_start: planned_start.expect("checked"),
            planned_end: planned_end.expect("checked"),
            hours: hours.expect("checked"),
            capacity: capacity.expect("checked"),
        })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Cohort, ServiceError> {
        let input = self.input;
        let instructors = input.instructors.iter().map(|i| Instructor::new(&i.name, &i.affiliation));
        let plan = CohortPlan {
            skill: SkillCode::parse(&input.skill)?,
            number: self.number,
            instructors: instructors.collect::<Result<_, _>>()?,
            planned_start: self.planned_start,
            planned_end: self.planned_end,
            hours: self.hours,
            capacity: self.capacity,
        };
        super::ensure_panti(entity)?;
        let id = store.next_id(RecordKind::Cohort)?;
        let skills = super::skills_in(store, entity.id)?;
        let cohort = plan_cohort(id, entity.id, plan, &skills, &store.cohorts(entity.id)?)?;
        writes.cohort(&cohort);
        writes.next_id(RecordKind::Cohort, id + 1);
        Ok(cohort)
    }
}
