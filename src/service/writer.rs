//! The one thread that writes the books. Requests queue on a channel; the writer takes
//! every request waiting, checks and applies each against its in-memory books, writes
//! them as one atomic sled batch and syncs once (group commit), then answers them all.
//! One writer means no lost update and no gap in a sequence, without locks.

use super::error::ServiceError;
use crate::domain::account::Chart;
use crate::domain::books::{add_entry, Balances, Books, Stamp};
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::entry::{BalancedEntry, EntryErrors, Memo, PostedEntry};
use crate::domain::user::User;
use crate::store::{IdempotencyRecord, Store, WriteSet};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

/// Most requests one group commit takes; bounds the latency of the last in a group.
const GROUP_REQUESTS_MAX: usize = 512;
/// Queue depth before callers wait; a limit on memory under overload.
const QUEUE_DEPTH_MAX: usize = 4096;

/// An `Idempotency-Key` (hashed) and the hash of the body it came with.
#[derive(Debug, Clone, Copy)]
pub struct Idempotency {
    pub key_hash: [u8; 32],
    pub body_hash: [u8; 32],
}

/// The entries a post stored, or stored earlier under the same idempotency key.
#[derive(Debug, Clone)]
pub struct Posted {
    pub entries: Vec<PostedEntry>,
    pub replayed: bool,
}

type Reply<T> = oneshot::Sender<Result<T, ServiceError>>;

pub enum Command {
    Post {
        entity: EntityId,
        entries: Vec<BalancedEntry>,
        recorded_by: String,
        idempotency: Option<Idempotency>,
        reply: Reply<Posted>,
    },
    Reverse {
        entity: EntityId,
        seq: u64,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: String,
        idempotency: Option<Idempotency>,
        reply: Reply<Posted>,
    },
    CreateEntity {
        kind: EntityKind,
        name: String,
        parent: Option<EntityId>,
        reply: Reply<Entity>,
    },
    CreateUser {
        user: User,
        reply: Reply<()>,
    },
    /// Writes that touch no books (sessions): ordered and synced like the rest.
    Write {
        writes: WriteSet,
        reply: Reply<()>,
    },
}

#[derive(Clone)]
pub struct WriterHandle {
    sender: mpsc::SyncSender<Command>,
}

impl WriterHandle {
    pub fn start(store: Arc<Store>) -> Result<WriterHandle, ServiceError> {
        let (sender, receiver) = mpsc::sync_channel(QUEUE_DEPTH_MAX);
        let next_entity_id = store.next_entity_id()?;
        let writer = Writer {
            store,
            books: HashMap::new(),
            next_entity_id,
        };
        std::thread::Builder::new()
            .name("ledger-writer".into())
            .spawn(move || writer.run(receiver))
            .map_err(|e| ServiceError::Storage(e.into()))?;
        Ok(WriterHandle { sender })
    }

    /// Sends a command and waits for its answer, which comes only after the sync.
    pub async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, ServiceError> {
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
    writes: WriteSet,
    entities_touched: BTreeSet<EntityId>,
    members_touched: BTreeSet<(EntityId, u64)>,
    daily: HashMap<(EntityId, NaiveDate), Balances>,
    idempotency: HashMap<(EntityId, [u8; 32]), (IdempotencyRecord, Vec<PostedEntry>)>,
    reversed: HashMap<(EntityId, u64), u64>,
    users: BTreeSet<String>,
}

enum Answer {
    Posted(Reply<Posted>, Result<Posted, ServiceError>),
    Entity(Reply<Entity>, Result<Entity, ServiceError>),
    Done(Reply<()>, Result<(), ServiceError>),
}

impl Writer {
    fn run(mut self, receiver: mpsc::Receiver<Command>) {
        while let Ok(first) = receiver.recv() {
            let mut commands = vec![first];
            while commands.len() < GROUP_REQUESTS_MAX {
                match receiver.try_recv() {
                    Ok(command) => commands.push(command),
                    Err(_) => break,
                }
            }
            let mut group = Group::default();
            let answers: Vec<Answer> = commands
                .into_iter()
                .map(|c| self.apply(c, &mut group))
                .collect();
            let committed = self.finish(group);
            for answer in answers {
                match answer {
                    Answer::Posted(reply, result) => drop(reply.send(settle(result, &committed))),
                    Answer::Entity(reply, result) => drop(reply.send(settle(result, &committed))),
                    Answer::Done(reply, result) => drop(reply.send(settle(result, &committed))),
                }
            }
        }
    }

    /// Writes the running totals the group changed, then commits and syncs the group.
    fn finish(&mut self, mut group: Group) -> Result<(), String> {
        for entity in &group.entities_touched {
            group.writes.balances(*entity, &self.books[entity].balances);
        }
        for (entity, member) in &group.members_touched {
            group.writes.member_balances(
                *entity,
                *member,
                &self.books[entity].member_balances[member],
            );
        }
        for ((entity, date), movements) in &group.daily {
            group.writes.daily(*entity, *date, movements);
        }
        let result = self.store.commit(group.writes).map_err(|e| e.to_string());
        if let Err(error) = &result {
            tracing::error!(%error, "group commit failed; reloading books from disk");
            self.books.clear();
            self.next_entity_id = self.store.next_entity_id().unwrap_or(self.next_entity_id);
        }
        result
    }

