//! Place a client who passed a cohort (penyaluran): into work, a business of their own, a
//! KUBE of the panti (as one of its members), back to the family, or referred on.

use crate::domain::entity::{Entity, EntityKind};
use crate::domain::entry::MemberId;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::aftercare::{self, Placement, PlacementKind, PlacementRequest};
use crate::domain::training::client::ClientStatus;
use crate::domain::training::{parse_note, parse_text, ClientId, TrainingError};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"kind","date","destination"?,"member_id"?,"note"?}`; the door takes
/// `client` from the path (`/clients/{id}/placement`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub client: Typed,
    pub kind: String,
    pub date: String,
    #[serde(default)]
    pub destination: Option<String>,
    #[serde(default)]
    pub member_id: Option<MemberId>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PlaceClient {
    client: ClientId,
    date: NaiveDate,
    input: Input,
}

/// A member of a KUBE of `panti`; a member of any other entity is answered as one that
/// does not exist.
fn ensure_kube_member(store: &Store, member: MemberId, panti: u64) -> Result<(), ServiceError> {
    let entity = store.member(member)?.map(|m| store.entity(m.entity_id)).transpose()?.flatten();
    match entity {
        Some(entity) if entity.kind == EntityKind::Kube && entity.parent_id == Some(panti) => Ok(()),
        _ => Err(TrainingError::UnknownKubeMember(member).into()),
    }
}

impl RegisterCommand for PlaceClient {
    type Input = Input;
    type Outcome = Placement;
    const NAME: &'static str = "place_client";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<PlaceClient, Problems> {
        let mut check = FieldCheck::default();
        let client = super::on_date(&mut check, "client", &input.client, &input.date);
        check.finish()?;
        let (client, date) = client.expect("checked");
        Ok(PlaceClient { client, date, input })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Placement, ServiceError> {
        let input = self.input;
        let request = PlacementRequest {
            kind: PlacementKind::parse(&input.kind)?,
            date: self.date,
            destination: input.destination.as_deref().map(|d| parse_text(d, "tujuan penyaluran")).transpose()?,
            member_id: input.member_id,
            note: parse_note(input.note.as_deref(), "catatan")?,
        };
        if let Some(member) = request.member_id {
            ensure_kube_member(store, member, entity.id)?;
        }
        let client = super::client_of(store, entity.id, self.client)?;
        let existing = store.placement(client.id)?;
        let enrolments = super::enrolments_of(store, &client)?;
        let placement = aftercare::place(&client, &enrolments, existing.as_ref(), request)?;
        writes.placement(&placement);
        writes.client(&crate::domain::training::client::Client { status: ClientStatus::Disalurkan, ..client });
        Ok(placement)
    }
}
