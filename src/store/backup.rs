//! The backup file: every stored record in one self-checking stream.
//!
//! Layout (all integers big-endian): magic `KUBEBAK\n`, format version (u32), schema
//! version (u32), record count (u64), then per record its key length (u32), key, value
//! length (u32) and value, and last the SHA-256 of every byte before it. Login sessions
//! are left out: a restored database asks everyone to log in again.

use super::codec::prefix;
use super::{Store, StoreError, SCHEMA_VERSION};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"KUBEBAK\n";
/// The layout above; bump it when the layout changes.
pub const BACKUP_FORMAT_VERSION: u32 = 1;
/// Bounds on one record, so a damaged length cannot ask for gigabytes.
const KEY_BYTES_MAX: u32 = 64 * 1024;
const VALUE_BYTES_MAX: u32 = 256 * 1024 * 1024;
/// Records restored per sled batch (see `CHUNK_WRITES_MAX` in the writer).
const LOAD_BATCH_RECORDS: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("berkas ini bukan cadangan kube-ledger")]
    NotABackup,
    #[error("format cadangan versi {0} tidak dikenal program ini")]
    UnknownFormat(u32),
    #[error("cadangan memakai skema versi {found}, program ini hanya mengenal sampai {supported}; pakai versi program yang lebih baru")]
    NewerSchema { found: u32, supported: u32 },
    #[error("cadangan terpotong: berkas berakhir sebelum waktunya")]
    Truncated,
    #[error("cadangan rusak: {0}")]
    Damaged(String),
    #[error("cadangan rusak: hash SHA-256 tidak cocok")]
    HashMismatch,
    #[error("folder tujuan {0} tidak kosong; pulihkan ke folder baru atau kosong")]
    TargetNotEmpty(String),
    #[error("cadangan gagal dibaca atau ditulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a backup file says of itself in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupHeader {
    pub schema_version: u32,
    pub records_count: u64,
}

struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hasher.update(bytes);
        self.inner.write_all(bytes)
    }
}

fn is_backed_up(key: &[u8]) -> bool {
    key.first() != Some(&prefix::SESSION)
}

impl Store {
    /// Writes every record as a backup and returns how many. Consistent only while
    /// nothing commits: the service runs it on its writer thread.
    pub fn dump(&self, out: impl Write) -> Result<u64, BackupError> {
        let mut records_count = 0u64;
        for key in self.db.iter().keys() {
            records_count += u64::from(is_backed_up(&key.map_err(StoreError::from)?));
        }
        let mut out = HashingWriter { inner: out, hasher: Sha256::new() };
        out.put(MAGIC)?;
        out.put(&BACKUP_FORMAT_VERSION.to_be_bytes())?;
        out.put(&SCHEMA_VERSION.to_be_bytes())?;
        out.put(&records_count.to_be_bytes())?;
        let mut written = 0u64;
        for item in self.db.iter() {
            let (key, value) = item.map_err(StoreError::from)?;
            if !is_backed_up(&key) {
                continue;
            }
            for part in [&key[..], &value[..]] {
                out.put(&(part.len() as u32).to_be_bytes())?;
                out.put(part)?;
            }
            written += 1;
        }
        assert_eq!(written, records_count, "nothing commits while a backup is taken");
        let digest = out.hasher.finalize();
        out.inner.write_all(&digest)?;
        out.inner.flush()?;
        Ok(written)
    }

    /// Writes every record of a checked backup into this (empty) store and syncs it.
    pub fn load(&self, mut backup: BackupReader<impl Read>) -> Result<u64, BackupError> {
        let mut batch = sled::Batch::default();
        let mut pending = 0;
        let mut loaded = 0u64;
        while let Some((key, value)) = backup.next_record()? {
            batch.insert(key, value);
            pending += 1;
            loaded += 1;
            if pending == LOAD_BATCH_RECORDS {
                self.db.apply_batch(std::mem::take(&mut batch)).map_err(StoreError::from)?;
                pending = 0;
            }
        }
        backup.finish()?;
        self.db.apply_batch(batch).map_err(StoreError::from)?;
        self.sync()?;
        Ok(loaded)
    }
}

/// Reads a backup record by record, hashing as it goes; `finish` checks the trailer.
pub struct BackupReader<R> {
    inner: R,
    hasher: Sha256,
    pub header: BackupHeader,
    remaining: u64,
}

fn read_exact(inner: &mut impl Read, buf: &mut [u8]) -> Result<(), BackupError> {
    inner.read_exact(buf).map_err(|error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => BackupError::Truncated,
        _ => BackupError::Io(error),
    })
}

