//! The empowerment report of one period, assembled from the books, the plan, the
//! assessments, the training records and the head's evaluation (seed 001 E.4–8), its
//! submission as an immutable snapshot that locks the books, and the regional recap.
//!
//! Every figure comes from the use cases the statements and statistics answer with
//! (`panti_overview`, `capital_structure`, `professional_social_workers`, the training
//! records): the report never computes a figure of its own books a second way.

use super::statements::Period as Span;
use super::writer::LockAll;
use super::{Ledger, ServiceError};
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::close::CloseError;
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::report::assembly::{bar_chart, recap_status, Evaluation, RecapStatus, Submission, SubmissionHeader};
use crate::domain::report::assessment::{Assessment, Conduct, Rating};
use crate::domain::report::bundle::{key_fingerprint, BundleContents, ChainHead, Origin};
use crate::domain::report::cadence::{DueReport, PeriodKey, Stage};
use crate::domain::report::{allows_report, Field, ReportError};
use crate::domain::statements::{Row, Section, Table};
use crate::domain::training::cohort::Outcome;
use crate::domain::user::Role;
use crate::store::WriteSet;
use crate::usecase::{Access, Actor};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Tries of a submission whose books changed between assembling and locking.
const SUBMIT_ATTEMPTS_MAX: usize = 3;

/// One numbered section of the report, titled as in the guideline.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSection {
    pub number: &'static str,
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
}

/// An inline SVG chart, drawn on the server.
#[derive(Debug, Clone, Serialize)]
pub struct ReportChart {
    pub title: String,
    pub svg: String,
}

/// The report of one period, ready to render (HTML, CSV per table) or to serve as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct AssembledReport {
    pub panti_id: EntityId,
    pub panti_name: String,
    pub key: PeriodKey,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub stage: Stage,
    pub sections: Vec<ReportSection>,
    pub charts: Vec<ReportChart>,
    /// The fingerprint of the key that signs the panti's bundles, printed in the footer so
    /// that a paper copy can be matched to its file.
    pub signing_key: String,
    /// The revision being submitted; none in a preview.
    pub revision: Option<u32>,
    /// The panti's identity for the letterhead (region, type, registration), once set.
    pub identity: Option<crate::domain::identity::Identity>,
}

impl AssembledReport {
    /// Every table, in the order the report shows them.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| s.tables.iter())
    }
}

/// Who submits a report, why it corrects the last revision, and which revision the
/// submitter means it to be (none: the next).
#[derive(Debug, Clone)]
pub struct SubmitRequest {
    pub submitted_by: String,
    pub reason: Option<String>,
    pub revision: Option<u32>,
}

/// A panti's standing in the regional recap.
#[derive(Debug, Clone, Serialize)]
pub struct RecapLine {
    pub panti_id: EntityId,
    pub panti_name: String,
    pub periods: Vec<RecapPeriod>,
    /// The panti overview of the year so far: its total column.
    pub key_figures: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecapPeriod {
    pub key: String,
    pub due: NaiveDate,
    pub status: RecapStatus,
    pub first_submitted_on: Option<NaiveDate>,
    pub revisions: usize,
}

fn count(label: &str, value: usize) -> Row {
    Row { count: true, ..Row::new(label, vec![Decimal::from(value)]) }
}

fn one_column_table(title: String, column: &str, rows: Vec<Row>) -> Table {
    Table { title, columns: vec![column.into()], sections: vec![Section { title: String::new(), rows }], notes: vec![] }
}

/// The values of the overview row `label`, one per group then the total.
fn overview_row(overview: &Table, label: &str) -> Vec<Decimal> {
    overview.row(label).map(|r| r.values.clone()).unwrap_or_default()
}

fn rating_row(label: &str, rating: &Rating) -> Row {
    let mut row = Row { count: true, ..Row::new(label, vec![Decimal::from(u8::from(rating.score))]) };
    if let Some(notes) = &rating.notes {
        row.label = format!("{label} ({}: {notes})", rating.score.label());
    } else {
        row.label = format!("{label} ({})", rating.score.label());
    }
    row
}

fn conduct_text(who: &str, conduct: &Conduct) -> String {
    let parts: Vec<String> =
        [("sikap", &conduct.attitude), ("tingkah laku", &conduct.behaviour), ("peranan", &conduct.role)]
            .into_iter()
            .filter_map(|(what, text)| text.as_ref().map(|t| format!("{what}: {t}")))
            .collect();
    format!("{who} — {}", parts.join("; "))
}

fn field_name(field: Field) -> String {
    serde_json::to_value(field).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The first day of every month a span touches.
fn months(span: Span) -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(span.start.year(), span.start.month(), 1).expect("the first of a month");
    std::iter::successors(Some(first), |m| m.checked_add_months(Months::new(1)))
        .take_while(|m| *m <= span.end)
        .collect()
}

impl Ledger {
    fn groups_of(&self, panti: EntityId) -> Result<Vec<Entity>, ServiceError> {
        Ok(self.entities()?.into_iter().filter(|e| e.parent_id == Some(panti)).collect())
    }

