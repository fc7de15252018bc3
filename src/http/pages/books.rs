//! The treasurer's other pages: purchases, savings deposits and withdrawals, the journal
//! with reversal, the cash book of a day with the cash count (kas opname), and CSV upload.
//! Every form that moves money carries a one-time form key (its idempotency key) and
//! answers a stored post with a redirect to what it stored (post/redirect/get).

use super::super::api::{authorize, date_param, parse_id, today};
use super::super::error::AppError;
use super::super::AppState;
use super::form::{self, first_error, form_key, is_locked_date, new_form_key, Check, FieldErrors};
use super::session::{see_other, Page, PageForm};
use super::text::Lang;
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::entry::Memo;
use crate::domain::user::{allows, Access};
use crate::service::{Posted, ServiceError};
use crate::usecase::cash::count_cash::CountCash;
use crate::usecase::members::record_savings::RecordSavings;
use crate::usecase::trade::record_purchase::RecordPurchase;
use crate::usecase::{Actor, Command};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::{BTreeMap, HashMap};

/// Entries shown on the journal page, newest first.
const JOURNAL_ENTRIES_MAX: u64 = 50;

/// A form as typed, by field name: kept whole so that an error loses nothing.
pub(super) type Fields = BTreeMap<&'static str, String>;

/// One kind of form: its template and its fields in the order shown (the first field
/// in error gets the focus).
pub(super) struct FormKind {
    pub template: &'static str,
    pub fields: &'static [&'static str],
}

const PURCHASE: FormKind = FormKind {
    template: "purchase_form.html",
    fields: &["supplier", "product", "description", "expense_account", "quantity", "unit_cost", "payment", "date"],
};
const SAVINGS: FormKind = FormKind {
    template: "savings_form.html",
    fields: &["member_id", "kind", "direction", "amount", "periods", "date"],
};
const REVERSAL: FormKind = FormKind { template: "entry.html", fields: &["reason", "date"] };
const CASH_COUNT: FormKind = FormKind { template: "cash_book.html", fields: &["counted", "reason", "date"] };

pub(super) fn typed(form: &PageForm, kind: &FormKind) -> Fields {
    kind.fields.iter().map(|name| (*name, form.field(name).trim().to_string())).collect()
}

/// An empty form of `kind` dated today, with `defaults` filled in.
pub(super) fn fresh(kind: &FormKind, defaults: &[(&'static str, &str)]) -> Fields {
    let mut fields: Fields = kind.fields.iter().map(|name| (*name, String::new())).collect();
    fields.insert("date", today().to_string());
    fields.extend(defaults.iter().map(|(name, value)| (*name, value.to_string())));
    fields
}

/// What a form shows: the fields as typed, what is wrong, and its one-time key.
pub(super) struct Shown {
    pub fields: Fields,
    pub errors: FieldErrors,
    pub form_error: Option<String>,
    pub form_key: String,
    /// The last post's outcome is unknown: the form keeps its key and offers to send again.
    pub resend: bool,
}

impl Shown {
    pub fn fresh(fields: Fields) -> Shown {
        Shown { fields, errors: FieldErrors::new(), form_error: None, form_key: new_form_key(), resend: false }
    }

    /// A posted form as typed, under the key it was shown with.
    pub fn posted(form: &PageForm, kind: &FormKind) -> Result<Shown, AppError> {
        let fields = typed(form, kind);
        let form_key = form_key(form)?;
        Ok(Shown { fields, errors: FieldErrors::new(), form_error: None, form_key, resend: false })
    }

    /// The idempotency of this form's post: its key, bound to the entity and to
    /// everything typed.
    pub fn once(&self, route: &str, entity: &Entity) -> crate::service::Idempotency {
        form::idempotency(route, &self.form_key, &serde_json::json!([entity.id, self.fields]))
    }

    /// The context a form template reads, `extra` merged in.
    pub fn context(&self, page: &Page, kind: &FormKind, entity: &Entity, extra: Value) -> Value {
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id,
            can_write => allows(page.user.role, page.user.entity_id, Access::Write, entity),
            ..minijinja::value::merge_maps([self.form_context(kind), extra])
        })
    }

    /// What the form itself shows: the fields as typed, their errors, the first in error,
    /// and the key a post sends (for a form of no entity, such as a user's).
    pub fn form_context(&self, kind: &FormKind) -> Value {
        context! {
            fields => self.fields, errors => self.errors, form_error => self.form_error,
            first_error => first_error(kind.fields, &self.errors), form_key => self.form_key, resend => self.resend,
        }
    }

    /// After the service refused the post: the error at its field, or over the whole form
    /// with a fresh key (whatever went wrong, what is typed next is a new request). A post
    /// whose outcome is unknown keeps its key instead, so sending it again stores it once.
    pub fn refused(
        mut self,
        error: ServiceError,
        lang: Lang,
        place: impl FnOnce(&ServiceError) -> Option<&'static str>,
    ) -> Result<Shown, AppError> {
        if form::outcome_unknown(&error) {
            // Sent again under the same key, it is found stored or stored once.
            self.form_error = Some(lang.text("storage-outcome_unknown_page"));
            self.resend = true;
            return Ok(self);
        }
        let (field, message) = form::refusal(error, lang, place)?;
        match field {
            Some(field) => {
                self.errors.insert(field, message);
            }
            None => {
                self.form_error = Some(message);
                self.form_key = new_form_key();
            }
        }
        Ok(self)
    }
}

