//! Plan the year (rencana kegiatan pemberdayaan): the panti's activities with who carries
//! them out and what they need, stored as the year's next version; earlier versions stay
//! readable. With `based_on`, the latest version the writer saw (0 for none), the plan is
//! refused when another version came meanwhile, checked in the writer so that no change
//! is overwritten.

use super::{invalid, text};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::problem::{FieldCheck, Problem, Problems, ReportRule};
use crate::domain::report::plan::{Activity, Budget, FundingSource, Need, NeedKind, Plan, NEEDS_MAX};
use crate::domain::report::{by_name, parse_year, Field, Person, PERSONS_MAX};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand, Rule};
use serde::{Deserialize, Serialize};

/// As typed: `{"activities": [...], "based_on"?}`; `year` comes from the path
/// (`…/plans/2026`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
    #[serde(default)]
    pub based_on: Option<u32>,
}

/// One activity: `field` (bidang), the KUBE or koperasi carrying it out if any, its name,
/// the executing group, the persons responsible and its needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub kube_id: Option<Typed>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub responsible: Vec<PersonInput>,
    #[serde(default)]
    pub needs: Vec<NeedInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub position: String,
}

/// A need: `kind` (peralatan, bibit, bahan_baku, biaya), what, its funding source and the
/// amount, more than zero.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub funding_source: String,
    #[serde(default)]
    pub amount: Typed,
}

/// Where an activity's refusals are named: the first persons and needs by their place, as
/// the plan page's form has them; any after those by the list.
pub const RESPONSIBLE: [[&str; 2]; 2] = [["resp1_name", "resp1_position"], ["resp2_name", "resp2_position"]];
pub const NEEDS: [[&str; 4]; 3] = [
    ["need1_kind", "need1_item", "need1_funding", "need1_amount"],
    ["need2_kind", "need2_item", "need2_funding", "need2_amount"],
    ["need3_kind", "need3_item", "need3_funding", "need3_amount"],
];

#[derive(Debug, Clone)]
pub struct PutPlan {
    year: i32,
    activities: Vec<Activity>,
    based_on: Option<u32>,
    recorded_by: String,
}

/// A plan as answered: the version stored with its budget.
#[derive(Debug, Clone, Serialize)]
pub struct StoredPlan {
    #[serde(flatten)]
    pub plan: Plan,
    pub budget: Budget,
}

impl StoredPlan {
    pub fn of(plan: Plan) -> StoredPlan {
        StoredPlan { budget: plan.budget(), plan }
    }
}

/// Read back (a change kept under its form's key): the budget is the plan's sum, summed again.
impl<'de> Deserialize<'de> for StoredPlan {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<StoredPlan, D::Error> {
        Plan::deserialize(deserializer).map(StoredPlan::of)
    }
}

/// A year the plan may be for, 2000–2100.
pub fn year(typed: &str) -> Result<i32, Problem> {
    let text = typed.trim();
    text.parse::<i64>().ok().and_then(|year| parse_year(year).ok()).ok_or_else(|| invalid(ReportRule::Year, text))
}

/// A snake_case choice by its serde name, refused under `rule`.
fn pick<T: serde::de::DeserializeOwned>(typed: &str, rule: ReportRule) -> Result<T, Problem> {
    by_name(typed.trim()).ok_or_else(|| invalid(rule, typed.trim()))
}

/// At most `max` of a list, refused at `field`.
fn at_most(check: &mut FieldCheck, len: usize, max: usize, field: &'static str) {
    check.take(field, if len > max { Err(invalid(ReportRule::TooMany, &max.to_string())) } else { Ok(()) });
}