    /// The report period `key` of a panti, as its cadence has it: the days it covers and
    /// the stage it reports in.
    pub fn report_period(&self, panti: EntityId, key: PeriodKey) -> Result<(Span, Stage), ServiceError> {
        let (schedule, found) = super::report::period_in(&self.store, panti, key)?;
        Ok((Span::new(found.start, found.end)?, schedule.stage_on(found.end)))
    }

    /// The head's evaluation draft of a period, if one is stored.
    pub fn evaluation(&self, panti: EntityId, key: PeriodKey) -> Result<Option<Evaluation>, ServiceError> {
        self.reporting_panti(panti)?;
        Ok(self.store.evaluation(panti, key)?)
    }

    /// Assembles the report of period `key` from what is recorded now.
    pub fn assemble_report(&self, panti: EntityId, key: PeriodKey) -> Result<AssembledReport, ServiceError> {
        let found = self.reporting_panti(panti)?;
        let (span, stage) = self.report_period(panti, key)?;
        let groups = self.groups_of(panti)?;
        let overview = self.panti_overview(panti, span)?;
        let latest: Option<Assessment> = self.store.assessments(panti, Some(key))?.into_iter().last();
        let evaluation = self.store.evaluation(panti, key)?;
        let mut sections = vec![ReportSection {
            number: "I",
            title: "Pendahuluan",
            paragraphs: vec![
                format!("Nama panti: {}", found.name),
                format!("Periode: {} ({} s.d. {})", key.title(), span.start, span.end),
                format!("Tahap pemberdayaan: {}", stage.as_str()),
                "Dasar: Pedoman Pemberdayaan Panti Sosial, Departemen Sosial RI 2008".into(),
            ],
            tables: vec![],
        }];
        sections.push(self.plan_section(panti, key.year(), &groups, &overview)?);
        let workers = self.professional_social_workers(panti, key.year())?;
        sections.push(ReportSection {
            number: "III",
            title: "Pemberdayaan tenaga (SDM)",
            paragraphs: vec![],
            tables: vec![one_column_table(
                "Tenaga pemberdayaan".into(),
                "Jumlah",
                vec![count("Pekerja sosial profesional (orang)", workers)],
            )],
        });
        sections.push(environment_section(latest.as_ref()));
        let (capital, capital_chart) = self.capital_table(&groups, span)?;
        sections.push(ReportSection {
            number: "V",
            title: "Pemberdayaan usaha ekonomis produktif",
            paragraphs: vec![],
            tables: vec![overview.clone(), capital],
        });
        let (training_table, funnel) = self.training_table(panti, span)?;
        sections.push(ReportSection {
            number: "VI",
            title: "Bimbingan keterampilan, penyaluran dan bimbingan lanjut",
            paragraphs: vec![],
            tables: vec![training_table],
        });
        sections.push(ReportSection {
            number: "VII",
            title: "Sikap, tingkah laku dan peranan petugas, klien dan keluarga penghuni panti",
            paragraphs: latest.as_ref().map_or_else(
                || vec!["Belum ada penilaian untuk periode ini.".into()],
                |a| {
                    let c = &a.details.conduct;
                    vec![
                        conduct_text("Petugas", &c.staff),
                        conduct_text("Klien", &c.clients),
                        conduct_text("Keluarga penghuni", &c.families),
                    ]
                },
            ),
            tables: vec![],
        });
        sections.push(evaluation_section(latest.as_ref(), evaluation.as_ref()));
        let mut charts = vec![self.sales_chart(panti, &groups, span)?, capital_chart];
        charts.push(funnel);
        Ok(AssembledReport {
            panti_id: panti,
            panti_name: found.name.clone(),
            key,
            title: format!("LAPORAN PEMBERDAYAAN PANTI SOSIAL {} — {}", found.name, key.title()),
            start: span.start,
            end: span.end,
            stage,
            sections,
            charts,
            signing_key: key_fingerprint(&self.store.signing_key()?.verifying_key()),
            revision: None,
            identity: self.store.identity(panti)?,
        })
    }

