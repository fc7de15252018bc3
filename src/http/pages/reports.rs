//! The empowerment report pages of a panti's head and supervisor: the reports due with
//! their status (also summed up on the overview and area pages), the assessment form and
//! the assessments of a period, and the year's plan with a form that adds one activity.
//! The head writes, the supervisor reads, as the report API allows ([`allows_report`]).

use super::super::api::today;
use super::super::error::AppError;
use super::super::report::{allowed_panti, period_param, refused, year_of};
use super::super::AppState;
use super::form::{self, first_error, form_key, new_form_key, Check, FieldErrors};
use super::panti::date_text;
use super::session::{see_other, Page, PageForm};
use super::text::Lang;
use super::{render, rupiah};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::report::assessment::{
    Assessment, AssessmentDetails, Conduct, Conducts, Environment, GroupWork, Official, Rating, Score,
};
use crate::domain::report::cadence::{PeriodKey, ReportStatus};
use crate::domain::report::plan::{FundingSource, NeedKind, Plan};
use crate::domain::report::{allows_report, by_name, required_note, Field, Person, ReportError};
use crate::domain::training::{parse_note, parse_text};
use crate::domain::user::Access;
use crate::service::import::{input, written_input};
use crate::service::ServiceError;
use crate::usecase::reports::put_plan::{ActivityInput, Input as PlanInput, PutPlan, NEEDS, RESPONSIBLE};
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The name of a snake_case enum value, as its serde name: `terlambat`, `dipa_panti`.
pub(super) fn name_of<T: Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The page text of an enum value: `status_terlambat`, `field_jasa`, `funding_csr`…
pub(super) fn label<T: Serialize>(lang: Lang, prefix: &str, value: T) -> String {
    lang.text(&format!("{prefix}_{}", name_of(value)))
}

/// The choices of an enum for a select or radio group: `[name, label]` pairs.
pub(super) fn options<T: Serialize>(lang: Lang, prefix: &str, values: impl IntoIterator<Item = T>) -> Vec<[String; 2]> {
    values
        .into_iter()
        .map(|v| {
            let name = name_of(v);
            let text = lang.text(&format!("{prefix}_{name}"));
            [name, text]
        })
        .collect()
}

const FIELDS: [Field; 9] = [
    Field::Sdm,
    Field::Lingkungan,
    Field::Pertanian,
    Field::PerikananPeternakan,
    Field::Kerajinan,
    Field::Jasa,
    Field::Bangunan,
    Field::PenyediaanTenaga,
    Field::Lainnya,
];

/// The reports of a panti as of today, counted by status, for the overview and area
/// pages; nothing for a user who may not read them, and a hint before the head has set
/// when reporting starts.
pub fn status_summary(state: &AppState, page: &Page, panti: &Entity) -> Result<Value, AppError> {
    if !allows_report(page.user.role, page.user.entity_id, Access::Read, panti) {
        return Ok(Value::from(()));
    }
    let year = today().format("%Y").to_string();
    let Some(listing) = state.ledger.due_reports_if_set(panti.id, today())? else {
        return Ok(context! { no_settings => true, year });
    };
    let count = |status: ReportStatus| listing.reports.iter().filter(|r| r.status == status).count();
    Ok(context! {
        late => count(ReportStatus::Terlambat), due => count(ReportStatus::JatuhTempo),
        running => count(ReportStatus::Berjalan), year,
    })
}

