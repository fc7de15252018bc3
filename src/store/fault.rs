//! Disk faults. sled 0.34 poisons itself on the first failed write (ENOSPC, EFBIG,
//! EROFS…): every later write returns the same error, and its in-memory tree keeps the
//! batch that never reached the disk. So after a fault the store refuses everything
//! and the service reopens the database, which recovers exactly what was synced.

use super::StoreError;
use crate::messages::Lang;
use std::io::ErrorKind;
use std::sync::atomic::{AtomicU8, Ordering};

/// Why the database cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskFault {
    /// No space left, a quota or a file-size limit reached.
    Full,
    /// The disk or folder is read-only (or not ours to write).
    ReadOnly,
    /// Any other failed write.
    Failed,
}

impl DiskFault {
    pub fn of_io(error: &std::io::Error) -> DiskFault {
        match error.kind() {
            ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded => DiskFault::Full,
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => DiskFault::ReadOnly,
            _ => DiskFault::Failed,
        }
    }

    /// The fault behind a store error, if it is one of writing to disk.
    pub fn of(error: &StoreError) -> Option<DiskFault> {
        match error {
            StoreError::Io(io) | StoreError::Sled(sled::Error::Io(io)) => Some(DiskFault::of_io(io)),
            StoreError::Unavailable(fault) | StoreError::OutcomeUnknown(fault) => Some(*fault),
            _ => None,
        }
    }

    /// The disk fault that makes an error a refusal to store (a full or read-only disk,
    /// or a poisoned store), rather than a bug. Reads through a poisoned sled fail too.
    pub fn refusal(error: &StoreError) -> Option<DiskFault> {
        match error {
            StoreError::Unavailable(fault) => Some(*fault),
            _ => DiskFault::of(error).filter(|fault| *fault != DiskFault::Failed),
        }
    }

    /// What a reader is told, from the catalogue (`storage-full`, …).
    pub fn text(self, lang: Lang) -> String {
        lang.text(match self {
            DiskFault::Full => "storage-full",
            DiskFault::ReadOnly => "storage-read_only",
            DiskFault::Failed => "storage-failed",
        })
    }

    /// What an operator reads in the log and on the console: Bahasa Indonesia.
    pub fn message(self) -> String {
        self.text(Lang::Id)
    }
}

/// The first fault a store met; once set, the store refuses every write.
#[derive(Default)]
pub(super) struct FaultCell(AtomicU8);

impl FaultCell {
    pub(super) fn get(&self) -> Option<DiskFault> {
        match self.0.load(Ordering::SeqCst) {
            1 => Some(DiskFault::Full),
            2 => Some(DiskFault::ReadOnly),
            3 => Some(DiskFault::Failed),
            _ => None,
        }
    }

    /// Refuses early when poisoned already.
    pub(super) fn check(&self) -> Result<(), StoreError> {
        self.get().map_or(Ok(()), |fault| Err(StoreError::Unavailable(fault)))
    }

    /// Records a failed write and turns it into `Unavailable`.
    pub(super) fn record(&self, error: StoreError) -> StoreError {
        let fault = DiskFault::of(&error).unwrap_or(DiskFault::Failed);
        let code = match fault {
            DiskFault::Full => 1,
            DiskFault::ReadOnly => 2,
            DiskFault::Failed => 3,
        };
        let _ = self.0.compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
        tracing::error!(%error, ?fault, "write to disk failed; the database is refused until reopened");
        StoreError::Unavailable(self.get().unwrap_or(fault))
    }
}
