//! The one thread that writes the books. Requests queue on a channel; the writer takes
//! every request waiting, checks and applies each against its in-memory books, writes
//! them as one atomic sled batch and syncs once (group commit), then answers them all.
//! One writer means no lost update and no gap in a sequence, without locks.

use super::error::ServiceError;
use crate::domain::account::Chart;
use crate::domain::audit::AuditAction;
use crate::domain::books::{add_entry, Balances, Books, Stamp};
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::entry::{BalancedEntry, EntryErrors, Memo, PostedEntry};
use crate::domain::member::Member;
use crate::domain::tag::EntryTag;
use crate::store::{Head, IdempotencyRecord, Store, WriteSet};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

/// Most requests one group commit takes; bounds the latency of the last in a group.
const GROUP_REQUESTS_MAX: usize = 512;
/// Queue depth before callers wait; a limit on memory under overload.
const QUEUE_DEPTH_MAX: usize = 4096;
/// Entry writes held before they go down as an uncommitted chunk: sled's memory grows
/// with the size of a single batch (measured: flat near 100 MB at 1,000 writes a batch
/// over 1M keys, 500 MB at 4,000).
const CHUNK_WRITES_MAX: usize = 1000;

/// An idempotency key as sent (an `Idempotency-Key`, a page's form key), scoped to its
/// door, and the hash of the body it came with. Kept as sent, not hashed: keys made in
/// time order, as the pages make them, are then stored next to each other, where hashed
/// keys land all over the index and cost sled about 900 bytes of disk each.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: Vec<u8>,
    pub body_hash: [u8; 32],
}

/// The entries a post stored, or stored earlier under the same idempotency key.
#[derive(Debug, Clone)]
pub struct Posted {
    pub entries: Vec<PostedEntry>,
    pub replayed: bool,
}

/// What a prepared use case posts, and what it records beside its entries.
#[derive(Default)]
pub struct Prepared {
    pub entries: Vec<BalancedEntry>,
    /// What each entry means, by position (shorter than `entries` where the rest have none).
    pub tags: Vec<EntryTag>,
    /// A member record changed by the same use case (e.g. an exit).
    pub member: Option<Member>,
    /// The entry each entry undoes, by position (shorter where the rest undo none).
    pub reverses: Vec<u64>,
    /// A new `locked_through` for the entity. The entries are checked against the more
    /// open of the old and new lock, so a close posts into its year before locking it
    /// and a reopen unlocks the year before posting its reversals.
    pub relock: Option<Option<NaiveDate>>,
    /// Other records the use case keeps, committed with its entries or not at all.
    pub records: WriteSet,
    /// The entity's chart as the use case leaves it (an account added, renamed or closed).
    pub chart: Option<Chart>,
}

impl Prepared {
    /// One entry with its meaning.
    pub fn one(entry: BalancedEntry, tag: EntryTag) -> Prepared {
        Prepared { entries: vec![entry], tags: vec![tag], ..Prepared::default() }
    }
}

/// Builds what to post from the live books (and the store, complete when exclusive).
pub type Prepare = Box<dyn FnOnce(&Books, &Store) -> Result<Prepared, ServiceError> + Send>;

type Reply<T> = oneshot::Sender<Result<T, ServiceError>>;

/// A posting request: ready entries, or a use case that builds them from the live books.
pub struct PostRequest {
    pub entity: EntityId,
    pub what: PostWhat,
    pub recorded_by: String,
    pub idempotency: Option<Idempotency>,
}

pub enum PostWhat {
    Entries(Vec<BalancedEntry>),
    Reversal {
        seq: u64,
        date: NaiveDate,
        memo: Option<Memo>,
    },
    /// Built inside the writer; `exclusive` runs it alone after everything before it
    /// is committed, for rules that read the store (e.g. a loan's outstanding principal).
    Prepared {
        prepare: Prepare,
        exclusive: bool,
    },
}