/// The reports due and overdue, each with its status in the user's language and the
/// assessments recorded for it.
pub(crate) async fn reports(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let can_write = allows_report(page.user.role, page.user.entity_id, Access::Write, &panti);
    let base = context! {
        panti_id => panti.id, panti_name => panti.name, can_write, year => today().format("%Y").to_string(),
        summary => status_summary(&state, &page, &panti)?,
    };
    let Some(listing) = state.ledger.due_reports_if_set(panti.id, today())? else {
        return Ok(render("reports.html", page.context(context! { no_settings => true, ..base })));
    };
    let mut counts: HashMap<PeriodKey, usize> = HashMap::new();
    for assessment in state.ledger.assessments(panti.id, None)? {
        *counts.entry(assessment.period).or_default() += 1;
    }
    let rows: Vec<Value> = listing
        .reports
        .iter()
        .rev()
        .map(|r| {
            let assessed = PeriodKey::parse(&r.key).ok().and_then(|k| counts.get(&k).copied()).unwrap_or(0);
            context! {
                key => r.key, title => r.title, start => date_text(r.start), end => date_text(r.end),
                due => date_text(r.due), status => name_of(r.status), status_text => label(page.lang, "status", r.status),
                assessed,
            }
        })
        .collect();
    let stage = label(page.lang, "stage", listing.stage);
    Ok(render("reports.html", page.context(context! { rows, stage, ..base })))
}

/// The assessments of `?period=KEY`, or of every period, as recorded.
pub(crate) async fn assessments(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let period = period_param(&query)?;
    let shown: Vec<Value> =
        state.ledger.assessments(panti.id, period)?.iter().rev().map(|a| assessment_context(page.lang, a)).collect();
    Ok(render(
        "assessments.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, assessments => shown,
            period => period.map(|p| p.to_string()), period_title => period.map(PeriodKey::title),
            can_write => allows_report(page.user.role, page.user.entity_id, Access::Write, &panti),
        }),
    ))
}

fn assessment_context(lang: Lang, assessment: &Assessment) -> Value {
    let d = &assessment.details;
    let environment: Vec<Value> = environment_ratings(&d.environment)
        .iter()
        .zip(ENVIRONMENT)
        .map(|(rating, (item, _))| {
            context! {
                label => lang.text(&format!("env_{item}")), score => rating.score as u8,
                score_text => lang.text(&format!("score_{}", rating.score as u8)), notes => rating.notes,
            }
        })
        .collect();
    let conduct: Vec<Value> = [("staff", &d.conduct.staff), ("clients", &d.conduct.clients), ("families", &d.conduct.families)]
        .into_iter()
        .map(|(who, c)| context! { who => lang.text(&format!("conduct_{who}")), attitude => c.attitude, behaviour => c.behaviour, role => c.role })
        .collect();
    let groups: Vec<Value> = d
        .groups
        .iter()
        .map(|g| {
            context! {
                group => g.group, field => label(lang, "field", g.field), cooperation => g.cooperation,
                way_of_working => g.way_of_working, results => g.results, problems => g.problems, solutions => g.solutions,
            }
        })
        .collect();
    let people = |role: String, name: &str, position: &str| {
        context! { role => lang.text(&format!("role_{role}")), name => name, position => position }
    };
    let monitors: Vec<Value> = d.monitors.iter().map(|o| people(name_of(o.role), &o.name, &o.position)).collect();
    let evaluators: Vec<Value> = d.evaluators.iter().map(|o| people(name_of(o.role), &o.name, &o.position)).collect();
    context! {
        id => assessment.id, period => assessment.period.to_string(), period_title => assessment.period.title(),
        assessed_on => date_text(d.assessed_on), assessor => d.assessor.name, assessor_position => d.assessor.position,
        recorded_by => assessment.recorded_by, recorded_at => assessment.recorded_at,
        environment, conduct, groups, monitors, evaluators,
    }
}

/// The environment checklist's items in the guideline's order, each with the name of its
/// radio group (the item) and of its notes.
pub(super) const ENVIRONMENT: [(&str, &str); 8] = [
    ("gardens_and_rooms", "gardens_and_rooms_notes"),
    ("yard_and_garden", "yard_and_garden_notes"),
    ("room_cleanliness", "room_cleanliness_notes"),
    ("bathrooms_and_kitchen", "bathrooms_and_kitchen_notes"),
    ("room_harmony", "room_harmony_notes"),
    ("community_national_events", "community_national_events_notes"),
    ("community_religious_events", "community_religious_events_notes"),
    ("community_local_events", "community_local_events_notes"),
];

fn environment_ratings(e: &Environment) -> [&Rating; 8] {
    [
        &e.gardens_and_rooms,
        &e.yard_and_garden,
        &e.room_cleanliness,
        &e.bathrooms_and_kitchen,
        &e.room_harmony,
        &e.community_national_events,
        &e.community_religious_events,
        &e.community_local_events,
    ]
}

