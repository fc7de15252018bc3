//! Every stored record read as the kind its prefix names, for `verify`: a value that no
//! longer reads (a damaged audit record, say) is a breach, not a 500 later.

use super::codec::{decode, prefix, DecodeError};
use super::{IdempotencyRecord, Store, StoreError};
use serde::de::DeserializeOwned;

fn reads<T: DeserializeOwned>(value: &[u8]) -> Result<(), DecodeError> {
    decode::<T>(value).map(drop)
}

/// An index whose key is the record and whose value is empty.
fn is_empty_index(value: &[u8]) -> Result<(), String> {
    value.is_empty().then_some(()).ok_or_else(|| format!("indeks berisi {} bita, seharusnya kosong", value.len()))
}

/// Whether `value` reads as the kind of record that `key` names; the reason when not.
fn check(key: &[u8], value: &[u8]) -> Result<(), String> {
    use crate::domain::{account, books, close, entity, member, product, report, shu, tag, training, user};
    let Some(&kind) = key.first() else { return Err("kunci kosong".into()) };
    let read = match kind {
        prefix::META => reads::<u64>(value),
        prefix::ENTITY => reads::<entity::Entity>(value),
        prefix::CHART => reads::<account::Chart>(value),
        prefix::CHART_INACTIVE => reads::<std::collections::BTreeSet<account::AccountCode>>(value),
        prefix::ENTRY => super::entries::entry_reads(value),
        prefix::BALANCES | prefix::MEMBER_BALANCES | prefix::DAILY => reads::<books::Balances>(value),
        prefix::REVERSAL => reads::<u64>(value),
        prefix::IDEMPOTENCY | prefix::IDEMPOTENCY_KEY => reads::<IdempotencyRecord>(value),
        prefix::USER => reads::<user::User>(value),
        prefix::SESSION => reads::<super::Session>(value),
        prefix::MEMBER => reads::<member::Member>(value),
        prefix::MEMBER_NUMBER | prefix::CLIENT_NUMBER | prefix::PANTI_COHORT | prefix::PRODUCT_CODE => {
            reads::<u64>(value)
        }
        prefix::SAVINGS_TERMS => reads::<member::SavingsTerms>(value),
        prefix::ENTRY_TAG => reads::<tag::EntryTag>(value),
        prefix::MEMBER_ENTRY | prefix::ENTRY_BY_DATE => return is_empty_index(value),
        prefix::HEAD => reads::<super::Head>(value),
        prefix::CLIENT => reads::<training::client::Client>(value),
        prefix::COHORT => reads::<training::cohort::Cohort>(value),
        prefix::ENROLMENT => reads::<training::cohort::Enrolment>(value),
        prefix::PANTI_SKILL => reads::<training::skill::Skill>(value),
        prefix::COHORT_SESSION => reads::<training::cohort::Session>(value),
        prefix::PLACEMENT => reads::<training::aftercare::Placement>(value),
        prefix::PACKAGE => reads::<training::aftercare::Package>(value),
        prefix::STAFF => reads::<training::staff::StaffMember>(value),
        prefix::STOCK => reads::<books::Stock>(value),
        prefix::PRODUCT => reads::<product::Product>(value),
        prefix::SHU_POLICY => reads::<shu::ShuPolicy>(value),
        prefix::YEAR_CLOSE => reads::<close::YearClose>(value),
        prefix::SHU_DECISION => reads::<close::ShuDecision>(value),
        prefix::FIXED_ASSET => reads::<crate::domain::assets::FixedAsset>(value),
        prefix::DEPRECIATION => reads::<crate::domain::assets::DepreciationRun>(value),
        prefix::MEMBER_LOAN => reads::<crate::domain::loan::MemberLoan>(value),
        prefix::LOAN_TERMS => reads::<crate::domain::loan::LoanTerms>(value),
        prefix::AUDIT => super::audit::event_reads(value),
        prefix::PAGE_CSRF => reads::<String>(value),
        prefix::PLAN => reads::<report::plan::Plan>(value),
        prefix::ASSESSMENT => reads::<report::assessment::Assessment>(value),
        prefix::REPORT_SETTINGS => reads::<report::cadence::ReportSettings>(value),
        prefix::STAGE_CHANGE => reads::<report::cadence::StageChange>(value),
        prefix::REPORT_EVALUATION => reads::<report::assembly::Evaluation>(value),
        prefix::REPORT_SUBMISSION => reads::<report::assembly::Submission>(value),
        prefix::SIGNING_KEY => reads::<[u8; 32]>(value),
        prefix::IDENTITY => reads::<crate::domain::identity::Identity>(value),
        prefix::REGISTER_REPLAY => reads::<super::RegisterReplay>(value),
        prefix::DISABLED_USER => reads::<i64>(value),
        prefix::REPORT_BUNDLE => decode::<String>(value).and_then(|text| {
            report::bundle::BundleContents::open(&text)
                .map(drop)
                .map_err(|error| DecodeError::Damaged(error.to_string()))
        }),
        prefix::HUB_LINK => reads::<report::outbox::HubLink>(value),
        prefix::HUB_DELIVERY => reads::<report::outbox::Delivery>(value),
        other => return Err(format!("jenis catatan {:?} tidak dikenal", other as char)),
    };
    read.map_err(|error| error.to_string())
}

impl Store {
    /// Reads every stored record as its kind; returns how many were read and one line per
    /// record that does not read.
    pub fn unreadable_records(&self) -> Result<(u64, Vec<String>), StoreError> {
        let (mut count, mut unreadable) = (0u64, Vec::new());
        for item in self.db.iter() {
            let (key, value) = item?;
            count += 1;
            if let Err(reason) = check(&key, &value) {
                unreadable.push(format!("catatan {} tidak terbaca: {reason}", hex::encode(&key)));
            }
        }
        Ok((count, unreadable))
    }
}
