//! The audit log (jejak audit): who did what and when. Append-only: events are only
//! ever added, under keys that are never reused.

use super::entity::EntityId;
use serde::{Deserialize, Serialize};

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Login,
    LoginFailed,
    /// Sign-ins refused while a username is locked out after repeated failures.
    LoginLocked,
    Logout,
    /// Entries posted (journal, sale, savings…).
    Post,
    Reversal,
    Close,
    Reopen,
    UserAdded,
    /// An empowerment report submitted (or a correction of one).
    Submit,
    /// An account added to, renamed in or deactivated in an entity's chart.
    ChartChanged,
    /// A panti, KUBE or koperasi created.
    EntityAdded,
    /// A staff login's password set anew by an admin (its sessions ended).
    PasswordReset,
    /// A staff login disabled by an admin (its sessions ended).
    LoginDisabled,
    /// A disabled login enabled again.
    LoginEnabled,
    // New actions go last: postcard stores the variant's position.
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    /// The username that acted (or tried to).
    pub actor: String,
    pub action: AuditAction,
    pub entity_id: Option<EntityId>,
    pub detail: String,
}

impl AuditEvent {
    pub fn now(actor: &str, action: AuditAction, entity_id: Option<EntityId>, detail: String) -> AuditEvent {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        AuditEvent { at, actor: actor.to_string(), action, entity_id, detail }
    }
}
