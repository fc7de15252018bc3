//! Opening again after a fault. sled 0.34.7 writes a snapshot as `snap.<lsn>.generating`,
//! syncs it and only then renames it to `snap.<lsn>`. When the disk fills in between,
//! the `.generating` file stays behind (often empty), and every later open reads it as
//! the newest snapshot and fails with "Read corrupted data" (sled issue #1527): the
//! books never open again by themselves. A `.generating` file is never a finished
//! snapshot, so without it sled takes the previous snapshot (or none) and replays its
//! log, which holds everything synced. It is moved aside, never deleted.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Where set-aside files go, inside the database folder (sled reads only `snap.*` there).
pub const RECOVERED_DIR: &str = "recovered";

const SNAPSHOT_PREFIX: &str = "snap.";
const INTERRUPTED_SUFFIX: &str = ".generating";

/// Moves every interrupted snapshot of the database at `db` into `db/recovered/`, under a
/// timestamped name; the paths it moved them to, oldest first.
pub fn set_aside_interrupted_snapshots(db: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut moved = Vec::new();
    for entry in std::fs::read_dir(db)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(SNAPSHOT_PREFIX) && name.ends_with(INTERRUPTED_SUFFIX)) {
            continue;
        }
        let folder = db.join(RECOVERED_DIR);
        std::fs::create_dir_all(&folder)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let to = folder.join(format!("{stamp}-{name}"));
        let bytes = entry.metadata().map_or(0, |m| m.len());
        std::fs::rename(entry.path(), &to)?;
        tracing::warn!(from = %entry.path().display(), to = %to.display(), bytes,
            "set aside an interrupted sled snapshot (sled #1527) before opening");
        moved.push(to);
    }
    if !moved.is_empty() {
        // The move must outlive a crash, or the next open meets the same file.
        File::open(db)?.sync_all()?;
    }
    moved.sort();
    Ok(moved)
}

/// The file to blame when sled finds the database corrupt: its newest snapshot if it has
/// one (sled reads that first), else its log.
pub fn damaged_file(db: &Path) -> PathBuf {
    let newest = std::fs::read_dir(db)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(SNAPSHOT_PREFIX)))
        .max();
    newest.unwrap_or_else(|| db.join("db"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, StoreError};

    /// A database with one record, closed; the key written.
    fn database_with_a_record(dir: &Path) -> Vec<u8> {
        let store = Store::open(dir).unwrap();
        let key = b"recovery-test".to_vec();
        store.db.insert(key.clone(), b"kept".to_vec()).unwrap();
        store.sync().unwrap();
        key
    }

    #[test]
    fn an_empty_interrupted_snapshot_is_set_aside_and_the_database_opens_whole() {
        let dir = tempfile::tempdir().unwrap();
        let key = database_with_a_record(dir.path());
        // As sled leaves it when the disk fills while it writes a snapshot.
        std::fs::write(dir.path().join("snap.FFFFFFFFFFFFFFFF.generating"), b"").unwrap();

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.db.get(&key).unwrap().as_deref(), Some(&b"kept"[..]));
        let set_aside = store.set_aside().to_vec();
        assert_eq!(set_aside.len(), 1, "{set_aside:?}");
        assert!(set_aside[0].starts_with(dir.path().join(RECOVERED_DIR)), "{set_aside:?}");
        assert!(set_aside[0].to_string_lossy().ends_with("-snap.FFFFFFFFFFFFFFFF.generating"));
        assert!(set_aside[0].exists(), "moved, never deleted");
        drop(store);
        assert!(Store::open(dir.path()).unwrap().set_aside().is_empty(), "nothing left to set aside");
    }

    #[test]
    fn without_setting_it_aside_sled_cannot_open_the_database() {
        // What the recovery is for: sled 0.34.7 alone refuses the database (sled #1527).
        let dir = tempfile::tempdir().unwrap();
        database_with_a_record(dir.path());
        std::fs::write(dir.path().join("snap.FFFFFFFFFFFFFFFF.generating"), b"").unwrap();
        let sled_alone =
            sled::Config::new().path(dir.path()).use_compression(super::super::compressed(dir.path())).open();
        assert!(matches!(sled_alone, Err(sled::Error::Corruption { .. })));
    }

    #[test]
    fn a_damaged_finished_snapshot_is_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        database_with_a_record(dir.path());
        let snapshot = dir.path().join("snap.FFFFFFFFFFFFFFFF");
        std::fs::write(&snapshot, b"not a snapshot").unwrap();
        match Store::open(dir.path()) {
            Err(error @ StoreError::Damaged { .. }) => {
                let text = error.to_string();
                assert!(text.contains(&snapshot.display().to_string()), "{text}");
                assert!(text.contains(RECOVERED_DIR), "{text}");
            }
            Err(other) => panic!("expected Damaged, got {other}"),
            Ok(_) => panic!("a damaged snapshot cannot open"),
        }
        assert!(snapshot.exists(), "a finished snapshot is left for the operator");
    }
}