    fn apply(&mut self, command: Command, group: &mut Group) -> Answer {
        match command {
            Command::Post {
                entity,
                entries,
                recorded_by,
                idempotency,
                reply,
            } => {
                let result = self.post(group, entity, entries, recorded_by, None, idempotency);
                Answer::Posted(reply, result)
            }
            Command::Reverse {
                entity,
                seq,
                date,
                memo,
                recorded_by,
                idempotency,
                reply,
            } => {
                let result = self.reverse(group, entity, seq, date, memo, recorded_by, idempotency);
                Answer::Posted(reply, result)
            }
            Command::CreateEntity {
                kind,
                name,
                parent,
                reply,
            } => Answer::Entity(reply, self.create_entity(group, kind, &name, parent)),
            Command::CreateUser { user, reply } => {
                let username = user.username.as_str().to_string();
                let result = match self.store.user(&username) {
                    Err(error) => Err(error.into()),
                    Ok(Some(_)) => Err(ServiceError::UserExists(username)),
                    Ok(None) if group.users.contains(&username) => {
                        Err(ServiceError::UserExists(username))
                    }
                    Ok(None) => {
                        group.writes.user(&user);
                        group.users.insert(username);
                        Ok(())
                    }
                };
                Answer::Done(reply, result)
            }
            Command::Write { writes, reply } => {
                // Session writes are few; a separate commit keeps WriteSet simple.
                Answer::Done(reply, self.store.commit(writes).map_err(Into::into))
            }
        }
    }

    fn books(&mut self, entity: EntityId) -> Result<&mut Books, ServiceError> {
        if !self.books.contains_key(&entity) {
            let found = self
                .store
                .entity(entity)?
                .ok_or_else(|| ServiceError::NotFound(format!("entitas {entity}")))?;
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
        idempotency: Option<Idempotency>,
    ) -> Result<Option<Posted>, ServiceError> {
        let Some(idempotency) = idempotency else {
            return Ok(None);
        };
        let (record, entries) = match group.idempotency.get(&(entity, idempotency.key_hash)) {
            Some((record, entries)) => (record.clone(), entries.clone()),
            None => match self.store.idempotency(entity, &idempotency.key_hash)? {
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
        Ok(Some(Posted {
            entries,
            replayed: true,
        }))
    }

    fn post(
        &mut self,
        group: &mut Group,
        entity: EntityId,
        entries: Vec<BalancedEntry>,
        recorded_by: String,
        reverses: Option<u64>,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        if let Some(posted) = self.replay(group, entity, idempotency)? {
            return Ok(posted);
        }
        let books = self.books(entity)?;
        let recorded_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let stamp = || Stamp {
            recorded_by: recorded_by.clone(),
            recorded_at: recorded_at.clone(),
            reverses,
        };
        let posted = if let [_] = entries.as_slice() {
            let entry = entries.into_iter().next().expect("one entry");
            vec![books.post(entry, stamp())?]
        } else {
            // All or nothing: post into a copy, keep it only if every entry passes.
            let mut scratch = books.clone();
            let mut posted = Vec::with_capacity(entries.len());
            for (index, entry) in entries.into_iter().enumerate() {
                let one = scratch
                    .post(entry, stamp())
                    .map_err(|errors: EntryErrors| ServiceError::BatchEntry {
                        index: index + 1,
                        errors,
                    })?;
                posted.push(one);
            }
            *books = scratch;
            posted
        };
        for entry in &posted {
            group.writes.entry(entry);
            let day = match group.daily.entry((entity, entry.entry.date())) {
                std::collections::hash_map::Entry::Occupied(day) => day.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(self.store.daily(entity, entry.entry.date())?)
                }
            };
            add_entry(day, &entry.entry);
            for line in entry.entry.lines() {
                if let Some(member) = line.member_id {
                    group.members_touched.insert((entity, member));
                }
            }
        }
        group.entities_touched.insert(entity);
        if let Some(idempotency) = idempotency {
            let record = IdempotencyRecord {
                body_hash: idempotency.body_hash,
                first_seq: posted[0].seq,
                count: posted.len() as u64,
            };
            group
                .writes
                .idempotency(entity, &idempotency.key_hash, &record);
            group
                .idempotency
                .insert((entity, idempotency.key_hash), (record, posted.clone()));
        }
        Ok(Posted {
            entries: posted,
            replayed: false,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn reverse(
        &mut self,
        group: &mut Group,
        entity: EntityId,
        seq: u64,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: String,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        if let Some(posted) = self.replay(group, entity, idempotency)? {
            return Ok(posted);
        }
        self.books(entity)?;
        let original = self
            .store
            .entry(entity, seq)?
            .ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))?;
        let earlier = match group.reversed.get(&(entity, seq)) {
            Some(by) => Some(*by),
            None => self.store.reversed_by(entity, seq)?,
        };
        if let Some(by) = earlier {
            return Err(ServiceError::AlreadyReversed { seq, by });
        }
        let memo = match memo {
            Some(memo) => memo,
            None => Memo::parse(&format!(
                "Pembalikan jurnal #{seq}: {}",
                original.entry.memo().as_str()
            ))
            .unwrap_or_else(|_| {
                Memo::parse(&format!("Pembalikan jurnal #{seq}")).expect("short memo")
            }),
        };
        let undo = original.entry.reversal(date, memo);
        let posted = self.post(
            group,
            entity,
            vec![undo],
            recorded_by,
            Some(seq),
            idempotency,
        )?;
        let by = posted.entries[0].seq;
        group.writes.reversal(entity, seq, by);
        group.reversed.insert((entity, seq), by);
        Ok(posted)
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
                let found = self
                    .store
                    .entity(id)?
                    .ok_or_else(|| ServiceError::NotFound(format!("entitas induk {id}")))?;
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

/// A result stands only if the group it belongs to reached the disk.
fn settle<T>(
    result: Result<T, ServiceError>,
    committed: &Result<(), String>,
) -> Result<T, ServiceError> {
    match (result, committed) {
        (Ok(_), Err(error)) => Err(ServiceError::Storage(crate::store::StoreError::Io(
            std::io::Error::other(error.clone()),
        ))),
        (result, _) => result,
    }
}