    /// II: the year's budget beside the income and spending of each KUBE in the period,
    /// per KUBE and per field; realisation read from the panti overview.
    fn plan_section(
        &self,
        panti: EntityId,
        year: i32,
        groups: &[Entity],
        overview: &Table,
    ) -> Result<ReportSection, ServiceError> {
        let plan = match self.plan(panti, year, None) {
            Ok(plan) => Some(plan),
            Err(ServiceError::Report(ReportError::NoPlan(_))) => None,
            Err(other) => return Err(other),
        };
        let (revenue, expenses) = (overview_row(overview, "Pendapatan"), overview_row(overview, "Beban"));
        let realised = |index: usize| (revenue.get(index).copied(), expenses.get(index).copied());
        let columns = vec!["Anggaran setahun".to_string(), "Pendapatan".into(), "Beban".into()];
        let mut by_kube = Vec::new();
        let mut by_field = Vec::new();
        let mut paragraphs = Vec::new();
        match &plan {
            None => paragraphs.push(format!("Rencana tahun {year} belum disusun.")),
            Some(plan) => {
                let budget = plan.budget();
                paragraphs.push(format!("Rencana kegiatan tahun {year} versi {}.", plan.version));
                for activity in &plan.activities {
                    let who: Vec<String> =
                        activity.responsible.iter().map(|p| format!("{} ({})", p.name, p.position)).collect();
                    paragraphs.push(format!(
                        "{} — {}: kelompok pelaksana {}, penanggung jawab {}",
                        field_name(activity.field),
                        activity.name,
                        activity.group,
                        who.join(", ")
                    ));
                }
                for (index, group) in groups.iter().enumerate() {
                    let (income, spent) = realised(index);
                    let planned = budget.by_kube.get(&group.id).copied().unwrap_or_default();
                    by_kube.push(Row::new(
                        group.name.clone(),
                        vec![planned, income.unwrap_or_default(), spent.unwrap_or_default()],
                    ));
                }
                for (field, planned) in &budget.by_field {
                    let kubes: BTreeSet<EntityId> =
                        plan.activities.iter().filter(|a| a.field == *field).filter_map(|a| a.kube_id).collect();
                    let (mut income, mut spent) = (Decimal::ZERO, Decimal::ZERO);
                    for (index, _) in groups.iter().enumerate().filter(|(_, g)| kubes.contains(&g.id)) {
                        let (i, s) = realised(index);
                        income += i.unwrap_or_default();
                        spent += s.unwrap_or_default();
                    }
                    by_field.push(Row::new(field_name(*field), vec![*planned, income, spent]));
                }
                by_field.push(Row::total(
                    "Jumlah",
                    vec![
                        budget.total,
                        revenue.last().copied().unwrap_or_default(),
                        expenses.last().copied().unwrap_or_default(),
                    ],
                ));
            }
        }
        let table = Table {
            title: "Rencana dan realisasi".into(),
            columns,
            sections: vec![
                Section { title: "Per KUBE/koperasi".into(), rows: by_kube },
                Section { title: "Per bidang".into(), rows: by_field },
            ],
            notes: vec!["Realisasi: pendapatan dan beban pembukuan KUBE dalam periode (ikhtisar panti).".into()],
        };
        Ok(ReportSection { number: "II", title: "Perencanaan dan realisasi", paragraphs, tables: vec![table] })
    }

