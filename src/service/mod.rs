//! Use cases, each written once and shared by HTTP, CLI and import.

pub mod assets;
pub mod backup;
pub mod close;
mod commands;
pub mod csv_out;
mod error;
pub mod export;
pub mod hub_outbox;
pub mod import;
pub mod journal;
pub mod loans;
pub mod members;
pub mod pages;
pub mod period;
pub mod registers;
pub mod report;
pub mod report_assembly;
pub mod sales;
pub mod statements;
mod storage;
pub mod trade;
pub mod trade_import;
pub mod training;
mod turns;
pub mod verify;
mod writer;

pub use error::ServiceError;
pub use writer::{Idempotency, Posted, Prepared};

use crate::domain::account::Account;
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::books::Totals;
use crate::domain::entity::{Entity, EntityId, EntityKind};
use crate::domain::entry::{BalancedEntry, Memo, PostedEntry};
use crate::domain::problem::{Problem, Problems};
use crate::domain::throttle::{self, LoginThrottle};
use crate::domain::trial_balance::{trial_balance, TrialBalance};
use crate::domain::user::{Role, User, Username};
use crate::store::{Session, Store};
use chrono::NaiveDate;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use writer::{PostRequest, PostWhat, WriterHandle};

/// Most entries one batch may carry.
pub const BATCH_ENTRIES_MAX: usize = 10_000;
/// How long a login token lives.
pub const SESSION_TTL_SECONDS: i64 = 12 * 60 * 60;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// 32 random bytes from the OS, as hex: session tokens and CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A staff login as stored (a member's login is not staff: its PIN is the treasurer's).
fn staff_login_in(store: &Store, username: &Username) -> Result<User, ServiceError> {
    let unknown = || {
        ServiceError::Refused(Problems::one(
            Some("username"),
            Problem::UnknownUser { username: username.as_str().into() },
        ))
    };
    store.user(username.as_str())?.filter(|user| user.member_id.is_none()).ok_or_else(unknown)
}

/// Ends every session of `username` in the same batch as the change that calls for it.
fn end_sessions(store: &Store, writes: &mut crate::store::WriteSet, username: &Username) -> Result<(), ServiceError> {
    for token_hash in store.sessions_of(username.as_str())? {
        writes.end_session(&token_hash);
    }
    Ok(())
}

/// What `serve` was started with that its pages tell: `--demo` (the sign-in page lists the
/// demo logins) and the backup schedule (the admin's backups page).
#[derive(Debug, Clone, Default)]
pub struct Serving {
    pub demo: bool,
    pub backups: Option<backup::Schedule>,
}

/// The books of every entity, and who may touch them.
#[derive(Clone)]
pub struct Ledger {
    store: Arc<Store>,
    pub(crate) writer: WriterHandle,
    throttle: Arc<std::sync::Mutex<LoginThrottle>>,
    argon2_turns: Arc<turns::Turns>,
    /// How `serve` runs this ledger: demo logins shown, the backup schedule.
    serving: Arc<std::sync::RwLock<Serving>>,
    /// Keyed administration, one at a time (`administer_once`).
    administering: Arc<tokio::sync::Mutex<()>>,
}

/// An account of the chart with its current balance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountBalance {
    #[serde(flatten)]
    pub account: Account,
    pub postable: bool,
    /// Whether it still takes postings (a deactivated account keeps its history).
    pub active: bool,
    #[serde(flatten)]
    pub totals: Totals,
    #[serde(serialize_with = "crate::domain::money::serialize_canonical")]
    pub balance: rust_decimal::Decimal,
}

/// A user as shown to an admin: who, with which role, bound to what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserSummary {
    pub username: String,
    pub role: Role,
    pub entity_id: Option<EntityId>,
    pub member_id: Option<crate::domain::entry::MemberId>,
    /// Disabled by an admin: cannot sign in.
    pub disabled: bool,
}

/// Where a session was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignOutDoor {
    Api,
    Page,
}

