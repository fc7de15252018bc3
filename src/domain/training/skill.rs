//! The skills taught (jenis bimbingan keterampilan): a shipped catalogue, which each panti
//! may extend with skills of its own.

use super::{parse_text, TrainingError};
use serde::{Deserialize, Serialize};

/// A skill code (kode keterampilan) such as `menjahit`: 2–30 lowercase letters, digits or '-'.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SkillCode(String);

impl SkillCode {
    pub fn parse(text: &str) -> Result<SkillCode, TrainingError> {
        let text = text.trim();
        let valid = (2..=30).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(SkillCode(text.to_string()))
        } else {
            Err(TrainingError::InvalidSkillCode(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The three kinds of guidance the seed names: daily living, work skills, and running a business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillGroup {
    DailyLiving,
    Work,
    Business,
}

impl SkillGroup {
    pub fn parse(text: &str) -> Result<SkillGroup, TrainingError> {
        match text.trim() {
            "daily_living" => Ok(SkillGroup::DailyLiving),
            "work" => Ok(SkillGroup::Work),
            "business" => Ok(SkillGroup::Business),
            other => Err(TrainingError::UnknownSkillGroup(other.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    pub code: SkillCode,
    pub name_id: String,
    pub name_en: Option<String>,
    pub group: SkillGroup,
}

/// A catalogue row: `code,name_id,name_en,group`; also the body adding a panti's skill.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRow {
    pub code: String,
    pub name_id: String,
    #[serde(default)]
    pub name_en: Option<String>,
    pub group: String,
}

impl Skill {
    pub fn parse(row: &SkillRow) -> Result<Skill, TrainingError> {
        Ok(Skill {
            code: SkillCode::parse(&row.code)?,
            name_id: parse_text(&row.name_id, "nama keterampilan")?,
            name_en: row
                .name_en
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .map(|n| parse_text(n, "name_en"))
                .transpose()?,
            group: SkillGroup::parse(&row.group)?,
        })
    }
}

/// Parses a catalogue CSV; every bad row is named with its line.
pub fn parse_catalogue(text: &str) -> Result<Vec<Skill>, Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut skills: Vec<Skill> = Vec::new();
    let mut errors = Vec::new();
    for record in reader.deserialize::<SkillRow>() {
        let line = skills.len() + errors.len() + 2;
        match record.map_err(|e| e.to_string()).and_then(|row| Skill::parse(&row).map_err(|e| e.to_string())) {
            Ok(skill) if skills.iter().any(|s| s.code == skill.code) => {
                errors.push(format!("baris {line}: {}", TrainingError::DuplicateSkill(skill.code.0)))
            }
            Ok(skill) => skills.push(skill),
            Err(message) => errors.push(format!("baris {line}: {message}")),
        }
    }
    if errors.is_empty() {
        Ok(skills)
    } else {
        Err(errors)
    }
}

/// The shipped catalogue (`data/skills.csv`).
pub fn catalogue() -> Vec<Skill> {
    parse_catalogue(crate::data::SKILLS).expect("the shipped skills catalogue is tested to parse")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_holds_the_seed_list() {
        let skills = catalogue();
        assert_eq!(skills.len(), 15);
        let count = |group| skills.iter().filter(|s| s.group == group).count();
        assert_eq!((count(SkillGroup::DailyLiving), count(SkillGroup::Work), count(SkillGroup::Business)), (1, 11, 3));
        assert!(skills
            .iter()
            .any(|s| s.code.as_str() == "tahu-tempe" && s.name_en.as_deref() == Some("Tofu and tempeh making")));
    }

    #[test]
    fn a_bad_catalogue_names_each_line() {
        let text =
            "code,name_id,name_en,group\nlas,Las,Welding,work\nLAS,Las,,work\nlas,Las lagi,,work\nx-y,Nama,,hobby\n";
        let errors = parse_catalogue(text).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("baris 3: kode keterampilan"), "{errors:?}");
        assert!(errors[1].starts_with("baris 4: kode keterampilan las sudah ada"), "{errors:?}");
        assert!(errors[2].starts_with("baris 5: kelompok"), "{errors:?}");
    }
}