    /// V: capital at the start and end of the period and its sources, per KUBE.
    fn capital_table(&self, groups: &[Entity], span: Span) -> Result<(Table, ReportChart), ServiceError> {
        let before = span.start.pred_opt().unwrap_or(span.start);
        let mut columns: Vec<Vec<Decimal>> = Vec::new();
        for group in groups {
            let (open, close) =
                (self.capital_structure(group.id, before)?, self.capital_structure(group.id, span.end)?);
            // Donated capital that came in within the period, by the grants route or a journal.
            let grants = close.donated_capital - open.donated_capital;
            columns.push(vec![
                open.own_capital_total,
                close.own_capital_total,
                close.own_capital_total - open.own_capital_total,
                grants,
                close.donated_capital,
                close.loans_outstanding,
                close.voluntary_savings,
            ]);
        }
        let labels = [
            "Modal sendiri awal periode (simpanan, cadangan, laba)",
            "Modal sendiri akhir periode",
            "Pertumbuhan modal sendiri",
            "Bantuan modal diterima dalam periode",
            "Bantuan modal (modal donasi) akhir periode",
            "Pinjaman bank akhir periode",
            "Simpanan sukarela akhir periode",
        ];
        let rows = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut values: Vec<Decimal> = columns.iter().map(|c| c[i]).collect();
                values.push(values.iter().sum());
                Row::new(*label, values)
            })
            .collect();
        let mut names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
        let chart_series = [(1, "Modal sendiri"), (4, "Bantuan modal"), (5, "Pinjaman bank")]
            .iter()
            .map(|(i, label)| (label.to_string(), columns.iter().map(|c| c[*i]).collect()))
            .collect::<Vec<_>>();
        let chart = ReportChart {
            title: "Struktur modal akhir periode".into(),
            svg: bar_chart("Struktur modal akhir periode", &names, &chart_series, true),
        };
        names.push("Jumlah".into());
        let table = Table {
            title: "Perkembangan dan sumber modal".into(),
            columns: names,
            sections: vec![Section { title: String::new(), rows }],
            notes: vec![],
        };
        Ok((table, chart))
    }

    /// VI: cohorts running and ended, enrolments, completions, placements and follow-ups
    /// within the period, from the training records.
    fn training_table(&self, panti: EntityId, span: Span) -> Result<(Table, ReportChart), ServiceError> {
        let within = |date: NaiveDate| (span.start..=span.end).contains(&date);
        let cohorts = self.cohorts(panti)?;
        let active =
            cohorts.iter().filter(|c| c.plan.planned_start <= span.end && c.plan.planned_end >= span.start).count();
        let ended = cohorts.iter().filter(|c| within(c.plan.planned_end)).count();
        let (mut enrolled, mut completed, mut passed) = (0, 0, 0);
        for cohort in &cohorts {
            for enrolment in self.enrolments(cohort.id)? {
                enrolled += usize::from(within(enrolment.enrolled_on));
                if let Some(done) = enrolment.completion.filter(|c| within(c.date)) {
                    completed += 1;
                    passed += usize::from(done.outcome == Outcome::Lulus);
                }
            }
        }
        let (mut placed, mut followed) = (0, 0);
        for client in self.clients(panti)? {
            if let Some(placement) = self.placement(client.id)? {
                placed += usize::from(within(placement.date));
                followed += placement.follow_ups.iter().filter(|f| within(f.date)).count();
            }
        }
        let rows = vec![
            count("Angkatan berjalan dalam periode", active),
            count("Angkatan berakhir dalam periode", ended),
            count("Peserta terdaftar", enrolled),
            count("Peserta selesai", completed),
            count("Peserta lulus", passed),
            count("Klien disalurkan", placed),
            count("Kunjungan bimbingan lanjut", followed),
        ];
        let steps = ["Terdaftar", "Selesai", "Lulus", "Disalurkan"].map(String::from);
        let series = vec![("Klien".to_string(), [enrolled, completed, passed, placed].map(Decimal::from).to_vec())];
        let chart = ReportChart {
            title: "Alur pelatihan".into(),
            svg: bar_chart("Alur pelatihan (terdaftar → disalurkan)", &steps, &series, false),
        };
        Ok((one_column_table("Pelatihan keterampilan dan penyaluran".into(), "Jumlah", rows), chart))
    }

    /// Monthly sales (revenue) of each KUBE, month by month through the panti overview.
    fn sales_chart(&self, panti: EntityId, groups: &[Entity], span: Span) -> Result<ReportChart, ServiceError> {
        let mut series: Vec<(String, Vec<Decimal>)> = groups.iter().map(|g| (g.name.clone(), Vec::new())).collect();
        let mut labels = Vec::new();
        for first in months(span) {
            let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).expect("a month's last day");
            let month = Span::new(first.max(span.start), last.min(span.end))?;
            let revenue = overview_row(&self.panti_overview(panti, month)?, "Pendapatan");
            for (index, (_, values)) in series.iter_mut().enumerate() {
                values.push(revenue.get(index).copied().unwrap_or_default());
            }
            labels.push(first.format("%m-%Y").to_string());
        }
        Ok(ReportChart {
            title: "Penjualan bulanan per KUBE".into(),
            svg: bar_chart("Penjualan (pendapatan) bulanan per KUBE", &labels, &series, false),
        })
    }

    /// Submits the report of `key`: the snapshot as rendered by `render`, and the lock of
    /// the panti's books and every KUBE/koperasi under it through the period end, in one
    /// commit. A second submission is the next revision and must give a reason. With
    /// `revision`, only that revision is submitted: a resent form that already landed, or
    /// a submission by someone else meanwhile, is refused rather than made the next one.
    pub async fn submit_report(
        &self,
        panti: EntityId,
        key: PeriodKey,
        request: SubmitRequest,
        today: NaiveDate,
        render: impl Fn(&AssembledReport) -> String,
    ) -> Result<Submission, ServiceError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_submit(panti, key, &request, today, &render).await {
                Err(ServiceError::Close(CloseError::BooksChanged)) if attempt < SUBMIT_ATTEMPTS_MAX => continue,
                other => return other,
            }
        }
    }

    async fn try_submit(
        &self,
        panti: EntityId,
        key: PeriodKey,
        request: &SubmitRequest,
        today: NaiveDate,
        render: &impl Fn(&AssembledReport) -> String,
    ) -> Result<Submission, ServiceError> {
        let mut entities = vec![panti];
        entities.extend(self.groups_of(panti)?.iter().map(|g| g.id));
        // Read before assembling: the writer refuses the lock if any of them posted since.
        let heads =
            entities.iter().map(|id| Ok((*id, self.store.head(*id)?))).collect::<Result<Vec<_>, ServiceError>>()?;
        let seen = heads.iter().map(|(id, head)| (*id, head.next_seq)).collect();
        let mut report = self.assemble_report(panti, key)?;
        if today <= report.end {
            return Err(ReportError::PeriodNotEnded { period: key.to_string(), end: report.end }.into());
        }
        let revision = self.store.submissions(panti, Some(key))?.last().map_or(1, |s| s.header.revision + 1);
        if request.revision.is_some_and(|asked| asked != revision) {
            return Err(ReportError::RevisionTaken { period: key.to_string(), revision: revision - 1 }.into());
        }
        if revision > 1 && request.reason.is_none() {
            return Err(ReportError::ReasonRequired(key.to_string()).into());
        }
        let submitted_by = request.submitted_by.as_str();
        let header = SubmissionHeader {
            period: key,
            revision,
            reason: request.reason.clone(),
            submitted_by: submitted_by.to_string(),
            submitted_at: super::report::now(),
            submitted_on: today,
        };
        report.revision = Some(revision);
        let data = serde_json::to_string(&report).expect("a report serialises");
        let submission = Submission::seal(header, render(&report), data)?;
        let bundle = self.sign_bundle(panti, &submission, heads)?;
        let mut records = WriteSet::default();
        records.submission(panti, &submission);
        records.bundle(panti, &submission.header, &bundle);
        let detail = format!("laporan {key} revisi {revision}");
        records.audit(&AuditEvent::now(submitted_by, AuditAction::Submit, Some(panti), detail));
        // A concurrent submission of the same period took this revision: assemble again.
        let guard = Box::new(move |store: &crate::store::Store| match store.submissions(panti, Some(key))?.len() {
            taken if taken >= revision as usize => Err(CloseError::BooksChanged.into()),
            _ => Ok(()),
        });
        self.writer.lock_all(LockAll { seen, through: report.end, records, guard }).await?;
        Ok(submission)
    }

    /// The bundle file of a submission: its contents, the panti and its public key, and
    /// where each entity's chain stood (`heads`; none known for a submission made before
    /// bundles were), signed with the instance's key.
    fn sign_bundle(
        &self,
        panti: EntityId,
        submission: &Submission,
        heads: Vec<(EntityId, crate::store::Head)>,
    ) -> Result<String, ServiceError> {
        let key = self.store.signing_key()?;
        let name = |id: EntityId| Ok::<_, ServiceError>(self.store.entity(id)?.map(|e| e.name).unwrap_or_default());
        let origin =
            Origin { entity_id: panti, name: name(panti)?, public_key: hex::encode(key.verifying_key().as_bytes()) };
        let chain_heads = heads
            .into_iter()
            .map(|(entity_id, head)| {
                let (entries, last_hash) = (head.next_seq - 1, hex::encode(head.last_hash));
                Ok(ChainHead { entity_id, name: name(entity_id)?, entries, last_hash })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(BundleContents::of(submission, origin, chain_heads).sign(&key))
    }

    /// The signed bundle of one revision, for the panti's readers: as signed at the
    /// submission, or, for one made before bundles were, signed now without chain heads.
    pub fn bundle(&self, panti: EntityId, key: PeriodKey, revision: u32) -> Result<Option<String>, ServiceError> {
        self.reporting_panti(panti)?;
        if let Some(stored) = self.store.bundle(panti, key, revision)? {
            return Ok(Some(stored));
        }
        let submissions = self.store.submissions(panti, Some(key))?;
        let Some(found) = submissions.iter().find(|s| s.header.revision == revision) else { return Ok(None) };
        Ok(Some(self.sign_bundle(panti, found, Vec::new())?))
    }

    /// A panti's submissions, of one period or all, in period then revision order.
    pub fn submissions(&self, panti: EntityId, key: Option<PeriodKey>) -> Result<Vec<Submission>, ServiceError> {
        self.reporting_panti(panti)?;
        Ok(self.store.submissions(panti, key)?)
    }

    /// The periods of a panti with at least one submission.
    pub(crate) fn submitted_keys(&self, panti: EntityId) -> Result<BTreeSet<PeriodKey>, ServiceError> {
        Ok(self.store.submissions(panti, None)?.into_iter().map(|s| s.header.period).collect())
    }

    /// Each panti's report status per period due by `as_of` and its key figures of the
    /// year so far: for a supervisor (the Dinas Sosial) every panti it may read, for an
    /// admin all; nobody else.
    /// Refused before anything of the request is read, as a stranger is refused first.
    pub fn recap_for<'a>(
        &'a self,
        actor: &'a Actor,
    ) -> Result<impl Fn(NaiveDate) -> Result<Vec<RecapLine>, ServiceError> + 'a, ServiceError> {
        if !matches!(actor.role(), Role::Admin | Role::Supervisor) {
            return Err(ServiceError::Forbidden);
        }
        Ok(move |as_of| self.recap(actor, as_of))
    }

    fn recap(&self, actor: &Actor, as_of: NaiveDate) -> Result<Vec<RecapLine>, ServiceError> {
        let may_read = |panti: &Entity| allows_report(actor.role(), actor.entity_id(), Access::Read, panti);
        let mut lines = Vec::new();
        for panti in self.entities()?.into_iter().filter(|e| e.kind == EntityKind::Panti && may_read(e)) {
            let due: Vec<DueReport> = self.due_reports_if_set(panti.id, as_of)?.map_or_else(Vec::new, |l| l.reports);
            // As the recap stood on `as_of`: later submissions do not count yet.
            let mut submissions = self.store.submissions(panti.id, None)?;
            submissions.retain(|s| s.header.submitted_on <= as_of);
            let periods = due
                .iter()
                .map(|d| {
                    let of_period: Vec<&Submission> =
                        submissions.iter().filter(|s| s.header.period.to_string() == d.key).collect();
                    let first = of_period.first().map(|s| s.header.submitted_on);
                    RecapPeriod {
                        key: d.key.clone(),
                        due: d.due,
                        status: recap_status(d, as_of, first),
                        first_submitted_on: first,
                        revisions: of_period.len(),
                    }
                })
                .collect();
            let year_start = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).expect("the first of January");
            let overview = self.panti_overview(panti.id, Span::new(year_start, as_of)?)?;
            let key_figures = overview
                .sections
                .iter()
                .flat_map(|s| s.rows.iter())
                .map(|r| (r.label.clone(), r.texts().last().cloned().unwrap_or_default()))
                .collect();
            lines.push(RecapLine { panti_id: panti.id, panti_name: panti.name, periods, key_figures });
        }
        Ok(lines)
    }
}

