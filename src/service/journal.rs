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
    /// listing walks back from the newest entry; with dates, the days of the range from the
    /// last (entries are indexed by day), so a page costs the days and entries it shows, not
    /// the whole journal.
    pub fn journal(
        &self,
        entity: EntityId,
        filter: &JournalFilter,
        per_page: u64,
    ) -> Result<JournalPage, ServiceError> {
        let skip = filter.page.saturating_sub(1) * per_page;
        let wanted = skip + per_page + 1;
        let mut matched: Vec<JournalRow> = Vec::new();
        let consider = |seq: u64, matched: &mut Vec<JournalRow>| -> Result<(), ServiceError> {
            let posted = self.entry(entity, seq)?;
            let date = posted.entry.date();
            if filter.from.is_some_and(|from| date < from) || filter.to.is_some_and(|to| date > to) {
                return Ok(());
            }
            let tag = self.store.entry_tag(entity, seq)?;
            let kind = EntryKind::of(tag.as_ref());
            if filter.kind.is_some_and(|wanted| wanted != kind) {
                return Ok(());
            }
            let amount =
                tag.as_ref().and_then(|tag| tag.amount()).map_or(posted.entry.total(), |money| money.decimal());
            let reversed_by = self.reversed_by(entity, seq)?;
            matched.push(JournalRow { posted, kind, amount, reversed_by });
            Ok(())
        };
        match (filter.from, filter.to) {
            (None, None) => {
                let mut seq = self.next_seq(entity)?;
                while seq > 1 && (matched.len() as u64) < wanted {
                    seq -= 1;
                    consider(seq, &mut matched)?;
                }
            }
            (from, to) => {
                let to = to.unwrap_or_else(BookDate::latest);
                let from = from.unwrap_or_else(BookDate::earliest);
                let mut day = to;
                while day >= from && (matched.len() as u64) < wanted {
                    let mut seqs = self.store.entries_on(entity, day)?;
                    seqs.sort_unstable_by(|a, b| b.cmp(a));
                    for seq in seqs {
                        consider(seq, &mut matched)?;
                    }
                    let Some(before) = day.pred_opt() else { break };
                    day = before;
                }
            }
        }
        let more = matched.len() as u64 > skip + per_page;
        let rows = matched.into_iter().skip(skip as usize).take(per_page as usize).collect();
        Ok(JournalPage { rows, more })
    }
}