enum Command {
    Post(PostRequest, Reply<Posted>),
    CreateEntity {
        kind: EntityKind,
        name: String,
        parent: Option<EntityId>,
        reply: Reply<Entity>,
    },
    /// A check-then-write on records outside the books (users, sessions, members),
    /// committed at once so that the next command's check sees it.
    Apply(Box<dyn FnOnce(&Store) + Send>),
    /// Runs alone, after everything sent before it is committed: a backup.
    Exclusive(Box<dyn FnOnce(&Store) + Send>),
    /// Locks the books of several entities with other records in one commit, if none of
    /// them has posted since it was read: a report submission.
    LockAll {
        lock: Box<LockAll>,
        reply: Reply<()>,
    },
}

/// A check on the store that may refuse a write.
pub type Guard = Box<dyn FnOnce(&Store) -> Result<(), ServiceError> + Send>;

/// What [`WriterHandle::lock_all`] locks: each entity with the next sequence its reader saw.
pub struct LockAll {
    pub seen: Vec<(EntityId, u64)>,
    /// A lock never moves backward: an entity already locked later keeps its lock.
    pub through: NaiveDate,
    pub records: WriteSet,
    /// A check on the store run just before the commit, e.g. that a revision is still free.
    pub guard: Guard,
}

impl Command {
    fn is_exclusive(&self) -> bool {
        matches!(
            self,
            Command::Post(PostRequest { what: PostWhat::Prepared { exclusive: true, .. }, .. }, _)
                | Command::Exclusive(_)
                | Command::LockAll { .. }
        )
    }
}

#[derive(Clone)]
pub struct WriterHandle {
    sender: mpsc::SyncSender<Command>,
}

impl WriterHandle {
    pub fn start(store: Arc<Store>) -> Result<WriterHandle, ServiceError> {
        let (sender, receiver) = mpsc::sync_channel(QUEUE_DEPTH_MAX);
        let next_entity_id = store.next_entity_id()?;
        let writer = Writer { store, books: HashMap::new(), next_entity_id };
        std::thread::Builder::new()
            .name("ledger-writer".into())
            .spawn(move || writer.run(receiver))
            .map_err(|e| ServiceError::Storage(e.into()))?;
        Ok(WriterHandle { sender })
    }

    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, ServiceError> {
        let (reply, answer) = oneshot::channel();
        let sender = self.sender.clone();
        let command = make(reply);
        // A full queue blocks; keep that off the async workers.
        match sender.try_send(command) {
            Ok(()) => {}
            Err(mpsc::TrySendError::Full(command)) => {
                tokio::task::spawn_blocking(move || sender.send(command))
                    .await
                    .map_err(|_| ServiceError::WriterStopped)?
                    .map_err(|_| ServiceError::WriterStopped)?;
            }
            Err(mpsc::TrySendError::Disconnected(_)) => return Err(ServiceError::WriterStopped),
        }
        answer.await.map_err(|_| ServiceError::WriterStopped)?
    }

    /// Posts and answers once the group holding it is durable.
    pub async fn post(&self, request: PostRequest) -> Result<Posted, ServiceError> {
        self.call(|reply| Command::Post(request, reply)).await
    }

    pub async fn create_entity(
        &self,
        kind: EntityKind,
        name: String,
        parent: Option<EntityId>,
    ) -> Result<Entity, ServiceError> {
        self.call(|reply| Command::CreateEntity { kind, name, parent, reply }).await
    }

