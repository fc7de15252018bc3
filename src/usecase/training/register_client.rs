//! Register a client (daftar klien) of the panti: by the JSON body, or rows of a CSV file
//! all or nothing (`door::csv_register`, the upload page, `kube-ledger import --kind clients`).

use crate::domain::entity::{Entity, EntityId};
use crate::domain::problem::Problems;
use crate::domain::training::client::{parse_cohort_number, Client, ClientDetails, ClientNumber, ClientStatus, Sex};
use crate::domain::training::{not_before, parse_text, ClientId, RecordKind, TrainingError};
use crate::service::import::{parse_birth_date, parse_date};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::Typed;
use crate::usecase::{Access, RegisterCommand, RegisterRows, Rule};
use serde::{Deserialize, Serialize};

/// The fields of a new client: the JSON body, and the columns of a CSV file in any order
/// (only `status`, `aktif` when left out, may be missing). `cohort_number` may come as a
/// JSON number. A field left out is empty, and refused as such with the others.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub number: String,
    pub cohort_number: Typed,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub religion: String,
    pub origin: String,
    pub admitted_on: String,
    pub case_type: String,
    pub status: Option<String>,
}

/// A new client as typed, not yet checked: the client register's rules name every bad
/// field at once, with the programme's code `invalid_client`.
#[derive(Debug, Clone)]
pub struct RegisterClient(Input);

/// A client checked field by field, not yet numbered.
struct NewClient {
    details: ClientDetails,
    status: ClientStatus,
}

/// Keeps a parsed value, or notes why it did not parse.
fn noted<T, E: ToString>(problems: &mut Vec<String>, parsed: Result<T, E>) -> Option<T> {
    parsed.map_err(|e| problems.push(e.to_string())).ok()
}

impl RegisterClient {
    /// Every field checked, every bad one named.
    fn checked(&self) -> Result<NewClient, TrainingError> {
        let fields = &self.0;
        let mut problems = Vec::new();
        let p = &mut problems;
        let number = noted(p, ClientNumber::parse(&fields.number));
        let cohort_number = noted(p, parse_cohort_number(fields.cohort_number.as_str()));
        let name = noted(p, parse_text(&fields.name, "nama klien"));
        let sex = noted(p, Sex::parse(&fields.sex));
        let birth_date = noted(p, parse_birth_date(fields.birth_date.trim()));
        let religion = noted(p, parse_text(&fields.religion, "agama"));
        let origin = noted(p, parse_text(&fields.origin, "asal"));
        let admitted_on = noted(p, parse_date(fields.admitted_on.trim()));
        let case_type = noted(p, parse_text(&fields.case_type, "jenis kasus"));
        let status = fields.status.as_deref().filter(|s| !s.trim().is_empty());
        let status = noted(p, status.map_or(Ok(ClientStatus::Aktif), ClientStatus::parse));
        if let (Some(birth), Some(admitted)) = (birth_date, admitted_on) {
            noted(p, not_before(admitted, birth, "tanggal lahir"));
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
            _ => Err(TrainingError::InvalidClient(problems.join("; "))),
        }
    }
}

/// Numbers and writes the clients of one request or file, refusing every number taken in
/// the panti or twice in the batch, by its line.
fn register(
    news: Vec<(u64, NewClient)>,
    panti: EntityId,
    store: &Store,
    writes: &mut WriteSet,
) -> Result<Vec<Client>, ServiceError> {
    let mut seen = std::collections::HashSet::new();
    let mut taken = Vec::new();
    for (line, new) in &news {
        let number = new.details.number.as_str();
        if !seen.insert(number.to_lowercase()) || store.client_number_taken(panti, number)? {
            taken.push((*line, TrainingError::DuplicateClientNumber(number.to_string()).into()));
        }
    }
    if !taken.is_empty() {
        return Err(ServiceError::BadRows(taken));
    }
    let first_id: ClientId = store.next_id(RecordKind::Client)?;
    let clients: Vec<Client> = news
        .into_iter()
        .zip(first_id..)
        .map(|((_, new), id)| Client { id, panti_id: panti, details: new.details, status: new.status })
        .collect();
    clients.iter().for_each(|client| writes.client(client));
    writes.next_id(RecordKind::Client, first_id + clients.len() as u64);
    Ok(clients)
}

impl RegisterCommand for RegisterClient {
    type Input = Input;
    type Outcome = Client;
    const NAME: &'static str = "register_client";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::ClientRecords;

    fn parse(input: Input) -> Result<RegisterClient, Problems> {
        Ok(RegisterClient(input))
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<Client, ServiceError> {
        let new = self.checked()?;
        super::ensure_panti(entity)?;
        match register(vec![(0, new)], entity.id, store, writes) {
            Ok(mut clients) => Ok(clients.remove(0)),
            Err(ServiceError::BadRows(mut refused)) => Err(refused.remove(0).1),
            Err(other) => Err(other),
        }
    }
}

impl RegisterRows for RegisterClient {
    const COLUMNS: (&'static [&'static str], &'static [&'static str]) = (
        &["number", "cohort_number", "name", "sex", "birth_date", "religion", "origin", "admitted_on", "case_type"],
        &["status"],
    );

    /// Every row's fields first; numbers taken only once every row reads well.
    fn change_rows(
        rows: Vec<(u64, RegisterClient)>,
        entity: &Entity,
        store: &Store,
        writes: &mut WriteSet,
    ) -> Result<usize, ServiceError> {
        super::ensure_panti(entity)?;
        let (mut news, mut bad) = (Vec::new(), Vec::new());
        for (line, row) in rows {
            match row.checked() {
                Ok(new) => news.push((line, new)),
                Err(error) => bad.push((line, error.into())),
            }
        }
        if !bad.is_empty() {
            return Err(ServiceError::BadRows(bad));
        }
        Ok(register(news, entity.id, store, writes)?.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once_as_invalid_client() {
        let input = serde_json::json!({"number": "PSBK 2", "cohort_number": 0, "name": "", "sex": "x",
            "birth_date": "2026-02-30", "religion": "Islam", "origin": "Klaten", "admitted_on": "2026-01-02",
            "case_type": " ", "status": "hilang"});
        let command = RegisterClient::parse(serde_json::from_value(input).unwrap()).unwrap();
        let Err(TrainingError::InvalidClient(text)) = command.checked() else { panic!("refused") };
        for part in ["nomor induk klien", "nomor urut angkatan", "nama klien", "jenis kelamin", "jenis kasus", "status"]
        {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }
}
