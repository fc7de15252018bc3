//! The only code that knows sled: one tree, prefixed big-endian keys, atomic batches,
//! and a flush plus `fdatasync` before anything is acknowledged.

mod admin;
mod assets;
mod audit;
pub mod backup;
mod check;
mod codec;
mod entries;
mod fault;
pub mod files;
mod hub_outbox;
mod loans;
mod members;
mod pages;
mod periods;
mod recovery;
mod report;
mod report_submit;
mod sales;
pub mod space;
mod training;

use crate::domain::account::Chart;
use crate::domain::books::{Balances, Books};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::entry::MemberId;
use crate::domain::user::User;
use crate::messages::{message, FluentValue, Lang};
pub use admin::RegisterReplay;
use chrono::NaiveDate;
pub use codec::DecodeError;
use codec::{date_bytes, date_from_bytes, decode, encode, entity_key, key, prefix, u64_from_bytes};
pub use fault::DiskFault;
pub use recovery::RECOVERED_DIR;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
pub use space::Space;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

/// The schema this build writes; a database with a newer one is refused. 2: compact
/// entries and audit events, idempotency keys kept as sent (schema 1 is read as it is).
pub const SCHEMA_VERSION: u32 = 2;
/// sled's page cache, capped so the service fits a 2 GB laptop and its memory stays flat
/// under a day of single posts (the growth run of `benches/ledger.rs`).
const CACHE_CAPACITY_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("basis data {path} sedang dipakai proses lain (apakah layanan masih berjalan?)")]
    Locked { path: PathBuf },
    #[error("basis data memakai skema versi {found}, program ini hanya mengenal sampai {supported}; pakai versi program yang lebih baru")]
    NewerSchema { found: u32, supported: u32 },
    #[error("penyimpanan gagal: {0}")]
    Io(#[from] std::io::Error),
    #[error("penyimpanan gagal: {0}")]
    Sled(#[from] sled::Error),
    #[error("data tersimpan rusak di kunci {key}: {source}")]
    Decode { key: String, source: DecodeError },
    /// Certainly not written: the store had failed before this write reached it.
    #[error("{}", .0.message())]
    Unavailable(DiskFault),
    /// The batch was handed to sled, then a write or the sync failed: it may or may not
    /// be on disk. Only a resend with the same idempotency key can tell.
    #[error("{}", Lang::Id.text("storage-outcome_unknown"))]
    OutcomeUnknown(DiskFault),
    /// Refused before anything was written: less than the floor is free.
    #[error("{}", space_low_text(Lang::Id, .free_bytes, .min_free_bytes))]
    SpaceLow { free_bytes: u64, min_free_bytes: u64 },
    /// sled cannot read the database, even with interrupted snapshots set aside.
    #[error("{}", damaged_text(Lang::Id, .file))]
    Damaged { file: PathBuf },
}

impl StoreError {
    /// What a reader is told, in `lang`, about a write the disk refused or left unknown;
    /// `None` for any other failure (a fault of the program: logged, not explained).
    pub fn refusal_text(&self, lang: Lang) -> Option<String> {
        match self {
            StoreError::OutcomeUnknown(_) => Some(lang.text("storage-outcome_unknown")),
            StoreError::SpaceLow { free_bytes, min_free_bytes } => {
                Some(space_low_text(lang, free_bytes, min_free_bytes))
            }
            StoreError::Damaged { file } => Some(damaged_text(lang, file)),
            other => DiskFault::refusal(other).map(|fault| fault.text(lang)),
        }
    }

    /// The same failure again, for each request of a group that did not commit.
    pub fn for_each_waiter(&self) -> StoreError {
        match self {
            StoreError::Unavailable(fault) => StoreError::Unavailable(*fault),
            StoreError::OutcomeUnknown(fault) => StoreError::OutcomeUnknown(*fault),
            StoreError::SpaceLow { free_bytes, min_free_bytes } => {
                StoreError::SpaceLow { free_bytes: *free_bytes, min_free_bytes: *min_free_bytes }
            }
            other => StoreError::Io(std::io::Error::other(other.to_string())),
        }
    }
}

fn space_low_text(lang: Lang, free_bytes: &u64, min_free_bytes: &u64) -> String {
    let mb = |bytes: &u64| -> FluentValue { (bytes / (1024 * 1024)).into() };
    message(lang, "storage-low", &[("free_mb", mb(free_bytes)), ("min_free_mb", mb(min_free_bytes))])
}

fn damaged_text(lang: Lang, file: &Path) -> String {
    let recovered = file.with_file_name(RECOVERED_DIR);
    let args = [("file", file.display().to_string().into()), ("recovered", recovered.display().to_string().into())];
    message(lang, "storage-damaged", &args)
}

/// What an `Idempotency-Key` was first used for, so a retry gets the first answer. An
/// assessment or a member registered posts no entry: its record keeps that id as
/// `first_seq`, `count` 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotencyRecord {
    /// SHA-256 of the request body the key was first sent with.
    pub body_hash: [u8; 32],
    pub first_seq: u64,
    pub count: u64,
}

