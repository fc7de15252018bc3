//! Use cases, one command a file, grouped by area (`expenses/pay_expense.rs`).
//!
//! A command is what a user does: its `Input` (the one shape a JSON body, a page form
//! and a CSV row all parse into, with one set of rules), who may run it (`ACCESS`), how
//! it runs beside others (`ISOLATION`), and what it posts (`prepare`, run inside the
//! writer against the live books). The service runs a command for an authenticated
//! [`Actor`]; the doors in `http` only translate their medium. `docs/add-a-use-case.md`
//! walks through one.

pub mod assets;
pub mod cash;
pub mod chart;
pub mod close;
pub mod entities;
pub mod expenses;
pub mod fields;
pub mod funding;
pub mod loans;
pub mod members;
pub mod products;
pub mod reports;
pub mod trade;
pub mod training;
pub mod users;

use crate::domain::books::Books;
use crate::domain::entity::{Entity, EntityId};
use crate::domain::entry::{BalancedEntry, MemberId};
use crate::domain::problem::Problems;
use crate::domain::tag::EntryTag;
use crate::domain::user::{allows, Role, User};
use crate::service::{Ledger, Prepared, ServiceError};
use crate::store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use crate::domain::user::Access;

/// Who runs a command: a signed-in user with its role and what it is bound to.
#[derive(Debug, Clone)]
pub struct Actor {
    user: User,
}

impl Actor {
    /// Only an authenticated user becomes an actor (the service's `authenticate`).
    pub(crate) fn new(user: User) -> Actor {
        Actor { user }
    }

    pub fn username(&self) -> &str {
        self.user.username.as_str()
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn entity_id(&self) -> Option<EntityId> {
        self.user.entity_id
    }

    pub fn member_id(&self) -> Option<MemberId> {
        self.user.member_id
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    /// Whether this actor may touch `entity`'s books with `access`.
    pub fn may(&self, access: Access, entity: &Entity) -> bool {
        allows(self.user.role, self.user.entity_id, access, entity)
    }

    /// Whether this actor may touch what `rule` guards at `entity` with `access`.
    pub fn may_under(&self, rule: Rule, access: Access, entity: &Entity) -> bool {
        match rule {
            Rule::Books => self.may(access, entity),
            Rule::ClientRecords | Rule::Report => {
                crate::domain::training::allows_training(self.user.role, self.user.entity_id, access, entity)
            }
        }
    }
}

/// Which rule decides who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The entity's books ([`Actor::may`]).
    Books,
    /// A panti's client records, which hold personal data (`domain::training::allows_training`:
    /// the head writes them, the supervisor reads them, an admin does both, nobody else sees them).
    ClientRecords,
    /// A panti's empowerment report, under the same rule as its client records; only a
    /// panti has one (`Ledger::report_panti`).
    Report,
}

/// How a command's entries are committed beside other requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// In a group commit with other requests: its rules read only the live books.
    Grouped,
    /// Alone, after everything before it is committed: its rules read the store.
    Alone,
}

/// A use case that posts entries.
pub trait Command: Sized + Send + Sync + 'static {
    /// The wire shape every door parses into (`deny_unknown_fields`).
    type Input: DeserializeOwned + Serialize + Send;
    /// Names the command in idempotency keys and the route table.
    const NAME: &'static str;
    const ACCESS: Access;
    const ISOLATION: Isolation;

    /// Parses the input into a valid command, naming every bad field at once.
    fn parse(input: Self::Input) -> Result<Self, Problems>;

    /// The entry to post, from the books as they stand in the writer; a refusal here
    /// stores nothing.
    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError>;

    /// Everything the command writes inside the writer: by default the one entry of
    /// `prepare` and its tag. A command that may post nothing (a cash count that matches
    /// the books) or changes a register beside its entry (an exit marks the member) says so
    /// here, with `prepare` building its entry.
    fn prepared(&self, books: &Books, store: &Store) -> Result<Prepared, ServiceError> {
        let (entry, tag) = self.prepare(books, store)?;
        Ok(Prepared { entries: vec![entry], tags: tag.into_iter().collect(), ..Prepared::default() })
    }

    /// The input field a refusal of `prepare` belongs to, when it is not a `Problem` that
    /// names its own field (a page shows it there); `None`: the whole request.
    fn place(_error: &ServiceError) -> Option<&'static str> {
        None
    }
}

/// The one entry of what a command prepared, for a command whose `prepared` is its whole
/// rule and may post nothing (then refused here: there is no entry to answer).
pub(crate) fn only_entry(prepared: Prepared) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
    let tag = prepared.tags.into_iter().next();
    match prepared.entries.into_iter().next() {
        Some(entry) => Ok((entry, tag)),
        None => Err(ServiceError::NotAllowed("tidak ada yang dibukukan".into())),
    }
}

