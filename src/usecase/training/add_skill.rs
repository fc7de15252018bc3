//! Add a skill of the panti's own (tambah keterampilan) beside the shipped catalogue:
//! `code,name_id,name_en,group` as in `data/skills.csv`.

use crate::domain::entity::Entity;
use crate::domain::problem::Problems;
use crate::domain::training::skill::{Skill, SkillRow};
use crate::domain::training::TrainingError;
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::{Access, RegisterCommand, Rule};
use serde::{Deserialize, Serialize};

/// As typed: `{"code","name_id","name_en"?,"group"}`; `group` is `daily_living`, `work`
/// or `business`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub code: String,
    pub name_id: String,
    #[serde(default)]
    pub name_en: Option<String>,
    pub group: String,
}

#[derive(Debug, Clone)]
pub struct AddSkill(Input);

impl RegisterCommand for AddSkill {
    type Input = Input;
    type Outcome = Skill;
    const NAME: &'static str = "add_skill";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<AddSkill, Problems> {
        Ok(AddSkill(input))
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Skill, ServiceError> {
        let Input { code, name_id, name_en, group } = self.0;
        let skill = Skill::parse(&SkillRow { code, name_id, name_en, group })?;
        super::ensure_panti(entity)?;
        if super::skills_in(store, entity.id)?.iter().any(|s| s.code == skill.code) {
            return Err(TrainingError::DuplicateSkill(skill.code.as_str().to_string()).into());
        }
        writes.panti_skill(entity.id, &skill);
        Ok(skill)
    }
}