/// Attitude, behaviour and role of staff, clients and families.
pub(super) const CONDUCT: [(&str, [&str; 3]); 3] = [
    ("staff", ["staff_attitude", "staff_behaviour", "staff_role"]),
    ("clients", ["clients_attitude", "clients_behaviour", "clients_role"]),
    ("families", ["families_attitude", "families_behaviour", "families_role"]),
];

/// One group's work: name, field, cooperation, way of working, results, problems, solutions.
const GROUP: [&str; 7] = [
    "group_name",
    "group_field",
    "group_cooperation",
    "group_way_of_working",
    "group_results",
    "group_problems",
    "group_solutions",
];

/// Rows of role, name and position: three monitors and three evaluators may be named.
const MONITORS: [[&str; 3]; 3] = [
    ["monitor1_role", "monitor1_name", "monitor1_position"],
    ["monitor2_role", "monitor2_name", "monitor2_position"],
    ["monitor3_role", "monitor3_name", "monitor3_position"],
];
const EVALUATORS: [[&str; 3]; 3] = [
    ["evaluator1_role", "evaluator1_name", "evaluator1_position"],
    ["evaluator2_role", "evaluator2_name", "evaluator2_position"],
    ["evaluator3_role", "evaluator3_name", "evaluator3_position"],
];

/// Every field of the assessment form, in the order it shows them.
fn assessment_fields() -> Vec<&'static str> {
    let mut names = vec!["assessor_name", "assessor_position", "assessed_on"];
    names.extend(ENVIRONMENT.iter().flat_map(|(item, notes)| [*item, *notes]));
    names.extend(CONDUCT.iter().flat_map(|(_, aspects)| *aspects));
    names.extend(GROUP);
    names.extend(MONITORS.iter().chain(&EVALUATORS).flatten());
    names
}