fn need(check: &mut FieldCheck, input: &NeedInput, [kind, item, funding, amount]: [&'static str; 4]) -> Option<Need> {
    let kind = check.take(kind, pick::<NeedKind>(&input.kind, ReportRule::NeedKind));
    let item = check.take(item, text(&input.item));
    let funding_source = check.take(funding, pick::<FundingSource>(&input.funding_source, ReportRule::FundingSource));
    let positive = match fields::amount_not_negative(&input.amount) {
        Ok(money) if !money.is_zero() => Ok(money),
        Ok(_) | Err(Problem::AmountNegative) => Err(invalid(ReportRule::PositiveNeed, input.amount.as_str())),
        Err(problem) => Err(problem),
    };
    let amount = check.take(amount, positive);
    Some(Need { kind: kind?, item: item?, funding_source: funding_source?, amount: amount? })
}

fn activity(check: &mut FieldCheck, input: &ActivityInput) -> Option<Activity> {
    let field = check.take("field", pick::<Field>(&input.field, ReportRule::Field));
    let kube_id = input.kube_id.as_ref().filter(|typed| !typed.as_str().is_empty());
    let kube_id: Option<Option<EntityId>> = check.take("kube", kube_id.map(|t| fields::id(t.as_str())).transpose());
    let (name, group) = (check.take("name", text(&input.name)), check.take("group", text(&input.group)));
    if input.responsible.is_empty() {
        check.take::<()>(RESPONSIBLE[0][0], Err(super::required_text()));
    }
    at_most(check, input.responsible.len(), PERSONS_MAX, "responsible");
    let responsible: Vec<Option<Person>> = input
        .responsible
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let [name, position] = RESPONSIBLE.get(index).copied().unwrap_or(["responsible"; 2]);
            let (name, position) = (check.take(name, text(&person.name)), check.take(position, text(&person.position)));
            Some(Person { name: name?, position: position? })
        })
        .collect();
    at_most(check, input.needs.len(), NEEDS_MAX, "needs");
    let needs: Vec<Option<Need>> = input
        .needs
        .iter()
        .enumerate()
        .map(|(index, typed)| need(check, typed, NEEDS.get(index).copied().unwrap_or(["needs"; 4])))
        .collect();
    let (responsible, needs) =
        (responsible.into_iter().collect::<Option<_>>()?, needs.into_iter().collect::<Option<_>>()?);
    let activity = Activity::new(field?, kube_id?, &name?, &group?, responsible, needs);
    // Every rule of an activity is checked above, each at its field; this is a backstop.
    check.take("activities", activity.map_err(|error| Problem::Malformed { detail: error.to_string() }))
}

impl PutPlan {
    /// The plan's activities as they will be stored.
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }
}

impl RegisterCommand for PutPlan {
    type Input = Input;
    type Outcome = StoredPlan;
    const NAME: &'static str = "put_plan";
    const ACCESS: Access = Access::Write;
    const RULE: Rule = Rule::Report;

    fn parse(input: Input) -> Result<PutPlan, Problems> {
        let mut check = FieldCheck::default();
        let year = check.take("year", year(&input.year));
        let activities: Vec<Option<Activity>> = input.activities.iter().map(|a| activity(&mut check, a)).collect();
        check.finish()?;
        let activities = activities.into_iter().map(|a| a.expect("checked")).collect();
        Ok(PutPlan { year: year.expect("checked"), activities, based_on: input.based_on, recorded_by: String::new() })
    }

    fn made_by(&mut self, username: &str) {
        self.recorded_by = username.to_string();
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        use crate::domain::report::ReportError;
        matches!(error, ServiceError::Report(ReportError::NotOwnGroup(_))).then_some("kube")
    }

    fn change(self, panti: &Entity, store: &Store, writes: &mut WriteSet) -> Result<StoredPlan, ServiceError> {
        let plan = crate::service::report::next_plan(
            store,
            panti.id,
            self.year,
            self.activities,
            self.based_on,
            &self.recorded_by,
        )?;
        writes.plan(&plan);
        Ok(StoredPlan::of(plan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(kind: &str, amount: &str) -> NeedInput {
        let amount = crate::usecase::fields::written::<Typed>(serde_json::json!(amount));
        NeedInput { kind: kind.into(), item: "Bibit lele".into(), funding_source: "kemensos".into(), amount }
    }

    #[test]
    fn every_bad_field_of_an_activity_is_named_at_its_place() {
        let bad = ActivityInput {
            field: "tambang".into(),
            kube_id: Some(Typed::from("x")),
            name: " ".into(),
            group: "Kelompok Lele".into(),
            responsible: vec![],
            needs: vec![need("bibit", "0"), need("pupuk", "12abc")],
        };
        let input = Input { year: "1999".into(), activities: vec![bad], based_on: None };
        let problems = PutPlan::parse(input).unwrap_err();
        let named: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(
            named,
            [
                ("year", "invalid_report"),
                ("field", "invalid_report"),
                ("kube", "invalid_id"),
                ("name", "invalid_report"),
                ("resp1_name", "invalid_report"),
                ("need1_amount", "invalid_report"),
                ("need2_kind", "invalid_report"),
                ("need2_amount", "invalid_amount"),
            ]
        );
        let good = ActivityInput {
            field: "perikanan_peternakan".into(),
            name: "Budidaya lele".into(),
            group: "Kelompok Lele".into(),
            responsible: vec![PersonInput { name: "Bu Sri".into(), position: "Kepala Seksi".into() }],
            needs: vec![need("bibit", "1.500.000")],
            ..ActivityInput::default()
        };
        let plan = PutPlan::parse(Input { year: "2026".into(), activities: vec![good], based_on: Some(0) }).unwrap();
        assert_eq!((plan.year, plan.activities[0].needs[0].amount.canonical()), (2026, "1500000.00".into()));
    }
}
