//! Training records read for an actor, and the start-up package paid through the books.
//! What changes them are commands (`usecase::training`); access to every read is decided
//! here, by the rule of what it shows.

use super::{sha256, Idempotency, Ledger, Posted, ServiceError};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::training::aftercare::{Package, PackagePayment, Placement};
use crate::domain::training::client::{Client, ClientNumber};
use crate::domain::training::cohort::{Cohort, Enrolment};
use crate::domain::training::staff::professional_social_workers;
use crate::domain::training::statistics::{statistics, CohortRecords, TrainingRecords, TrainingStatistics};
use crate::domain::training::{ClientId, CohortId, TrainingError};
use crate::usecase::fields::{self, Typed};
use crate::usecase::training::pay_package::{self, PayPackage};
use crate::usecase::training::{client_of, cohort_of, ensure_panti, not_found, skills_in, Scope};
use crate::usecase::{Access, Actor, Command, Rule};
use chrono::Datelike;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// A package as the treasurer sees it: no personal data beyond the client number.
#[derive(Debug, Clone, Serialize)]
pub struct PackageListing {
    pub client_id: ClientId,
    pub client_number: ClientNumber,
    pub package: Package,
}

/// A client's record as the head reads it: the client, the cohorts joined, the placement.
pub struct ClientRecord {
    pub panti: Entity,
    pub client: Client,
    pub cohorts: Vec<(Cohort, Enrolment)>,
    pub placement: Option<Placement>,
}

/// What a read of training records shows. Client records and the staff register go by
/// the rule of client records; what holds no names (skills, cohorts as planned, the
/// packages to pay, the indicator, statistics) by the books' rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingRead {
    Skills,
    Clients,
    Cohorts,
    Packages,
    Staff,
    /// Professional social workers in `?year=` (this year when none is asked for).
    StaffIndicator,
    /// Outcomes per cohort, skill, sex and year: JSON, or CSV with `?format=csv`.
    Statistics,
    Client,
    /// A cohort as planned with how many seats are taken: no names.
    Cohort,
    Enrolments,
    Sessions,
    Placement,
    FollowUps,
    Package,
}

impl TrainingRead {
    /// What the path's `{id}` names: the panti, or a record of it.
    pub fn scope(self) -> Option<Scope> {
        use TrainingRead::*;
        match self {
            Skills | Clients | Cohorts | Packages | Staff | StaffIndicator | Statistics => None,
            Client | Placement | FollowUps | Package => Some(Scope::Client),
            Cohort | Enrolments | Sessions => Some(Scope::Cohort),
        }
    }

    fn rule(self) -> Rule {
        use TrainingRead::*;
        match self {
            Skills | Cohorts | Cohort | Packages | StaffIndicator | Statistics => Rule::Books,
            Clients | Client | Enrolments | Sessions | Placement | FollowUps | Package | Staff => Rule::ClientRecords,
        }
    }
}

/// A read's answer: JSON, or a CSV table.
pub enum TrainingAnswer {
    Json(Value),
    Csv(String),
}

/// `?year=`, if asked for.
fn year_asked(query: &HashMap<String, String>) -> Result<Option<i32>, Problems> {
    let mut check = FieldCheck::default();
    let year =
        query.get("year").and_then(|text| check.take("year", fields::count(&Typed::from(text.as_str()), 1900, 2200)));
    check.finish()?;
    Ok(year.map(|year| year as i32))
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    Csv,
}

impl Ledger {
    /// The entity, if `actor` may touch what `rule` guards there with `access`.
    pub fn entity_under(
        &self,
        actor: &Actor,
        id: EntityId,
        rule: Rule,
        access: Access,
    ) -> Result<Entity, ServiceError> {
        match rule {
            Rule::Report => self.report_panti(actor, id, access),
            _ => self.entity_where(actor, id, |actor, entity| actor.may_under(rule, access, entity)),
        }
    }