/// A form as typed, every field kept whole so that an error loses nothing.
#[derive(Serialize)]
pub(super) struct Typed(pub(super) BTreeMap<&'static str, String>);

impl Typed {
    pub(super) fn of(form: &PageForm, names: &[&'static str]) -> Typed {
        Typed(names.iter().map(|name| (*name, form.field(name).to_string())).collect())
    }

    pub(super) fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    pub(super) fn all_empty(&self, names: &[&str]) -> bool {
        names.iter().all(|name| self.get(name).trim().is_empty())
    }

    /// A short text that must be given (a name, a position).
    fn text(&self, check: &mut Check, name: &'static str) -> Option<String> {
        check.field(name, "e_text", parse_text(self.get(name), "teks").ok())
    }

    /// A note that may be left empty (up to 1000 characters).
    fn note(&self, check: &mut Check, name: &'static str) -> Option<Option<String>> {
        check.field(name, "e_note", parse_note(Some(self.get(name)), "catatan").ok())
    }

    pub(super) fn required_note(&self, check: &mut Check, name: &'static str) -> Option<String> {
        check.field(name, "e_note_required", required_note(self.get(name), "catatan").ok())
    }

    /// A value of a snake_case enum picked from a list.
    fn pick<T: serde::de::DeserializeOwned>(&self, check: &mut Check, name: &'static str) -> Option<T> {
        check.field(name, "e_choose", by_name(self.get(name)))
    }

    /// The rows of officials that are filled in; a half-filled row is marked, and no row
    /// at all is marked at the first name.
    fn officials<R: serde::de::DeserializeOwned>(
        &self,
        check: &mut Check,
        rows: &[[&'static str; 3]],
    ) -> Vec<Official<R>> {
        let mut officials = Vec::new();
        let mut named = false;
        for [role, name, position] in rows.iter().copied() {
            if self.all_empty(&[role, name, position]) {
                continue;
            }
            named = true;
            let (role, name, position) = (self.pick(check, role), self.text(check, name), self.text(check, position));
            if let (Some(role), Some(name), Some(position)) = (role, name, position) {
                officials.push(Official { role, name, position });
            }
        }
        if !named {
            check.field(rows[0][1], "e_official_missing", None::<()>);
        }
        officials
    }

    fn conduct(
        &self,
        check: &mut Check,
        who: &'static str,
        [attitude, behaviour, role]: [&'static str; 3],
    ) -> Option<Conduct> {
        let (a, b, r) = (self.note(check, attitude)?, self.note(check, behaviour)?, self.note(check, role)?);
        check.field(attitude, "e_conduct", Conduct::new(who, a.as_deref(), b.as_deref(), r.as_deref()).ok())
    }

    /// The one group's work, unless every field of it is left empty.
    fn group(&self, check: &mut Check) -> Option<Vec<GroupWork>> {
        if self.all_empty(&GROUP) {
            return Some(Vec::new());
        }
        let [name, field, cooperation, way, results, problems, solutions] = GROUP;
        let group = self.text(check, name);
        let field = self.pick::<Field>(check, field);
        let cooperation = self.required_note(check, cooperation);
        let way = self.required_note(check, way);
        let results = self.required_note(check, results);
        let problems = self.note(check, problems);
        let solutions = self.note(check, solutions);
        let work = GroupWork::new(
            &group?,
            field?,
            None,
            &cooperation?,
            &way?,
            &results?,
            problems?.as_deref(),
            solutions?.as_deref(),
        );
        check.field(name, "e_text", work.ok()).map(|work| vec![work])
    }

    /// Parses every field of the assessment form, naming every bad one.
    fn assessment(&self, lang: Lang) -> Result<AssessmentDetails, FieldErrors> {
        let mut check = Check::new(lang);
        let assessor = (self.text(&mut check, "assessor_name"), self.text(&mut check, "assessor_position"));
        let assessed_on = check.date("assessed_on", self.get("assessed_on"));
        let ratings: Vec<Option<Rating>> = ENVIRONMENT
            .iter()
            .map(|(item, notes)| {
                let score = self.get(item).parse().ok().and_then(|s| Score::parse(s).ok());
                let score = check.field(item, "e_score", score);
                let notes = self.note(&mut check, notes);
                Some(Rating { score: score?, notes: notes? })
            })
            .collect();
        let who = ["petugas", "klien", "keluarga penghuni"];
        let conducts: Vec<Option<Conduct>> =
            CONDUCT.iter().zip(who).map(|((_, names), who)| self.conduct(&mut check, who, *names)).collect();
        let groups = self.group(&mut check);
        let monitors = self.officials(&mut check, &MONITORS);
        let evaluators = self.officials(&mut check, &EVALUATORS);
        let details = (|| {
            let mut ratings = ratings.into_iter().collect::<Option<Vec<Rating>>>()?.into_iter();
            let mut rating = || ratings.next().expect("eight ratings");
            let mut conducts = conducts.into_iter().collect::<Option<Vec<Conduct>>>()?.into_iter();
            let mut conduct = || conducts.next().expect("three conducts");
            let (name, position) = (assessor.0?, assessor.1?);
            Some(AssessmentDetails {
                assessed_on: assessed_on?,
                assessor: Person { name, position },
                environment: Environment {
                    gardens_and_rooms: rating(),
                    yard_and_garden: rating(),
                    room_cleanliness: rating(),
                    bathrooms_and_kitchen: rating(),
                    room_harmony: rating(),
                    community_national_events: rating(),
                    community_religious_events: rating(),
                    community_local_events: rating(),
                },
                conduct: Conducts { staff: conduct(), clients: conduct(), families: conduct() },
                groups: groups?,
                monitors,
                evaluators,
            })
        })();
        match details {
            Some(details) if check.errors.is_empty() => Ok(details),
            _ => Err(check.errors),
        }
    }
}

fn period_of(query: &HashMap<String, String>) -> Result<PeriodKey, AppError> {
    period_param(query)?.ok_or_else(|| refused(ReportError::InvalidPeriod(String::new())))
}

pub(crate) async fn new_assessment(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Write)?;
    let period = period_of(&query)?;
    let mut fields = Typed(assessment_fields().into_iter().map(|name| (name, String::new())).collect());
    fields.0.insert("assessed_on", today().to_string());
    fields.0.insert("monitor1_role", "kepala_panti".into());
    fields.0.insert("evaluator1_role", "kepala_panti".into());
    fields.0.insert("form_key", new_form_key());
    Ok(assessment_form(&page, &panti, period, &fields, FieldErrors::new(), None, StatusCode::OK))
}

fn assessment_form(
    page: &Page,
    panti: &Entity,
    period: PeriodKey,
    fields: &Typed,
    errors: FieldErrors,
    form_error: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = page.lang;
    let environment: Vec<Value> = ENVIRONMENT
        .iter()
        .map(|(item, notes)| context! { name => item, notes => notes, label => lang.text(&format!("env_{item}")) })
        .collect();
    let conduct: Vec<Value> = CONDUCT
        .iter()
        .map(|(who, names)| context! { label => lang.text(&format!("conduct_{who}")), names => names })
        .collect();
    let scores: Vec<[String; 2]> = [Score::Kurang, Score::Cukup, Score::Baik, Score::SangatBaik]
        .map(|s| [(s as u8).to_string(), lang.text(&format!("score_{}", s as u8))])
        .into();
    use crate::domain::report::assessment::{EvaluatorRole as E, MonitorRole as M};
    let monitor_roles = options(lang, "role", [M::KepalaPanti, M::PejabatFungsional, M::PejabatStruktural]);
    let evaluator_roles = options(
        lang,
        "role",
        [
            E::KepalaPanti,
            E::PejabatFungsional,
            E::PejabatStruktural,
            E::KetuaKoperasi,
            E::KetuaProgramNonKoperasi,
            E::Petugas,
        ],
    );
    let html = render(
        "assessment_form.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, period => period.to_string(), period_title => period.title(),
            fields, first_error => first_error(&assessment_fields(), &errors), errors, form_error,
            environment, conduct, scores, group => GROUP, field_options => options(lang, "field", FIELDS),
            monitors => MONITORS, evaluators => EVALUATORS, monitor_roles, evaluator_roles,
        }),
    );
    (status, html).into_response()
}

pub(crate) async fn save_assessment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = allowed_panti(&state, &page.user, &id, Access::Write)?;
    let period = period_of(&query)?;
    let mut fields = Typed::of(&form, &assessment_fields());
    fields.0.insert("form_key", form_key(&form)?);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let details = match fields.assessment(page.lang) {
        Ok(details) => details,
        Err(errors) => return Ok(assessment_form(page, &panti, period, &fields, errors, None, refused)),
    };
    // The form key stores the assessment once: a double click or a resend lands on it.
    let once = form::idempotency(
        "assessment",
        fields.get("form_key"),
        &serde_json::json!([panti.id, period.to_string(), fields]),
    );
    match state.ledger.add_assessment(panti.id, period, details, Some(once), page.user.username.as_str()).await {
        Ok(saved) => {
            Ok(see_other(&format!("/entities/{}/assessments?period={period}#assessment-{}", panti.id, saved.id)))
        }
        Err(error) => {
            let (field, message) = form::refusal(error, page.lang, |e| match e {
                ServiceError::Report(ReportError::AssessedBeforePeriod { .. }) => Some("assessed_on"),
                _ => None,
            })?;
            if field.is_none() {
                // Whatever went wrong, what is typed next is a new request.
                fields.0.insert("form_key", new_form_key());
            }
            let errors: FieldErrors = field.map(|f| (f, message.clone())).into_iter().collect();
            Ok(assessment_form(page, &panti, period, &fields, errors, field.is_none().then_some(message), refused))
        }
    }
}

/// The activity form: what it does, who carries it out, and up to three needs; the
/// places its refusals are named at are the command's.
const ACTIVITY: [&str; 4] = ["field", "kube", "name", "group"];

fn activity_fields() -> Vec<&'static str> {
    let mut names = ACTIVITY.to_vec();
    names.extend(RESPONSIBLE.iter().flatten());
    names.extend(NEEDS.iter().flatten());
    names.push("based_on");
    names
}

