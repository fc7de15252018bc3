//! What every page form shares: field errors in the user's language, the one-time form
//! key that is the idempotency key of a post that moves money, and where a refused post
//! says what is wrong.

use super::super::error::AppError;
use super::session::PageForm;
use super::text::Lang;
use crate::messages::message;
use crate::service::{random_token, sha256, Idempotency, ServiceError};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Field name → what is wrong with it, in the user's language.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// Collects every bad field of a form while it is parsed.
pub struct Check {
    lang: Lang,
    pub errors: FieldErrors,
}

impl Check {
    pub fn new(lang: Lang) -> Check {
        Check { lang, errors: FieldErrors::new() }
    }

    /// `value`, or the field marked with the text under `key` when there is none.
    pub fn field<T>(&mut self, field: &'static str, key: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.errors.entry(field).or_insert_with(|| self.lang.text(key));
        }
        value
    }

    /// A book date; one outside the books' range is named with the range.
    pub fn date(&mut self, field: &'static str, text: &str) -> Option<NaiveDate> {
        use crate::domain::book_date::BookDate;
        match BookDate::parse(text.trim()) {
            Ok(date) => Some(date.date()),
            Err(problem @ crate::domain::problem::Problem::DateOutOfRange { .. }) => {
                let lang = self.lang;
                self.errors.entry(field).or_insert_with(|| crate::messages::problem_text(lang, &problem));
                None
            }
            Err(_) => self.field(field, "e_date", None),
        }
    }
}

/// The first field of `order` that has an error: it gets the focus.
pub fn first_error(order: &[&'static str], errors: &FieldErrors) -> Option<&'static str> {
    order.iter().copied().find(|f| errors.contains_key(f))
}

/// A fresh key for a form that posts money: made once per form shown.
/// 64 hex digits: the time in milliseconds, then random. Made in time order, the keys of
/// posted forms are stored next to each other (see `Idempotency`).
pub fn new_form_key() -> String {
    let millis = chrono::Utc::now().timestamp_millis().max(0) as u64;
    format!("{millis:016x}{}", &random_token()[16..])
}

/// The form key as sent; a form without a well-formed one was not made by these pages.
pub fn form_key(form: &PageForm) -> Result<String, AppError> {
    checked_form_key(form.field("form_key")).map(str::to_string)
}

pub fn checked_form_key(key: &str) -> Result<&str, AppError> {
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::InvalidBody("kunci formulir (form_key) tidak sah; buka formulir baru".into()));
    }
    Ok(key)
}

/// The form key as the idempotency key of a post from page `route`, bound to what the
/// form asked for: a double click, a reload or a resent form stores once.
pub fn idempotency(route: &str, key: &str, asked: &serde_json::Value) -> Idempotency {
    Idempotency { key: format!("page-{route}/{key}").into_bytes(), body_hash: sha256(asked.to_string().as_bytes()) }
}

/// Where on a form a refused post says what is wrong: the field `place` names for it, or
/// the whole form. Faults of the machine are not the user's to fix: an error page.
pub fn refusal(
    error: ServiceError,
    lang: Lang,
    place: impl FnOnce(&ServiceError) -> Option<&'static str>,
) -> Result<(Option<&'static str>, String), AppError> {
    Ok(match error {
        ServiceError::IdempotencyConflict => (None, lang.text("e_form_used")),
        ServiceError::Storage(_) | ServiceError::WriterStopped => return Err(error.into()),
        other => (place(&other), not_saved(lang, &other)),
    })
}

