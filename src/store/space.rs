//! Free space on the database's filesystem. A write that meets a full disk poisons sled
//! and may leave its outcome unknown; refusing new writes while some space is left keeps
//! that from happening, and reads and sign-ins go on.

use super::StoreError;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// `serve`'s floor when none is given: several times the largest batch (10,000 entries,
/// about 20 MB on disk) and sled's snapshot beside it.
pub const DEFAULT_MIN_FREE_MB: u64 = 64;
/// Below this share of the filesystem free, the log and the admin's home page warn.
const WARN_FREE_PERCENT: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Space {
    /// Bytes this process may still write (what `df` shows as available).
    pub free_bytes: u64,
    pub total_bytes: u64,
}

impl Space {
    pub fn of(path: &Path) -> std::io::Result<Space> {
        let stats = fs2::statvfs(path)?;
        Ok(Space { free_bytes: stats.available_space(), total_bytes: stats.total_space() })
    }

    /// Less than 10% free: time to make room, before writes are refused.
    pub fn is_short(&self) -> bool {
        u128::from(self.free_bytes) * 100 < u128::from(self.total_bytes) * u128::from(WARN_FREE_PERCENT)
    }
}

/// The free space below which a store refuses new writes (0: none), and whether the log
/// was last told the space is short, so it warns once per crossing.
#[derive(Default)]
pub(super) struct Floor {
    min_free_bytes: AtomicU64,
    short: AtomicBool,
}

impl Floor {
    pub(super) fn set(&self, min_free_bytes: u64) {
        self.min_free_bytes.store(min_free_bytes, Ordering::Relaxed);
    }

    /// The space now, warning in the log when it has just become short.
    pub(super) fn measure(&self, path: &Path) -> std::io::Result<Space> {
        let space = Space::of(path)?;
        let short = space.is_short();
        if self.short.swap(short, Ordering::Relaxed) != short {
            match short {
                true => tracing::warn!(free_bytes = space.free_bytes, total_bytes = space.total_bytes,
                    "less than {WARN_FREE_PERCENT}% of the database's disk is free; make room before writes are refused"),
                false => tracing::info!(free_bytes = space.free_bytes, "the database's disk has room again"),
            }
        }
        Ok(space)
    }

    /// Refuses when less than the floor is free; nothing has been written then.
    pub(super) fn check(&self, path: &Path) -> Result<(), StoreError> {
        let min_free_bytes = self.min_free_bytes.load(Ordering::Relaxed);
        if min_free_bytes == 0 {
            return Ok(());
        }
        let space = self.measure(path)?;
        if space.free_bytes < min_free_bytes {
            return Err(StoreError::SpaceLow { free_bytes: space.free_bytes, min_free_bytes });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_is_below_a_tenth_free() {
        let space = |free_bytes| Space { free_bytes, total_bytes: 1000 };
        assert!(space(99).is_short());
        assert!(!space(100).is_short());
        assert!(!Space { free_bytes: 0, total_bytes: 0 }.is_short());
    }
}
