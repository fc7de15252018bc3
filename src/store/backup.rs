//! The backup file: every stored record in one stream, sealed with a key.
//!
//! Layout, format 2 (all integers big-endian): magic `KUBEBAK\n`, format version (u32),
//! schema version (u32), record count (u64), then per record its key length (u32), key,
//! value length (u32) and value, and last an HMAC-SHA256 of every byte before it, keyed by
//! the database's backup key (`backup.key` in the database folder: 32 random bytes, 0600,
//! made at the first backup). Without the key nobody can make a backup that restores, so an
//! edited backup (a role changed, the tag recomputed without the key) is refused. Format 1
//! ended in an unkeyed SHA-256 that anyone could recompute; it is refused with a message
//! saying what to do. Login sessions are left out: a restored database asks everyone to log
//! in again.

use super::codec::prefix;
use super::files::{create_private, write_new};
use super::{Store, StoreError, SCHEMA_VERSION};
use crate::messages::{both_languages, FluentValue};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"KUBEBAK\n";
/// The layout above; bump it when the layout changes.
pub const BACKUP_FORMAT_VERSION: u32 = 2;
/// The format whose trailer was an unkeyed SHA-256.
const UNAUTHENTICATED_FORMAT: u32 = 1;
/// The key's file in the database folder.
pub const KEY_FILE: &str = "backup.key";
const KEY_BYTES: usize = 32;
const TAG_BYTES: usize = 32;
/// Bounds on one record, so a damaged length cannot ask for gigabytes.
const KEY_BYTES_MAX: u32 = 64 * 1024;
const VALUE_BYTES_MAX: u32 = 256 * 1024 * 1024;
/// Records restored per sled batch (see `CHUNK_WRITES_MAX` in the writer).
const LOAD_BATCH_RECORDS: usize = 1000;
/// Bytes read at a time when a whole file is authenticated.
const READ_CHUNK_BYTES: usize = 64 * 1024;

type Tagger = Hmac<Sha256>;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("berkas ini bukan cadangan kube-ledger")]
    NotABackup,
    #[error("format cadangan versi {0} tidak dikenal program ini")]
    UnknownFormat(u32),
    #[error("{}", both_languages("backup-format_unauthenticated", &[("format", (*.0).into())]))]
    Unauthenticated(u32),
    #[error("cadangan memakai skema versi {found}, program ini hanya mengenal sampai {supported}; pakai versi program yang lebih baru")]
    NewerSchema { found: u32, supported: u32 },
    #[error("cadangan terpotong: berkas berakhir sebelum waktunya")]
    Truncated,
    #[error("cadangan rusak: {0}")]
    Damaged(String),
    #[error("{}", both_languages("backup-tag_mismatch", &[]))]
    TagMismatch,
    #[error("{}", both_languages("backup-key_not_given", &[]))]
    KeyNotGiven,
    #[error("{}", both_languages("backup-key_missing", &[("path", path_arg(.0))]))]
    KeyMissing(PathBuf),
    #[error("{}", both_languages("backup-key_damaged", &[("path", path_arg(.0))]))]
    KeyDamaged(PathBuf),
    #[error("{}", both_languages("backup-users_invalid", &[("count", .0.len().into()), ("first", .0.first().cloned().unwrap_or_default().into())]))]
    UsersInvalid(Vec<String>),
    #[error("{}", both_languages("backup-partial_exists", &[("path", path_arg(.0))]))]
    PartialExists(PathBuf),
    #[error("{}", both_languages("backup-restoring_exists", &[("path", path_arg(.0))]))]
    RestoringExists(PathBuf),
    #[error("folder tujuan {0} tidak kosong; pulihkan ke folder baru atau kosong")]
    TargetNotEmpty(String),
    #[error("cadangan gagal dibaca atau ditulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn path_arg(path: &Path) -> FluentValue<'static> {
    path.display().to_string().into()
}

/// The secret that seals a database's backups.
#[derive(Clone)]
pub struct BackupKey([u8; KEY_BYTES]);