/// A service's refusal of a simple page form: each problem at the one of `fields` it
/// names, the rest over the form as "not saved: …"; faults of the machine an error page.
pub fn placed(
    lang: Lang,
    error: ServiceError,
    fields: &[&'static str],
) -> Result<(FieldErrors, Option<String>), AppError> {
    let mut errors = FieldErrors::new();
    let mut whole = Vec::new();
    match error {
        ServiceError::Refused(problems) => {
            for (field, problem) in problems.iter() {
                let text = crate::messages::problem_text(lang, problem);
                match field.and_then(|f| fields.iter().find(|name| **name == f)) {
                    Some(name) => {
                        errors.insert(name, text);
                    }
                    None => whole.push(message(lang, "e_not_saved", &[("reason", text.into())])),
                }
            }
        }
        other => whole.push(refusal(other, lang, |_| None)?.1),
    }
    Ok((errors, (!whole.is_empty()).then(|| whole.join("; "))))
}

/// Whether a post may or may not have been stored (the disk failed as it was synced).
pub fn outcome_unknown(error: &ServiceError) -> bool {
    matches!(error, ServiceError::Storage(crate::store::StoreError::OutcomeUnknown(_)))
}

/// A refusal in the service's words, under "not saved".
pub fn not_saved(lang: Lang, error: &ServiceError) -> String {
    message(lang, "e_not_saved", &[("reason", crate::messages::refusal_text(lang, error).into())])
}

/// A date refused because its period is closed belongs at the date field.
pub fn is_locked_date(error: &ServiceError) -> bool {
    let errors = match error {
        ServiceError::Entry(errors) => errors,
        ServiceError::Member(crate::domain::member::MemberError::Entry(errors)) => errors,
        ServiceError::Sales(crate::domain::sales::SalesError::Entry(errors)) => errors,
        ServiceError::Trade(crate::domain::trade::TradeError::Entry(errors)) => errors,
        _ => return false,
    };
    errors.0.iter().any(|e| matches!(e, crate::domain::entry::EntryError::PeriodLocked { .. }))
}

/// The page-form door: runs `C` with the form as typed (its fields, as the command's
/// input) under the form's one-time key, so a double click or a resent form stores once;
/// `PageForm` checked the CSRF token. A refusal comes back in `shown`, each problem at its
/// field, the rest over the form with a fresh key. Faults of the machine become an error page.
pub async fn run<C: crate::usecase::Command>(
    state: &super::super::AppState,
    page: &super::session::Page,
    entity: crate::domain::entity::EntityId,
    shown: super::books::Shown,
) -> Result<Result<crate::service::Posted, super::books::Shown>, AppError> {
    let typed = serde_json::to_value(&shown.fields).expect("fields serialise");
    run_as::<C>(state, page, entity, shown, typed).await
}

/// The page-form door for a form whose fields are not the input's shape one to one (a
/// sale's product is its one line): `typed` is the input the page built from them.
pub async fn run_as<C: crate::usecase::Command>(
    state: &super::super::AppState,
    page: &super::session::Page,
    entity: crate::domain::entity::EntityId,
    shown: super::books::Shown,
    typed: serde_json::Value,
) -> Result<Result<crate::service::Posted, super::books::Shown>, AppError> {
    let once = idempotency(C::NAME, &shown.form_key, &serde_json::json!([entity, typed]));
    let actor = crate::usecase::Actor::new(page.user.clone());
    let input = crate::service::import::written_input::<C::Input>(typed)?;
    let answer = state.ledger.execute::<C>(&actor, entity, input, Some(once)).await;
    settle(answer, page.lang, shown, C::place)
}

/// The page-form door of a change to the chart of accounts (`ChartCommand`): the form as
/// the command's input; a refusal comes back in `shown` like a posting's.
pub async fn run_chart<C: crate::usecase::ChartCommand>(
    state: &super::super::AppState,
    page: &super::session::Page,
    entity: crate::domain::entity::EntityId,
    shown: super::books::Shown,
) -> Result<Result<crate::service::AccountBalance, super::books::Shown>, AppError> {
    let (actor, input) = typed::<C::Input>(page, &shown)?;
    settle(state.ledger.change_chart::<C>(&actor, entity, input).await, page.lang, shown, |_| None)
}

/// The page-form door of a change to a register (`RegisterCommand`): the form as the
/// command's input under the form's one-time key, so a double click changes once and
/// answers the first change; a refusal comes back in `shown` like a posting's.
pub async fn run_register<C: crate::usecase::RegisterCommand>(
    state: &super::super::AppState,
    page: &super::session::Page,
    entity: crate::domain::entity::EntityId,
    shown: super::books::Shown,
) -> Result<Result<C::Outcome, super::books::Shown>, AppError> {
    let (_, input) = typed::<C::Input>(page, &shown)?;
    run_register_with::<C>(state, page, entity, shown, input).await
}

/// Like [`run_register`], for a form whose fields are not the input's shape one to one
/// (the SHU policy's rows become a list of shares): `input` built from `shown`.
pub async fn run_register_with<C: crate::usecase::RegisterCommand>(
    state: &super::super::AppState,
    page: &super::session::Page,
    entity: crate::domain::entity::EntityId,
    shown: super::books::Shown,
    input: C::Input,
) -> Result<Result<C::Outcome, super::books::Shown>, AppError> {
    let actor = crate::usecase::Actor::new(page.user.clone());
    let asked = serde_json::json!([entity, serde_json::to_value(&input).expect("an input serialises")]);
    let once = idempotency(C::NAME, &shown.form_key, &asked);
    settle(state.ledger.change::<C>(&actor, entity, input, Some(once)).await, page.lang, shown, C::place)
}

/// The page's user as the actor, and the form as typed as a command's input.
fn typed<I: serde::de::DeserializeOwned>(
    page: &super::session::Page,
    shown: &super::books::Shown,
) -> Result<(crate::usecase::Actor, I), AppError> {
    let typed = serde_json::to_value(&shown.fields).expect("fields serialise");
    Ok((crate::usecase::Actor::new(page.user.clone()), crate::service::import::written_input::<I>(typed)?))
}

/// A command's answer as a form door gives it: the outcome, or the form with each
/// problem at its field (a refusal of another kind where `place` puts it, a closed
/// period's at the date) and the rest over the form with a fresh key.
pub(super) fn settle<T>(
    answer: Result<T, ServiceError>,
    lang: Lang,
    mut shown: super::books::Shown,
    place: fn(&ServiceError) -> Option<&'static str>,
) -> Result<Result<T, super::books::Shown>, AppError> {
    let error = match answer {
        Ok(done) => return Ok(Ok(done)),
        Err(ServiceError::Forbidden) => return Err(AppError::Forbidden),
        Err(ServiceError::Refused(problems)) => problems,
        Err(other) => {
            let at = |error: &ServiceError| place(error).or_else(|| is_locked_date(error).then_some("date"));
            return shown.refused(other, lang, at).map(Err);
        }
    };
    let mut whole = Vec::new();
    for (field, problem) in error.iter() {
        let text = crate::messages::problem_text(lang, problem);
        match field.and_then(|f| shown.fields.keys().find(|known| **known == f)) {
            Some(field) => {
                shown.errors.entry(field).or_insert(text);
            }
            None => whole.push(text),
        }
    }
    if !whole.is_empty() {
        shown.form_error = Some(message(lang, "e_not_saved", &[("reason", whole.join("; ").into())]));
        shown.form_key = new_form_key();
    }
    Ok(Err(shown))
}
