//! Training use cases: skills, the client register and its CSV import, cohorts with
//! enrolment, sessions, assessment and completion, placement, follow-up, assistance
//! packages (paid through the books), the staff register and statistics.

use super::import::{parse_date, ImportError, IMPORT_ROWS_MAX};
use super::writer::{Prepare, Prepared};
use super::{sha256, Idempotency, Ledger, Posted, ServiceError};
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::entry::{MemberId, Memo};
use crate::domain::training::aftercare::{
    self, package_entry, FollowUp, Package, PackageItem, PackagePayment, Placement, PlacementRequest,
};
use crate::domain::training::client::{parse_cohort_number, Client, ClientDetails, ClientNumber, ClientStatus, Sex};
use crate::domain::training::cohort::{
    self, plan_cohort, Assessment, Cohort, CohortPlan, Completion, Enrolment, Outcome, Session,
};
use crate::domain::training::skill::{catalogue, Skill};
use crate::domain::training::staff::{professional_social_workers, StaffDetails, StaffMember};
use crate::domain::training::statistics::{statistics, CohortRecords, TrainingRecords, TrainingStatistics};
use crate::domain::training::{parse_text, ClientId, CohortId, RecordKind, StaffId, TrainingError};
use crate::store::{Store, StoreError, WriteSet};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a training use case failed: a rule of the programme, or anything else the service says.
#[derive(Debug, thiserror::Error)]
pub enum TrainingFailure {
    #[error("{0}")]
    Rule(#[from] TrainingError),
    #[error("{0}")]
    Service(#[from] ServiceError),
}

impl From<StoreError> for TrainingFailure {
    fn from(error: StoreError) -> TrainingFailure {
        TrainingFailure::Service(error.into())
    }
}

fn not_found(kind: RecordKind, id: u64) -> TrainingFailure {
    ServiceError::NotFound(format!("{} {id}", kind.noun())).into()
}

fn client_in(store: &Store, id: ClientId) -> Result<Client, TrainingFailure> {
    store.client(id)?.ok_or_else(|| not_found(RecordKind::Client, id))
}

/// A client of `panti`: one of another panti is answered as one that does not exist.
fn client_of(store: &Store, panti: EntityId, id: ClientId) -> Result<Client, TrainingFailure> {
    store.client(id)?.filter(|client| client.panti_id == panti).ok_or_else(|| not_found(RecordKind::Client, id))
}

fn cohort_in(store: &Store, id: CohortId) -> Result<Cohort, TrainingFailure> {
    store.cohort(id)?.ok_or_else(|| not_found(RecordKind::Cohort, id))
}

/// The shipped catalogue, then the panti's own skills.
fn skills_in(store: &Store, panti: EntityId) -> Result<Vec<Skill>, StoreError> {
    let mut skills = catalogue();
    skills.extend(store.panti_skills(panti)?);
    Ok(skills)
}

/// Every enrolment of a client, across the cohorts of their panti.
fn enrolments_of(store: &Store, client: &Client) -> Result<Vec<Enrolment>, StoreError> {
    store.cohorts(client.panti_id)?.iter().filter_map(|c| store.enrolment(c.id, client.id).transpose()).collect()
}

/// A new client, as typed in a form or a CSV row.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub details: ClientDetails,
    pub status: ClientStatus,
}

/// A cell JSON may send as a number and CSV always sends as text, kept as text so that
/// its parser judges it (and names it) whatever form it came in.
fn text_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct AnyScalar;
    impl serde::de::Visitor<'_> for AnyScalar {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("angka atau teks")
        }
        fn visit_u64<E>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }
        fn visit_i64<E>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }
        fn visit_f64<E>(self, value: f64) -> Result<String, E> {
            Ok(value.to_string())
        }
        fn visit_str<E>(self, value: &str) -> Result<String, E> {
            Ok(value.to_string())
        }
    }
    deserializer.deserialize_any(AnyScalar)
}

/// The fields of a new client as sent: the JSON body, and the columns of the CSV import.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientFields {
    pub number: String,
    #[serde(deserialize_with = "text_or_number")]
    pub cohort_number: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub religion: String,
    pub origin: String,
    pub admitted_on: String,
    pub case_type: String,
    /// `aktif` when left out.
    #[serde(default)]
    pub status: Option<String>,
}