/// IV: the environment checklist of the period's latest assessment.
fn environment_section(latest: Option<&Assessment>) -> ReportSection {
    let (paragraphs, tables) = match latest {
        None => (vec!["Belum ada penilaian untuk periode ini.".to_string()], vec![]),
        Some(a) => {
            let e = &a.details.environment;
            let rows = vec![
                rating_row("Kebersihan dan ketertiban taman dan ruangan", &e.gardens_and_rooms),
                rating_row("Pekarangan dan kebun", &e.yard_and_garden),
                rating_row("Kebersihan ruangan/kamar", &e.room_cleanliness),
                rating_row("Kamar mandi/WC dan dapur", &e.bathrooms_and_kitchen),
                rating_row("Keserasian ruangan", &e.room_harmony),
                rating_row("Kebersamaan: peringatan hari nasional", &e.community_national_events),
                rating_row("Kebersamaan: peringatan hari keagamaan", &e.community_religious_events),
                rating_row("Kebersamaan: kegiatan lokal", &e.community_local_events),
            ];
            let who = format!(
                "Penilaian tanggal {} oleh {} ({}); skala 1 kurang – 4 sangat baik.",
                a.details.assessed_on, a.details.assessor.name, a.details.assessor.position
            );
            (vec![who], vec![one_column_table("Penilaian lingkungan panti".into(), "Nilai", rows)])
        }
    };
    ReportSection { number: "IV", title: "Pemberdayaan lingkungan panti", paragraphs, tables }
}