    /// The panti of the record `scope` names, if `actor` may touch it so; a record that
    /// does not exist is named only to an admin, like an entity.
    pub fn scoped_entity(
        &self,
        actor: &Actor,
        scope: Scope,
        id: u64,
        rule: Rule,
        access: Access,
    ) -> Result<Entity, ServiceError> {
        let panti = scope.panti_of(&self.store, id)?;
        let panti = panti.ok_or_else(|| super::commands::unknown(actor, format!("{} {id}", scope.kind().noun())))?;
        self.entity_under(actor, panti, rule, access)
    }

    /// A read of training records at the panti or record `id`, for `actor`.
    pub fn read_training(
        &self,
        actor: &Actor,
        read: TrainingRead,
        id: u64,
        query: &HashMap<String, String>,
    ) -> Result<TrainingAnswer, ServiceError> {
        use TrainingRead::*;
        let entity = match read.scope() {
            None => self.entity_under(actor, id, read.rule(), Access::Read)?,
            Some(scope) => self.scoped_entity(actor, scope, id, read.rule(), Access::Read)?,
        };
        let (store, panti) = (&self.store, entity.id);
        let placed = |id| Ok::<_, ServiceError>((client_of(store, panti, id)?, store.placement(id)?));
        let answer = match read {
            Skills => json!({ "entity_id": panti, "skills": skills_in(store, panti)? }),
            Clients => json!({ "entity_id": panti, "clients": store.clients(panti)? }),
            Cohorts => json!({ "entity_id": panti, "cohorts": store.cohorts(panti)? }),
            Packages => json!({ "entity_id": panti, "packages": self.packages(panti)? }),
            Staff => json!({ "entity_id": panti, "staff": store.staff(panti)? }),
            StaffIndicator => {
                ensure_panti(&entity)?;
                let year = year_asked(query)?.unwrap_or_else(|| chrono::Local::now().date_naive().year());
                let count = self.professional_social_workers(panti, year)?;
                json!({ "entity_id": panti, "year": year, "professional_social_workers": count })
            }
            Statistics => {
                let mut check = FieldCheck::default();
                let words = [("json", Format::Json), ("csv", Format::Csv)];
                let format = query.get("format").map_or("", String::as_str);
                let format = check.take("format", fields::choice(format, &words, Some(Format::Json), "json, csv"));
                let year = year_asked(query)?;
                check.finish()?;
                let statistics = self.training_statistics(&entity, year)?;
                match format.expect("checked") {
                    Format::Json => json!({ "entity_id": panti, "statistics": statistics }),
                    Format::Csv => return Ok(TrainingAnswer::Csv(statistics_csv(&statistics))),
                }
            }
            Client => json!(client_of(store, panti, id)?),
            Cohort => json!({ "cohort": cohort_of(store, panti, id)?, "enrolled": store.enrolments(id)?.len() }),
            Enrolments => json!({ "cohort_id": id, "enrolments": store.enrolments(id)? }),
            Sessions => json!({ "cohort_id": id, "sessions": store.cohort_sessions(id)? }),
            Placement => {
                let (client, placement) = placed(id)?;
                let missing = || ServiceError::NotFound(format!("penyaluran klien {}", client.number()));
                json!(placement.ok_or_else(missing)?)
            }
            FollowUps => {
                let follow_ups = placed(id)?.1.map(|p| p.follow_ups).unwrap_or_default();
                json!({ "client_id": id, "follow_ups": follow_ups })
            }
            Package => {
                let client = client_of(store, panti, id)?;
                let package = store.package(id)?;
                json!(package.ok_or_else(|| TrainingError::NoPackage(client.number().to_string()))?)
            }
        };
        Ok(TrainingAnswer::Json(answer))
    }

    /// A panti's clients, for the service's own reports and the operator.
    pub fn clients(&self, panti: EntityId) -> Result<Vec<Client>, ServiceError> {
        Ok(self.store.clients(panti)?)
    }