pub(super) fn refused(page: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// Where a stored post sends the browser: the entry it stored.
pub(super) fn saved(entity: &Entity, posted: &Posted) -> Response {
    see_other(&format!("/entities/{}/entries/{}?saved=1", entity.id, posted.entries[0].seq))
}

// Purchases (pembelian).

/// The form's one line as the purchase's input.
fn purchase_input(fields: &Fields) -> serde_json::Value {
    serde_json::json!({
        "date": fields["date"], "supplier": fields["supplier"], "payment": fields["payment"],
        "lines": [{
            "product_id": fields["product"], "description": fields["description"],
            "expense_account": fields["expense_account"], "quantity": fields["quantity"], "unit_cost": fields["unit_cost"],
        }],
    })
}

fn purchase_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let products: Vec<Value> = state
        .ledger
        .products(entity.id)?
        .into_iter()
        .filter(|p| p.product.stock_account().is_some())
        .map(|p| context! { id => p.product.id.to_string(), name => p.product.name, unit => p.product.unit })
        .collect();
    Ok(render(PURCHASE.template, shown.context(page, &PURCHASE, entity, context! { products })))
}

/// The entity the page's user may buy for, as the command's access rule says.
fn buyer(state: &AppState, page: &Page, id: &str) -> Result<Entity, AppError> {
    let id = parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(page.user.clone()), id, RecordPurchase::ACCESS)?)
}

pub(crate) async fn new_purchase(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = buyer(&state, &page, &id)?;
    let shown = Shown::fresh(fresh(&PURCHASE, &[("quantity", "1"), ("payment", "cash")]));
    Ok(purchase_page(&state, &page, &entity, &shown)?.into_response())
}

pub(crate) async fn save_purchase(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = buyer(&state, page, &id)?;
    let shown = Shown::posted(&form, &PURCHASE)?;
    let typed = purchase_input(&shown.fields);
    match form::run_as::<RecordPurchase>(&state, page, entity.id, shown, typed).await? {
        Ok(posted) => Ok(saved(&entity, &posted)),
        Err(shown) => Ok(refused(purchase_page(&state, page, &entity, &shown)?)),
    }
}

// Savings (simpanan pokok, wajib, sukarela).

fn savings_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let members: Vec<Value> = state
        .ledger
        .members(entity.id)?
        .into_iter()
        .filter(|m| m.exited_on.is_none())
        .map(|m| context! { id => m.id.to_string(), number => m.number.as_str(), name => m.name })
        .collect();
    let terms = state.ledger.terms_on(entity.id, today())?;
    let terms = terms.map(|t| context! { pokok => rupiah(t.pokok.decimal()), wajib => rupiah(t.wajib.decimal()) });
    Ok(render(SAVINGS.template, shown.context(page, &SAVINGS, entity, context! { members, terms })))
}

pub(crate) async fn new_savings(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let member = query.get("member").map_or("", String::as_str);
    let fields = fresh(&SAVINGS, &[("member_id", member), ("kind", "wajib"), ("direction", "deposit")]);
    Ok(savings_page(&state, &page, &entity, &Shown::fresh(fields))?.into_response())
}

pub(crate) async fn save_savings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    match super::form::run::<RecordSavings>(&state, page, entity.id, Shown::posted(&form, &SAVINGS)?).await? {
        Ok(posted) => Ok(saved(&entity, &posted)),
        Err(shown) => Ok(refused(savings_page(&state, page, &entity, &shown)?)),
    }
}

