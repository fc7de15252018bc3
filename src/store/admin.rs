//! What administration keeps beside the registers: the answer of a register change under
//! its key (a second submit of a form answers the first change), and disabled logins.

use super::codec::{encode, entity_key, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use serde::{Deserialize, Serialize};

/// A register change's answer, kept under its key with the hash of what was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReplay {
    pub body_hash: [u8; 32],
    /// The outcome as JSON.
    pub outcome: String,
}

impl WriteSet {
    pub fn register_replay(&mut self, entity: EntityId, key: &[u8], replay: &RegisterReplay) {
        self.put(entity_key(prefix::REGISTER_REPLAY, entity, &[key]), encode(replay));
    }

    /// Marks a login disabled since `at` (Unix seconds).
    pub fn disabled_user(&mut self, username: &str, at: i64) {
        self.put(key(prefix::DISABLED_USER, &[username.as_bytes()]), encode(&at));
    }

    /// A disabled login signs in again.
    pub fn enabled_user(&mut self, username: &str) {
        self.ops.push((key(prefix::DISABLED_USER, &[username.as_bytes()]), None));
    }
}

impl Store {
    pub fn register_replay(&self, entity: EntityId, key: &[u8]) -> Result<Option<RegisterReplay>, StoreError> {
        self.get(&entity_key(prefix::REGISTER_REPLAY, entity, &[key]))
    }

    /// Since when a login is disabled (Unix seconds), if it is.
    pub fn user_disabled_at(&self, username: &str) -> Result<Option<i64>, StoreError> {
        self.get(&key(prefix::DISABLED_USER, &[username.as_bytes()]))
    }

    /// The token hashes of every open session of `username`.
    pub fn sessions_of(&self, username: &str) -> Result<Vec<[u8; 32]>, StoreError> {
        let mut hashes = Vec::new();
        for item in self.db.scan_prefix([prefix::SESSION]) {
            let (key, bytes) = item?;
            let session: super::Session =
                super::codec::decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&key), source })?;
            if let (true, Ok(hash)) = (session.username == username, <[u8; 32]>::try_from(&key[1..])) {
                hashes.push(hash);
            }
        }
        Ok(hashes)
    }
}