impl Typed {
    /// The needs typed, moved up over the rows left empty: a refusal is named by the
    /// need's place in the list, which is then its row.
    fn needs_in_order(&mut self) {
        let filled: Vec<[String; 4]> = NEEDS
            .iter()
            .filter(|names| !self.all_empty(names.as_slice()))
            .map(|names| names.map(|name| self.get(name).to_string()))
            .collect();
        for (index, names) in NEEDS.iter().enumerate() {
            for (column, name) in names.iter().enumerate() {
                self.0.insert(name, filled.get(index).map_or_else(String::new, |row| row[column].clone()));
            }
        }
    }

    /// The activity form as one activity of the plan's input; the first person always,
    /// the second and each need when any of it is typed.
    fn activity_input(&self) -> serde_json::Value {
        let persons: Vec<serde_json::Value> = RESPONSIBLE
            .iter()
            .enumerate()
            .filter(|(index, names)| *index == 0 || !self.all_empty(names.as_slice()))
            .map(|(_, [name, position])| serde_json::json!({ "name": self.get(name), "position": self.get(position) }))
            .collect();
        let needs: Vec<serde_json::Value> = NEEDS
            .iter()
            .filter(|names| !self.all_empty(names.as_slice()))
            .map(|[kind, item, funding, amount]| {
                serde_json::json!({
                    "kind": self.get(kind), "item": self.get(item),
                    "funding_source": self.get(funding), "amount": self.get(amount),
                })
            })
            .collect();
        serde_json::json!({
            "field": self.get("field"), "kube_id": self.get("kube"), "name": self.get("name"),
            "group": self.get("group"), "responsible": persons, "needs": needs,
        })
    }
}