impl<R: Read> BackupReader<R> {
    /// Reads and checks the header: magic, format and schema version.
    pub fn new(mut inner: R) -> Result<BackupReader<R>, BackupError> {
        let mut header = [0u8; 24];
        inner.read_exact(&mut header).map_err(|_| BackupError::NotABackup)?;
        if &header[..8] != MAGIC {
            return Err(BackupError::NotABackup);
        }
        let word = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().expect("four bytes"));
        if word(8) != BACKUP_FORMAT_VERSION {
            return Err(BackupError::UnknownFormat(word(8)));
        }
        let schema_version = word(12);
        if schema_version > SCHEMA_VERSION {
            return Err(BackupError::NewerSchema { found: schema_version, supported: SCHEMA_VERSION });
        }
        let records_count = u64::from_be_bytes(header[16..].try_into().expect("eight bytes"));
        let mut hasher = Sha256::new();
        hasher.update(header);
        Ok(BackupReader {
            inner,
            hasher,
            header: BackupHeader { schema_version, records_count },
            remaining: records_count,
        })
    }

    fn part(&mut self, max: u32, what: &str) -> Result<Vec<u8>, BackupError> {
        let mut length = [0u8; 4];
        read_exact(&mut self.inner, &mut length)?;
        self.hasher.update(length);
        let length = u32::from_be_bytes(length);
        if length > max {
            return Err(BackupError::Damaged(format!("panjang {what} {length} bita tidak masuk akal")));
        }
        let mut bytes = vec![0u8; length as usize];
        read_exact(&mut self.inner, &mut bytes)?;
        self.hasher.update(&bytes);
        Ok(bytes)
    }

    /// The next key and value, or `None` after the last one the header announced.
    pub fn next_record(&mut self) -> Result<Option<(Vec<u8>, Vec<u8>)>, BackupError> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        let key = self.part(KEY_BYTES_MAX, "kunci")?;
        let value = self.part(VALUE_BYTES_MAX, "nilai")?;
        Ok(Some((key, value)))
    }

    /// Checks the SHA-256 trailer and that nothing follows it.
    pub fn finish(mut self) -> Result<(), BackupError> {
        while self.next_record()?.is_some() {}
        let mut trailer = [0u8; 32];
        read_exact(&mut self.inner, &mut trailer)?;
        if trailer[..] != self.hasher.finalize()[..] {
            return Err(BackupError::HashMismatch);
        }
        if self.inner.read(&mut [0u8; 1])? != 0 {
            return Err(BackupError::Damaged("ada data setelah penutup".into()));
        }
        Ok(())
    }
}

/// Reads a whole backup file and checks it, writing nothing.
pub fn check_backup(path: &std::path::Path) -> Result<BackupHeader, BackupError> {
    let reader = BackupReader::new(std::io::BufReader::new(std::fs::File::open(path)?))?;
    let header = reader.header;
    reader.finish()?;
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, WriteSet};
    use proptest::prelude::*;

    /// A store with a few records and one login session; its backup bytes.
    fn backup_bytes() -> (tempfile::TempDir, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let mut writes = WriteSet::default();
        writes.next_entity_id(7);
        writes.session(&[1; 32], &Session { username: "root".into(), expires_at: 1 });
        store.commit(writes).unwrap();
        let mut bytes = Vec::new();
        store.dump(&mut bytes).unwrap();
        (dir, bytes)
    }

    #[test]
    fn a_backup_loads_every_record_but_sessions() {
        let (dir, bytes) = backup_bytes();
        let reader = BackupReader::new(&bytes[..]).unwrap();
        assert_eq!(reader.header, BackupHeader { schema_version: SCHEMA_VERSION, records_count: 2 });
        let restored = Store::open(&dir.path().join("restored")).unwrap();
        assert_eq!(restored.load(reader).unwrap(), 2);
        assert_eq!(restored.next_entity_id().unwrap(), 7);
        assert_eq!(restored.session(&[1; 32]).unwrap(), None, "a restored database asks for a new login");
    }

    #[test]
    fn a_newer_schema_or_format_is_refused() {
        let (_dir, bytes) = backup_bytes();
        let mut newer = bytes.clone();
        newer[12..16].copy_from_slice(&(SCHEMA_VERSION + 1).to_be_bytes());
        assert!(matches!(BackupReader::new(&newer[..]), Err(BackupError::NewerSchema { .. })));
        let mut format = bytes;
        format[8..12].copy_from_slice(&(BACKUP_FORMAT_VERSION + 1).to_be_bytes());
        assert!(matches!(BackupReader::new(&format[..]), Err(BackupError::UnknownFormat(_))));
    }

    proptest! {
        #[test]
        fn any_changed_or_missing_byte_is_refused(at in any::<prop::sample::Index>(), flip in 1u8..=255, cut in any::<bool>()) {
            let (_dir, mut bytes) = backup_bytes();
            let at = at.index(bytes.len());
            if cut {
                bytes.truncate(at);
            } else {
                bytes[at] ^= flip;
            }
            let checked = BackupReader::new(&bytes[..]).and_then(|reader| reader.finish());
            prop_assert!(checked.is_err());
        }
    }
}