impl Ledger {
    pub fn open(path: &Path) -> Result<Ledger, ServiceError> {
        let store = Arc::new(Store::open(path)?);
        let writer = WriterHandle::start(store.clone())?;
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Ledger {
            store,
            writer,
            throttle: Arc::default(),
            argon2_turns: turns::Turns::new(cores),
            serving: Arc::default(),
            administering: Arc::default(),
        })
    }

    /// The raw store, for tests and the fuzzer to inspect records; `http` and `cli` go
    /// through the service's methods (a test holds them to it).
    #[doc(hidden)]
    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }

    /// Creates an entity as the operator (the demo data, tests that set up without a
    /// sign-in), through the same command as the admin's pages and API.
    pub async fn create_entity(
        &self,
        kind: EntityKind,
        name: &str,
        parent: Option<EntityId>,
    ) -> Result<Entity, ServiceError> {
        use crate::usecase::entities::create_entity::{CreateEntity, Input};
        let parent_id = parent.map(|id| id.to_string().as_str().into());
        let input = Input { kind: kind.as_str().into(), name: name.into(), parent_id, address: None };
        self.administer_as_operator::<CreateEntity>(input, "operator").await
    }

    /// A new entity with its kind's chart, numbered by the writer.
    pub(crate) async fn insert_entity(
        &self,
        kind: EntityKind,
        name: String,
        parent: Option<EntityId>,
        address: Option<String>,
        by: &str,
    ) -> Result<Entity, ServiceError> {
        let entity = self.writer.create_entity(kind, name, parent).await?;
        let detail = format!("{} {} ({})", entity.kind.as_str(), entity.id, entity.name);
        let event = AuditEvent::now(by, AuditAction::EntityAdded, Some(entity.id), detail);
        let id = entity.id;
        self.writer
            .apply(move |_, writes| {
                // The address known at creation; the rest of a panti's or koperasi's
                // identity is its head's to complete (set_identity checks it whole).
                if let Some(address) = address {
                    writes.identity(
                        id,
                        &crate::domain::identity::Identity { address: Some(address), ..Default::default() },
                    );
                }
                Ok(writes.audit(&event))
            })
            .await?;
        Ok(entity)
    }

    pub fn entity(&self, id: EntityId) -> Result<Entity, ServiceError> {
        self.store.entity(id)?.ok_or_else(|| ServiceError::NotFound(format!("entitas {id}")))
    }

    /// What an entity says of itself (`set_identity`), once set.
    pub fn identity(&self, id: EntityId) -> Result<Option<crate::domain::identity::Identity>, ServiceError> {
        Ok(self.store.identity(id)?)
    }

    pub fn entities(&self) -> Result<Vec<Entity>, ServiceError> {
        Ok(self.store.entities()?)
    }

    /// Posts entries all-or-nothing; durable when this returns.
    pub async fn post(
        &self,
        entity: EntityId,
        entries: Vec<BalancedEntry>,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        if entries.len() > BATCH_ENTRIES_MAX {
            return Err(ServiceError::BatchTooLarge { count: entries.len(), max: BATCH_ENTRIES_MAX });
        }
        let what = PostWhat::Entries(entries);
        self.writer.post(PostRequest { entity, what, recorded_by: recorded_by.to_string(), idempotency }).await
    }

    /// Posts the entry that undoes entry `seq`; entries are never edited or deleted.
    pub async fn reverse(
        &self,
        entity: EntityId,
        seq: u64,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let what = PostWhat::Reversal { seq, date, memo };
        self.writer.post(PostRequest { entity, what, recorded_by: recorded_by.to_string(), idempotency }).await
    }

    pub fn entry(&self, entity: EntityId, seq: u64) -> Result<PostedEntry, ServiceError> {
        self.store.entry(entity, seq)?.ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))
    }

    /// The entry at `seq`, or none past the journal's end (a listing's stop).
    pub fn find_entry(&self, entity: EntityId, seq: u64) -> Result<Option<PostedEntry>, ServiceError> {
        Ok(self.store.entry(entity, seq)?)
    }

    /// What entry `seq` records (a sale, a production batch, a settlement), if tagged.
    pub fn entry_tag(&self, entity: EntityId, seq: u64) -> Result<Option<crate::domain::tag::EntryTag>, ServiceError> {
        Ok(self.store.entry_tag(entity, seq)?)
    }

    /// The seq the next entry of `entity` gets; the journal holds `1..next_seq`.
    pub fn next_seq(&self, entity: EntityId) -> Result<u64, ServiceError> {
        Ok(self.store.head(entity)?.next_seq)
    }

    pub fn chart(&self, entity: EntityId) -> Result<crate::domain::account::Chart, ServiceError> {
        Ok(self.store.chart(entity)?)
    }

    /// Whether the books hold nothing yet (the demo loads only into an empty database).
    pub fn is_empty(&self) -> Result<bool, ServiceError> {
        Ok(self.store.is_empty()?)
    }

    /// Checks every invariant of every entity's books.
    pub fn verify(&self) -> Result<verify::VerifyReport, ServiceError> {
        Ok(verify::verify(&self.store)?)
    }

    /// Writes `entity`'s journal to `out` in `format`.
    pub fn export(
        &self,
        entity: EntityId,
        format: export::ExportFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<(), export::ExportError> {
        export::export(&self.store, entity, format, out)
    }

    pub fn reversed_by(&self, entity: EntityId, seq: u64) -> Result<Option<u64>, ServiceError> {
        Ok(self.store.reversed_by(entity, seq)?)
    }

    /// The chart of accounts with current balances, net on each account's normal side.
    pub fn accounts(&self, entity: EntityId) -> Result<Vec<AccountBalance>, ServiceError> {
        let chart = self.store.chart(entity)?;
        let balances = self.store.balances(entity)?;
        Ok(chart
            .accounts()
            .map(|account| {
                let totals = balances.get(&account.code).copied().unwrap_or_default();
                let balance = match account.account_type.normal_side() {
                    crate::domain::account::Side::Debit => totals.net(),
                    crate::domain::account::Side::Credit => -totals.net(),
                };
                AccountBalance {
                    postable: chart.is_postable(&account.code),
                    active: chart.is_active(&account.code),
                    account: account.clone(),
                    totals,
                    balance,
                }
            })
            .collect())
    }

    pub fn trial_balance(&self, entity: EntityId, as_of: NaiveDate) -> Result<TrialBalance, ServiceError> {
        let chart = self.store.chart(entity)?;
        let balances = self.store.balances_as_of(entity, as_of)?;
        Ok(trial_balance(&chart, &balances, as_of))
    }

    /// Creates a staff user as the operator (the command line, the demo data, tests that
    /// set up without a sign-in), through the same command as the admin's pages and API.
    pub async fn create_user(
        &self,
        username: &str,
        role: Role,
        entity_id: Option<EntityId>,
        password: &str,
    ) -> Result<UserSummary, ServiceError> {
        use crate::usecase::users::create_user::{CreateUser, Input};
        let entity_id = entity_id.map(|id| id.to_string().as_str().into());
        let input =
            Input { username: username.into(), role: role.as_str().into(), entity_id, password: password.into() };
        self.administer_as_operator::<CreateUser>(input, "operator").await
    }

    /// Stores a new login; its password hashed on the argon2 queue, outside the writer.
    pub(crate) async fn add_user(
        &self,
        username: Username,
        role: Role,
        entity_id: Option<EntityId>,
        member_id: Option<crate::domain::entry::MemberId>,
        password: String,
        created_by: &str,
    ) -> Result<User, ServiceError> {
        let created_by = created_by.to_string();
        if let Some(id) = entity_id {
            self.entity(id)?;
        }
        let password_hash = self.password_hash(password).await;
        let user = User { username, role, entity_id, member_id, password_hash };
        let stored = user.clone();
        self.writer
            .apply(move |store, writes| {
                if store.user(stored.username.as_str())?.is_some() {
                    return Err(ServiceError::UserExists(stored.username.as_str().to_string()));
                }
                writes.user(&stored);
                let detail = format!("{} ({})", stored.username.as_str(), stored.role.as_str());
                Ok(writes.audit(&AuditEvent::now(&created_by, AuditAction::UserAdded, stored.entity_id, detail)))
            })
            .await?;
        Ok(user)
    }

    /// Sets a staff login's password anew (a forgotten one) and ends its sessions, so
    /// whoever held the old password is signed out; a member's PIN is their treasurer's.
    pub(crate) async fn reset_password(
        &self,
        username: Username,
        password: String,
        by: &str,
    ) -> Result<UserSummary, ServiceError> {
        staff_login_in(&self.store, &username)?;
        let password_hash = self.password_hash(password).await;
        let by = by.to_string();
        let user = self
            .writer
            .apply(move |store, writes| {
                let mut user = staff_login_in(store, &username)?;
                user.password_hash = password_hash;
                writes.user(&user);
                end_sessions(store, writes, &username)?;
                let event = AuditEvent::now(&by, AuditAction::PasswordReset, user.entity_id, username.as_str().into());
                writes.audit(&event);
                Ok(user)
            })
            .await?;
        self.user_summary(&user)
    }

    /// Disables a staff login (it signs in no more and its sessions end) or enables it
    /// again. An admin cannot disable their own login: another admin must.
    pub(crate) async fn set_login_disabled(
        &self,
        username: Username,
        disabled: bool,
        by: &str,
    ) -> Result<UserSummary, ServiceError> {
        if disabled && username.as_str() == by {
            return Err(ServiceError::Refused(Problems::one(Some("username"), Problem::OwnLogin)));
        }
        let by = by.to_string();
        let user = self
            .writer
            .apply(move |store, writes| {
                let user = staff_login_in(store, &username)?;
                let action = if disabled {
                    writes.disabled_user(username.as_str(), chrono::Utc::now().timestamp());
                    end_sessions(store, writes, &username)?;
                    AuditAction::LoginDisabled
                } else {
                    writes.enabled_user(username.as_str());
                    AuditAction::LoginEnabled
                };
                writes.audit(&AuditEvent::now(&by, action, user.entity_id, username.as_str().into()));
                Ok(user)
            })
            .await?;
        self.user_summary(&user)
    }

    /// One staff login as the admin's pages show it; an unknown name is not found.
    pub fn staff_user(&self, actor: &crate::usecase::Actor, username: &str) -> Result<UserSummary, ServiceError> {
        self.administrator(actor)?;
        let not_found = || ServiceError::NotFound(format!("login {username}"));
        let username = Username::parse(username).map_err(|_| not_found())?;
        match staff_login_in(&self.store, &username) {
            Ok(user) => self.user_summary(&user),
            Err(ServiceError::Refused(_)) => Err(not_found()),
            Err(other) => Err(other),
        }
    }

    /// How `serve` runs this ledger (it calls this at every (re)open of the database).
    pub fn set_serving(&self, serving: Serving) {
        *self.serving.write().expect("serving lock") = serving;
    }

    pub(crate) fn serving(&self) -> Serving {
        self.serving.read().expect("serving lock").clone()
    }

    /// An argon2 hash of `password` with a fresh salt, made on the argon2 queue.
    pub(crate) async fn password_hash(&self, password: String) -> String {
        self.argon2(0, move || crate::domain::user::password_hash(&password)).await
    }

    /// A user as the admin's pages and the API show it: never its password hash.
    pub fn user_summary(&self, user: &User) -> Result<UserSummary, ServiceError> {
        Ok(UserSummary {
            username: user.username.as_str().to_string(),
            role: user.role,
            entity_id: user.entity_id,
            member_id: user.member_id,
            disabled: self.store.user_disabled_at(user.username.as_str())?.is_some(),
        })
    }

    /// Checks a password and opens a session; returns the bearer token (only its hash is
    /// stored). A username that cannot exist is refused before anything is counted or
    /// written; failures are held back by their source and username (`throttle`) and
    /// written to the audit log only while they are few, then at each doubling.
    pub async fn login(&self, username: &str, password: &str, source: IpAddr) -> Result<String, ServiceError> {
        let username = Username::parse(username).map_err(|_| ServiceError::BadCredentials)?;
        let (name, source) = (username.as_str(), throttle::source_key(source));
        let admitted = self.throttle.lock().expect("throttle lock").admit(&source, name, now_ms());
        let (wait_ms, failures) = admitted
            .map_err(|refused| ServiceError::TooManyAttempts { retry_after_seconds: refused.retry_after_seconds })?;
        tokio::time::sleep(std::time::Duration::from_millis(wait_ms.unsigned_abs())).await;
        let user = self.store.user(name)?;
        let password = password.to_string();
        let phc = user.as_ref().map(|u| u.password_hash.clone());
        let matches = self
            .argon2(failures.rank(), move || crate::domain::user::password_matches(phc.as_deref(), &password))
            .await;
        let Some(user) = user.filter(|_| matches) else {
            if failures.noteworthy() {
                let detail = format!(
                    "kata sandi salah dari {source}: percobaan ke-{} untuk nama ini, ke-{} dari alamat ini, \
                     ke-{} seluruhnya dalam 15 menit",
                    failures.of_username, failures.from_source, failures.in_all
                );
                self.audit(name, AuditAction::LoginFailed, None, detail).await?;
            }
            return Err(ServiceError::BadCredentials);
        };
        self.throttle.lock().expect("throttle lock").succeeded(&source, name, now_ms());
        let disabled = || ServiceError::Refused(Problems::one(None, Problem::LoginDisabled { username: name.into() }));
        if self.store.user_disabled_at(name)?.is_some() {
            return Err(disabled());
        }
        let event = AuditEvent::now(name, AuditAction::Login, user.entity_id, format!("dari {source}"));
        let token = random_token();
        let session = Session {
            username: user.username.as_str().to_string(),
            expires_at: chrono::Utc::now().timestamp() + SESSION_TTL_SECONDS,
        };
        let token_hash = sha256(token.as_bytes());
        let refused = disabled();
        self.writer
            .apply(move |store, writes| {
                // Disabled while this sign-in checked its password: no session.
                if store.user_disabled_at(&session.username)?.is_some() {
                    return Err(refused);
                }
                writes.session(&token_hash, &session);
                Ok(writes.audit(&event))
            })
            .await?;
        Ok(token)
    }

    /// Runs argon2 off the async threads, one run per core at a time: each run holds
    /// 19 MiB, so a flood of sign-ins queues here instead of exhausting memory. Lower
    /// ranks (fewer failures from the attempt's source) go first.
    async fn argon2<T: Send + 'static>(&self, rank: u32, work: impl FnOnce() -> T + Send + 'static) -> T {
        let _turn = self.argon2_turns.take(rank).await;
        tokio::task::spawn_blocking(work).await.expect("argon2 does not panic")
    }

    pub async fn logout(&self, token: &str) -> Result<(), ServiceError> {
        self.sign_out(token, SignOutDoor::Api).await
    }

    /// Ends a session and writes who signed out, through the API or from a page (whose
    /// form token goes with it), in one batch.
    pub(crate) async fn sign_out(&self, token: &str, door: SignOutDoor) -> Result<(), ServiceError> {
        let token_hash = sha256(token.as_bytes());
        let username = self.store.session(&token_hash)?.map(|s| s.username).unwrap_or_default();
        let detail = match door {
            SignOutDoor::Api => String::new(),
            SignOutDoor::Page => "dari halaman".to_string(),
        };
        let event = AuditEvent::now(&username, AuditAction::Logout, None, detail);
        self.writer
            .apply(move |_, writes| {
                writes.end_session(&token_hash);
                if door == SignOutDoor::Page {
                    writes.end_page_csrf(&token_hash);
                }
                Ok(writes.audit(&event))
            })
            .await
    }

    /// Records an event in the audit log, durably.
    pub(crate) async fn audit(
        &self,
        actor: &str,
        action: AuditAction,
        entity_id: Option<EntityId>,
        detail: String,
    ) -> Result<(), ServiceError> {
        let event = AuditEvent::now(actor, action, entity_id, detail);
        self.writer.apply(move |_, writes| Ok(writes.audit(&event))).await
    }

    /// The audit log, newest first, as far as `keep` lets the reader see.
    pub fn audit_log(
        &self,
        keep: impl Fn(&AuditEvent) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        Ok(self.store.audit_events(keep, offset, limit)?)
    }

    /// The user behind a bearer token, if the token is known and not expired.
    pub fn authenticate(&self, token: &str) -> Result<Option<User>, ServiceError> {
        let Some(session) = self.store.session(&sha256(token.as_bytes()))? else {
            return Ok(None);
        };
        if session.expires_at <= chrono::Utc::now().timestamp() {
            return Ok(None);
        }
        Ok(self.store.user(&session.username)?)
    }
}