/// A use case that changes an entity's chart of accounts, inside the writer so that the
/// next posting already sees it.
pub trait ChartCommand: Sized + Send + Sync + 'static {
    /// The wire shape every door parses into (`deny_unknown_fields`).
    type Input: DeserializeOwned + Serialize + Send;
    /// Names the command in the route table.
    const NAME: &'static str;
    const ACCESS: Access;

    /// Parses the input into a valid command, naming every bad field at once.
    fn parse(input: Self::Input) -> Result<Self, Problems>;

    /// The account the command is about.
    fn code(&self) -> &crate::domain::account::AccountCode;

    /// The chart after the change, from the books as they stand in the writer.
    fn change(&self, books: &Books) -> Result<crate::domain::account::Chart, Problems>;
}

/// A use case that changes a register rather than posting: the bylaws, members, products,
/// users, entities. `change` checks it against the registers as they stand inside the
/// writer and writes it, so two requests never both pass a rule only one may (two
/// versions of the bylaws from one date, two members with one number).
///
/// Not merged with [`ChartCommand`]: a chart change goes through the writer's books, so
/// the next posting already sees it; a register is read from the store.
pub trait RegisterCommand: Sized + Send + Sync + 'static {
    /// The wire shape every door parses into (`deny_unknown_fields`).
    type Input: DeserializeOwned + Serialize + Send;
    /// What the change answers: the record as now stored (kept under a form's key, so a
    /// second submit answers the first change).
    type Outcome: Serialize + DeserializeOwned + Send + 'static;
    /// Names the command in the route table.
    const NAME: &'static str;
    const ACCESS: Access;
    /// The rule `ACCESS` is read under.
    const RULE: Rule = Rule::Books;

    /// Parses the input into a valid command, naming every bad field at once.
    fn parse(input: Self::Input) -> Result<Self, Problems>;

    /// Who makes the change, for a record that keeps its author's name (a stage change's
    /// `changed_by`); told before `change`.
    fn made_by(&mut self, _username: &str) {}

    /// The input field a refusal of `change` belongs to, when it is not a `Problem` that
    /// names its own field (a page shows it there); `None`: the whole request.
    fn place(_error: &ServiceError) -> Option<&'static str> {
        None
    }

    /// Checks the change against the registers as stored and writes it into `writes`.
    fn change(
        self,
        entity: &Entity,
        store: &Store,
        writes: &mut crate::store::WriteSet,
    ) -> Result<Self::Outcome, ServiceError>;
}

/// A use case over the installation rather than one entity's books: creating an entity,
/// creating a user, resetting a password, disabling a login. Only an admin runs one (and
/// the operator at the command line, who holds the database itself).
pub trait AdminCommand: Sized + Send + Sync + 'static {
    /// The wire shape every door parses into (`deny_unknown_fields`).
    type Input: DeserializeOwned + Serialize + Send;
    /// What the command answers: the record as now stored (kept as the answer to a
    /// form sent twice).
    type Outcome: Serialize + DeserializeOwned + Send + 'static;
    /// Names the command in the route table.
    const NAME: &'static str;

    /// Parses the input into a valid command, naming every bad field at once.
    fn parse(input: Self::Input) -> Result<Self, Problems>;

    /// Runs the command; `by` is who did it, for the audit log.
    fn run(
        self,
        ledger: &Ledger,
        by: &str,
    ) -> impl std::future::Future<Output = Result<Self::Outcome, ServiceError>> + Send;

    /// The input field a refusal of `run` belongs to, when it is not a `Problem` that
    /// names its own field (a taken username at `username`); `None`: the whole request.
    fn place(_error: &ServiceError) -> Option<&'static str> {
        None
    }
}

/// A register command whose rows of a file are changed together, all or nothing, each
/// row checked against the rows before it (two rows with one number).
pub trait RegisterRows: RegisterCommand {
    /// The columns a file must have, then those it may have.
    const COLUMNS: (&'static [&'static str], &'static [&'static str]);

    /// Checks every row against the registers and the rows before it and writes them all,
    /// or names every bad row by its line (`ServiceError::BadRows`); the count written.
    fn change_rows(
        rows: Vec<(u64, Self)>,
        entity: &Entity,
        store: &Store,
        writes: &mut crate::store::WriteSet,
    ) -> Result<usize, ServiceError>;
}

impl From<Problems> for ServiceError {
    fn from(problems: Problems) -> ServiceError {
        ServiceError::Refused(problems)
    }
}
