//! What a form stored, said plainly: "Penerimaan piutang dari Warung Bu Sri Rp50.000
//! tersimpan", with "catat lagi" and the journal entry one tap away, instead of the
//! entry's debit/credit table.

use super::super::api::{authorize, parse_id};
use super::super::error::AppError;
use super::super::AppState;
use super::session::{see_other, Page};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::tag::EntryTag;
use crate::domain::user::{allows, Access};
use crate::messages::message;
use crate::service::Posted;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use minijinja::{context, Value};

/// Where a stored post sends the browser: the confirmation of what it stored.
pub(super) fn confirmed(entity: &Entity, posted: &Posted) -> Response {
    see_other(&format!("/entities/{}/saved/{}", entity.id, posted.entries[0].seq))
}

pub(crate) async fn saved(
    State(state): State<AppState>,
    page: Page,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let seq = parse_id(&seq, "jurnal")?;
    let posted = state.ledger.entry(entity.id, seq)?;
    let memo = posted.entry.memo().as_str().to_string();
    let books = format!("/entities/{}", entity.id);
    let lang = page.lang;
    let settled = |party: String, amount: crate::domain::money::Money| {
        [("party", party.into()), ("amount", rupiah(amount.decimal()).into())]
    };
    // The sentence, and the form that records another of the same.
    let (sentence, again) = match state.ledger.entry_tag(entity.id, seq)? {
        Some(EntryTag::Production) => {
            (message(lang, "done_production", &[("memo", memo.into())]), format!("{books}/production/new"))
        }
        Some(EntryTag::Collection { customer, amount }) => {
            (message(lang, "done_collection", &settled(customer, amount)), format!("{books}/receivables"))
        }
        Some(EntryTag::SupplierPayment { supplier, amount }) => {
            (message(lang, "done_payment", &settled(supplier, amount)), format!("{books}/payables"))
        }
        _ => (message(lang, "done_entry", &[("seq", seq.into()), ("memo", memo.into())]), books),
    };
    Ok(render(
        "saved.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, seq, sentence,
            // A path built above from the entity's id and fixed segments: no escaping of '/'.
            again => Value::from_safe_string(again),
            can_write => allows(page.user.role, page.user.entity_id, Access::Write, &entity),
        }),
    ))
}