/// VIII: who monitored and evaluated, each group's work, then the head's evaluation per
/// field and overall.
fn evaluation_section(latest: Option<&Assessment>, evaluation: Option<&Evaluation>) -> ReportSection {
    let mut paragraphs = Vec::new();
    if let Some(a) = latest {
        let names = |list: Vec<(String, String)>| {
            list.into_iter().map(|(n, p)| format!("{n} ({p})")).collect::<Vec<_>>().join(", ")
        };
        paragraphs.push(format!(
            "Pelaksana monitoring: {}",
            names(a.details.monitors.iter().map(|o| (o.name.clone(), o.position.clone())).collect())
        ));
        paragraphs.push(format!(
            "Pelaksana evaluasi: {}",
            names(a.details.evaluators.iter().map(|o| (o.name.clone(), o.position.clone())).collect())
        ));
        for group in &a.details.groups {
            paragraphs.push(format!(
                "{} ({}): kerjasama {}; cara kerja {}; hasil kerja {}; masalah {}; cara mengatasi {}",
                group.group,
                field_name(group.field),
                group.cooperation,
                group.way_of_working,
                group.results,
                group.problems.as_deref().unwrap_or("-"),
                group.solutions.as_deref().unwrap_or("-")
            ));
        }
    }
    match evaluation {
        None => paragraphs.push("Evaluasi kepala panti belum diisi.".into()),
        Some(e) => {
            for field in &e.fields {
                paragraphs.push(format!(
                    "Bidang {} — proses: {}; hasil: {}",
                    field_name(field.field),
                    field.process,
                    field.results
                ));
            }
            paragraphs.push(format!("Evaluasi keseluruhan: {}", e.overall));
        }
    }
    ReportSection { number: "VIII", title: "Monitoring dan evaluasi", paragraphs, tables: vec![] }
}