/// The columns of a client CSV, in any order; only the last, `status`, may be left out.
pub const CLIENT_COLUMNS: [&str; 10] = [
    "number",
    "cohort_number",
    "name",
    "sex",
    "birth_date",
    "religion",
    "origin",
    "admitted_on",
    "case_type",
    "status",
];

/// Keeps a parsed value, or notes why it did not parse.
fn noted<T, E: ToString>(problems: &mut Vec<String>, parsed: Result<T, E>) -> Option<T> {
    parsed.map_err(|e| problems.push(e.to_string())).ok()
}

impl NewClient {
    /// Parses every field, reporting every bad one.
    pub fn parse(fields: &ClientFields) -> Result<NewClient, Vec<String>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let number = noted(p, ClientNumber::parse(&fields.number));
        let cohort_number = noted(p, parse_cohort_number(&fields.cohort_number));
        let name = noted(p, parse_text(&fields.name, "nama klien"));
        let sex = noted(p, Sex::parse(&fields.sex));
        let birth_date = noted(p, super::import::parse_birth_date(fields.birth_date.trim()));
        let religion = noted(p, parse_text(&fields.religion, "agama"));
        let origin = noted(p, parse_text(&fields.origin, "asal"));
        let admitted_on = noted(p, parse_date(fields.admitted_on.trim()));
        let case_type = noted(p, parse_text(&fields.case_type, "jenis kasus"));
        let status = noted(
            p,
            fields
                .status
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map_or(Ok(ClientStatus::Aktif), ClientStatus::parse),
        );
        if let (Some(birth), Some(admitted)) = (birth_date, admitted_on) {
            noted(p, crate::domain::training::not_before(admitted, birth, "tanggal lahir"));
        }
        let details = (|| {
            Some(ClientDetails {
                number: number?,
                cohort_number: cohort_number?,
                name: name?,
                sex: sex?,
                birth_date: birth_date?,
                religion: religion?,
                origin: origin?,
                admitted_on: admitted_on?,
                case_type: case_type?,
            })
        })();
        match details.zip(status) {
            Some((details, status)) if problems.is_empty() => Ok(NewClient { details, status }),
            _ => Err(problems),
        }
    }

    fn into_client(self, id: ClientId, panti_id: EntityId) -> Client {
        Client { id, panti_id, details: self.details, status: self.status }
    }
}

/// A package as the treasurer sees it: no personal data beyond the client number.
#[derive(Debug, Clone, Serialize)]
pub struct PackageListing {
    pub client_id: ClientId,
    pub client_number: ClientNumber,
    pub package: Package,
}

/// Duplicate client numbers of a batch, against the panti and within the batch, by line.
fn duplicate_numbers(
    store: &Store,
    panti: EntityId,
    news: &[(u64, NewClient)],
) -> Result<Vec<(u64, TrainingError)>, StoreError> {
    let mut seen = std::collections::HashSet::new();
    let mut duplicates = Vec::new();
    for (line, new) in news {
        let number = new.details.number.as_str();
        if !seen.insert(number.to_lowercase()) || store.client_number_taken(panti, number)? {
            duplicates.push((*line, TrainingError::DuplicateClientNumber(number.to_string())));
        }
    }
    Ok(duplicates)
}