/// A login session: only the hash of its bearer token is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub username: String,
    /// Unix seconds.
    pub expires_at: i64,
}

pub struct Store {
    db: sled::Db,
    path: PathBuf,
    /// sled's data file, to `fdatasync` after sled's own flush (see `commit`).
    data_file: Mutex<File>,
    /// Syncs since opening: fewer than commits of entries shows group commit at work.
    syncs_count: AtomicU64,
    /// Whether chunks were written since the last sync.
    chunks_unsynced: AtomicBool,
    /// Chunks written since opening.
    chunks_count: AtomicU64,
    /// Set by the first failed write: sled is poisoned from then on.
    fault: fault::FaultCell,
    /// Below this much free space new writes are refused.
    floor: space::Floor,
    /// Interrupted snapshots moved into `recovered/` before this open.
    set_aside: Vec<PathBuf>,
}

/// Where an entity's committed journal ends: entries at or past `next_seq` are leftovers
/// of a large post that never committed, and are not part of the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub next_seq: u64,
    pub last_hash: crate::domain::entry::Hash,
}

/// The writes of one use case (or one group of them), applied all at once.
#[derive(Default)]
pub struct WriteSet {
    /// Key and new value; `None` removes the key.
    ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Opens or ends a session (or a page session's CSRF token): a few hundred bytes,
    /// let through below the space floor so that people can still sign in and read.
    signs_in_or_out: bool,
}

impl WriteSet {
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Takes every write of `other` after this set's own.
    pub fn append(&mut self, other: WriteSet) {
        self.signs_in_or_out |= other.signs_in_or_out;
        self.ops.extend(other.ops);
    }

    fn into_batch(self) -> sled::Batch {
        let mut batch = sled::Batch::default();
        for (key, value) in self.ops {
            match value {
                Some(value) => batch.insert(key, value),
                None => batch.remove(key),
            }
        }
        batch
    }

    pub fn stock(&mut self, entity: EntityId, stock: &crate::domain::books::Stock) {
        self.put(entity_key(prefix::STOCK, entity, &[]), encode(stock));
    }

    pub fn head(&mut self, entity: EntityId, head: &Head) {
        self.put(entity_key(prefix::HEAD, entity, &[]), encode(head));
    }

    pub(super) fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.ops.push((key, Some(value)));
    }

    pub fn entity(&mut self, entity: &Entity) {
        self.put(entity_key(prefix::ENTITY, entity.id, &[]), encode(entity));
    }

    pub fn identity(&mut self, entity: EntityId, identity: &crate::domain::identity::Identity) {
        self.put(entity_key(prefix::IDENTITY, entity, &[]), encode(identity));
    }

    pub fn chart(&mut self, entity: EntityId, chart: &Chart) {
        self.put(entity_key(prefix::CHART, entity, &[]), encode(chart));
        self.put(entity_key(prefix::CHART_INACTIVE, entity, &[]), encode(chart.inactive()));
    }