impl BackupKey {
    /// The key of the database in `db`, made (32 random bytes, 0600, created exclusively)
    /// when it has none yet.
    pub fn beside(db: &Path) -> Result<BackupKey, BackupError> {
        let path = db.join(KEY_FILE);
        match BackupKey::read(&path) {
            Err(BackupError::KeyMissing(_)) => {}
            read => return read,
        }
        let mut bytes = [0u8; KEY_BYTES];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        match write_new(&path, &bytes) {
            Ok(()) => Ok(BackupKey(bytes)),
            // Another process made it first: theirs is the key.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => BackupKey::read(&path),
            Err(error) => Err(error.into()),
        }
    }

    /// The key in `path`: a key file, or a database folder holding one.
    pub fn read(path: &Path) -> Result<BackupKey, BackupError> {
        let path = if path.is_dir() { path.join(KEY_FILE) } else { path.to_path_buf() };
        let bytes = match std::fs::read(&path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(BackupError::KeyMissing(path)),
            read => read?,
        };
        bytes.try_into().map(BackupKey).map_err(|_| BackupError::KeyDamaged(path))
    }

    /// Places this key into the database folder `db`, which has none.
    pub fn install(&self, db: &Path) -> Result<(), BackupError> {
        Ok(write_new(&db.join(KEY_FILE), &self.0)?)
    }

    fn tagger(&self) -> Tagger {
        Tagger::new_from_slice(&self.0).expect("HMAC takes a key of any length")
    }

    /// The tag that seals `bytes`: what a backup's last 32 bytes hold.
    pub fn tag(&self, bytes: &[u8]) -> [u8; TAG_BYTES] {
        let mut tagger = self.tagger();
        tagger.update(bytes);
        tagger.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupKey(..)")
    }
}

/// What a backup file says of itself in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupHeader {
    pub schema_version: u32,
    pub records_count: u64,
}

struct TaggingWriter<W> {
    inner: W,
    tagger: Tagger,
}

impl<W: Write> TaggingWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.tagger.update(bytes);
        self.inner.write_all(bytes)
    }
}

fn is_backed_up(key: &[u8]) -> bool {
    key.first() != Some(&prefix::SESSION)
}

impl Store {
    /// Writes every record as a backup sealed with `key` and returns how many. Consistent
    /// only while nothing commits: the service runs it on its writer thread.
    pub fn dump(&self, key: &BackupKey, out: impl Write) -> Result<u64, BackupError> {
        let mut records_count = 0u64;
        for key in self.db.iter().keys() {
            records_count += u64::from(is_backed_up(&key.map_err(StoreError::from)?));
        }
        let mut out = TaggingWriter { inner: out, tagger: key.tagger() };
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
        let tag = out.tagger.finalize().into_bytes();
        out.inner.write_all(&tag)?;
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

fn read_exact(inner: &mut impl Read, buf: &mut [u8]) -> Result<(), BackupError> {
    inner.read_exact(buf).map_err(|error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => BackupError::Truncated,
        _ => BackupError::Io(error),
    })
}

/// Reads the magic and the format version, the only bytes read before the tag is checked.
fn read_format(inner: &mut impl Read) -> Result<[u8; 12], BackupError> {
    let mut start = [0u8; 12];
    inner.read_exact(&mut start).map_err(|_| BackupError::NotABackup)?;
    if &start[..8] != MAGIC {
        return Err(BackupError::NotABackup);
    }
    match u32::from_be_bytes(start[8..].try_into().expect("four bytes")) {
        BACKUP_FORMAT_VERSION => Ok(start),
        UNAUTHENTICATED_FORMAT => Err(BackupError::Unauthenticated(UNAUTHENTICATED_FORMAT)),
        other => Err(BackupError::UnknownFormat(other)),
    }
}

/// Refuses a file that is not a backup of this format, reading only its first bytes.
pub fn check_format(path: &Path) -> Result<(), BackupError> {
    read_format(&mut std::fs::File::open(path)?).map(drop)
}

/// Checks the tag of a whole backup before anything in it is parsed: every byte but the
/// last 32 is fed to the HMAC, which must equal those 32.
pub fn authenticate(mut inner: impl Read, key: &BackupKey) -> Result<(), BackupError> {
    let mut tagger = key.tagger();
    tagger.update(&read_format(&mut inner)?);
    let mut held = Vec::with_capacity(READ_CHUNK_BYTES + TAG_BYTES);
    let mut chunk = vec![0u8; READ_CHUNK_BYTES];
    loop {
        let read = match inner.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error.into()),
        };
        held.extend_from_slice(&chunk[..read]);
        if held.len() > TAG_BYTES {
            let body = held.len() - TAG_BYTES;
            tagger.update(&held[..body]);
            held.drain(..body);
        }
    }
    if held.len() < TAG_BYTES {
        return Err(BackupError::Truncated);
    }
    tagger.verify_slice(&held).map_err(|_| BackupError::TagMismatch)
}