// The journal, one entry, and its reversal (pembalikan).

pub(crate) async fn journal(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    use crate::domain::tag::EntryKind;
    use crate::service::journal::JournalFilter;
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let typed = |name: &str| query.get(name).map(|text| text.trim()).unwrap_or_default();
    let mut check = Check::new(page.lang);
    let mut date = |field: &'static str| (!typed(field).is_empty()).then(|| check.date(field, typed(field))).flatten();
    let (from, to) = (date("from"), date("to"));
    let kind = EntryKind::parse(typed("kind"));
    let page_number = typed("page").parse::<u64>().ok().filter(|n| *n >= 1).unwrap_or(1);
    let filter = JournalFilter { from, to, kind, page: page_number };
    let listed = state.ledger.journal(entity.id, &filter, JOURNAL_ENTRIES_MAX)?;
    let entries: Vec<Value> = listed
        .rows
        .iter()
        .map(|row| {
            let posted = &row.posted;
            context! {
                seq => posted.seq, date => posted.entry.date().format("%d-%m-%Y").to_string(),
                memo => posted.entry.memo().as_str(), kind => page.lang.text(&format!("entry-kind-{}", row.kind.code())),
                total => rupiah(row.amount), reversed_by => row.reversed_by, reverses => posted.reverses,
            }
        })
        .collect();
    // The same filter on the next or the previous page.
    let link = |number: u64| {
        let mut query = format!("page={number}");
        for (name, value) in [("from", from.map(|d| d.to_string())), ("to", to.map(|d| d.to_string()))] {
            query.extend(value.map(|value| format!("&{name}={value}")));
        }
        query.extend(kind.map(|kind| format!("&kind={}", kind.code())));
        format!("/entities/{}/entries?{query}", entity.id)
    };
    let kind_options: Vec<[String; 2]> = EntryKind::ALL
        .iter()
        .map(|k| [k.code().to_string(), page.lang.text(&format!("entry-kind-{}", k.code()))])
        .collect();
    let can_write = allows(page.user.role, page.user.entity_id, Access::Write, &entity);
    let refused_filter = !check.errors.is_empty();
    let errors = check.errors;
    let html = render(
        "journal.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, entries, can_write, kind_options, errors,
            from => typed("from"), to => typed("to"), kind => kind.map(|k| k.code()), page_number,
            older => listed.more.then(|| link(page_number + 1)),
            newer => (page_number > 1).then(|| link(page_number - 1)),
            filtered => filter.from.is_some() || filter.to.is_some() || filter.kind.is_some(),
        }),
    );
    Ok(if refused_filter { refused(html) } else { html.into_response() })
}

fn entry_view(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    seq: u64,
    shown: &Shown,
) -> Result<Html<String>, AppError> {
    let posted = state.ledger.entry(entity.id, seq)?;
    let chart = state.ledger.chart(entity.id)?;
    let lines: Vec<Value> = posted
        .entry
        .lines()
        .iter()
        .map(|line| {
            let amount = rupiah(line.amount.decimal());
            let debit = line.side == crate::domain::account::Side::Debit;
            context! {
                account => line.account.as_str(), name => chart.get(&line.account).map(|a| a.name.clone()),
                debit => debit.then(|| amount.clone()), credit => (!debit).then_some(amount),
            }
        })
        .collect();
    let reversed_by = state.ledger.reversed_by(entity.id, seq)?;
    let is_sale = state.ledger.sale(entity.id, seq).is_ok();
    let extra = context! {
        seq, date => posted.entry.date().format("%d-%m-%Y").to_string(), memo => posted.entry.memo().as_str(),
        lines, total => rupiah(posted.entry.total()), recorded_by => posted.recorded_by,
        reverses => posted.reverses, reversed_by, is_sale,
        can_reverse => allows(page.user.role, page.user.entity_id, Access::Write, entity)
            && reversed_by.is_none() && posted.reverses.is_none(),
        saved => page.path.contains("saved=1"),
    };
    Ok(render(REVERSAL.template, shown.context(page, &REVERSAL, entity, extra)))
}

pub(crate) async fn entry_page(
    State(state): State<AppState>,
    page: Page,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let seq = parse_id(&seq, "jurnal")?;
    entry_view(&state, &page, &entity, seq, &Shown::fresh(fresh(&REVERSAL, &[])))
}