/// The year's latest plan with its budget, and for the head a form that adds an activity.
pub(crate) async fn plan(
    State(state): State<AppState>,
    page: Page,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let panti = allowed_panti(&state, &page.user, &id, Access::Read)?;
    let year = year_of(&year)?;
    let latest = state.ledger.plan_versions(panti.id, year)?.pop();
    let mut fields = Typed(activity_fields().into_iter().map(|name| (name, String::new())).collect());
    fields.0.insert("based_on", latest.as_ref().map_or(0, |p| p.version).to_string());
    plan_page(&state, &page, &panti, year, latest, &fields, FieldErrors::new(), None, StatusCode::OK)
}

#[allow(clippy::too_many_arguments)]
fn plan_page(
    state: &AppState,
    page: &Page,
    panti: &Entity,
    year: i32,
    latest: Option<Plan>,
    fields: &Typed,
    errors: FieldErrors,
    form_error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = page.lang;
    let groups = own_groups(state, panti)?;
    let group_name = |id: EntityId| groups.iter().find(|g| g.id == id).map_or(id.to_string(), |g| g.name.clone());
    let shown = latest.map(|plan| {
        let activities: Vec<Value> = plan
            .activities
            .iter()
            .map(|a| {
                let needs: Vec<Value> = a
                    .needs
                    .iter()
                    .map(|n| {
                        context! {
                            kind => label(lang, "need", n.kind), item => n.item,
                            funding => label(lang, "funding", n.funding_source), amount => rupiah(n.amount.decimal()),
                        }
                    })
                    .collect();
                let responsible: Vec<String> =
                    a.responsible.iter().map(|p| format!("{} ({})", p.name, p.position)).collect();
                context! {
                    name => a.name, field => label(lang, "field", a.field), kube => a.kube_id.map(group_name),
                    group => a.group, responsible => responsible.join(", "), needs,
                }
            })
            .collect();
        let budget = plan.budget();
        let sums = |rows: Vec<(String, rust_decimal::Decimal)>| -> Vec<Value> {
            rows.into_iter().map(|(name, amount)| context! { name, amount => rupiah(amount) }).collect()
        };
        context! {
            version => plan.version, recorded_by => plan.recorded_by, recorded_at => plan.recorded_at, activities,
            total => rupiah(budget.total),
            by_source => sums(budget.by_funding_source.iter().map(|(s, a)| (label(lang, "funding", s), *a)).collect()),
            by_field => sums(budget.by_field.iter().map(|(f, a)| (label(lang, "field", f), *a)).collect()),
            by_kube => sums(budget.by_kube.iter().map(|(k, a)| (group_name(*k), *a)).collect()),
        }
    });
    let kubes: Vec<[String; 2]> = groups.iter().map(|g| [g.id.to_string(), g.name.clone()]).collect();
    let need_kinds =
        options(lang, "need", [NeedKind::Peralatan, NeedKind::Bibit, NeedKind::BahanBaku, NeedKind::Biaya]);
    use FundingSource as S;
    let funding = options(
        lang,
        "funding",
        [
            S::DipaPanti,
            S::Kemensos,
            S::DinasSosial,
            S::Pemda,
            S::Csr,
            S::LabaUsaha,
            S::Swadaya,
            S::PinjamanBank,
            S::Lainnya,
        ],
    );
    let html = render(
        "plan.html",
        page.context(context! {
            panti_id => panti.id, panti_name => panti.name, year, plan => shown,
            can_write => allows_report(page.user.role, page.user.entity_id, Access::Write, panti),
            fields, first_error => first_error(&activity_fields(), &errors), errors, form_error,
            field_options => options(lang, "field", FIELDS), kubes, need_kinds, funding, needs => NEEDS,
        }),
    );
    Ok((status, html).into_response())
}