impl Ledger {
    /// Runs a check-then-write of training records in the writer; a refusal writes nothing.
    async fn apply_training<T: Send + 'static>(
        &self,
        check_and_write: impl FnOnce(&Store, &mut WriteSet) -> Result<T, TrainingFailure> + Send + 'static,
    ) -> Result<T, TrainingFailure> {
        self.writer
            .apply(move |store, writes| {
                let mut mine = WriteSet::default();
                let outcome = check_and_write(store, &mut mine);
                if outcome.is_ok() {
                    writes.append(mine);
                }
                Ok(outcome)
            })
            .await?
    }

    /// The entity, if it is a panti: training is recorded only there.
    pub fn panti(&self, id: EntityId) -> Result<Entity, TrainingFailure> {
        let entity = self.entity(id)?;
        if entity.kind != EntityKind::Panti {
            return Err(TrainingError::NotPanti(entity.kind.as_str()).into());
        }
        Ok(entity)
    }

    /// The shipped catalogue, followed by a panti's own skills when a panti is named.
    pub fn skills(&self, panti: Option<EntityId>) -> Result<Vec<Skill>, TrainingFailure> {
        match panti {
            Some(panti) => Ok(skills_in(&self.store, panti)?),
            None => Ok(catalogue()),
        }
    }

    pub async fn add_skill(&self, panti: EntityId, skill: Skill) -> Result<Skill, TrainingFailure> {
        self.panti(panti)?;
        self.apply_training(move |store, writes| {
            if skills_in(store, panti)?.iter().any(|s| s.code == skill.code) {
                return Err(TrainingError::DuplicateSkill(skill.code.as_str().to_string()).into());
            }
            writes.panti_skill(panti, &skill);
            Ok(skill)
        })
        .await
    }

    pub async fn add_client(&self, panti: EntityId, new: NewClient) -> Result<Client, TrainingFailure> {
        match self.add_clients(panti, vec![(0, new)]).await? {
            Ok(mut clients) => Ok(clients.remove(0)),
            Err(mut refused) => Err(refused.remove(0).1.into()),
        }
    }

    /// Registers clients all or nothing; the inner refusal names every duplicate number
    /// with the line it came from.
    pub async fn add_clients(
        &self,
        panti: EntityId,
        news: Vec<(u64, NewClient)>,
    ) -> Result<Result<Vec<Client>, Vec<(u64, TrainingError)>>, TrainingFailure> {
        self.panti(panti)?;
        self.apply_training(move |store, writes| {
            let duplicates = duplicate_numbers(store, panti, &news)?;
            if !duplicates.is_empty() {
                return Ok(Err(duplicates));
            }
            let first_id = store.next_id(RecordKind::Client)?;
            let clients: Vec<Client> =
                news.into_iter().zip(first_id..).map(|((_, new), id)| new.into_client(id, panti)).collect();
            clients.iter().for_each(|client| writes.client(client));
            writes.next_id(RecordKind::Client, first_id + clients.len() as u64);
            Ok(Ok(clients))
        })
        .await
    }

    pub fn client(&self, id: ClientId) -> Result<Client, TrainingFailure> {
        client_in(&self.store, id)
    }

    /// The client with `id`, if any: the doors decide who may learn that it exists.
    pub fn find_client(&self, id: ClientId) -> Result<Option<Client>, ServiceError> {
        Ok(self.store.client(id)?)
    }

    pub fn clients(&self, panti: EntityId) -> Result<Vec<Client>, TrainingFailure> {
        Ok(self.store.clients(panti)?)
    }

    pub async fn add_cohort(&self, panti: EntityId, plan: CohortPlan) -> Result<Cohort, TrainingFailure> {
        self.panti(panti)?;
        self.apply_training(move |store, writes| {
            let id = store.next_id(RecordKind::Cohort)?;
            let cohort = plan_cohort(id, panti, plan, &skills_in(store, panti)?, &store.cohorts(panti)?)?;
            writes.cohort(&cohort);
            writes.next_id(RecordKind::Cohort, id + 1);
            Ok(cohort)
        })
        .await
    }

    pub fn cohort(&self, id: CohortId) -> Result<Cohort, TrainingFailure> {
        cohort_in(&self.store, id)
    }

    /// The cohort with `id`, if any.
    pub fn find_cohort(&self, id: CohortId) -> Result<Option<Cohort>, ServiceError> {
        Ok(self.store.cohort(id)?)
    }

    pub fn cohorts(&self, panti: EntityId) -> Result<Vec<Cohort>, TrainingFailure> {
        Ok(self.store.cohorts(panti)?)
    }

    /// A change within one cohort, checked against the cohort and its enrolments.
    async fn in_cohort<T: Send + 'static>(
        &self,
        cohort_id: CohortId,
        change: impl FnOnce(&Store, &Cohort, &[Enrolment]) -> Result<T, TrainingFailure> + Send + 'static,
        write: fn(&mut WriteSet, &T),
    ) -> Result<T, TrainingFailure> {
        self.apply_training(move |store, writes| {
            let changed = change(store, &cohort_in(store, cohort_id)?, &store.enrolments(cohort_id)?)?;
            write(writes, &changed);
            Ok(changed)
        })
        .await
    }

    pub async fn enrol(
        &self,
        cohort_id: CohortId,
        client_id: ClientId,
        date: NaiveDate,
    ) -> Result<Enrolment, TrainingFailure> {
        let enrol = move |store: &Store, cohort: &Cohort, enrolled: &[Enrolment]| {
            Ok(cohort::enrol(cohort, enrolled, &client_of(store, cohort.panti_id, client_id)?, date)?)
        };
        self.in_cohort(cohort_id, enrol, WriteSet::enrolment).await
    }

    pub fn enrolments(&self, cohort_id: CohortId) -> Result<Vec<Enrolment>, TrainingFailure> {
        Ok(self.store.enrolments(cohort_id)?)
    }

    pub async fn record_session(
        &self,
        cohort_id: CohortId,
        date: NaiveDate,
        topic: String,
        present: Vec<ClientId>,
    ) -> Result<Session, TrainingFailure> {
        let record = move |store: &Store, cohort: &Cohort, enrolled: &[Enrolment]| {
            let held = store.cohort_sessions(cohort.id)?.len() as u32;
            Ok(cohort::record_session(cohort, enrolled, held, date, topic, &present)?)
        };
        self.in_cohort(cohort_id, record, WriteSet::cohort_session).await
    }

    pub fn sessions(&self, cohort_id: CohortId) -> Result<Vec<Session>, TrainingFailure> {
        Ok(self.store.cohort_sessions(cohort_id)?)
    }

    pub async fn assess(
        &self,
        cohort_id: CohortId,
        client_id: ClientId,
        assessment: Assessment,
    ) -> Result<Enrolment, TrainingFailure> {
        self.change_enrolment(cohort_id, client_id, move |enrolment, client| enrolment.assess(client, assessment)).await
    }

    /// Records how a participant finished; one who left (keluar) leaves the programme.
    pub async fn complete(
        &self,
        cohort_id: CohortId,
        client_id: ClientId,
        completion: Completion,
    ) -> Result<Enrolment, TrainingFailure> {
        self.change_enrolment(cohort_id, client_id, move |enrolment, client| enrolment.complete(client, completion))
            .await
    }

    async fn change_enrolment(
        &self,
        cohort_id: CohortId,
        client_id: ClientId,
        change: impl FnOnce(&Enrolment, &Client) -> Result<Enrolment, TrainingError> + Send + 'static,
    ) -> Result<Enrolment, TrainingFailure> {
        self.apply_training(move |store, writes| {
            let client = client_of(store, cohort_in(store, cohort_id)?.panti_id, client_id)?;
            let enrolment = store.enrolment(cohort_id, client_id)?.ok_or(TrainingError::NotEnrolled(client_id))?;
            let changed = change(&enrolment, &client)?;
            writes.enrolment(&changed);
            if changed.completion.as_ref().is_some_and(|c| c.outcome == Outcome::Keluar) {
                writes.client(&Client { status: ClientStatus::Keluar, ..client });
            }
            Ok(changed)
        })
        .await
    }

    /// A member of a KUBE of `panti`, which a placed client joined; a member of any other
    /// entity is answered as one that does not exist.
    fn ensure_kube_member(&self, member_id: MemberId, panti: EntityId) -> Result<(), TrainingFailure> {
        let member = self.store.member(member_id)?;
        let entity = member.map(|m| self.entity(m.entity_id)).transpose()?;
        match entity {
            Some(entity) if entity.kind == EntityKind::Kube && entity.parent_id == Some(panti) => Ok(()),
            _ => Err(TrainingError::UnknownKubeMember(member_id).into()),
        }
    }

    pub async fn place(&self, client_id: ClientId, request: PlacementRequest) -> Result<Placement, TrainingFailure> {
        // Members are never removed nor clients moved, so this holds when the writer runs.
        if let Some(member_id) = request.member_id {
            self.ensure_kube_member(member_id, client_in(&self.store, client_id)?.panti_id)?;
        }
        self.apply_training(move |store, writes| {
            let client = client_in(store, client_id)?;
            let existing = store.placement(client_id)?;
            let placement = aftercare::place(&client, &enrolments_of(store, &client)?, existing.as_ref(), request)?;
            writes.placement(&placement);
            writes.client(&Client { status: ClientStatus::Disalurkan, ..client });
            Ok(placement)
        })
        .await
    }

    /// The placement with its follow-up visits; a client not placed yet has none.
    pub fn placement(&self, client_id: ClientId) -> Result<Option<Placement>, TrainingFailure> {
        Ok(self.store.placement(client_id)?)
    }

    pub async fn add_follow_up(&self, client_id: ClientId, visit: FollowUp) -> Result<Placement, TrainingFailure> {
        self.apply_training(move |store, writes| {
            let client = client_in(store, client_id)?;
            let placement = aftercare::follow_up(&client, store.placement(client_id)?.as_ref(), visit)?;
            writes.placement(&placement);
            Ok(placement)
        })
        .await
    }

    /// Records the package handed over at termination; the client is terminated.
    pub async fn record_package(
        &self,
        client_id: ClientId,
        date: NaiveDate,
        items: Vec<PackageItem>,
    ) -> Result<Package, TrainingFailure> {
        self.apply_training(move |store, writes| {
            let client = client_in(store, client_id)?;
            let (placement, existing) = (store.placement(client_id)?, store.package(client_id)?);
            let package = aftercare::package(&client, placement.as_ref(), existing.as_ref(), date, items)?;
            writes.package(&package);
            writes.client(&Client { status: ClientStatus::Terminasi, ..client });
            Ok(package)
        })
        .await
    }

    pub fn package(&self, client: &Client) -> Result<Package, TrainingFailure> {
        let package = self.store.package(client.id)?;
        package.ok_or_else(|| TrainingError::NoPackage(client.number().to_string()).into())
    }

    /// Every package of a panti, paid or not, in client-number order.
    pub fn packages(&self, panti: EntityId) -> Result<Vec<PackageListing>, TrainingFailure> {
        let mut listings = Vec::new();
        for client in self.store.clients(panti)? {
            if let Some(package) = self.store.package(client.id)? {
                listings.push(PackageListing { client_id: client.id, client_number: client.details.number, package });
            }
        }
        Ok(listings)
    }

    /// Pays a client's package from the panti's cash and links the entry to the package.
    pub async fn pay_package(
        &self,
        client_id: ClientId,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: &str,
    ) -> Result<(Package, Posted), TrainingFailure> {
        let client = self.client(client_id)?;
        let package = self.package(&client)?;
        package.ensure_unpaid(&client)?;
        let panti = client.panti_id;
        let prepare: Prepare = Box::new(move |books, _| {
            let entry = package_entry(books, &client, &package, date, memo)?;
            Ok(Prepared { entries: vec![entry], ..Prepared::default() })
        });
        // The key names the package: a retry, or a second request racing this one, gets
        // the first entry back instead of paying twice, even after a crash between
        // posting and recording the payment below.
        let key = format!("paket-bantuan-uep\0{client_id}").into_bytes();
        let idempotency = Idempotency { body_hash: sha256(&key), key };
        let posted = self.post_prepared(panti, prepare, false, recorded_by, Some(idempotency)).await?;
        let entry = posted.entries.first().expect("a package payment posts one entry");
        let payment =
            PackagePayment { seq: entry.seq, date: entry.entry.date(), recorded_by: entry.recorded_by.clone() };
        let paid = self
            .apply_training(move |store, writes| {
                let client = client_in(store, client_id)?;
                let package = store.package(client_id)?.expect("a package is never removed");
                package.ensure_unpaid(&client)?;
                let paid = Package { payment: Some(payment), ..package };
                writes.package(&paid);
                Ok(paid)
            })
            .await?;
        Ok((paid, posted))
    }

    pub async fn add_staff(&self, panti: EntityId, details: StaffDetails) -> Result<StaffMember, TrainingFailure> {
        self.panti(panti)?;
        self.apply_training(move |store, writes| {
            let id = store.next_id(RecordKind::Staff)?;
            let staff = StaffMember::new(id, panti, details)?;
            writes.staff_member(&staff);
            writes.next_id(RecordKind::Staff, id + 1);
            Ok(staff)
        })
        .await
    }

    /// Replaces what the register says of a staff member (e.g. a new certification).
    pub async fn update_staff(
        &self,
        panti: EntityId,
        id: StaffId,
        details: StaffDetails,
    ) -> Result<StaffMember, TrainingFailure> {
        self.apply_training(move |store, writes| {
            if !store.staff(panti)?.iter().any(|s| s.id == id) {
                return Err(not_found(RecordKind::Staff, id));
            }
            let staff = StaffMember::new(id, panti, details)?;
            writes.staff_member(&staff);
            Ok(staff)
        })
        .await
    }

    pub fn staff(&self, panti: EntityId) -> Result<Vec<StaffMember>, TrainingFailure> {
        Ok(self.store.staff(panti)?)
    }

    /// The number of professional social workers of a panti in a year (seed 004).
    pub fn professional_social_workers(&self, panti: EntityId, year: i32) -> Result<usize, TrainingFailure> {
        self.panti(panti)?;
        Ok(professional_social_workers(&self.store.staff(panti)?, year))
    }

    /// Training outcomes of a panti, for the cohorts starting in `year` or for all.
    pub fn training_statistics(
        &self,
        panti: EntityId,
        year: Option<i32>,
    ) -> Result<TrainingStatistics, TrainingFailure> {
        self.panti(panti)?;
        let mut records = TrainingRecords::default();
        for client in self.store.clients(panti)? {
            if let Some(placement) = self.store.placement(client.id)? {
                records.placements.insert(client.id, placement);
            }
            records.sexes.insert(client.id, client.details.sex);
        }
        for cohort in self.store.cohorts(panti)? {
            let (enrolments, sessions) = (self.store.enrolments(cohort.id)?, self.store.cohort_sessions(cohort.id)?);
            records.cohorts.push(CohortRecords { cohort, enrolments, sessions });
        }
        Ok(statistics(&records, year))
    }
}

