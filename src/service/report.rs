//! Empowerment report use cases: the yearly plan in versions, the report settings and
//! stage of a panti, the reports due, and the assessments of each period.

use super::{Idempotency, Ledger, ServiceError};
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::report::assessment::{Assessment, AssessmentDetails};
use crate::domain::report::cadence::{
    due_reports, DueReport, Period, PeriodKey, ReportSettings, Schedule, Stage, StageChange,
};
use crate::domain::report::plan::{Activity, Plan};
use crate::domain::report::{allows_report, ReportError};
use crate::domain::user::Role;
use crate::store::{IdempotencyRecord, Store, StoreError};
use crate::usecase::{Access, Actor};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

/// The reports of a panti up to a date, and what decided them.
#[derive(Debug, Clone, Serialize)]
pub struct DueListing {
    pub entity_id: EntityId,
    pub as_of: NaiveDate,
    /// The stage recorded last on or before `as_of`.
    pub stage: Stage,
    /// Shown by the HTTP layer in its own form (`start_month`).
    #[serde(skip)]
    pub settings: ReportSettings,
    pub reports: Vec<DueReport>,
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The assessment stored earlier under this key, `None` for a new key; the key sent with
/// another request is a conflict.
fn stored_assessment(store: &Store, panti: EntityId, key: &Idempotency) -> Result<Option<Assessment>, ServiceError> {
    let Some(record) = store.idempotency(panti, &key.key)? else { return Ok(None) };
    if record.body_hash != key.body_hash {
        return Err(ServiceError::IdempotencyConflict);
    }
    let found = store.assessments(panti, None)?.into_iter().find(|a| a.id == record.first_seq);
    found.map(Some).ok_or_else(|| ServiceError::NotFound(format!("penilaian #{}", record.first_seq)))
}

/// The KUBE and koperasi under a panti: the only groups its plan and assessments may name.
fn own_groups(store: &Store, panti: EntityId) -> Result<BTreeSet<EntityId>, StoreError> {
    Ok(store.entities()?.into_iter().filter(|e| e.parent_id == Some(panti)).map(|e| e.id).collect())
}

fn settings_in(store: &Store, panti: EntityId) -> Result<ReportSettings, ServiceError> {
    Ok(store.report_settings(panti)?.ok_or(ReportError::NoSettings)?)
}

/// The year's plan as its next version, refused when `based_on` (the latest version its
/// writer saw, 0 for none) is no longer the latest.
pub(crate) fn next_plan(
    store: &Store,
    panti: EntityId,
    year: i32,
    activities: Vec<Activity>,
    based_on: Option<u32>,
    recorded_by: &str,
) -> Result<Plan, ServiceError> {
    let latest = store.plan_versions(panti, year)?.last().map_or(0, |p| p.version);
    if let Some(based_on) = based_on.filter(|b| *b != latest) {
        return Err(ReportError::PlanChanged { year, based_on, latest }.into());
    }
    let groups = own_groups(store, panti)?;
    Ok(Plan::new(panti, year, latest + 1, activities, &groups, recorded_by, now())?)
}

/// Report period `key` of a panti as its cadence has it, or refused as none of its periods.
pub(crate) fn period_in(store: &Store, panti: EntityId, key: PeriodKey) -> Result<(Schedule, Period), ServiceError> {
    let (_, schedule) = schedule_in(store, panti)?;
    let year_end = NaiveDate::from_ymd_opt(key.year(), 12, 31).expect("31 December");
    let found = schedule.find(key, year_end).ok_or_else(|| ReportError::NotAReportPeriod(key.to_string()))?;
    Ok((schedule, found))
}

pub(super) fn schedule_in(store: &Store, panti: EntityId) -> Result<(ReportSettings, Schedule), ServiceError> {
    let settings = settings_in(store, panti)?;
    Ok((settings, Schedule::new(&settings, &store.stage_changes(panti)?)))
}

impl Ledger {
    /// The entity, if it is a panti: only a panti reports on empowerment.
    pub fn reporting_panti(&self, id: EntityId) -> Result<Entity, ServiceError> {
        let entity = self.entity(id)?;
        if entity.kind != EntityKind::Panti {
            return Err(ReportError::NotPanti(entity.kind.as_str()).into());
        }
        Ok(entity)
    }

    /// The panti, if `actor` may touch its report records with `access`: its head and an
    /// admin write them, its supervisor reads them, a treasurer or member of it or of its
    /// KUBE sees none ([`allows_report`]). A stranger is never told whether the entity
    /// exists, and only a panti reports on empowerment.
    pub fn report_panti(&self, actor: &Actor, id: EntityId, access: Access) -> Result<Entity, ServiceError> {
        let entity = self.entity_for(actor, id, Access::Read)?;
        if !allows_report(actor.role(), actor.entity_id(), access, &entity) {
            return Err(ServiceError::Forbidden);
        }
        self.reporting_panti(entity.id)
    }