fn own_groups(state: &AppState, panti: &Entity) -> Result<Vec<Entity>, AppError> {
    Ok(state.ledger.entities()?.into_iter().filter(|e| e.parent_id == Some(panti.id)).collect())
}

/// Adds one activity to the plan as its next version. The form names the version it was
/// shown with and the writer refuses the plan when that is no longer the latest: a resend
/// of the activity just added then lands on the plan once more, and a plan changed
/// meanwhile by someone else is shown again rather than overwritten.
pub(crate) async fn add_activity(
    State(state): State<AppState>,
    Path((id, year)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let panti = allowed_panti(&state, &page.user, &id, Access::Write)?;
    let year = year_of(&year)?;
    let mut fields = Typed::of(&form, &activity_fields());
    fields.needs_in_order();
    let latest = state.ledger.plan_versions(panti.id, year)?.pop();
    // A form without a version was not shown with any plan: as if shown with none.
    let based_on = fields.get("based_on").parse::<u32>().unwrap_or(0);
    let stored = serde_json::to_value(latest.as_ref().map_or(&Vec::new(), |p| &p.activities)).expect("serialises");
    let mut input: PlanInput = input(serde_json::json!({ "year": year.to_string(), "activities": stored }))?;
    input.based_on = Some(based_on);
    input.activities.push(written_input::<ActivityInput>(fields.activity_input())?);
    let added = input.clone();
    let plan_url = format!("/entities/{}/plans/{year}", panti.id);
    let actor = crate::usecase::Actor::new(page.user.clone());
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    match state.ledger.change::<PutPlan>(&actor, panti.id, input, None).await {
        Err(ServiceError::Report(ReportError::PlanChanged { .. })) => {
            let latest = state.ledger.plan_versions(panti.id, year)?.pop();
            let version = latest.as_ref().map_or(0, |p| p.version);
            let activity = PutPlan::parse(added).ok().and_then(|plan| plan.activities().last().cloned());
            if version.checked_sub(1) == Some(based_on)
                && latest.as_ref().and_then(|p| p.activities.last()) == activity.as_ref()
            {
                return Ok(see_other(&plan_url));
            }
            fields.0.insert("based_on", version.to_string());
            let message = Some(page.lang.text("e_plan_changed"));
            plan_page(&state, page, &panti, year, latest, &fields, FieldErrors::new(), message, refused)
        }
        answer => match form::settle(answer, page.lang, super::books::Shown::fresh(fields.0), PutPlan::place)? {
            Ok(_) => Ok(see_other(&plan_url)),
            Err(shown) => {
                let fields = Typed(shown.fields);
                plan_page(&state, page, &panti, year, latest, &fields, shown.errors, shown.form_error, refused)
            }
        },
    }
}