/// One CSV row: the client it describes, or why it cannot be one; with its line.
fn client_row(
    record: csv::Result<csv::StringRecord>,
    headers: &csv::StringRecord,
) -> Result<(u64, NewClient), (u64, String)> {
    let record = record.map_err(|e| (e.position().map_or(0, |p| p.line()), e.to_string()))?;
    let line = record.position().map_or(0, |p| p.line());
    let fields: ClientFields = record.deserialize(Some(headers)).map_err(|e| (line, e.to_string()))?;
    NewClient::parse(&fields).map(|new| (line, new)).map_err(|problems| (line, problems.join("; ")))
}

/// Imports clients from CSV with the columns of [`CLIENT_COLUMNS`], all or nothing;
/// every bad row is named as `FILE:LINE: reason`.
pub async fn import_clients(
    ledger: &Ledger,
    panti: EntityId,
    file_name: &str,
    text: &str,
) -> Result<usize, ImportError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| ImportError::Rows(vec![format!("{file_name}:1: {e}")]))?.clone();
    let (required, optional) = CLIENT_COLUMNS.split_at(CLIENT_COLUMNS.len() - 1);
    let missing = required.iter().filter(|column| !headers.iter().any(|h| h == **column));
    let unknown = headers.iter().filter(|h| !required.contains(h) && !optional.contains(h));
    let wrong: Vec<String> = missing
        .map(|column| format!("{file_name}:1: kolom {column:?} tidak ada"))
        .chain(unknown.map(|column| format!("{file_name}:1: kolom {column:?} tidak dikenal")))
        .collect();
    if !wrong.is_empty() {
        return Err(ImportError::Rows(wrong));
    }
    let (mut news, mut problems) = (Vec::new(), Vec::new());
    for (index, record) in reader.records().enumerate() {
        if index >= IMPORT_ROWS_MAX {
            problems.push(format!("{file_name}: berkas melebihi {IMPORT_ROWS_MAX} baris"));
            break;
        }
        match client_row(record, &headers) {
            Ok(new) => news.push(new),
            Err((line, problem)) => problems.push(format!("{file_name}:{line}: {problem}")),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    let refused = |failure: TrainingFailure| match failure {
        TrainingFailure::Service(error) => ImportError::Service(error),
        TrainingFailure::Rule(rule) => ImportError::Service(ServiceError::NotAllowed(rule.to_string())),
    };
    let added = ledger.add_clients(panti, news).await.map_err(refused)?;
    let clients = added.map_err(|duplicates| {
        ImportError::Rows(duplicates.into_iter().map(|(line, e)| format!("{file_name}:{line}: {e}")).collect())
    })?;
    Ok(clients.len())
}
