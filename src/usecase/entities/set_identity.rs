//! Set an entity's identity (identitas lembaga): a panti's region (kode wilayah), type and
//! registration number; a koperasi's badan hukum, NIK koperasi and NIB; an address for
//! any. The report's letterhead and its signed bundle carry it; the latest one holds.

use crate::domain::entity::Entity;
use crate::domain::identity::{digits, Identity, LegalIdentity, PantiType, RegionCode};
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, optional};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed; an empty field is a part not given. `{"address","region","panti_type",
/// "registration_number","legal_number","legal_date","nik_koperasi","nib"}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Input {
    pub address: String,
    pub region: String,
    pub panti_type: String,
    pub registration_number: String,
    pub legal_number: String,
    pub legal_date: String,
    pub nik_koperasi: String,
    pub nib: String,
}

#[derive(Debug, Clone)]
pub struct SetIdentity(pub Identity);

impl RegisterCommand for SetIdentity {
    type Input = Input;
    type Outcome = Identity;
    const NAME: &'static str = "set_identity";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<SetIdentity, Problems> {
        let mut check = FieldCheck::default();
        let address = check.take("address", optional(&input.address, fields::name));
        let region = check.take("region", optional(&input.region, RegionCode::parse));
        let panti_type = check.take("panti_type", optional(&input.panti_type, PantiType::parse));
        let registration = check.take("registration_number", optional(&input.registration_number, fields::name));
        let number = check.take("legal_number", optional(&input.legal_number, fields::name));
        let date = check.take("legal_date", optional(&input.legal_date, fields::date));
        let nik = check.take("nik_koperasi", optional(&input.nik_koperasi, |t| digits(t, 16)));
        let nib = check.take("nib", optional(&input.nib, |t| digits(t, 13)));
        // A badan hukum is its number and the date of its decree; the rest belongs to it.
        let legal = match (number.flatten(), date.flatten()) {
            (Some(number), Some(date)) => {
                Some(LegalIdentity { number, date, nik_koperasi: nik.flatten(), nib: nib.flatten() })
            }
            (Some(_), None) => check.take("legal_date", Err(Problem::Required)),
            (None, Some(_)) => check.take("legal_number", Err(Problem::Required)),
            (None, None) if nik.flatten().is_some() || nib.flatten().is_some() => {
                check.take("legal_number", Err(Problem::Required))
            }
            (None, None) => None,
        };
        check.finish()?;
        Ok(SetIdentity(Identity {
            address: address.flatten(),
            region: region.flatten(),
            panti_type: panti_type.flatten(),
            registration_number: registration.flatten(),
            legal,
        }))
    }

    fn change(self, entity: &Entity, _store: &Store, writes: &mut WriteSet) -> Result<Identity, ServiceError> {
        let mut check = FieldCheck::default();
        for (field, problem) in self.0.problems_for(entity.kind) {
            check.take::<()>(field, Err(problem));
        }
        check.finish()?;
        writes.identity(entity.id, &self.0);
        Ok(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_part_is_named_and_a_badan_hukum_needs_its_date() {
        let bad = Input {
            region: "33.7".into(),
            panti_type: "PSX".into(),
            legal_number: "AHU-1".into(),
            nik_koperasi: "123".into(),
            nib: "x".into(),
            ..Input::default()
        };
        let fields: Vec<_> = SetIdentity::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["region", "panti_type", "nik_koperasi", "nib", "legal_date"]);
        let good = Input {
            region: "33.74.01.1001".into(),
            panti_type: "PSBK".into(),
            registration_number: "466/123/2019".into(),
            ..Input::default()
        };
        let identity = SetIdentity::parse(good).unwrap().0;
        assert_eq!((identity.region.unwrap().regency(), identity.panti_type), ("33.74", Some(PantiType::Psbk)));
    }
}