    /// A panti's clients with their placements, for `actor` under the rule of client records.
    pub fn placements_for(
        &self,
        actor: &Actor,
        panti: EntityId,
    ) -> Result<(Entity, Vec<(Client, Placement)>), ServiceError> {
        let entity = self.entity_under(actor, panti, Rule::ClientRecords, Access::Read)?;
        let mut placed = Vec::new();
        for client in self.store.clients(entity.id)? {
            if let Some(placement) = self.store.placement(client.id)? {
                placed.push((client, placement));
            }
        }
        Ok((entity, placed))
    }

    /// A panti whose client records `actor` may use with `access` (a form's page asks
    /// this before it shows or posts, without reading the records).
    pub fn panti_for(&self, actor: &Actor, panti: EntityId, access: Access) -> Result<Entity, ServiceError> {
        let entity = self.entity_under(actor, panti, Rule::ClientRecords, access)?;
        ensure_panti(&entity)?;
        Ok(entity)
    }

    /// A panti's clients, for `actor` under the rule of client records.
    pub fn clients_for(&self, actor: &Actor, panti: EntityId) -> Result<(Entity, Vec<Client>), ServiceError> {
        let entity = self.panti_for(actor, panti, Access::Read)?;
        let clients = self.store.clients(entity.id)?;
        Ok((entity, clients))
    }

    /// A panti's staff register, for `actor` under the rule of client records.
    pub fn staff_for(
        &self,
        actor: &Actor,
        panti: EntityId,
    ) -> Result<(Entity, Vec<crate::domain::training::staff::StaffMember>), ServiceError> {
        let entity = self.panti_for(actor, panti, Access::Read)?;
        let staff = self.store.staff(entity.id)?;
        Ok((entity, staff))
    }

    /// One client with the cohorts they joined and their placement, for `actor` under the
    /// rule of client records.
    pub fn client_for(&self, actor: &Actor, client: ClientId) -> Result<ClientRecord, ServiceError> {
        let panti = self.scoped_entity(actor, Scope::Client, client, Rule::ClientRecords, Access::Read)?;
        let mut cohorts = Vec::new();
        for cohort in self.store.cohorts(panti.id)? {
            if let Some(enrolment) = self.store.enrolments(cohort.id)?.into_iter().find(|e| e.client_id == client) {
                cohorts.push((cohort, enrolment));
            }
        }
        let placement = self.store.placement(client)?;
        Ok(ClientRecord { client: client_of(&self.store, panti.id, client)?, panti, cohorts, placement })
    }

    /// A cohort with its participants and sessions, for `actor` under the rule of client
    /// records with `access`.
    pub fn cohort_for(
        &self,
        actor: &Actor,
        cohort: CohortId,
        access: Access,
    ) -> Result<(Entity, CohortRecords), ServiceError> {
        let panti = self.scoped_entity(actor, Scope::Cohort, cohort, Rule::ClientRecords, access)?;
        let records = CohortRecords {
            cohort: cohort_of(&self.store, panti.id, cohort)?,
            enrolments: self.store.enrolments(cohort)?,
            sessions: self.store.cohort_sessions(cohort)?,
        };
        Ok((panti, records))
    }

    /// The number of professional social workers of a panti in a year (seed 004).
    pub(crate) fn professional_social_workers(&self, panti: EntityId, year: i32) -> Result<usize, ServiceError> {
        Ok(professional_social_workers(&self.store.staff(panti)?, year))
    }

    /// The shipped catalogue, then a panti's own skills.
    pub(crate) fn skills(&self, panti: EntityId) -> Result<Vec<crate::domain::training::skill::Skill>, ServiceError> {
        Ok(skills_in(&self.store, panti)?)
    }

    pub(crate) fn cohorts(&self, panti: EntityId) -> Result<Vec<Cohort>, ServiceError> {
        Ok(self.store.cohorts(panti)?)
    }

    pub(crate) fn enrolments(&self, cohort: CohortId) -> Result<Vec<Enrolment>, ServiceError> {
        Ok(self.store.enrolments(cohort)?)
    }