    /// The panti, if `actor` may submit its report: its head alone, whose name the
    /// submission carries as the signer's; an admin or the supervisor may not.
    pub fn submitting_panti(&self, actor: &Actor, id: EntityId) -> Result<Entity, ServiceError> {
        let panti = self.report_panti(actor, id, Access::Write)?;
        match actor.role() {
            Role::Head => Ok(panti),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// Stores the year's plan as its next version; earlier versions stay readable. With
    /// `based_on` (the latest version the writer saw, 0 for none) the plan is refused when
    /// another version came meanwhile, checked in the writer so no change is overwritten.
    pub async fn put_plan(
        &self,
        panti: EntityId,
        year: i32,
        activities: Vec<Activity>,
        based_on: Option<u32>,
        recorded_by: &str,
    ) -> Result<Plan, ServiceError> {
        self.reporting_panti(panti)?;
        let recorded_by = recorded_by.to_string();
        self.writer
            .apply(move |store, writes| {
                let plan = next_plan(store, panti, year, activities, based_on, &recorded_by)?;
                writes.plan(&plan);
                Ok(plan)
            })
            .await
    }

    /// One version of the year's plan, the latest when none is named.
    pub fn plan(&self, panti: EntityId, year: i32, version: Option<u32>) -> Result<Plan, ServiceError> {
        let versions = self.store.plan_versions(panti, year)?;
        let found = match version {
            None => versions.into_iter().last().ok_or(ReportError::NoPlan(year)),
            Some(version) => {
                versions.into_iter().find(|p| p.version == version).ok_or(ReportError::NoPlanVersion { year, version })
            }
        };
        Ok(found?)
    }

    pub fn plan_versions(&self, panti: EntityId, year: i32) -> Result<Vec<Plan>, ServiceError> {
        Ok(self.store.plan_versions(panti, year)?)
    }

    pub fn report_settings(&self, panti: EntityId) -> Result<Option<ReportSettings>, ServiceError> {
        Ok(self.store.report_settings(panti)?)
    }

    pub fn stage_changes(&self, panti: EntityId) -> Result<Vec<StageChange>, ServiceError> {
        Ok(self.store.stage_changes(panti)?)
    }

    /// Every report period of a panti up to the one `as_of` falls in, with its status.
    pub fn due_reports(&self, panti: EntityId, as_of: NaiveDate) -> Result<DueListing, ServiceError> {
        self.reporting_panti(panti)?;
        // Bounds the listing: a far date would list thousands of periods.
        crate::domain::report::parse_year(as_of.year().into())?;
        let (settings, schedule) = schedule_in(&self.store, panti)?;
        let changes = self.store.stage_changes(panti)?;
        let stage = changes.iter().rev().find(|c| c.date <= as_of).map_or(Stage::Awal, |c| c.stage);
        let reports = due_reports(&schedule, &settings, as_of, &self.submitted_keys(panti)?);
        Ok(DueListing { entity_id: panti, as_of, stage, settings, reports })
    }

    /// The reports due as `due_reports` lists them, or none before reporting is set up.
    pub fn due_reports_if_set(&self, panti: EntityId, as_of: NaiveDate) -> Result<Option<DueListing>, ServiceError> {
        match self.due_reports(panti, as_of) {
            Ok(listing) => Ok(Some(listing)),
            Err(ServiceError::Report(ReportError::NoSettings)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Records an assessment of one of the panti's report periods. Under an idempotency
    /// key it is recorded once: the same key again answers the assessment it stored.
    pub async fn add_assessment(
        &self,
        panti: EntityId,
        period: PeriodKey,
        details: AssessmentDetails,
        idempotency: Option<Idempotency>,
        recorded_by: &str,
    ) -> Result<Assessment, ServiceError> {
        self.reporting_panti(panti)?;
        let recorded_by = recorded_by.to_string();
        self.writer
            .apply(move |store, writes| {
                if let Some(stored) =
                    idempotency.as_ref().map(|key| stored_assessment(store, panti, key)).transpose()?.flatten()
                {
                    return Ok(stored);
                }
                let (_, found) = period_in(store, panti, period)?;
                let id = store.next_assessment_id()?;
                let groups = own_groups(store, panti)?;
                let assessment = Assessment::new(id, panti, &found, details, &groups, &recorded_by, now())?;
                writes.assessment(&assessment);
                if let Some(key) = idempotency {
                    // An assessment posts no entry: its key keeps the assessment's id.
                    let record = IdempotencyRecord { body_hash: key.body_hash, first_seq: id, count: 0 };
                    writes.idempotency(panti, &key.key, &record);
                }
                Ok(assessment)
            })
            .await
    }

    /// A panti's assessments of one period, or of every period.
    pub fn assessments(&self, panti: EntityId, period: Option<PeriodKey>) -> Result<Vec<Assessment>, ServiceError> {
        Ok(self.store.assessments(panti, period)?)
    }
}
