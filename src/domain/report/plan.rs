//! The yearly empowerment plan of a panti (rencana kegiatan pemberdayaan, seed 001 A):
//! activities per field and per KUBE, the task assignment (kelompok pelaksana and
//! penanggung jawab), and the needs for equipment, seeds, raw material and costs with
//! their funding sources: the budget. A plan is replaced by a new version, never edited.

use super::{at_most, by_name, count_persons, Field, Person, ReportError};
use crate::domain::entity::EntityId;
use crate::domain::money::{serialize_canonical, Money};
use crate::domain::training::parse_text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Most activities in one plan.
pub const ACTIVITIES_MAX: usize = 100;
/// Most needs of one activity.
pub const NEEDS_MAX: usize = 50;

/// Where the money for a need comes from (sumber dana).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// The panti's own government budget (DIPA panti).
    DipaPanti,
    /// Social ministry assistance (Kementerian Sosial).
    Kemensos,
    /// Provincial or district social office (Dinas Sosial).
    DinasSosial,
    /// Local government (pemerintah daerah).
    Pemda,
    /// A company's social responsibility programme (CSR).
    Csr,
    /// Part of the KUBE's or cooperative's profit (laba usaha).
    LabaUsaha,
    /// Members' own contributions (swadaya).
    Swadaya,
    /// A bank loan (pinjaman bank).
    PinjamanBank,
    Lainnya,
}

/// What is needed (seed 001 A.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedKind {
    /// Equipment (peralatan).
    Peralatan,
    /// Seeds, seedlings, young stock (bibit).
    Bibit,
    /// Raw material (bahan baku).
    BahanBaku,
    /// Other costs (biaya).
    Biaya,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub kind: NeedKind,
    /// What, and how much of it: `Bibit lele 5.000 ekor`.
    pub item: String,
    pub funding_source: FundingSource,
    pub amount: Money,
}

impl Need {
    pub fn new(kind: &str, item: &str, funding_source: &str, amount: Money) -> Result<Need, ReportError> {
        let kind = by_name(kind).ok_or_else(|| ReportError::UnknownNeedKind(kind.to_string()))?;
        let funding_source =
            by_name(funding_source).ok_or_else(|| ReportError::UnknownFundingSource(funding_source.to_string()))?;
        let item = parse_text(item, "kebutuhan")?;
        if amount.is_zero() || amount.is_negative() {
            return Err(ReportError::NonPositiveNeed(item));
        }
        Ok(Need { kind, item, funding_source, amount })
    }
}

/// One planned activity with its task assignment and needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub field: Field,
    /// The KUBE or koperasi of the panti that carries it out, if any.
    pub kube_id: Option<EntityId>,
    pub name: String,
    /// The executing group (kelompok pelaksana).
    pub group: String,
    /// The persons responsible (penanggung jawab).
    pub responsible: Vec<Person>,
    pub needs: Vec<Need>,
}