    pub(crate) fn placement(&self, client: ClientId) -> Result<Option<Placement>, ServiceError> {
        Ok(self.store.placement(client)?)
    }

    /// Every package of a panti, paid or not, in client-number order.
    fn packages(&self, panti: EntityId) -> Result<Vec<PackageListing>, ServiceError> {
        let mut listings = Vec::new();
        for client in self.store.clients(panti)? {
            if let Some(package) = self.store.package(client.id)? {
                listings.push(PackageListing { client_id: client.id, client_number: client.details.number, package });
            }
        }
        Ok(listings)
    }

    /// Training outcomes of a panti, for the cohorts starting in `year` or for all.
    fn training_statistics(&self, panti: &Entity, year: Option<i32>) -> Result<TrainingStatistics, ServiceError> {
        ensure_panti(panti)?;
        let mut records = TrainingRecords::default();
        for client in self.store.clients(panti.id)? {
            if let Some(placement) = self.store.placement(client.id)? {
                records.placements.insert(client.id, placement);
            }
            records.sexes.insert(client.id, client.details.sex);
        }
        for cohort in self.store.cohorts(panti.id)? {
            let (enrolments, sessions) = (self.store.enrolments(cohort.id)?, self.store.cohort_sessions(cohort.id)?);
            records.cohorts.push(CohortRecords { cohort, enrolments, sessions });
        }
        Ok(statistics(&records, year))
    }

    /// Pays the package of the client the path names from the panti's cash, for `actor`
    /// under the books' rule, and links the entry to the package.
    pub async fn pay_package(
        &self,
        actor: &Actor,
        client: ClientId,
        input: pay_package::Input,
    ) -> Result<(Package, Posted), ServiceError> {
        let panti = self.scoped_entity(actor, Scope::Client, client, Rule::Books, PayPackage::ACCESS)?.id;
        let command = PayPackage::parse(input)?;
        command.unpaid(&self.store, panti)?;
        let client = command.client;
        // The key names the package: a retry, or a second request racing this one, gets
        // the first entry back instead of paying twice, even after a crash between
        // posting and recording the payment below.
        let key = format!("paket-bantuan-uep\0{client}").into_bytes();
        let idempotency = Idempotency { body_hash: sha256(&key), key };
        let posted = self.post_command(panti, command, actor.username(), Some(idempotency)).await?;
        let entry = posted.entries.first().expect("a package payment posts one entry");
        let payment =
            PackagePayment { seq: entry.seq, date: entry.entry.date(), recorded_by: entry.recorded_by.clone() };
        let paid = self
            .writer
            .apply(move |store, writes| {
                let client = store
                    .client(client)?
                    .ok_or_else(|| not_found(crate::domain::training::RecordKind::Client, client))?;
                let package = store.package(client.id)?.expect("a package is never removed");
                package.ensure_unpaid(&client)?;
                let paid = Package { payment: Some(payment), ..package };
                writes.package(&paid);
                Ok(paid)
            })
            .await?;
        Ok((paid, posted))
    }
}

fn statistics_csv(statistics: &TrainingStatistics) -> String {
    super::csv_out::serialized_csv(&statistics.rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_csv_has_a_header_and_empty_cells_for_missing_rates() {
        let text = statistics_csv(&statistics(&TrainingRecords::default(), Some(2026)));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("dimension,key,enrolled,attendance_rate,completed,completion_rate,passed,placed_within_3_months,placed_within_6_months,running_business")
        );
        assert_eq!(lines.next(), Some("total,semua,0,,0,,0,0,0,0"));
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn a_year_is_1900_to_2200() {
        let asked = |text: &str| year_asked(&HashMap::from([("year".to_string(), text.to_string())]));
        assert_eq!(asked("2026").unwrap(), Some(2026));
        assert!(asked("dua").is_err() && asked("1899").is_err());
        assert_eq!(year_asked(&HashMap::new()).unwrap(), None);
    }
}