/// Reverses an entry with the reason in its memo; the reversal's page answers.
pub(crate) async fn reverse(
    State(state): State<AppState>,
    Path((id, seq)): Path<(String, String)>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let seq = parse_id(&seq, "jurnal")?;
    let mut shown = Shown::posted(&form, &REVERSAL)?;
    let mut check = Check::new(page.lang);
    let reason = check.field("reason", "e_reason", Some(shown.fields["reason"].as_str()).filter(|r| !r.is_empty()));
    let memo = reason.and_then(|reason| {
        let memo = Memo::parse(&format!("Pembalikan jurnal #{seq}: {reason}")).ok();
        check.field("reason", "e_reason_long", memo)
    });
    let date = check.date("date", &shown.fields["date"]);
    let (Some(memo), Some(date)) = (memo, date) else {
        shown.errors = check.errors;
        return Ok(refused(entry_view(&state, page, &entity, seq, &shown)?));
    };
    let idempotency = shown.once(&format!("reverse/{seq}"), &entity);
    let by = page.user.username.as_str();
    match state.ledger.reverse(entity.id, seq, date, Some(memo), by, Some(idempotency)).await {
        Ok(posted) => Ok(saved(&entity, &posted)),
        Err(error) => {
            let shown = shown.refused(error, page.lang, |e| is_locked_date(e).then_some("date"))?;
            Ok(refused(entry_view(&state, page, &entity, seq, &shown)?))
        }
    }
}

// The cash book of a day (buku kas harian) and the cash count (kas opname).

fn cash_book_view(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    date: chrono::NaiveDate,
    shown: &Shown,
) -> Result<Html<String>, AppError> {
    let book = state.ledger.cash_book(entity.id, date)?;
    let amount = |value: rust_decimal::Decimal| (!value.is_zero()).then(|| rupiah(value));
    let lines: Vec<Value> = book
        .lines
        .iter()
        .map(|l| {
            context! {
                seq => l.seq, memo => l.memo, cash_in => amount(l.cash_in), cash_out => amount(l.cash_out),
                balance => rupiah(l.balance),
            }
        })
        .collect();
    let extra = context! {
        day => date.to_string(), day_text => date.format("%d-%m-%Y").to_string(), opening => rupiah(book.opening),
        closing => rupiah(book.closing), lines, checked => page.path.contains("counted=1"),
    };
    Ok(render(CASH_COUNT.template, shown.context(page, &CASH_COUNT, entity, extra)))
}

pub(crate) async fn cash_book(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let date = date_param(&query, "date")?.unwrap_or_else(today);
    let shown = Shown::fresh(fresh(&CASH_COUNT, &[("date", &date.to_string())]));
    cash_book_view(&state, &page, &entity, date, &shown)
}

/// Records a cash count; a difference is posted with its reason and its entry answers,
/// a count that matches the books answers with the day's cash book.
pub(crate) async fn cash_count(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, CountCash::ACCESS)?;
    let shown = Shown::posted(&form, &CASH_COUNT)?;
    let date = shown.fields["date"].clone();
    match super::form::run::<CountCash>(&state, page, entity.id, shown).await? {
        Ok(posted) if !posted.entries.is_empty() => Ok(saved(&entity, &posted)),
        Ok(_) => Ok(see_other(&format!("/entities/{}/cash-book?date={date}&counted=1", entity.id))),
        Err(shown) => {
            let day = crate::usecase::fields::date(&date).unwrap_or_else(|_| today());
            Ok(refused(cash_book_view(&state, page, &entity, day, &shown)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DiskFault, StoreError};

    #[test]
    fn a_post_of_unknown_outcome_keeps_its_form_key_and_offers_to_send_again() {
        let shown = Shown::fresh(fresh(&PURCHASE, &[]));
        let key = shown.form_key.clone();
        let unknown = ServiceError::Storage(StoreError::OutcomeUnknown(DiskFault::Full));
        let shown = shown.refused(unknown, Lang::Id, |_| None).expect("shown again");
        assert_eq!(shown.form_key, key, "the same key finds the stored post or stores it once");
        assert!(shown.resend);
        assert!(shown.form_error.as_deref().is_some_and(|e| e.contains("Kirim lagi")), "{:?}", shown.form_error);

        // A refusal that certainly stored nothing: what is typed next is a new request.
        let shown = Shown::fresh(fresh(&PURCHASE, &[]));
        let key = shown.form_key.clone();
        let refused = shown.refused(ServiceError::NotAllowed("x".into()), Lang::Id, |_| None).expect("shown");
        assert!(!refused.resend);
        assert_ne!(refused.form_key, key);
    }
}
