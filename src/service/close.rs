//! Closing and reopening a fiscal year, and members taking their SHU share.

use super::writer::{Idempotency, Posted, Prepare, Prepared};
use super::{Ledger, ServiceError};
use crate::domain::books::{Balances, Books};
use crate::domain::close::{
    allocation_entries, closing_entry, has_open_result, reopen_reason, shu_payout_entry, year_end, AllocateAt,
    AllocationStatus, CloseError, Reopening, ShuChoice, ShuDecision, YearClose, CURRENT_RESULT, PANTI_FUND,
};
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::entry::{MemberId, Memo};
use crate::domain::money::Money;
use crate::domain::problem::{Problem, Problems};
use crate::domain::tag::EntryTag;
use crate::store::{Store, WriteSet};
use crate::usecase::close::allocate_shu::{self, AllocateShu};
use crate::usecase::Actor;
use chrono::NaiveDate;

fn refused(problem: Problem) -> ServiceError {
    ServiceError::Refused(Problems::one(None, problem))
}

/// Tries of a close whose books changed between reading and posting.
const CLOSE_ATTEMPTS_MAX: usize = 3;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn end_of(year: i32) -> Result<NaiveDate, ServiceError> {
    let end = year_end(year).ok_or_else(|| ServiceError::NotFound(format!("tahun {year}")))?;
    crate::domain::book_date::BookDate::new(end)
        .map(crate::domain::book_date::BookDate::date)
        .map_err(|problem| ServiceError::Refused(crate::domain::problem::Problems::one(None, problem)))
}

impl Ledger {
    /// Every close of an entity, oldest first, with its reopening if any.
    pub fn year_closes(&self, entity: EntityId) -> Result<Vec<YearClose>, ServiceError> {
        self.entity(entity)?;
        Ok(self.store.year_closes(entity)?)
    }