    /// Runs `check_and_write` in the writer and commits what it wrote before answering.
    pub async fn apply<T: Send + 'static>(
        &self,
        check_and_write: impl FnOnce(&Store, &mut WriteSet) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        self.call(|reply: Reply<T>| {
            Command::Apply(Box::new(move |store: &Store| {
                let mut writes = WriteSet::default();
                let result = check_and_write(store, &mut writes)
                    .and_then(|value| store.commit(writes).map(|()| value).map_err(ServiceError::from));
                drop(reply.send(result));
            }))
        })
        .await
    }

    /// Locks several entities' books and writes `records`, all in one commit or nothing;
    /// refused with `BooksChanged` when any of them posted since it was read.
    pub async fn lock_all(&self, lock: LockAll) -> Result<(), ServiceError> {
        self.call(|reply| Command::LockAll { lock: Box::new(lock), reply }).await
    }

    /// Runs `job` on the writer with no commit before it pending and none during it.
    pub async fn exclusive<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Store) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        self.call(|reply: Reply<T>| Command::Exclusive(Box::new(move |store: &Store| drop(reply.send(job(store))))))
            .await
    }
}

struct Writer {
    store: Arc<Store>,
    /// Books of the entities posted to since start, loaded on first use.
    books: HashMap<EntityId, Books>,
    next_entity_id: EntityId,
}

/// What one group commit changes besides the entries themselves.
#[derive(Default)]
struct Group {
    /// Entries, their tags and member index: invisible until the head moves past them.
    entry_writes: WriteSet,
    /// A chunk of entry writes that failed to go down: the group cannot commit.
    chunk_error: Option<crate::store::StoreError>,
    /// Heads, running totals, idempotency and other records, committed last.
    writes: WriteSet,
    entities_touched: BTreeSet<EntityId>,
    members_touched: BTreeSet<(EntityId, u64)>,
    daily: HashMap<(EntityId, NaiveDate), Balances>,
    /// Per entity, by key as sent: looked up by slice, without copying the key.
    idempotency: HashMap<EntityId, HashMap<Vec<u8>, (IdempotencyRecord, Vec<PostedEntry>)>>,
    reversed: HashMap<(EntityId, u64), u64>,
}

impl Group {
    /// Sends entry writes down as an uncommitted chunk once there are enough of them.
    fn write_chunk_if_full(&mut self, store: &Store) {
        if self.entry_writes.len() >= CHUNK_WRITES_MAX && self.chunk_error.is_none() {
            if let Err(error) = store.write_chunk(std::mem::take(&mut self.entry_writes)) {
                self.chunk_error = Some(error);
            }
        }
    }
}

enum Answer {
    Posted(Reply<Posted>, Result<Posted, ServiceError>),
    Entity(Reply<Entity>, Result<Entity, ServiceError>),
    Applied,
}

impl Writer {
    fn run(mut self, receiver: mpsc::Receiver<Command>) {
        let mut carried: Option<Command> = None;
        loop {
            let first = match carried.take() {
                Some(command) => command,
                None => match receiver.recv() {
                    Ok(command) => command,
                    Err(_) => return,
                },
            };
            let mut commands = vec![first];
            while commands.len() < GROUP_REQUESTS_MAX && !commands[0].is_exclusive() {
                match receiver.try_recv() {
                    Ok(command) if command.is_exclusive() => {
                        carried = Some(command);
                        break;
                    }
                    Ok(command) => commands.push(command),
                    Err(_) => break,
                }
            }
            let mut group = Group::default();
            let answers: Vec<Answer> = commands.into_iter().map(|c| self.apply(c, &mut group)).collect();
            let committed = self.finish(group);
            for answer in answers {
                match answer {
                    Answer::Posted(reply, result) => drop(reply.send(settle(result, &committed))),
                    Answer::Entity(reply, result) => drop(reply.send(settle(result, &committed))),
                    Answer::Applied => {}
                }
            }
        }
    }

