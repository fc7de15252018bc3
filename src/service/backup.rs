//! Backups taken while serving, restore into an empty folder, and the daily schedule.
//!
//! A snapshot is taken on the writer thread, so no commit is half in it; a file is
//! written beside its final name, synced and renamed, so it is whole or absent.

use super::verify::{check_users, verify, VerifyReport};
use super::{Ledger, ServiceError};
use crate::store::backup::{check_backup, check_format, create_backup_file, BackupError, BackupKey, BackupReader};
use crate::store::files::{create_private_dir, DIR_MODE};
use crate::store::{Store, StoreError};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file `serve` writes into the database folder so that `backup` can reach it.
pub const SERVE_FILE: &str = "kube-ledger-serve";
/// Scheduled backups are named `kube-ledger-YYYYMMDD-HHMMSS.kubebak`.
const BACKUP_PREFIX: &str = "kube-ledger-";
const BACKUP_SUFFIX: &str = ".kubebak";
/// Snapshots to stream are written as `.snapshot-RANDOM.tmp` in the database folder.
const SNAPSHOT_PREFIX: &str = ".snapshot-";
/// How long a just-closed database may keep its lock (sled lets go on a later tick).
const LOCK_WAIT: Duration = Duration::from_secs(10);

impl From<BackupError> for ServiceError {
    fn from(error: BackupError) -> ServiceError {
        match error {
            BackupError::Store(error) => ServiceError::Storage(error),
            BackupError::Io(error) => match crate::store::DiskFault::of_io(&error) {
                crate::store::DiskFault::Failed => ServiceError::Storage(StoreError::Io(error)),
                fault => ServiceError::Storage(StoreError::Unavailable(fault)),
            },
            other => ServiceError::NotAllowed(other.to_string()),
        }
    }
}

impl Ledger {
    /// Dumps every record into `file`, sealed with the database's backup key, with nothing
    /// committing meanwhile; returns how many.
    async fn snapshot_into(&self, file: File) -> Result<u64, ServiceError> {
        self.writer
            .exclusive(move |store| {
                let key = BackupKey::beside(store.path())?;
                let mut out = BufWriter::new(&file);
                let count = store.dump(&key, &mut out)?;
                out.flush().map_err(BackupError::from)?;
                drop(out);
                file.sync_all().map_err(BackupError::from)?;
                Ok(count)
            })
            .await
    }

    /// A backup at `out`, complete or absent; returns how many records it holds.
    pub async fn backup_to(&self, out: &Path) -> Result<u64, ServiceError> {
        let partial = partial_path(out);
        let file = create_partial(&partial)?;
        let written = self.snapshot_into(file).await;
        let count = written.and_then(|count| Ok(publish(&partial, out).map(|()| count)?));
        if count.is_err() {
            // Ours: created exclusively above.
            let _ = std::fs::remove_file(&partial);
        }
        count
    }

    /// A snapshot to stream: a file already unlinked from the database folder, and its length.
    pub async fn snapshot(&self) -> Result<(File, u64), ServiceError> {
        let name = format!("{SNAPSHOT_PREFIX}{}.tmp", hex::encode(rand::random::<[u8; 8]>()));
        let path = self.store.path().join(name);
        let file = create_backup_file(&path)?;
        let written = self.snapshot_into(file).await;
        let opened = written.and_then(|_| Ok(File::open(&path).map_err(BackupError::from)?));
        let _ = std::fs::remove_file(&path);
        let file = opened?;
        let length = file.metadata().map_err(BackupError::from)?.len();
        Ok((file, length))
    }
}

/// Removes snapshot files a killed server left in the database folder; call before serving.
pub fn remove_stale_snapshots(db: &Path) {
    for entry in std::fs::read_dir(db).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(SNAPSHOT_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Creates `OUT.partial` exclusively; one that exists (a file or a symlink) is refused,
/// never followed or removed: it is not ours.
pub fn create_partial(partial: &Path) -> Result<File, BackupError> {
    create_backup_file(partial).map_err(|error| match error {
        BackupError::Io(io) if io.kind() == std::io::ErrorKind::AlreadyExists => {
            BackupError::PartialExists(partial.to_path_buf())
        }
        other => other,
    })
}

pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Renames a synced file into place and syncs the folder, so the new name survives a crash.
pub fn publish(partial: &Path, path: &Path) -> Result<(), BackupError> {
    std::fs::rename(partial, path)?;
    File::open(parent_of(path))?.sync_all()?;
    Ok(())
}

/// Opens a store, waiting for a lock this process has just let go of.
pub fn open_when_free(path: &Path) -> Result<Store, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match Store::open(path) {
            Err(StoreError::Locked { .. }) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20))
            }
            other => return other,
        }
    }
}

/// What `restore` did: how many records it wrote and what `verify` then found.
pub struct Restored {
    pub records_count: u64,
    pub report: VerifyReport,
}