    /// Entries of closes and reopens dated within `[start, end]`: left out of movements so
    /// that a closed year still shows its revenue and expenses.
    pub(crate) fn close_entries_within(
        &self,
        entity: EntityId,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<u64>, ServiceError> {
        let mut seqs = Vec::new();
        for close in self.store.year_closes(entity)? {
            if year_end(close.year).is_some_and(|date| (start..=end).contains(&date)) {
                seqs.extend(&close.seqs);
                seqs.extend(close.reopened.iter().flat_map(|r| r.seqs.iter()));
            }
        }
        Ok(seqs)
    }

    /// Movements of each account over `[start, end]`, closes and reopens left out.
    pub(crate) fn operating_movement(
        &self,
        entity: EntityId,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Balances, ServiceError> {
        let mut moved = self.store.balances_as_of(entity, end)?;
        let before = self.balances_before(entity, start)?;
        for (code, totals) in &before {
            let entry = moved.entry(code.clone()).or_default();
            entry.debit -= totals.debit;
            entry.credit -= totals.credit;
        }
        for seq in self.close_entries_within(entity, start, end)? {
            for line in self.entry(entity, seq)?.entry.lines() {
                moved.entry(line.account.clone()).or_default().add(line.side.opposite(), line.amount.decimal());
            }
        }
        Ok(moved)
    }

    /// Closes a fiscal year: the closing entry into the year's result (a panti closes its
    /// result into its fund) and the lock through 31 December, at once. The SHU waits in
    /// 3105 for the members' annual meeting (`allocate_shu`).
    pub async fn close_year(
        &self,
        entity: EntityId,
        year: i32,
        today: NaiveDate,
        closed_by: &str,
    ) -> Result<YearClose, ServiceError> {
        self.close_year_by(entity, year, today, closed_by, AllocateAt::Rat).await
    }

    /// Closes a year by `allocate_at`. `AllocateAt::Close` is the rule before the RAT step,
    /// served by no route: kept so that a test can write a store as earlier versions did
    /// and check that it reads as it was.
    #[doc(hidden)]
    pub async fn close_year_by(
        &self,
        entity: EntityId,
        year: i32,
        today: NaiveDate,
        closed_by: &str,
        allocate_at: AllocateAt,
    ) -> Result<YearClose, ServiceError> {
        let found = self.entity(entity)?;
        let end = end_of(year)?;
        if today <= end {
            return Err(CloseError::NotEnded(year).into());
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_close(found.id, found.kind, year, end, closed_by, allocate_at).await {
                Err(ServiceError::Close(CloseError::BooksChanged)) if attempt < CLOSE_ATTEMPTS_MAX => continue,
                Err(error) => return Err(error),
                Ok(_) => break,
            }
        }
        let closes = self.store.year_closes(entity)?;
        Ok(closes.into_iter().rev().find(|c| c.year == year).expect("the close just committed"))
    }

    async fn try_close(
        &self,
        entity: EntityId,
        kind: EntityKind,
        year: i32,
        end: NaiveDate,
        closed_by: &str,
        allocate_at: AllocateAt,
    ) -> Result<Posted, ServiceError> {
        // Read from the store outside the writer; the writer checks nothing was posted since.
        let seen = self.store.head(entity)?.next_seq;
        let closes = self.store.year_closes(entity)?;
        if closes.iter().any(|c| c.year == year && c.reopened.is_none()) {
            return Err(CloseError::AlreadyClosed(year).into());
        }
        let decisions = self.store.shu_decisions(entity)?;
        if AllocationStatus::of(year - 1, &closes, &decisions, kind != EntityKind::Panti)
            == AllocationStatus::AwaitingRat
        {
            return Err(refused(Problem::ShuAwaitingRat { year: year - 1 }));
        }
        let chart = self.store.chart(entity)?;
        if has_open_result(&chart, &self.store.balances_as_of(entity, end_of(year - 1)?)?) {
            return Err(CloseError::EarlierYearOpen(year - 1).into());
        }
        let allocation = match (kind, allocate_at) {
            (EntityKind::Panti, _) | (_, AllocateAt::Rat) => None,
            (EntityKind::Kube | EntityKind::Koperasi, AllocateAt::Close) => Some(self.shu_preview(entity, year)?),
        };
        let result_account = crate::domain::member::code(match kind {
            EntityKind::Panti => PANTI_FUND,
            EntityKind::Kube | EntityKind::Koperasi => CURRENT_RESULT,
        });
        let memo = Memo::parse(&format!("Jurnal penutup tahun buku {year}")).expect("a short memo");
        let balances = self.store.balances_as_of(entity, end)?;
        let mut entries: Vec<_> = closing_entry(&chart, &balances, end, memo, &result_account)
            .map_err(CloseError::from)?
            .into_iter()
            .collect();
        if let Some(preview) = &allocation {
            entries.extend(allocation_entries(preview, end).map_err(CloseError::from)?);
        }
        let version = closes.iter().filter(|c| c.year == year).count() as u32 + 1;
        let recorded_by = closed_by.to_string();
        let closed_by = closed_by.to_string();
        let prepare: Prepare = Box::new(move |books, _store| {
            if books.next_seq != seen {
                return Err(CloseError::BooksChanged.into());
            }
            if let Some(lock) = books.locked_through.filter(|lock| *lock >= end) {
                return Err(CloseError::LaterPeriodLocked(lock).into());
            }
            let record = YearClose {
                year,
                version,
                closed_by,
                closed_at: now(),
                locked_before: books.locked_through,
                seqs: (seen..seen + entries.len() as u64).collect(),
                allocation,
                reopened: None,
            };
            let mut records = WriteSet::default();
            records.year_close(entity, &record);
            Ok(Prepared {
                tags: vec![EntryTag::YearClose { year }; entries.len()],
                entries,
                relock: Some(Some(end)),
                records,
                ..Prepared::default()
            })
        });
        self.post_prepared(entity, prepare, true, &recorded_by, None).await
    }

    /// Reopens the latest closed year (admin only, checked by the caller): reverses its
    /// entries on its last day and puts the lock back where the close found it.
    pub async fn reopen_year(
        &self,
        entity: EntityId,
        year: i32,
        reason: &str,
        reopened_by: &str,
    ) -> Result<YearClose, ServiceError> {
        self.entity(entity)?;
        let end = end_of(year)?;
        let reason = reopen_reason(reason)?;
        let by = reopened_by.to_string();
        let prepare: Prepare = Box::new(move |books, store| {
            let mut close = store
                .year_closes(entity)?
                .into_iter()
                .rev()
                .find(|c| c.year == year && c.reopened.is_none())
                .ok_or(CloseError::NotClosed(year))?;
            if let Some(lock) = books.locked_through.filter(|lock| *lock != end) {
                return Err(CloseError::LaterPeriodLocked(lock).into());
            }
            if matches!(
                AllocationStatus::of(year, std::slice::from_ref(&close), &store.shu_decisions(entity)?, true),
                AllocationStatus::Decided(_)
            ) {
                // The members decided on these books: their decision stands.
                return Err(refused(Problem::ShuAlreadyAllocated { year }));
            }
            let mut entries = Vec::new();
            for seq in close.seqs.iter().rev() {
                let original =
                    store.entry(entity, *seq)?.ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))?;
                let memo = Memo::parse(&format!("Buka kembali tahun buku {year}: pembalikan jurnal #{seq}"))
                    .expect("a short memo");
                let undo = original.entry.reversal(end, memo);
                entries.push(undo);
            }
            close.reopened = Some(Reopening {
                by,
                at: now(),
                reason,
                seqs: (books.next_seq..books.next_seq + entries.len() as u64).collect(),
            });
            let mut records = WriteSet::default();
            records.year_close(entity, &close);
            Ok(Prepared {
                tags: vec![EntryTag::YearReopen { year }; entries.len()],
                reverses: close.seqs.iter().rev().copied().collect(),
                entries,
                relock: Some(close.locked_before),
                records,
                ..Prepared::default()
            })
        });
        self.post_prepared(entity, prepare, true, reopened_by, None).await?;
        let closes = self.store.year_closes(entity)?;
        Ok(closes.into_iter().rev().find(|c| c.year == year).expect("the reopen just committed"))
    }

