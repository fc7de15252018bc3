//! Runs commands (`crate::usecase`) for an authenticated actor: access first, then the
//! input's rules, then the entry built and posted inside the writer.

use super::import::ImportError;
use super::writer::{PostRequest, PostWhat, Prepare, Prepared};
use super::{Idempotency, Ledger, Posted, ServiceError};
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::entity::{Entity, EntityId};
use crate::domain::entry::MemberId;
use crate::domain::member::Member;
use crate::domain::user::Role;
use crate::usecase::{Access, Actor, AdminCommand, ChartCommand, Command, Isolation, RegisterCommand, RegisterRows};

/// Where the answers of keyed administration are kept: no entity's (ids start at 1).
const INSTALLATION: EntityId = 0;

impl Ledger {
    /// Posts what `prepare` builds inside the writer, alone when `exclusive`; durable when
    /// this returns. Every posting use case ends here.
    pub(crate) async fn post_prepared(
        &self,
        entity: EntityId,
        prepare: Prepare,
        exclusive: bool,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let what = PostWhat::Prepared { prepare, exclusive };
        self.writer.post(PostRequest { entity, what, recorded_by: recorded_by.to_string(), idempotency }).await
    }

    /// The actor behind a session token, if the token is known and not expired.
    pub fn actor(&self, token: &str) -> Result<Option<Actor>, ServiceError> {
        Ok(self.authenticate(token)?.map(Actor::new))
    }

    /// The entity, if `actor` may touch it with `access`. A stranger is never told
    /// whether an entity exists; only an admin learns that an id is unknown.
    pub fn entity_for(&self, actor: &Actor, id: EntityId, access: Access) -> Result<Entity, ServiceError> {
        self.entity_where(actor, id, |actor, entity| actor.may(access, entity))
    }