impl Activity {
    pub fn new(
        field: Field,
        kube_id: Option<EntityId>,
        name: &str,
        group: &str,
        responsible: Vec<Person>,
        needs: Vec<Need>,
    ) -> Result<Activity, ReportError> {
        count_persons(&responsible, "penanggung jawab")?;
        at_most(&needs, NEEDS_MAX, "kebutuhan satu kegiatan")?;
        let (name, group) = (parse_text(name, "nama kegiatan")?, parse_text(group, "kelompok pelaksana")?);
        Ok(Activity { field, kube_id, name, group, responsible, needs })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub panti_id: EntityId,
    pub year: i32,
    /// 1 for the first plan of the year, one more for each replacement.
    pub version: u32,
    pub activities: Vec<Activity>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Plan {
    /// Checks a plan: 1–100 activities, each KUBE one of `own_groups` (the KUBE and
    /// koperasi under the panti).
    pub fn new(
        panti_id: EntityId,
        year: i32,
        version: u32,
        activities: Vec<Activity>,
        own_groups: &BTreeSet<EntityId>,
        recorded_by: &str,
        recorded_at: String,
    ) -> Result<Plan, ReportError> {
        if activities.is_empty() {
            return Err(ReportError::TooMany { what: "kegiatan (paling sedikit 1)", max: ACTIVITIES_MAX });
        }
        at_most(&activities, ACTIVITIES_MAX, "kegiatan dalam satu rencana")?;
        if let Some(stranger) = activities.iter().filter_map(|a| a.kube_id).find(|id| !own_groups.contains(id)) {
            return Err(ReportError::NotOwnGroup(stranger));
        }
        Ok(Plan { panti_id, year, version, activities, recorded_by: recorded_by.to_string(), recorded_at })
    }

    /// The budget: every need's amount, in total and by funding source, field and KUBE.
    pub fn budget(&self) -> Budget {
        let mut budget = Budget::default();
        for activity in &self.activities {
            for need in &activity.needs {
                let amount = need.amount.decimal();
                budget.total += amount;
                *budget.by_funding_source.entry(need.funding_source).or_default() += amount;
                *budget.by_field.entry(activity.field).or_default() += amount;
                if let Some(kube) = activity.kube_id {
                    *budget.by_kube.entry(kube).or_default() += amount;
                }
            }
        }
        budget
    }
}

/// The plan's money, summed: totals can pass one amount's bound, so they are plain
/// decimals. In JSON each breakdown is an object: `{"kemensos": "2500000.50", …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Budget {
    #[serde(serialize_with = "serialize_canonical")]
    pub total: Decimal,
    #[serde(serialize_with = "canonical_values")]
    pub by_funding_source: BTreeMap<FundingSource, Decimal>,
    #[serde(serialize_with = "canonical_values")]
    pub by_field: BTreeMap<Field, Decimal>,
    #[serde(serialize_with = "canonical_values")]
    pub by_kube: BTreeMap<EntityId, Decimal>,
}

fn canonical_values<K: Serialize, S: serde::Serializer>(
    map: &BTreeMap<K, Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(map.iter().map(|(key, amount)| (key, crate::domain::money::canonical(*amount))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(source: &str, amount: &str) -> Need {
        Need::new("bibit", "Bibit lele", source, Money::parse(amount).unwrap()).unwrap()
    }

    fn activity(field: Field, kube: Option<EntityId>, needs: Vec<Need>) -> Activity {
        let head = vec![Person::new("Bu Sri", "Kepala Seksi").unwrap()];
        Activity::new(field, kube, "Budidaya lele", "Kelompok Lele", head, needs).unwrap()
    }

    #[test]
    fn the_budget_sums_needs_by_source_field_and_kube() {
        let activities = vec![
            activity(
                Field::PerikananPeternakan,
                Some(2),
                vec![need("kemensos", "1500000.50"), need("swadaya", "250000")],
            ),
            activity(Field::Lingkungan, None, vec![need("dipa_panti", "300000")]),
            activity(Field::PerikananPeternakan, Some(3), vec![need("kemensos", "1000000")]),
        ];
        let plan = Plan::new(1, 2026, 1, activities, &BTreeSet::from([2, 3]), "kepala", String::new()).unwrap();
        let budget = plan.budget();
        let d = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(budget.total, d("3050000.50"));
        assert_eq!(budget.by_funding_source[&FundingSource::Kemensos], d("2500000.50"));
        assert_eq!(budget.by_field[&Field::PerikananPeternakan], d("2750000.50"));
        assert_eq!(budget.by_kube[&2], d("1750000.50"));
        let json = serde_json::to_value(&budget).unwrap();
        assert_eq!(json["total"], "3050000.50");
        assert_eq!(json["by_kube"], serde_json::json!({"2": "1750000.50", "3": "1000000.00"}));
        assert_eq!(json["by_funding_source"]["swadaya"], "250000.00");
    }

    #[test]
    fn a_plan_names_only_its_own_groups_and_positive_needs() {
        let stray = vec![activity(Field::Jasa, Some(9), vec![])];
        assert_eq!(
            Plan::new(1, 2026, 1, stray, &BTreeSet::from([2]), "kepala", String::new()),
            Err(ReportError::NotOwnGroup(9))
        );
        assert!(Plan::new(1, 2026, 1, vec![], &BTreeSet::new(), "kepala", String::new()).is_err());
        assert!(matches!(Need::new("bibit", "Bibit", "kemensos", Money::ZERO), Err(ReportError::NonPositiveNeed(_))));
        assert!(matches!(Need::new("bibit", "Bibit", "apbn", Money::ZERO), Err(ReportError::UnknownFundingSource(_))));
        assert!(Activity::new(Field::Jasa, None, "Servis", "Kelompok", vec![], vec![]).is_err(), "nobody responsible");
    }
}