    /// Writes the heads and running totals the group changed, then commits and syncs it.
    fn finish(&mut self, mut group: Group) -> Result<(), crate::store::StoreError> {
        for entity in &group.entities_touched {
            let books = &self.books[entity];
            group.writes.balances(*entity, &books.balances);
            group.writes.stock(*entity, &books.stock);
            group.writes.head(*entity, &Head { next_seq: books.next_seq, last_hash: books.last_hash });
        }
        for (entity, member) in &group.members_touched {
            group.writes.member_balances(*entity, *member, &self.books[entity].member_balances[member]);
        }
        for ((entity, date), movements) in &group.daily {
            group.writes.daily(*entity, *date, movements);
        }
        let mut writes = group.entry_writes;
        writes.append(group.writes);
        let result = match group.chunk_error {
            Some(error) => Err(error),
            None => self.store.commit(writes),
        };
        if let Err(error) = &result {
            tracing::error!(error = %crate::domain::text::LogSafe(&error.to_string()), "group commit failed; reloading books from disk");
            self.books.clear();
            self.next_entity_id = self.store.next_entity_id().unwrap_or(self.next_entity_id);
        }
        result
    }

    fn apply(&mut self, command: Command, group: &mut Group) -> Answer {
        match command {
            Command::Post(request, reply) => {
                let result = self.post(group, request);
                Answer::Posted(reply, result)
            }
            Command::CreateEntity { kind, name, parent, reply } => {
                Answer::Entity(reply, self.create_entity(group, kind, &name, parent))
            }
            Command::Apply(job) | Command::Exclusive(job) => {
                job(&self.store);
                Answer::Applied
            }
            Command::LockAll { lock, reply } => {
                drop(reply.send(self.lock_all(*lock)));
                Answer::Applied
            }
        }
    }

    /// Runs alone (exclusive), so the commit here is the only one in flight.
    fn lock_all(&mut self, lock: LockAll) -> Result<(), ServiceError> {
        let LockAll { seen, through, mut records, guard } = lock;
        guard(&self.store)?;
        let mut locked = Vec::with_capacity(seen.len());
        for (entity, next_seq) in seen {
            if self.books(entity)?.next_seq != next_seq {
                return Err(crate::domain::close::CloseError::BooksChanged.into());
            }
            let mut record =
                self.store.entity(entity)?.ok_or_else(|| ServiceError::NotFound(format!("entitas {entity}")))?;
            record.locked_through = record.locked_through.max(Some(through));
            records.entity(&record);
            locked.push((entity, record.locked_through));
        }
        self.store.commit(records)?;
        for (entity, through) in locked {
            self.books.get_mut(&entity).expect("loaded above").locked_through = through;
        }
        Ok(())
    }

    fn books(&mut self, entity: EntityId) -> Result<&mut Books, ServiceError> {
        if !self.books.contains_key(&entity) {
            let found =
                self.store.entity(entity)?.ok_or_else(|| ServiceError::NotFound(format!("entitas {entity}")))?;
            let books = self.store.load_books(&found)?;
            self.books.insert(entity, books);
        }
        Ok(self.books.get_mut(&entity).expect("just loaded"))
    }

