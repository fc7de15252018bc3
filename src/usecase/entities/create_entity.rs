//! Create an entity (buat entitas): a panti, or a KUBE or koperasi, under a panti or on
//! its own, with the shipped chart of accounts of its kind and, when given, its address.

use crate::domain::entity::{Entity, EntityError, EntityKind};
use crate::domain::problem::{FieldCheck, Problems};
use crate::service::{Ledger, ServiceError};
use crate::usecase::fields::{self, Typed};
use crate::usecase::AdminCommand;
use serde::{Deserialize, Serialize};

/// As typed: `{"kind","name","parent_id"?,"address"?}`; `kind` is `panti`, `kube` or
/// `koperasi`; a KUBE or koperasi hangs under a panti, a panti under nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub kind: String,
    pub name: String,
    pub parent_id: Option<Typed>,
    pub address: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CreateEntity {
    pub kind: EntityKind,
    pub name: String,
    pub parent_id: Option<u64>,
    pub address: Option<String>,
}

/// The kinds of entity, as a form or a file names them.
pub const KINDS: &[(&str, EntityKind)] =
    &[("panti", EntityKind::Panti), ("kube", EntityKind::Kube), ("koperasi", EntityKind::Koperasi)];

impl AdminCommand for CreateEntity {
    type Input = Input;
    type Outcome = Entity;
    const NAME: &'static str = "create_entity";

    fn parse(input: Input) -> Result<CreateEntity, Problems> {
        let mut check = FieldCheck::default();
        let kind = check.take("kind", fields::choice(&input.kind, KINDS, None, "panti, kube, koperasi"));
        let name = check.take("name", fields::name(&input.name));
        let parent = input.parent_id.as_ref().map_or("", |p| p.as_str());
        let parent_id = check.take("parent_id", fields::optional(parent, fields::id));
        let address = check.take("address", fields::optional_name(input.address.as_deref()));
        check.finish()?;
        Ok(CreateEntity {
            kind: kind.expect("checked"),
            name: name.expect("checked"),
            parent_id: parent_id.expect("checked"),
            address: address.expect("checked"),
        })
    }

    async fn run(self, ledger: &Ledger, by: &str) -> Result<Entity, ServiceError> {
        ledger.insert_entity(self.kind, self.name, self.parent_id, self.address, by).await
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Entity(EntityError::PantiWithParent | EntityError::ParentNotPanti(_)) => Some("parent_id"),
            ServiceError::NotFound(_) => Some("parent_id"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named() {
        let bad = Input {
            kind: "warung".into(),
            name: "".into(),
            parent_id: Some(Typed::from("satu")),
            address: Some("\u{7}".into()),
        };
        let fields: Vec<_> = CreateEntity::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["kind", "name", "parent_id", "address"]);
        let kube = Input { kind: "kube".into(), name: "KUBE Tahu".into(), ..Input::default() };
        assert_eq!(CreateEntity::parse(kube).unwrap().parent_id, None);
    }
}