/// Reads a backup record by record, tagging as it goes; `finish` checks the tag.
pub struct BackupReader<R> {
    inner: R,
    tagger: Tagger,
    pub header: BackupHeader,
    remaining: u64,
}

impl<R: Read> BackupReader<R> {
    /// Reads and checks the header: magic, format and schema version.
    pub fn new(mut inner: R, key: &BackupKey) -> Result<BackupReader<R>, BackupError> {
        let start = read_format(&mut inner)?;
        let mut rest = [0u8; 12];
        inner.read_exact(&mut rest).map_err(|_| BackupError::Truncated)?;
        let schema_version = u32::from_be_bytes(rest[..4].try_into().expect("four bytes"));
        if schema_version > SCHEMA_VERSION {
            return Err(BackupError::NewerSchema { found: schema_version, supported: SCHEMA_VERSION });
        }
        let records_count = u64::from_be_bytes(rest[4..].try_into().expect("eight bytes"));
        let mut tagger = key.tagger();
        tagger.update(&start);
        tagger.update(&rest);
        Ok(BackupReader {
            inner,
            tagger,
            header: BackupHeader { schema_version, records_count },
            remaining: records_count,
        })
    }

    fn part(&mut self, max: u32, what: &str) -> Result<Vec<u8>, BackupError> {
        let mut length = [0u8; 4];
        read_exact(&mut self.inner, &mut length)?;
        self.tagger.update(&length);
        let length = u32::from_be_bytes(length);
        if length > max {
            return Err(BackupError::Damaged(format!("panjang {what} {length} bita tidak masuk akal")));
        }
        let mut bytes = vec![0u8; length as usize];
        read_exact(&mut self.inner, &mut bytes)?;
        self.tagger.update(&bytes);
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

    /// Checks the tag and that nothing follows it.
    pub fn finish(mut self) -> Result<(), BackupError> {
        while self.next_record()?.is_some() {}
        let mut tag = [0u8; TAG_BYTES];
        read_exact(&mut self.inner, &mut tag)?;
        self.tagger.verify_slice(&tag).map_err(|_| BackupError::TagMismatch)?;
        if self.inner.read(&mut [0u8; 1])? != 0 {
            return Err(BackupError::Damaged("ada data setelah penutup".into()));
        }
        Ok(())
    }
}

/// Checks a whole backup file, writing nothing: its tag first, then every record.
pub fn check_backup(path: &Path, key: &BackupKey) -> Result<BackupHeader, BackupError> {
    let open = || -> Result<_, BackupError> { Ok(std::io::BufReader::new(std::fs::File::open(path)?)) };
    authenticate(open()?, key)?;
    let reader = BackupReader::new(open()?, key)?;
    let header = reader.header;
    reader.finish()?;
    Ok(header)
}

/// Creates the file a backup is written into: 0600, exclusively, never through a symlink.
pub fn create_backup_file(path: &Path) -> Result<std::fs::File, BackupError> {
    Ok(create_private(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, WriteSet};
    use proptest::prelude::*;
    use sha2::Digest;

    /// A store with a few records and one login session; its key and backup bytes.
    fn backup_bytes() -> (tempfile::TempDir, BackupKey, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let mut writes = WriteSet::default();
        writes.next_entity_id(7);
        writes.session(&[1; 32], &Session { username: "root".into(), expires_at: 1 });
        store.commit(writes).unwrap();
        let key = BackupKey::beside(store.path()).unwrap();
        let mut bytes = Vec::new();
        store.dump(&key, &mut bytes).unwrap();
        (dir, key, bytes)
    }

    fn whole(bytes: &[u8], key: &BackupKey) -> Result<(), BackupError> {
        authenticate(bytes, key)?;
        BackupReader::new(bytes, key)?.finish()
    }

    #[test]
    fn a_backup_loads_every_record_but_sessions() {
        let (dir, key, bytes) = backup_bytes();
        authenticate(&bytes[..], &key).unwrap();
        let reader = BackupReader::new(&bytes[..], &key).unwrap();
        assert_eq!(reader.header, BackupHeader { schema_version: SCHEMA_VERSION, records_count: 2 });
        let restored = Store::open(&dir.path().join("restored")).unwrap();
        assert_eq!(restored.load(reader).unwrap(), 2);
        assert_eq!(restored.next_entity_id().unwrap(), 7);
        assert_eq!(restored.session(&[1; 32]).unwrap(), None, "a restored database asks for a new login");
    }

    #[test]
    fn the_key_is_made_once_private_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let made = BackupKey::beside(dir.path()).unwrap();
        let again = BackupKey::beside(dir.path()).unwrap();
        assert_eq!(made.0, again.0, "a second call reads the key the first made");
        assert_eq!(BackupKey::read(dir.path()).unwrap().0, made.0, "a folder stands for its key file");
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [KEY_FILE], "no temporary file is left");
        std::fs::write(dir.path().join("short.key"), [1u8; 31]).unwrap();
        assert!(matches!(BackupKey::read(&dir.path().join("short.key")), Err(BackupError::KeyDamaged(_))));
        assert!(matches!(BackupKey::read(&dir.path().join("none.key")), Err(BackupError::KeyMissing(_))));
    }