    pub fn balances(&mut self, entity: EntityId, balances: &Balances) {
        self.put(entity_key(prefix::BALANCES, entity, &[]), encode(balances));
    }

    pub fn member_balances(&mut self, entity: EntityId, member: MemberId, balances: &Balances) {
        self.put(entity_key(prefix::MEMBER_BALANCES, entity, &[&member.to_be_bytes()]), encode(balances));
    }

    pub fn daily(&mut self, entity: EntityId, date: NaiveDate, movements: &Balances) {
        self.put(entity_key(prefix::DAILY, entity, &[&date_bytes(date)]), encode(movements));
    }

    pub fn reversal(&mut self, entity: EntityId, reversed_seq: u64, reversing_seq: u64) {
        self.put(entity_key(prefix::REVERSAL, entity, &[&reversed_seq.to_be_bytes()]), encode(&reversing_seq));
    }

    pub fn idempotency(&mut self, entity: EntityId, key: &[u8], record: &IdempotencyRecord) {
        self.put(entity_key(prefix::IDEMPOTENCY_KEY, entity, &[key]), encode(record));
    }

    pub fn next_entity_id(&mut self, next: EntityId) {
        self.put(key(prefix::META, &[b"next_entity_id"]), encode(&next));
    }

    pub fn user(&mut self, user: &User) {
        self.put(key(prefix::USER, &[user.username.as_str().as_bytes()]), encode(user));
    }

    pub fn session(&mut self, token_hash: &[u8; 32], session: &Session) {
        self.signs_in_or_out = true;
        self.put(key(prefix::SESSION, &[token_hash]), encode(session));
    }

    pub fn end_session(&mut self, token_hash: &[u8; 32]) {
        self.signs_in_or_out = true;
        self.ops.push((key(prefix::SESSION, &[token_hash]), None));
    }
}

/// Whether the database at `path` is compressed (zstd: a single post then takes about half
/// the disk). sled refuses to open a database with another setting than it was made
/// with, so one made before compression (sled keeps its settings in `conf`) stays as it
/// is; a new one is compressed.
fn compressed(path: &Path) -> bool {
    const COMPRESSED: &[u8] = b"use_compression: true";
    match std::fs::read(path.join("conf")) {
        Ok(conf) => conf.windows(COMPRESSED.len()).any(|line| line == COMPRESSED),
        Err(_) => true,
    }
}

