//! The only code that knows sled: one tree, prefixed big-endian keys, atomic batches,
//! and a flush plus `fdatasync` before anything is acknowledged.

mod codec;
mod members;

use crate::domain::account::Chart;
use crate::domain::books::{Balances, Books};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::entry::{MemberId, PostedEntry};
use crate::domain::user::User;
use chrono::NaiveDate;
pub use codec::DecodeError;
use codec::{date_bytes, date_from_bytes, decode, encode, entity_key, key, prefix, u64_from_bytes};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The schema this build writes; a database with a newer one is refused.
pub const SCHEMA_VERSION: u32 = 1;
/// sled's page cache, capped so the service fits a 2 GB laptop.
const CACHE_CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

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
}

/// What an `Idempotency-Key` was first used for, so a retry gets the first answer.
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
}

/// The writes of one use case (or one group of them), applied all at once.
#[derive(Default)]
pub struct WriteSet {
    batch: sled::Batch,
    pub writes_count: usize,
}

impl WriteSet {
    pub(super) fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.batch.insert(key, value);
        self.writes_count += 1;
    }

    pub fn entity(&mut self, entity: &Entity) {
        self.put(entity_key(prefix::ENTITY, entity.id, &[]), encode(entity));
    }

    pub fn chart(&mut self, entity: EntityId, chart: &Chart) {
        self.put(entity_key(prefix::CHART, entity, &[]), encode(chart));
    }

    pub fn entry(&mut self, posted: &PostedEntry) {
        self.put(entity_key(prefix::ENTRY, posted.entity_id, &[&posted.seq.to_be_bytes()]), encode(posted));
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

    pub fn idempotency(&mut self, entity: EntityId, key_hash: &[u8; 32], record: &IdempotencyRecord) {
        self.put(entity_key(prefix::IDEMPOTENCY, entity, &[key_hash]), encode(record));
    }

    pub fn next_entity_id(&mut self, next: EntityId) {
        self.put(key(prefix::META, &[b"next_entity_id"]), encode(&next));
    }

    pub fn user(&mut self, user: &User) {
        self.put(key(prefix::USER, &[user.username.as_str().as_bytes()]), encode(user));
    }

    pub fn session(&mut self, token_hash: &[u8; 32], session: &Session) {
        self.put(key(prefix::SESSION, &[token_hash]), encode(session));
    }

    pub fn end_session(&mut self, token_hash: &[u8; 32]) {
        self.batch.remove(key(prefix::SESSION, &[token_hash]));
        self.writes_count += 1;
    }
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(path)?;
        let db =
            sled::Config::new().path(path).cache_capacity(CACHE_CAPACITY_BYTES).flush_every_ms(None).open().map_err(
                |error| match error {
                    // sled words its lock failure as an I/O error of its own.
                    sled::Error::Io(io)
                        if io.kind() == std::io::ErrorKind::WouldBlock
                            || io.to_string().contains("could not acquire lock") =>
                    {
                        StoreError::Locked { path: path.to_path_buf() }
                    }
                    other => StoreError::Sled(other),
                },
            )?;
        let data_file = File::open(path.join("db"))?;
        let store =
            Store { db, path: path.to_path_buf(), data_file: Mutex::new(data_file), syncs_count: AtomicU64::new(0) };
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        let schema_key = key(prefix::META, &[b"schema"]);
        match self.get::<u32>(&schema_key)? {
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema { found, supported: SCHEMA_VERSION }),
            Some(_) => Ok(()),
            None => {
                self.db.insert(schema_key, encode(&SCHEMA_VERSION))?;
                self.sync()
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies a write set atomically and makes it durable before returning.
    pub fn commit(&self, writes: WriteSet) -> Result<(), StoreError> {
        if writes.writes_count > 0 {
            self.db.apply_batch(writes.batch)?;
        }
        self.sync()
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        // sled 0.34.7's flush ends in sync_file_range, which does not flush the drive's
        // write cache (sled issue #1452, "Data is not written durably"): fdatasync the
        // data file ourselves, once per commit, so one sync serves a whole group.
        let file = self.data_file.lock().expect("data file lock");
        file.sync_data()?;
        self.syncs_count.fetch_add(1, Ordering::Relaxed);
        Ok(())
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

    pub fn entities(&self) -> Result<Vec<Entity>, StoreError> {
        self.scan(vec![prefix::ENTITY]).map(|item| item.map(|(_, entity)| entity)).collect()
    }

    pub fn chart(&self, entity: EntityId) -> Result<Chart, StoreError> {
        Ok(self.get(&entity_key(prefix::CHART, entity, &[]))?.unwrap_or_default())
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

    pub fn entry(&self, entity: EntityId, seq: u64) -> Result<Option<PostedEntry>, StoreError> {
        self.get(&entity_key(prefix::ENTRY, entity, &[&seq.to_be_bytes()]))
    }

    /// Every entry of an entity in sequence order, read lazily.
    pub fn entries(&self, entity: EntityId) -> impl Iterator<Item = Result<PostedEntry, StoreError>> + '_ {
        self.scan(entity_key(prefix::ENTRY, entity, &[])).map(|item| item.map(|(_, entry)| entry))
    }

    pub fn reversed_by(&self, entity: EntityId, seq: u64) -> Result<Option<u64>, StoreError> {
        self.get(&entity_key(prefix::REVERSAL, entity, &[&seq.to_be_bytes()]))
    }

    pub fn idempotency(&self, entity: EntityId, key_hash: &[u8; 32]) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.get(&entity_key(prefix::IDEMPOTENCY, entity, &[key_hash]))
    }

    pub fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.get(&key(prefix::USER, &[username.as_bytes()]))
    }

    pub fn session(&self, token_hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        self.get(&key(prefix::SESSION, &[token_hash]))
    }

    /// The in-memory books of an entity, rebuilt from its stored chart, balances and last entry.
    pub fn load_books(&self, entity: &Entity) -> Result<Books, StoreError> {
        let mut books = Books::new(entity.id, self.chart(entity.id)?);
        books.locked_through = entity.locked_through;
        books.balances = self.balances(entity.id)?;
        books.member_balances = self.member_balances(entity.id)?.into_iter().collect();
        let last = self.db.scan_prefix(entity_key(prefix::ENTRY, entity.id, &[])).next_back().transpose()?;
        if let Some((key, bytes)) = last {
            let posted: PostedEntry =
                decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source })?;
            books.next_seq = posted.seq + 1;
            books.last_hash = posted.hash;
        }
        Ok(books)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