    #[test]
    fn a_newer_schema_or_format_or_the_old_format_is_refused() {
        let (_dir, key, bytes) = backup_bytes();
        let mut newer = bytes.clone();
        newer[12..16].copy_from_slice(&(SCHEMA_VERSION + 1).to_be_bytes());
        assert!(matches!(BackupReader::new(&newer[..], &key), Err(BackupError::NewerSchema { .. })));
        let mut format = bytes.clone();
        format[8..12].copy_from_slice(&(BACKUP_FORMAT_VERSION + 1).to_be_bytes());
        assert!(matches!(authenticate(&format[..], &key), Err(BackupError::UnknownFormat(_))));
        let mut old = bytes;
        old[8..12].copy_from_slice(&UNAUTHENTICATED_FORMAT.to_be_bytes());
        assert!(matches!(authenticate(&old[..], &key), Err(BackupError::Unauthenticated(1))));
        let said = BackupError::Unauthenticated(1).to_string();
        assert!(said.contains("kube-ledger backup") && said.contains("Take a new backup"), "{said}");
    }

    #[test]
    fn an_edit_sealed_with_sha256_or_another_key_is_refused_and_the_right_key_reads_it() {
        let (_dir, key, mut bytes) = backup_bytes();
        let body = bytes.len() - TAG_BYTES;
        bytes[30] ^= 1;
        let digest = sha2::Sha256::digest(&bytes[..body]);
        bytes[body..].copy_from_slice(&digest);
        assert!(matches!(whole(&bytes, &key), Err(BackupError::TagMismatch)));
        let other = BackupKey([9; KEY_BYTES]);
        let tag = other.tag(&bytes[..body]);
        bytes[body..].copy_from_slice(&tag);
        assert!(matches!(whole(&bytes, &key), Err(BackupError::TagMismatch)));
        let tag = key.tag(&bytes[..body]);
        bytes[body..].copy_from_slice(&tag);
        assert!(whole(&bytes, &key).is_ok(), "the key's own seal is the only one that holds");
    }

    proptest! {
        #[test]
        fn any_changed_or_missing_byte_is_refused(at in any::<prop::sample::Index>(), flip in 1u8..=255, cut in any::<bool>()) {
            let (_dir, key, mut bytes) = backup_bytes();
            let at = at.index(bytes.len());
            if cut {
                bytes.truncate(at);
            } else {
                bytes[at] ^= flip;
            }
            prop_assert!(authenticate(&bytes[..], &key).is_err());
            prop_assert!(BackupReader::new(&bytes[..], &key).and_then(|reader| reader.finish()).is_err());
        }
    }
}