impl Store {
    /// Opens the database at `path`, first setting aside what an interrupted snapshot
    /// left (see `recovery`), so that it opens again by itself after a full disk.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        files::create_private_dir(path)?;
        files::close_to_others(path);
        let set_aside = recovery::set_aside_interrupted_snapshots(path)?;
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_CAPACITY_BYTES)
            .use_compression(compressed(path))
            .flush_every_ms(None)
            .open()
            .map_err(|error| match error {
                // sled words its lock failure as an I/O error of its own.
                sled::Error::Io(io)
                    if io.kind() == std::io::ErrorKind::WouldBlock
                        || io.to_string().contains("could not acquire lock") =>
                {
                    StoreError::Locked { path: path.to_path_buf() }
                }
                sled::Error::Io(io) if DiskFault::of_io(&io) != DiskFault::Failed => {
                    StoreError::Unavailable(DiskFault::of_io(&io))
                }
                sled::Error::Corruption { .. } => StoreError::Damaged { file: recovery::damaged_file(path) },
                other => StoreError::Sled(other),
            })?;
        let data_file = File::open(path.join("db"))?;
        let store = Store {
            db,
            path: path.to_path_buf(),
            data_file: Mutex::new(data_file),
            syncs_count: AtomicU64::new(0),
            chunks_unsynced: AtomicBool::new(false),
            chunks_count: AtomicU64::new(0),
            fault: fault::FaultCell::default(),
            floor: space::Floor::default(),
            set_aside,
        };
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        let schema_key = key(prefix::META, &[b"schema"]);
        match self.get::<u32>(&schema_key)? {
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema { found, supported: SCHEMA_VERSION }),
            Some(SCHEMA_VERSION) => Ok(()),
            // Older: readable as it is; once marked newer, an older build will not write to it.
            Some(_) | None => {
                self.db.insert(schema_key, encode(&SCHEMA_VERSION))?;
                self.sync()
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The interrupted snapshots this open moved into `recovered/`.
    pub fn set_aside(&self) -> &[PathBuf] {
        &self.set_aside
    }

    /// Refuses new writes (`SpaceLow`) while less than `min_free_bytes` is free; 0: never.
    pub fn set_min_free(&self, min_free_bytes: u64) {
        self.floor.set(min_free_bytes);
    }

    /// Whether a new write would be tried now: no fault met, and free space above the floor.
    pub fn takes_writes(&self) -> bool {
        self.fault.get().is_none() && self.floor.check(&self.path).is_ok()
    }

    /// Free and total space of the database's filesystem; the log warns when it runs short.
    pub fn space(&self) -> Result<Space, StoreError> {
        Ok(self.floor.measure(&self.path)?)
    }

    /// Applies a write set atomically and makes it durable before returning. Chunks
    /// written before it are synced first, so that what this set points at (a head
    /// naming their entries) can never reach the disk without them.
    ///
    /// A failure before the batch goes to sled is a refusal: nothing of it was written.
    /// Once sled has it, a failed write or sync leaves the outcome unknown: sled may have
    /// written its log buffer, batch included, before the error (`OutcomeUnknown`).
    pub fn commit(&self, writes: WriteSet) -> Result<(), StoreError> {
        self.fault.check()?;
        if !writes.signs_in_or_out {
            self.floor.check(&self.path)?;
        }
        if self.chunks_unsynced.swap(false, Ordering::SeqCst) {
            self.sync()?;
        }
        let unknown = |error| match error {
            StoreError::Unavailable(fault) => StoreError::OutcomeUnknown(fault),
            other => other,
        };
        if !writes.is_empty() {
            self.db.apply_batch(writes.into_batch()).map_err(|e| unknown(self.fault.record(e.into())))?;
        }
        self.sync().map_err(unknown)
    }

    /// The fault that stopped this store from writing, if any.
    pub fn fault(&self) -> Option<DiskFault> {
        self.fault.get()
    }

    /// Writes part of a large post without syncing. Its entries stay invisible until a
    /// later `commit` moves their entity's head past them: sled's memory grows with the
    /// size of one batch, so 10,000 entries go down in chunks rather than at once.
    pub fn write_chunk(&self, writes: WriteSet) -> Result<(), StoreError> {
        self.chunks_unsynced.store(true, Ordering::SeqCst);
        self.chunks_count.fetch_add(1, Ordering::Relaxed);
        self.fault.check()?;
        self.floor.check(&self.path)?;
        self.db.apply_batch(writes.into_batch()).map_err(|e| self.fault.record(e.into()))?;
        Ok(())
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.sync_durably().map_err(|e| self.fault.record(e))
    }

    fn sync_durably(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        // sled 0.34.7's flush ends in sync_file_range, which does not flush the drive's
        // write cache (sled issue #1452, "Data is not written durably"): fdatasync the
        // data file ourselves, once per commit, so one sync serves a whole group.
        let file = self.data_file.lock().expect("data file lock");
        file.sync_data()?;
        self.syncs_count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn chunks_count(&self) -> u64 {
        self.chunks_count.load(Ordering::Relaxed)
    }

    pub fn syncs_count(&self) -> u64 {
        self.syncs_count.load(Ordering::Relaxed)
    }

    pub(super) fn get<T: serde::de::DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.db.get(key)? {
            Some(bytes) => {
                decode(&bytes).map(Some).map_err(|source| StoreError::Decode { key: hex::encode(key), source })
            }
            None => Ok(None),
        }
    }

    pub(super) fn scan<T: serde::de::DeserializeOwned>(
        &self,
        prefix_bytes: Vec<u8>,
    ) -> impl Iterator<Item = Result<(sled::IVec, T), StoreError>> + '_ {
        self.db.scan_prefix(prefix_bytes).map(|item| {
            let (key, bytes) = item?;
            let value = decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source })?;
            Ok((key, value))
        })
    }

    /// Whether the database holds any entity or user yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.db.scan_prefix([prefix::ENTITY]).next().is_none()
            && self.db.scan_prefix([prefix::USER]).next().is_none())
    }

    /// Bytes the database takes on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    pub fn next_entity_id(&self) -> Result<EntityId, StoreError> {
        Ok(self.get(&key(prefix::META, &[b"next_entity_id"]))?.unwrap_or(1))
    }

    pub fn entity(&self, id: EntityId) -> Result<Option<Entity>, StoreError> {
        self.get(&entity_key(prefix::ENTITY, id, &[]))
    }

    /// What an entity says of itself, once set.
    pub fn identity(&self, entity: EntityId) -> Result<Option<crate::domain::identity::Identity>, StoreError> {
        self.get(&entity_key(prefix::IDENTITY, entity, &[]))
    }

    pub fn entities(&self) -> Result<Vec<Entity>, StoreError> {
        self.scan(vec![prefix::ENTITY]).map(|item| item.map(|(_, entity)| entity)).collect()
    }

    pub fn chart(&self, entity: EntityId) -> Result<Chart, StoreError> {
        let chart: Chart = self.get(&entity_key(prefix::CHART, entity, &[]))?.unwrap_or_default();
        let inactive = self.get(&entity_key(prefix::CHART_INACTIVE, entity, &[]))?.unwrap_or_default();
        Ok(chart.with_inactive(inactive))
    }

    pub fn balances(&self, entity: EntityId) -> Result<Balances, StoreError> {
        Ok(self.get(&entity_key(prefix::BALANCES, entity, &[]))?.unwrap_or_default())
    }

    pub fn member_balances(&self, entity: EntityId) -> Result<Vec<(MemberId, Balances)>, StoreError> {
        self.scan(entity_key(prefix::MEMBER_BALANCES, entity, &[]))
            .map(|item| {
                let (key, balances) = item?;
                Ok((u64_from_bytes(&key[9..]).unwrap_or_default(), balances))
            })
            .collect()
    }

    /// One day's movements per account, as summed when the entries were posted.
    pub fn daily(&self, entity: EntityId, date: NaiveDate) -> Result<Balances, StoreError> {
        Ok(self.get(&entity_key(prefix::DAILY, entity, &[&date_bytes(date)]))?.unwrap_or_default())
    }

    /// Every stored day of movements, in date order.
    pub fn daily_all(&self, entity: EntityId) -> Result<Vec<(NaiveDate, Balances)>, StoreError> {
        self.daily_range(entity, ..).collect()
    }

    fn daily_range<R: std::ops::RangeBounds<NaiveDate>>(
        &self,
        entity: EntityId,
        dates: R,
    ) -> impl Iterator<Item = Result<(NaiveDate, Balances), StoreError>> + '_ {
        use std::ops::Bound;
        let bound = |b: Bound<&NaiveDate>, edge: [u8; 4]| match b {
            Bound::Included(d) => entity_key(prefix::DAILY, entity, &[&date_bytes(*d)]),
            Bound::Excluded(d) => entity_key(prefix::DAILY, entity, &[&date_bytes(d.succ_opt().unwrap_or(*d))]),
            Bound::Unbounded => entity_key(prefix::DAILY, entity, &[&edge]),
        };
        let start = bound(dates.start_bound(), [0; 4]);
        let end = match dates.end_bound() {
            Bound::Included(d) => Bound::Included(entity_key(prefix::DAILY, entity, &[&date_bytes(*d)])),
            Bound::Excluded(d) => Bound::Excluded(entity_key(prefix::DAILY, entity, &[&date_bytes(*d)])),
            Bound::Unbounded => Bound::Included(bound(Bound::Unbounded, [0xff; 4])),
        };
        self.db.range((Bound::Included(start), end)).map(|item| {
            let (key, bytes) = item?;
            let date = date_from_bytes(&key[9..]).unwrap_or_default();
            let movements = decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source })?;
            Ok((date, movements))
        })
    }

    /// Balances at the end of `as_of`. Each day's movements sit under one key, so each
    /// read is itself balanced even while entries are being posted.
    pub fn balances_as_of(&self, entity: EntityId, as_of: NaiveDate) -> Result<Balances, StoreError> {
        // Running totals first, then the look for later days: a later-dated entry committed
        // in between is seen by the look (one batch writes both), never silently included.
        let current = self.balances(entity)?;
        let after = (std::ops::Bound::Excluded(as_of), std::ops::Bound::Unbounded);
        if self.daily_range(entity, after).next().transpose()?.is_none() {
            return Ok(current);
        }
        let mut balances = Balances::new();
        for day in self.daily_range(entity, ..=as_of) {
            for (code, totals) in day?.1 {
                balances.entry(code).or_default().merge(&totals);
            }
        }
        Ok(balances)
    }

    /// Units and value per inventory account and product, as of the last commit.
    pub fn stock(&self, entity: EntityId) -> Result<crate::domain::books::Stock, StoreError> {
        Ok(self.get(&entity_key(prefix::STOCK, entity, &[]))?.unwrap_or_default())
    }

    pub fn head(&self, entity: EntityId) -> Result<Head, StoreError> {
        let head = self.get(&entity_key(prefix::HEAD, entity, &[]))?;
        Ok(head.unwrap_or(Head { next_seq: 1, last_hash: crate::domain::entry::GENESIS_HASH }))
    }

    /// Removes what an interrupted large post left past an entity's head: its entries,
    /// their tags and their member index. Returns how many keys it removes.
    pub fn discard_uncommitted(&self, entity: EntityId, writes: &mut WriteSet) -> Result<usize, StoreError> {
        let end = self.head(entity)?.next_seq;
        let before = writes.len();
        for key in self.db.scan_prefix(entity_key(prefix::ENTRY_BY_DATE, entity, &[])).keys() {
            let key = key?;
            if u64_from_bytes(&key[13..]).is_some_and(|seq| seq >= end) {
                writes.ops.push((key.to_vec(), None));
            }
        }
        for kind in [prefix::ENTRY, prefix::ENTRY_TAG] {
            for key in self
                .db
                .range(entity_key(kind, entity, &[&end.to_be_bytes()])..entity_key(kind, entity, &[&[0xff; 8]]))
                .keys()
            {
                writes.ops.push((key?.to_vec(), None));
            }
        }
        for key in self.db.scan_prefix(entity_key(prefix::MEMBER_ENTRY, entity, &[])).keys() {
            let key = key?;
            if u64_from_bytes(&key[17..]).is_some_and(|seq| seq >= end) {
                writes.ops.push((key.to_vec(), None));
            }
        }
        Ok(writes.len() - before)
    }

    pub fn reversed_by(&self, entity: EntityId, seq: u64) -> Result<Option<u64>, StoreError> {
        self.get(&entity_key(prefix::REVERSAL, entity, &[&seq.to_be_bytes()]))
    }

    /// The record kept under an idempotency key as sent; before schema 2 keys were kept
    /// under their SHA-256, and a key sent before the upgrade is still found there.
    pub fn idempotency(&self, entity: EntityId, key: &[u8]) -> Result<Option<IdempotencyRecord>, StoreError> {
        match self.get(&entity_key(prefix::IDEMPOTENCY_KEY, entity, &[key]))? {
            Some(record) => Ok(Some(record)),
            None => {
                let key_hash: [u8; 32] = sha2::Sha256::digest(key).into();
                self.get(&entity_key(prefix::IDEMPOTENCY, entity, &[&key_hash]))
            }
        }
    }

    /// Every stored login as its key's username and what its value reads as (a value that
    /// does not read is kept, not skipped, so `verify` and `restore` can name it).
    pub fn users(&self) -> Result<Vec<(String, Result<User, StoreError>)>, StoreError> {
        let mut users = Vec::new();
        for item in self.db.scan_prefix([prefix::USER]) {
            let (key, bytes) = item?;
            let read = decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source });
            users.push((String::from_utf8_lossy(&key[1..]).into_owned(), read));
        }
        Ok(users)
    }

    pub fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.get(&key(prefix::USER, &[username.as_bytes()]))
    }

    pub fn session(&self, token_hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        self.get(&key(prefix::SESSION, &[token_hash]))
    }

    /// The in-memory books of an entity, rebuilt from its stored chart, balances and head.
    pub fn load_books(&self, entity: &Entity) -> Result<Books, StoreError> {
        let mut books = Books::new(entity.id, self.chart(entity.id)?);
        books.locked_through = entity.locked_through;
        books.balances = self.balances(entity.id)?;
        books.member_balances = self.member_balances(entity.id)?.into_iter().collect();
        books.stock = self.stock(entity.id)?;
        let days = self.daily_all(entity.id)?;
        books.cash_days = crate::domain::books::cash_days_of(&books.chart, days.iter().map(|(date, day)| (*date, day)));
        let head = self.head(entity.id)?;
        books.next_seq = head.next_seq;
        books.last_hash = head.last_hash;
        Ok(books)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_made_without_compression_opens_as_it_was_made() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::Config::new().path(dir.path()).use_compression(false).open().unwrap();
            db.insert(key(prefix::META, &[b"next_entity_id"]), encode(&7u64)).unwrap();
            db.flush().unwrap();
        }
        assert!(!compressed(dir.path()));
        assert_eq!(Store::open(dir.path()).unwrap().next_entity_id().unwrap(), 7);
        let new = tempfile::tempdir().unwrap();
        drop(Store::open(new.path()).unwrap());
        assert!(compressed(new.path()), "a new database is compressed");
    }

    #[test]
    fn a_database_of_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store.db.insert(key(prefix::META, &[b"schema"]), encode(&(SCHEMA_VERSION + 1))).unwrap();
            store.sync().unwrap();
        }
        match Store::open(dir.path()) {
            Err(StoreError::NewerSchema { found, supported }) => {
                assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
            }
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("a newer schema must be refused"),
        }
    }

    #[test]
    fn entries_past_the_head_are_invisible_and_discarded() {
        use crate::domain::account::{AccountCode, Chart, Side};
        use crate::domain::books::{Books, Stamp};
        use crate::domain::entry::{BalancedEntry, Line, Memo};
        use crate::domain::money::Money;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut books = Books::new(1, Chart::from_csv(crate::data::COA_KUBE).unwrap());
        let line =
            |account: &str, side| Line::new(AccountCode::parse(account).unwrap(), side, Money::parse("10").unwrap());
        let entry = BalancedEntry::new(
            "2026-07-01".parse().unwrap(),
            Memo::parse("x").unwrap(),
            vec![line("1101", Side::Debit), line("4101", Side::Credit)],
        )
        .unwrap();
        let stamp = Stamp { recorded_by: "t".into(), recorded_at: "t".into(), reverses: None };
        let posted = books.post(entry, stamp, &crate::domain::registers::Register::default()).unwrap();
        let mut chunk = WriteSet::default();
        chunk.entry(&posted);
        store.write_chunk(chunk).unwrap();
        // As after a crash between a chunk and the commit that would move the head.
        assert_eq!(store.entry(1, 1).unwrap(), None);
        assert_eq!(store.entries(1).count(), 0);
        let mut discard = WriteSet::default();
        assert_eq!(store.discard_uncommitted(1, &mut discard).unwrap(), 1);
        let mut head = WriteSet::default();
        head.head(1, &Head { next_seq: 2, last_hash: posted.hash });
        store.commit(head).unwrap();
        assert_eq!(store.entry(1, 1).unwrap(), Some(posted), "once the head moves the entry is part of the books");
    }
}