    /// The entity, if `allows` lets `actor` touch it; strangers learn nothing, as above.
    pub(super) fn entity_where(
        &self,
        actor: &Actor,
        id: EntityId,
        allows: impl Fn(&Actor, &Entity) -> bool,
    ) -> Result<Entity, ServiceError> {
        match self.store.entity(id)? {
            Some(entity) if allows(actor, &entity) => Ok(entity),
            None => Err(unknown(actor, format!("entitas {id}"))),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// The member, if `actor` may touch it with `access`: a member login reads only
    /// itself; staff go by the rules of the member's entity. Strangers learn nothing.
    pub fn member_for(&self, actor: &Actor, id: MemberId, access: Access) -> Result<Member, ServiceError> {
        let member = self.store.member(id)?.ok_or_else(|| unknown(actor, format!("anggota {id}")))?;
        let allowed = match actor.role() {
            Role::Member => access == Access::Read && actor.member_id() == Some(id),
            _ => actor.may(access, &self.entity(member.entity_id)?),
        };
        if allowed {
            Ok(member)
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Runs one command on `entity`; durable when this returns.
    pub async fn execute<C: Command>(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: C::Input,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let entity = self.entity_for(actor, entity, C::ACCESS)?;
        let command = C::parse(input)?;
        self.post_command(entity.id, command, actor.username(), idempotency).await
    }

    /// Changes `entity`'s chart of accounts by one command; the account as it now stands.
    pub async fn change_chart<C: ChartCommand>(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: C::Input,
    ) -> Result<super::AccountBalance, ServiceError> {
        let entity = self.entity_for(actor, entity, C::ACCESS)?;
        let command = C::parse(input)?;
        let code = command.code().clone();
        let by = actor.username().to_string();
        let prepare: Prepare = Box::new(move |books, _| {
            let chart = command.change(books)?;
            let mut records = crate::store::WriteSet::default();
            let detail = format!("{} {}", C::NAME, command.code());
            records.audit(&AuditEvent::now(&by, AuditAction::ChartChanged, Some(books.entity_id), detail));
            Ok(Prepared { chart: Some(chart), records, ..Prepared::default() })
        });
        self.post_prepared(entity.id, prepare, false, actor.username(), None).await?;
        let accounts = self.accounts(entity.id)?;
        accounts
            .into_iter()
            .find(|a| a.account.code == code)
            .ok_or_else(|| ServiceError::NotFound(format!("akun {code}")))
    }

    /// Changes a register of `entity` by one command, inside the writer; the record as
    /// now stored. Under a key (a form's one-time key, an `Idempotency-Key`) only once: the
    /// same key again answers the first change.
    pub async fn change<C: RegisterCommand>(
        &self,
        actor: &Actor,
        entity: EntityId,
        input: C::Input,
        idempotency: Option<Idempotency>,
    ) -> Result<C::Outcome, ServiceError> {
        let entity = self.entity_under(actor, entity, C::RULE, C::ACCESS)?;
        let mut command = C::parse(input)?;
        command.made_by(actor.username());
        self.apply_change(entity, command, idempotency).await
    }

    /// Changes a register of `entity` by one command a row of a file for `actor`, all or
    /// nothing; every bad row is named `FILE:LINE: reason`.
    pub async fn change_rows<C: RegisterRows>(
        &self,
        actor: &Actor,
        entity: EntityId,
        file_name: &str,
        rows: Vec<(u64, Result<C::Input, ServiceError>)>,
        lang: crate::messages::Lang,
    ) -> Result<usize, ImportError> {
        let entity = self.entity_under(actor, entity, C::RULE, C::ACCESS)?;
        self.register_rows::<C>(entity, file_name, rows, lang).await
    }

    /// [`Ledger::change_rows`] for whoever already holds the right to (the upload page's
    /// import kinds and the operator's command line).
    pub(crate) async fn register_rows<C: RegisterRows>(
        &self,
        entity: Entity,
        file_name: &str,
        rows: Vec<(u64, Result<C::Input, ServiceError>)>,
        lang: crate::messages::Lang,
    ) -> Result<usize, ImportError> {
        let (mut commands, mut bad) = (Vec::with_capacity(rows.len()), Vec::new());
        for (line, input) in rows {
            match input.and_then(|input| C::parse(input).map_err(ServiceError::from)) {
                Ok(command) => commands.push((line, command)),
                Err(error) => bad.push((line, error)),
            }
        }
        if commands.is_empty() && bad.is_empty() {
            return Err(rows_refused(file_name, ServiceError::NoRows, lang));
        }
        // The rows that parse are checked against the registers and each other even when
        // others do not, so one answer names every bad row; a refusal writes nothing.
        let changed = self
            .writer
            .apply(move |store, writes| {
                let changed =
                    if commands.is_empty() { Ok(0) } else { C::change_rows(commands, &entity, store, writes) };
                match changed {
                    Ok(count) if bad.is_empty() => Ok(count),
                    Ok(_) => Err(ServiceError::BadRows(bad)),
                    Err(ServiceError::BadRows(taken)) => {
                        bad.extend(taken);
                        bad.sort_by_key(|(line, _)| *line);
                        Err(ServiceError::BadRows(bad))
                    }
                    Err(other) => Err(other),
                }
            })
            .await;
        changed.map_err(|error| rows_refused(file_name, error, lang))
    }

    /// A register change the service makes itself, for no signed-in actor: loading the
    /// demo data, the operator's command line.
    pub(crate) async fn change_unattended<C: RegisterCommand>(
        &self,
        entity: EntityId,
        input: C::Input,
    ) -> Result<C::Outcome, ServiceError> {
        let command = C::parse(input)?;
        self.apply_change(self.entity(entity)?, command, None).await
    }

    /// The change inside the writer; under a key (a form's one-time key, an
    /// `Idempotency-Key`) only once: the same key again answers the first change.
    async fn apply_change<C: RegisterCommand>(
        &self,
        entity: Entity,
        command: C,
        idempotency: Option<Idempotency>,
    ) -> Result<C::Outcome, ServiceError> {
        self.writer
            .apply(move |store, writes| {
                let Some(key) = idempotency else { return command.change(&entity, store, writes) };
                if let Some(replay) = store.register_replay(entity.id, &key.key)? {
                    if replay.body_hash != key.body_hash {
                        return Err(ServiceError::IdempotencyConflict);
                    }
                    return Ok(serde_json::from_str(&replay.outcome).expect("a stored outcome reads back"));
                }
                let outcome = command.change(&entity, store, writes)?;
                let replay = crate::store::RegisterReplay {
                    body_hash: key.body_hash,
                    outcome: serde_json::to_string(&outcome).expect("an outcome serialises"),
                };
                writes.register_replay(entity.id, &key.key, &replay);
                Ok(outcome)
            })
            .await
    }

    /// Runs an administration command for `actor`, who must be an admin.
    pub async fn administer<C: AdminCommand>(
        &self,
        actor: &Actor,
        input: C::Input,
    ) -> Result<C::Outcome, ServiceError> {
        self.administrator(actor)?;
        C::parse(input)?.run(self, actor.username()).await
    }

    /// `administer` under a key (a form's one-time key): only once, the same key again
    /// answers the first outcome, so a double tap creates one entity, not two. Keyed
    /// administration runs one at a time, so a second send waits for the first and finds
    /// its answer.
    pub async fn administer_once<C: AdminCommand>(
        &self,
        actor: &Actor,
        input: C::Input,
        idempotency: Idempotency,
    ) -> Result<C::Outcome, ServiceError> {
        self.administrator(actor)?;
        let command = C::parse(input)?;
        let _turn = self.administering.lock().await;
        let key = [C::NAME.as_bytes(), b"/", &idempotency.key].concat();
        if let Some(replay) = self.store.register_replay(INSTALLATION, &key)? {
            if replay.body_hash != idempotency.body_hash {
                return Err(ServiceError::IdempotencyConflict);
            }
            return Ok(serde_json::from_str(&replay.outcome).expect("a stored outcome reads back"));
        }
        let outcome = command.run(self, actor.username()).await?;
        let replay = crate::store::RegisterReplay {
            body_hash: idempotency.body_hash,
            outcome: serde_json::to_string(&outcome).expect("an outcome serialises"),
        };
        self.writer.apply(move |_, writes| Ok(writes.register_replay(INSTALLATION, &key, &replay))).await?;
        Ok(outcome)
    }

    /// Whether `actor` may run administration commands: an admin only.
    pub fn administrator(&self, actor: &Actor) -> Result<(), ServiceError> {
        match actor.role() {
            Role::Admin => Ok(()),
            _ => Err(ServiceError::Forbidden),
        }
    }

    /// Every staff login (not a member's), for an admin: what `/admin/users` lists.
    pub fn staff_users(&self, actor: &Actor) -> Result<Vec<super::UserSummary>, ServiceError> {
        self.administrator(actor)?;
        let mut users = Vec::new();
        for (_, user) in self.store.users()? {
            let user = user?;
            if user.member_id.is_none() {
                users.push(self.user_summary(&user)?);
            }
        }
        Ok(users)
    }

    /// Runs an administration command for the operator, who holds the database itself
    /// (the command line, the demo data, tests that set up without a sign-in).
    pub async fn administer_as_operator<C: AdminCommand>(
        &self,
        input: C::Input,
        by: &str,
    ) -> Result<C::Outcome, ServiceError> {
        C::parse(input)?.run(self, by).await
    }

    /// Runs one command per row of a file for `actor`, all or nothing: each row is checked
    /// against the books the rows before it leave; every bad row is named `FILE:LINE: reason`.
    pub async fn execute_rows<C: Command>(
        &self,
        actor: &Actor,
        entity: EntityId,
        file_name: &str,
        rows: Vec<(u64, Result<C::Input, ServiceError>)>,
        lang: crate::messages::Lang,
    ) -> Result<usize, ImportError> {
        let entity = self.entity_for(actor, entity, C::ACCESS)?;
        self.import_commands::<C>(entity.id, file_name, rows, actor.username(), None, lang).await
    }

    /// Runs one command per row for whoever already holds the right to (the import kinds,
    /// whose doors checked it, and the operator's command line): the count stored.
    pub(crate) async fn import_commands<C: Command>(
        &self,
        entity: EntityId,
        file_name: &str,
        rows: Vec<(u64, Result<C::Input, ServiceError>)>,
        by: &str,
        idempotency: Option<Idempotency>,
        lang: crate::messages::Lang,
    ) -> Result<usize, ImportError> {
        let count = rows.len();
        let posted = self.run_rows::<C>(entity, rows, by, idempotency).await;
        posted.map(|_| count).map_err(|error| rows_refused(file_name, error, lang))
    }

    /// Runs one command a row of `entity`'s books, all or nothing (`BadRows`).
    async fn run_rows<C: Command>(
        &self,
        entity: EntityId,
        rows: Vec<(u64, Result<C::Input, ServiceError>)>,
        by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let mut bad: Vec<(u64, ServiceError)> = Vec::new();
        let mut commands = Vec::with_capacity(rows.len());
        for (line, input) in rows {
            match input.and_then(|input| C::parse(input).map_err(ServiceError::from)) {
                Ok(command) => commands.push((line, command)),
                Err(error) => bad.push((line, error)),
            }
        }
        if commands.is_empty() && bad.is_empty() {
            return Err(ServiceError::NoRows);
        }
        let prepare: Prepare = Box::new(move |books, store| {
            let mut scratch = books.clone();
            let mut prepared = Prepared::default();
            for (line, command) in &commands {
                let built = command.prepared(&scratch, store).and_then(|built| {
                    for entry in &built.entries {
                        super::registers::post_checked(&mut scratch, store, entry.clone())?;
                    }
                    Ok(built)
                });
                match built {
                    Ok(built) => {
                        prepared.entries.extend(built.entries);
                        prepared.tags.extend(built.tags);
                        prepared.records.append(built.records);
                    }
                    Err(error) => bad.push((*line, error)),
                }
            }
            // Tags are by position, so a command tags every entry it builds or none.
            debug_assert!(prepared.tags.is_empty() || prepared.tags.len() == prepared.entries.len());
            if bad.is_empty() {
                Ok(prepared)
            } else {
                bad.sort_by_key(|(line, _)| *line);
                Err(ServiceError::BadRows(bad))
            }
        });
        self.post_prepared(entity, prepare, C::ISOLATION == Isolation::Alone, by, idempotency).await
    }

    /// Runs one command for the operator, who holds the database itself (the command line,
    /// and tests that drive the service without a sign-in); no access rule applies.
    #[doc(hidden)]
    pub async fn execute_as_operator<C: Command>(
        &self,
        entity: EntityId,
        input: C::Input,
        by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        self.entity(entity)?;
        let command = C::parse(input)?;
        self.post_command(entity, command, by, idempotency).await
    }

    pub(super) async fn post_command<C: Command>(
        &self,
        entity: EntityId,
        command: C,
        by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let prepare: Prepare = Box::new(move |books, store| command.prepared(books, store));
        self.post_prepared(entity, prepare, C::ISOLATION == Isolation::Alone, by, idempotency).await
    }
}

/// Bad rows of a file, each as `FILE:LINE: reason`; any other failure as it is.
fn rows_refused(file_name: &str, error: ServiceError, lang: crate::messages::Lang) -> ImportError {
    match error {
        ServiceError::BadRows(rows) => ImportError::Rows(
            rows.iter()
                .map(|(line, error)| format!("{file_name}:{line}: {}", crate::messages::refusal_text(lang, error)))
                .collect(),
        ),
        other => other.into(),
    }
}

/// A record that does not exist is named only to an admin, who could see it if it did.
pub(crate) fn unknown(actor: &Actor, what: String) -> ServiceError {
    match actor.role() {
        Role::Admin => ServiceError::NotFound(what),
        _ => ServiceError::Forbidden,
    }
}
