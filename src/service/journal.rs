//! The journal as a person reads it: newest first, a page at a time, filtered by dates and
//! by the kind of work an entry records, each entry with what it was worth.

use super::{Ledger, ServiceError};
use crate::domain::book_date::BookDate;
use crate::domain::entity::EntityId;
use crate::domain::entry::PostedEntry;
use crate::domain::tag::EntryKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Which entries a journal page lists.
#[derive(Debug, Clone, Default)]
pub struct JournalFilter {
    /// The first and last day, both included; with neither, the whole journal.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<EntryKind>,
    /// 1 is the newest page.
    pub page: u64,
}

/// One entry of the listing.
pub struct JournalRow {
    pub posted: PostedEntry,
    pub kind: EntryKind,
    /// What the entry was worth to whoever recorded it (a sale's price, not its cost of
    /// goods too); the total of its debits when nothing else says.
    pub amount: Decimal,
    pub reversed_by: Option<u64>,
}

pub struct JournalPage {
    pub rows: Vec<JournalRow>,
    /// Whether an older page follows.
    pub more: bool,
}

impl Ledger {
    /// A page of `entity`'s journal, `per_page` entries newest first. Without a date the
    /// listing walks back from the newest entry; with dates, back through the by-date index
    /// from the range's end, so a page costs the entries it reads, not the whole journal.
    pub fn journal(
        &self,
        entity: EntityId,
        filter: &JournalFilter,
        per_page: u64,
    ) -> Result<JournalPage, ServiceError> {
        let skip = filter.page.saturating_sub(1) * per_page;
        let wanted = skip + per_page + 1;
        let seqs: Box<dyn Iterator<Item = Result<u64, ServiceError>>> = match (filter.from, filter.to) {
            (None, None) => Box::new((1..self.next_seq(entity)?).rev().map(Ok)),
            (from, to) => {
                let (from, to) = (from.unwrap_or_else(BookDate::earliest), to.unwrap_or_else(BookDate::latest));
                Box::new(self.store.entries_between_newest_first(entity, from, to)?.map(|seq| Ok(seq?)))
            }
        };
        let mut matched: Vec<JournalRow> = Vec::new();
        for seq in seqs {
            if matched.len() as u64 >= wanted {
                break;
            }
            let seq = seq?;
            let tag = self.store.entry_tag(entity, seq)?;
            let kind = EntryKind::of(tag.as_ref());
            if filter.kind.is_some_and(|wanted| wanted != kind) {
                continue;
            }
            let posted = self.entry(entity, seq)?;
            let amount =
                tag.as_ref().and_then(|tag| tag.amount()).map_or(posted.entry.total(), |money| money.decimal());
            let reversed_by = self.reversed_by(entity, seq)?;
            matched.push(JournalRow { posted, kind, amount, reversed_by });
        }
        let more = matched.len() as u64 > skip + per_page;
        let rows = matched.into_iter().skip(skip as usize).take(per_page as usize).collect();
        Ok(JournalPage { rows, more })
    }
}
