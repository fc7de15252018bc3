//! Record a follow-up visit of a placed client (bimbingan lanjut): how their business
//! runs, what they earn, what they need.

use crate::domain::entity::Entity;
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::aftercare::{self, Business, FollowUp, Placement};
use crate::domain::training::{parse_note, ClientId};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As typed: `{"date","business"?,"income_estimate","needs"?,"notes"?}`; `business` is
/// `berjalan` or `berhenti`, left out when the client runs none. The door takes `client`
/// from the path (`/clients/{id}/follow-ups`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub client: Typed,
    pub date: String,
    #[serde(default)]
    pub business: Option<String>,
    pub income_estimate: Typed,
    #[serde(default)]
    pub needs: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RecordFollowUp {
    client: ClientId,
    date: NaiveDate,
    income_estimate: Money,
    input: Input,
}

impl RegisterCommand for RecordFollowUp {
    type Input = Input;
    type Outcome = Placement;
    const NAME: &'static str = "record_follow_up";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<RecordFollowUp, Problems> {
        let mut check = FieldCheck::default();
        let client = super::on_date(&mut check, "client", &input.client, &input.date);
        let income_estimate = check.take("income_estimate", fields::amount_not_negative(&input.income_estimate));
        check.finish()?;
        let ((client, date), income_estimate) = (client.expect("checked"), income_estimate.expect("checked"));
        Ok(RecordFollowUp { client, date, income_estimate, input })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Placement, ServiceError> {
        let input = self.input;
        let visit = FollowUp::new(
            self.date,
            input.business.as_deref().map(Business::parse).transpose()?,
            self.income_estimate,
            parse_note(input.needs.as_deref(), "kebutuhan")?,
            parse_note(input.notes.as_deref(), "catatan")?,
        )?;
        let client = super::client_of(store, entity.id, self.client)?;
        let placement = aftercare::follow_up(&client, store.placement(client.id)?.as_ref(), visit)?;
        writes.placement(&placement);
        Ok(placement)
    }
}