    /// An earlier answer for this key, or a conflict; `None` for a new key.
    fn replay(
        &self,
        group: &Group,
        entity: EntityId,
        idempotency: Option<&Idempotency>,
    ) -> Result<Option<Posted>, ServiceError> {
        let Some(idempotency) = idempotency else { return Ok(None) };
        let (record, entries) =
            match group.idempotency.get(&entity).and_then(|keys| keys.get(idempotency.key.as_slice())) {
                Some((record, entries)) => (record.clone(), entries.clone()),
                None => match self.store.idempotency(entity, &idempotency.key)? {
                    None => return Ok(None),
                    Some(record) => {
                        let entries = (record.first_seq..record.first_seq + record.count)
                            .map(|seq| {
                                self.store
                                    .entry(entity, seq)?
                                    .ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        (record, entries)
                    }
                },
            };
        if record.body_hash != idempotency.body_hash {
            return Err(ServiceError::IdempotencyConflict);
        }
        Ok(Some(Posted { entries, replayed: true }))
    }

    fn post(&mut self, group: &mut Group, request: PostRequest) -> Result<Posted, ServiceError> {
        let PostRequest { entity, what, recorded_by, idempotency } = request;
        if let Some(posted) = self.replay(group, entity, idempotency.as_ref())? {
            return Ok(posted);
        }
        let prepared = match what {
            PostWhat::Entries(entries) => Prepared { entries, ..Prepared::default() },
            PostWhat::Reversal { seq, date, memo } => self.reversal(group, entity, seq, date, memo)?,
            PostWhat::Prepared { prepare, .. } => {
                self.books(entity)?;
                prepare(&self.books[&entity], &self.store)?
            }
        };
        let Prepared { entries, tags, member, reverses, relock, records, chart } = prepared;
        let relocked = match relock {
            Some(lock) => {
                let mut record =
                    self.store.entity(entity)?.ok_or_else(|| ServiceError::NotFound(format!("entitas {entity}")))?;
                record.locked_through = lock;
                Some(record)
            }
            None => None,
        };
        // Read what the group will update before the books change: after that, nothing may fail.
        self.books(entity)?;
        let register = super::registers::read(&self.store, entity, &entries, member.as_ref())?;
        for entry in &entries {
            if let std::collections::hash_map::Entry::Vacant(slot) = group.daily.entry((entity, entry.date())) {
                slot.insert(self.store.daily(entity, entry.date())?);
            }
        }
        let books = self.books.get_mut(&entity).expect("loaded above");
        let recorded_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let stamp = |index: usize| Stamp {
            recorded_by: recorded_by.clone(),
            recorded_at: recorded_at.clone(),
            reverses: reverses.get(index).copied(),
        };
        let posted = if let ([_], None) = (entries.as_slice(), &relocked) {
            let entry = entries.into_iter().next().expect("one entry");
            vec![books.post(entry, stamp(0), &register)?]
        } else {
            // All or nothing: post into a copy, keep it only if every entry passes.
            let mut scratch = books.clone();
            if let Some(record) = &relocked {
                scratch.locked_through = scratch.locked_through.min(record.locked_through);
            }
            let mut posted = Vec::with_capacity(entries.len());
            for (index, entry) in entries.into_iter().enumerate() {
                let one = scratch
                    .post(entry, stamp(index), &register)
                    .map_err(|errors: EntryErrors| ServiceError::BatchEntry { index: index + 1, errors })?;
                posted.push(one);
            }
            if let Some(record) = &relocked {
                scratch.locked_through = record.locked_through;
                group.writes.entity(record);
            }
            *books = scratch;
            posted
        };
        for entry in &posted {
            group.entry_writes.entry(entry);
            group.entry_writes.member_entry_index(entry);
            group.entry_writes.entry_date_index(entry);
            add_entry(group.daily.get_mut(&(entity, entry.entry.date())).expect("read above"), &entry.entry);
            group.write_chunk_if_full(&self.store);
            for line in entry.entry.lines() {
                if let Some(member) = line.member_id {
                    group.members_touched.insert((entity, member));
                }
            }
        }
        group.entities_touched.insert(entity);
        if let Some(chart) = chart {
            group.writes.chart(entity, &chart);
            self.books.get_mut(&entity).expect("loaded above").chart = chart;
        }
        if let Some(member) = &member {
            group.writes.member(member);
        }
        group.writes.append(records);
        for (tag, entry) in tags.iter().zip(&posted) {
            group.entry_writes.entry_tag(entity, entry.seq, tag);
        }
        for (reversed, entry) in reverses.iter().zip(&posted) {
            group.writes.reversal(entity, *reversed, entry.seq);
            group.reversed.insert((entity, *reversed), entry.seq);
        }
        if let (Some(first), Some(last)) = (posted.first(), posted.last()) {
            let action = match tags.first() {
                Some(EntryTag::YearClose { .. }) => AuditAction::Close,
                Some(EntryTag::YearReopen { .. }) => AuditAction::Reopen,
                _ if !reverses.is_empty() => AuditAction::Reversal,
                _ => AuditAction::Post,
            };
            group.writes.audit_entries(&recorded_by, action, entity, first.seq, last.seq + 1 - first.seq);
        }
        if let (Some(idempotency), Some(first)) = (idempotency, posted.first()) {
            let record = IdempotencyRecord {
                body_hash: idempotency.body_hash,
                first_seq: first.seq,
                count: posted.len() as u64,
            };
            group.writes.idempotency(entity, &idempotency.key, &record);
            group.idempotency.entry(entity).or_default().insert(idempotency.key, (record, posted.clone()));
        }
        Ok(Posted { entries: posted, replayed: false })
    }

    /// The entry that undoes `seq`, if it exists and has not been undone already.
    fn reversal(
        &mut self,
        group: &Group,
        entity: EntityId,
        seq: u64,
        date: NaiveDate,
        memo: Option<Memo>,
    ) -> Result<Prepared, ServiceError> {
        self.books(entity)?;
        let original =
            self.store.entry(entity, seq)?.ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))?;
        let earlier = match group.reversed.get(&(entity, seq)) {
            Some(by) => Some(*by),
            None => self.store.reversed_by(entity, seq)?,
        };
        if let Some(by) = earlier {
            return Err(ServiceError::AlreadyReversed { seq, by });
        }
        let tag = self.store.entry_tag(entity, seq)?;
        if matches!(tag, Some(EntryTag::YearClose { .. } | EntryTag::YearReopen { .. })) {
            return Err(ServiceError::NotAllowed(format!(
                "jurnal #{seq} bagian dari tutup buku: batalkan dengan membuka kembali tahun bukunya"
            )));
        }
        if let Some(later) = super::loans::later_repayment(&self.store, entity, tag.as_ref(), seq)? {
            return Err(ServiceError::NotAllowed(format!(
                "jurnal #{seq} bagian dari pinjaman anggota yang sudah diangsur lagi: balik dulu angsuran jurnal #{later}"
            )));
        }
        let trade = matches!(tag, Some(EntryTag::Sale(_) | EntryTag::Purchase(_)));
        if trade && memo.is_none() {
            return Err(ServiceError::NotAllowed(format!(
                "jurnal #{seq} adalah penjualan/pembelian: tulis alasan retur atau koreksinya di memo"
            )));
        }
        let memo = match memo {
            Some(memo) => memo,
            None => Memo::parse(&format!("Pembalikan jurnal #{seq}: {}", original.entry.memo().as_str()))
                .unwrap_or_else(|_| Memo::parse(&format!("Pembalikan jurnal #{seq}")).expect("short memo")),
        };
        let undo = original.entry.reversal(date, memo);
        Ok(Prepared { entries: vec![undo], reverses: vec![seq], ..Prepared::default() })
    }