    /// Every RAT decision of an entity, by year.
    pub fn shu_decisions(&self, entity: EntityId) -> Result<Vec<ShuDecision>, ServiceError> {
        self.entity(entity)?;
        Ok(self.store.shu_decisions(entity)?)
    }

    /// Records the RAT's decision on `year`'s SHU and posts its allocation on the RAT's
    /// date (`usecase::close::allocate_shu`); the decision as stored.
    pub async fn allocate_shu(
        &self,
        actor: &Actor,
        entity: EntityId,
        year: i32,
        input: allocate_shu::Input,
    ) -> Result<ShuDecision, ServiceError> {
        let found = self.entity_for(actor, entity, AllocateShu::ACCESS)?;
        end_of(year)?;
        let command = AllocateShu::parse(year, input)?;
        let closes = self.store.year_closes(found.id)?;
        if AllocationStatus::of(year, &closes, &[], true) == AllocationStatus::None {
            return Err(refused(Problem::YearNotClosed { year }));
        }
        // Fixed once the year is closed and locked, so it may be read before the writer.
        let preview = self.shu_preview(found.id, year)?;
        let by = actor.username().to_string();
        let prepare: Prepare = Box::new(move |books, store| {
            let (closes, decisions) = (store.year_closes(entity)?, store.shu_decisions(entity)?);
            let (entries, decision) = command.prepare(books, &closes, &decisions, preview, &by, now())?;
            let mut records = WriteSet::default();
            records.shu_decision(entity, &decision);
            Ok(Prepared {
                tags: vec![EntryTag::YearClose { year }; entries.len()],
                entries,
                records,
                ..Prepared::default()
            })
        });
        self.post_prepared(found.id, prepare, true, actor.username(), None).await?;
        let decisions = self.store.shu_decisions(found.id)?;
        Ok(decisions.into_iter().rev().find(|d| d.year == year).expect("the decision just committed"))
    }

    /// Pays out a member's SHU share in cash or reinvests it as savings.
    pub async fn shu_payout(
        &self,
        member_id: MemberId,
        choice: ShuChoice,
        amount: Option<Money>,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let build = move |books: &Books, _: &Store, member| {
            let (entry, paid) = shu_payout_entry(books, &member, choice, amount, date, memo)?;
            Ok(Prepared::one(entry, EntryTag::ShuPayout { member_id, choice, amount: paid }))
        };
        self.post_for_member(member_id, false, build, recorded_by, idempotency).await
    }
}