/// Restores a backup into `db`, which must be absent or an empty folder, with the key in
/// `key` (a key file, or the folder of the database the backup came from). The file's tag
/// is checked before anything in it is read; then it is written into `DB.restoring` beside
/// `db` (made by this run, refused if it exists), its users re-checked, the key placed
/// beside it, synced, renamed into place and verified. An interrupted restore leaves `db`
/// as it was.
pub fn restore(db: &Path, from: &Path, key: Option<&Path>) -> Result<Restored, BackupError> {
    let vacant = match std::fs::read_dir(db) {
        Ok(mut entries) => entries.next().is_none(),
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    };
    if !vacant {
        return Err(BackupError::TargetNotEmpty(db.display().to_string()));
    }
    check_format(from)?;
    let key = BackupKey::read(key.ok_or(BackupError::KeyNotGiven)?)?;
    check_backup(from, &key)?;
    let mut staging = db.file_name().unwrap_or_default().to_os_string();
    staging.push(".restoring");
    let staging = parent_of(db).join(staging);
    create_private_dir(parent_of(db))?;
    if let Err(error) = std::fs::DirBuilder::new().mode(DIR_MODE).create(&staging) {
        return Err(match error.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::RestoringExists(staging),
            _ => error.into(),
        });
    }
    // From here on the staging folder is ours, and removed on any failure.
    let loaded = Store::open(&staging).map_err(BackupError::from).and_then(|store| {
        // Read again: the tag is checked a second time, against what is written.
        let count = store.load(BackupReader::new(BufReader::new(File::open(from)?), &key)?)?;
        let breaches = check_users(&store)?;
        if !breaches.is_empty() {
            return Err(BackupError::UsersInvalid(breaches));
        }
        key.install(&staging)?;
        Ok(count)
    });
    let records_count = match loaded.and_then(|count| publish(&staging, db).map(|()| count)) {
        Ok(count) => count,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    let store = open_when_free(db)?;
    Ok(Restored { records_count, report: verify(&store)? })
}

/// `serve --backup-dir DIR --backup-keep N`: a backup at start and then every `every`.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    pub keep: usize,
    pub every: Duration,
}

impl Ledger {
    /// The backup schedule `serve` runs and the backups it keeps, for an admin; none
    /// without `--backup-dir`.
    pub fn backup_schedule(
        &self,
        actor: &crate::usecase::Actor,
    ) -> Result<Option<(Schedule, Vec<BackupFile>)>, ServiceError> {
        self.administrator(actor)?;
        let Some(schedule) = self.serving().backups else { return Ok(None) };
        let backups = schedule.backups()?;
        Ok(Some((schedule, backups)))
    }

    /// A scheduled backup taken now, for an admin (the oldest beyond `keep` go); the
    /// file's name, or none without `--backup-dir`.
    pub async fn backup_now(&self, actor: &crate::usecase::Actor) -> Result<Option<String>, ServiceError> {
        self.administrator(actor)?;
        let Some(schedule) = self.serving().backups else { return Ok(None) };
        let path = schedule.run_once(self).await?;
        Ok(path.file_name().and_then(|name| name.to_str()).map(str::to_string))
    }
}

/// A scheduled backup on disk, as the admin's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub name: String,
    pub bytes: u64,
}

impl Schedule {
    /// Takes a dated backup, then removes the oldest beyond `keep`.
    pub async fn run_once(&self, ledger: &Ledger) -> Result<PathBuf, ServiceError> {
        create_private_dir(&self.dir).map_err(BackupError::from)?;
        let name = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let path = self.dir.join(format!("{BACKUP_PREFIX}{name}{BACKUP_SUFFIX}"));
        ledger.backup_to(&path).await?;
        let backups = self.backups()?;
        let surplus = backups.len().saturating_sub(self.keep);
        for old in &backups[..surplus] {
            std::fs::remove_file(self.dir.join(&old.name)).map_err(BackupError::from)?;
        }
        Ok(path)
    }

    /// The scheduled backups in the folder, oldest first (their names hold the time).
    pub fn backups(&self) -> Result<Vec<BackupFile>, ServiceError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            listed => listed.map_err(BackupError::from)?,
        };
        let mut backups: Vec<BackupFile> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_string();
                let ours = name.starts_with(BACKUP_PREFIX) && name.ends_with(BACKUP_SUFFIX);
                ours.then(|| BackupFile { bytes: entry.metadata().map_or(0, |m| m.len()), name })
            })
            .collect();
        backups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(backups)
    }

    /// Runs for as long as the service serves this ledger; a failed backup is logged
    /// and tried again at the next turn, and never removes an older one.
    pub async fn run(self, ledger: Ledger) {
        loop {
            match self.run_once(&ledger).await {
                Ok(path) => tracing::info!(path = %path.display(), "scheduled backup written"),
                Err(error) => {
                    tracing::error!(error = %crate::domain::text::LogSafe(&error.to_string()), "scheduled backup failed")
                }
            }
            tokio::time::sleep(self.every).await;
        }
    }
}

/// Where a running `serve` listens and the secret that lets `backup` on this machine
/// fetch a snapshot: a 0600 file in the database folder, removed on a clean stop.
pub struct ServeFile {
    pub addr: std::net::SocketAddr,
    pub secret: String,
}

impl ServeFile {
    pub fn create(db: &Path, addr: std::net::SocketAddr) -> std::io::Result<ServeFile> {
        use std::os::unix::fs::OpenOptionsExt;
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let path = db.join(SERVE_FILE);
        let _ = std::fs::remove_file(&path);
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
        writeln!(file, "{addr}\n{secret}")?;
        Ok(ServeFile { addr, secret })
    }

    pub fn read(db: &Path) -> std::io::Result<ServeFile> {
        let text = std::fs::read_to_string(db.join(SERVE_FILE))?;
        let mut lines = text.lines();
        let invalid = || std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{SERVE_FILE} rusak"));
        let addr = lines.next().and_then(|line| line.parse().ok()).ok_or_else(invalid)?;
        let secret = lines.next().filter(|line| line.len() == 64).ok_or_else(invalid)?.to_string();
        Ok(ServeFile { addr, secret })
    }

    pub fn remove(db: &Path) {
        let _ = std::fs::remove_file(db.join(SERVE_FILE));
    }

    /// Whether `given` is this file's secret, compared by hash so timing says nothing.
    pub fn admits(&self, given: &str) -> bool {
        super::sha256(given.as_bytes()) == super::sha256(self.secret.as_bytes())
    }
}
