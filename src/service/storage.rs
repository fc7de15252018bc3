//! What the doors and the command line may know of the database underneath: where it is,
//! whether it takes writes, its free space and the fault that stopped it. The store
//! itself stays inside the service.

use super::{Ledger, ServiceError};
use crate::store::{DiskFault, Space};
use std::path::{Path, PathBuf};

impl Ledger {
    /// The database's folder.
    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    /// The interrupted snapshots this open moved into `recovered/`.
    pub fn set_aside(&self) -> &[PathBuf] {
        self.store.set_aside()
    }

    /// Refuses new writes while less than `min_free_bytes` is free; 0: never.
    pub fn set_min_free(&self, min_free_bytes: u64) {
        self.store.set_min_free(min_free_bytes)
    }

    /// Whether a new write would be tried now.
    pub fn takes_writes(&self) -> bool {
        self.store.takes_writes()
    }

    /// Free and total space of the database's filesystem.
    pub fn space(&self) -> Result<Space, ServiceError> {
        Ok(self.store.space()?)
    }

    /// The fault that stopped the store from writing, if any.
    pub fn fault(&self) -> Option<DiskFault> {
        self.store.fault()
    }
}

#[cfg(test)]
mod tests {
    /// The doors and the command line never reach the store: no file of theirs names it.
    #[test]
    fn http_and_cli_never_touch_the_store() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut folders = vec![root.join("http"), root.join("cli")];
        let mut offenders = Vec::new();
        while let Some(folder) = folders.pop() {
            for file in std::fs::read_dir(&folder).expect("a source folder").map(|f| f.expect("an entry").path()) {
                if file.is_dir() {
                    folders.push(file);
                } else if file.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&file).expect("a source file");
                    if text.contains("store_for_tests") || text.contains(".store()") {
                        offenders.push(file.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "these reach the store past the service: {offenders:?}");
    }
}
