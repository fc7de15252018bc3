//! Entities that keep books: a panti sosial and its KUBE and koperasi.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type EntityId = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// Social institution (panti sosial).
    Panti,
    /// Joint business group (Kelompok Usaha Bersama).
    Kube,
    /// Cooperative (koperasi), what a KUBE grows into.
    Koperasi,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityError {
    #[error("jenis entitas {0:?} tidak dikenal (panti, kube, koperasi)")]
    UnknownKind(String),
    #[error("nama entitas wajib diisi, paling banyak 200 karakter, tanpa karakter kontrol atau format tak terlihat")]
    InvalidName,
    #[error("panti tidak boleh punya induk")]
    PantiWithParent,
    #[error("induk sebuah {0} harus panti")]
    ParentNotPanti(&'static str),
}

impl EntityKind {
    pub fn parse(text: &str) -> Result<EntityKind, EntityError> {
        match text {
            "panti" => Ok(EntityKind::Panti),
            "kube" => Ok(EntityKind::Kube),
            "koperasi" => Ok(EntityKind::Koperasi),
            other => Err(EntityError::UnknownKind(other.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Panti => "panti",
            EntityKind::Kube => "kube",
            EntityKind::Koperasi => "koperasi",
        }
    }

    /// The shipped chart of accounts a new entity of this kind starts with.
    pub fn chart_csv(self) -> &'static str {
        match self {
            EntityKind::Panti => crate::data::COA_PANTI,
            EntityKind::Kube => crate::data::COA_KUBE,
            EntityKind::Koperasi => crate::data::COA_KOPERASI,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub kind: EntityKind,
    pub name: String,
    pub parent_id: Option<EntityId>,
    /// Entries dated on or before this are refused; closing a period moves it.
    pub locked_through: Option<NaiveDate>,
}

impl Entity {
    /// Checks a new entity against its parent's kind (`None` when it has no parent).
    pub fn new(
        id: EntityId,
        kind: EntityKind,
        name: &str,
        parent: Option<(EntityId, EntityKind)>,
    ) -> Result<Entity, EntityError> {
        let name = super::text::ShortText::parse(name).map_err(|_| EntityError::InvalidName)?.into_string();
        match (kind, parent) {
            (EntityKind::Panti, Some(_)) => return Err(EntityError::PantiWithParent),
            (_, Some((_, parent_kind))) if parent_kind != EntityKind::Panti => {
                return Err(EntityError::ParentNotPanti(kind.as_str()))
            }
            _ => {}
        }
        Ok(Entity { id, kind, name, parent_id: parent.map(|(id, _)| id), locked_through: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_hangs_under_a_panti_only() {
        assert!(Entity::new(2, EntityKind::Kube, "KUBE Tahu", Some((1, EntityKind::Panti))).is_ok());
        assert!(Entity::new(2, EntityKind::Kube, "KUBE Tahu", None).is_ok());
        assert_eq!(
            Entity::new(3, EntityKind::Kube, "KUBE X", Some((2, EntityKind::Kube))),
            Err(EntityError::ParentNotPanti("kube"))
        );
        assert_eq!(
            Entity::new(3, EntityKind::Panti, "Panti", Some((1, EntityKind::Panti))),
            Err(EntityError::PantiWithParent)
        );
        assert_eq!(Entity::new(3, EntityKind::Panti, "  ", None), Err(EntityError::InvalidName));
    }
}