    fn create_entity(
        &mut self,
        group: &mut Group,
        kind: EntityKind,
        name: &str,
        parent: Option<EntityId>,
    ) -> Result<Entity, ServiceError> {
        let parent = match parent {
            None => None,
            Some(id) => {
                let found =
                    self.store.entity(id)?.ok_or_else(|| ServiceError::NotFound(format!("entitas induk {id}")))?;
                Some((found.id, found.kind))
            }
        };
        let entity = Entity::new(self.next_entity_id, kind, name, parent)?;
        let chart = Chart::from_csv(kind.chart_csv()).expect("shipped charts are tested to parse");
        group.writes.entity(&entity);
        group.writes.chart(entity.id, &chart);
        self.next_entity_id += 1;
        group.writes.next_entity_id(self.next_entity_id);
        self.books.insert(entity.id, Books::new(entity.id, chart));
        Ok(entity)
    }
}

/// A result stands only if the group it belongs to reached the disk; otherwise each of
/// its requests hears why (refused, or outcome unknown).
fn settle<T>(
    result: Result<T, ServiceError>,
    committed: &Result<(), crate::store::StoreError>,
) -> Result<T, ServiceError> {
    match (result, committed) {
        (Ok(_), Err(error)) => Err(ServiceError::Storage(error.for_each_waiter())),
        (result, _) => result,
    }
}
