//! Members and capital: the member register, savings, grants, loans, exits, balances.

use super::writer::{Prepare, Prepared};
use super::{Idempotency, Ledger, Posted, ServiceError};
use crate::domain::account::Side;
use crate::domain::books::Books;
use crate::domain::capital::{self, Grant, GrantSource, Loan, Repayment};
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::entry::{MemberId, Memo};
use crate::domain::member::{
    arrears, code, exit_entry, terms_on, Arrears, Member, MemberError, SavingsTerms, MANDATORY_SAVINGS,
    PRINCIPAL_SAVINGS, SHU_PAYABLE, VOLUNTARY_SAVINGS,
};
use crate::domain::money::serialize_canonical;
use crate::domain::tag::EntryTag;
use crate::domain::user::{Role, User};
use crate::store::{IdempotencyRecord, Store};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A member's savings and dues as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct MemberBalance {
    pub member_id: MemberId,
    pub number: String,
    pub name: String,
    pub as_of: NaiveDate,
    #[serde(serialize_with = "serialize_canonical")]
    pub pokok: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub wajib: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub sukarela: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub shu_unpaid: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub total: Decimal,
    pub arrears: Arrears,
}

/// One line of a member's statement, with the running balance of its account.
#[derive(Debug, Clone, Serialize)]
pub struct StatementLine {
    pub date: NaiveDate,
    pub seq: u64,
    pub memo: String,
    pub account: String,
    pub account_name: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub debit: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub credit: Decimal,
    /// What the entity owes the member on this account after the line.
    #[serde(serialize_with = "serialize_canonical")]
    pub balance: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub member_id: MemberId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Balances per account at the start of `from`.
    pub opening: BTreeMap<String, String>,
    pub lines: Vec<StatementLine>,
    pub closing: BTreeMap<String, String>,
}

/// A loan and what is left of it.
#[derive(Debug, Clone, Serialize)]
pub struct LoanStatus {
    pub loan_id: u64,
    #[serde(flatten)]
    pub loan: Loan,
    #[serde(serialize_with = "serialize_canonical")]
    pub principal_repaid: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub interest_paid: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub outstanding: Decimal,
    pub repayments: Vec<(u64, Repayment)>,
}

/// Own capital, grants by source and loans, as of a date (struktur permodalan).
#[derive(Debug, Clone, Serialize)]
pub struct CapitalStructure {
    pub as_of: NaiveDate,
    /// Member savings, reserves and retained SHU: what the group owns.
    pub own_capital: BTreeMap<String, String>,
    #[serde(serialize_with = "serialize_canonical")]
    pub own_capital_total: Decimal,
    pub grants_by_source: BTreeMap<GrantSource, String>,
    #[serde(serialize_with = "serialize_canonical")]
    pub donated_capital: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub voluntary_savings: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub loans_outstanding: Decimal,
}

/// A new member, as the treasurer enters it.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub number: crate::domain::member::MemberNumber,
    pub name: String,
    pub kind: crate::domain::member::MemberKind,
    pub nik: Option<crate::domain::member::Nik>,
    pub client_number: Option<String>,
    pub phone: Option<String>,
    pub joined_on: NaiveDate,
}

/// The fields of a new member as typed in a form or a CSV row.
pub struct MemberFields<'a> {
    pub number: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub nik: Option<&'a str>,
    pub client_number: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub joined_on: &'a str,
}

impl NewMember {
    /// Parses every field, reporting every bad one.
    pub fn parse(fields: MemberFields<'_>) -> Result<NewMember, Vec<String>> {
        use crate::domain::member::{parse_name, parse_phone, MemberKind, MemberNumber, Nik};
        let mut errors = Vec::new();
        let present = |text: Option<&str>| text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let number = MemberNumber::parse(fields.number).map_err(|e| errors.push(e.to_string())).ok();
        let name = parse_name(fields.name).map_err(|e| errors.push(e.to_string())).ok();
        let kind = MemberKind::parse(fields.kind.trim()).map_err(|e| errors.push(e.to_string())).ok();
        let nik = present(fields.nik).map(|n| Nik::parse(&n)).transpose().map_err(|e| errors.push(e.to_string())).ok();
        let phone =
            present(fields.phone).map(|p| parse_phone(&p)).transpose().map_err(|e| errors.push(e.to_string())).ok();
        let joined_on = super::import::parse_date(fields.joined_on.trim()).map_err(|e| errors.push(e)).ok();
        match (number, name, kind, nik, phone, joined_on) {
            (Some(number), Some(name), Some(kind), Some(nik), Some(phone), Some(joined_on)) if errors.is_empty() => {
                Ok(NewMember {
                    number,
                    name,
                    kind,
                    nik,
                    client_number: present(fields.client_number),
                    phone,
                    joined_on,
                })
            }
            _ => Err(errors),
        }
    }
}

impl Ledger {
    /// Posts a member's use case, built in the writer from the member as stored then.
    pub(crate) async fn post_for_member(
        &self,
        member_id: MemberId,
        exclusive: bool,
        build: impl FnOnce(&Books, &Store, Member) -> Result<Prepared, ServiceError> + Send + 'static,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Posted, ServiceError> {
        let entity = self.member(member_id)?.entity_id;
        let prepare: Prepare = Box::new(move |books, store| {
            let member =
                store.member(member_id)?.ok_or_else(|| ServiceError::NotFound(format!("anggota {member_id}")))?;
            build(books, store, member)
        });
        self.post_prepared(entity, prepare, exclusive, recorded_by, idempotency).await
    }

    pub async fn add_member(&self, entity: EntityId, new: NewMember) -> Result<Member, ServiceError> {
        self.register_member(entity, new, None).await
    }

    /// Adds one member; under an idempotency key only once: the same key again answers the
    /// member it added (a double click on the page's form registers one member).
    pub async fn register_member(
        &self,
        entity: EntityId,
        new: NewMember,
        idempotency: Option<Idempotency>,
    ) -> Result<Member, ServiceError> {
        let added = self.add_members_once(entity, vec![(0, new)], idempotency).await;
        Ok(added.map_err(|mut problems| problems.remove(0).1)?.remove(0))
    }

    /// Adds members all or nothing; on refusal, every problem with the line it came from.
    pub async fn add_members(
        &self,
        entity: EntityId,
        news: Vec<(u64, NewMember)>,
    ) -> Result<Vec<Member>, Vec<(u64, ServiceError)>> {
        self.add_members_once(entity, news, None).await
    }

    async fn add_members_once(
        &self,
        entity: EntityId,
        news: Vec<(u64, NewMember)>,
        idempotency: Option<Idempotency>,
    ) -> Result<Vec<Member>, Vec<(u64, ServiceError)>> {
        let found = self.entity(entity).map_err(|e| vec![(0, e)])?;
        if found.kind == EntityKind::Panti {
            return Err(vec![(0, ServiceError::NotAllowed("anggota hanya untuk KUBE atau koperasi".into()))]);
        }
        let outcome = self
            .writer
            .apply(move |store, writes| {
                if let Some(key) = &idempotency {
                    if let Some(record) = store.idempotency(entity, &key.key)? {
                        if record.body_hash != key.body_hash {
                            return Err(ServiceError::IdempotencyConflict);
                        }
                        return Ok(Ok(vec![store
                            .member(record.first_seq)?
                            .ok_or_else(|| ServiceError::NotFound(format!("anggota {}", record.first_seq)))?]));
                    }
                }
                let mut problems = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for (line, new) in &news {
                    let number = new.number.as_str().to_lowercase();
                    if !seen.insert(number) || store.member_by_number(entity, new.number.as_str())?.is_some() {
                        problems.push((*line, MemberError::DuplicateNumber(new.number.as_str().to_string()).into()));
                    }
                }
                if !problems.is_empty() {
                    return Ok(Err(problems));
                }
                let first_id = store.next_member_id()?;
                let members: Vec<Member> = news
                    .into_iter()
                    .zip(first_id..)
                    .map(|((_, new), id)| Member {
                        id,
                        entity_id: entity,
                        number: new.number,
                        name: new.name,
                        kind: new.kind,
                        nik: new.nik,
                        client_number: new.client_number,
                        phone: new.phone,
                        joined_on: new.joined_on,
                        exited_on: None,
                    })
                    .collect();
                for member in &members {
                    writes.member(member);
                }
                writes.next_member_id(first_id + members.len() as u64);
                if let Some(key) = idempotency {
                    // A member posts no entry: its key keeps the member's id.
                    let record = IdempotencyRecord { body_hash: key.body_hash, first_seq: first_id, count: 0 };
                    writes.idempotency(entity, &key.key, &record);
                }
                Ok(Ok(members))
            })
            .await;
        match outcome {
            Ok(result) => result,
            Err(error) => Err(vec![(0, error)]),
        }
    }

    pub fn member(&self, id: MemberId) -> Result<Member, ServiceError> {
        self.store.member(id)?.ok_or_else(|| ServiceError::NotFound(format!("anggota {id}")))
    }

    pub fn members(&self, entity: EntityId) -> Result<Vec<Member>, ServiceError> {
        Ok(self.store.members(entity)?)
    }

    /// A login for a member: username is the member number in lower case.
    pub async fn add_member_login(
        &self,
        member_id: MemberId,
        password: &str,
        created_by: &str,
    ) -> Result<User, ServiceError> {
        let member = self.member(member_id)?;
        let username = member.number.as_str().to_lowercase();
        self.create_user_for(&username, Role::Member, Some(member.entity_id), Some(member_id), password, created_by)
            .await
    }

    pub fn savings_terms(&self, entity: EntityId) -> Result<Vec<SavingsTerms>, ServiceError> {
        Ok(self.store.savings_terms(entity)?)
    }

    /// Pays a leaving member everything owed in one entry and marks them exited.
    pub async fn exit_member(
        &self,
        member_id: MemberId,
        date: NaiveDate,
        memo: Option<Memo>,
        recorded_by: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<(Member, Posted), ServiceError> {
        let build = move |books: &Books, _: &Store, member: Member| {
            let entry = exit_entry(books, &member, date, memo)?;
            let exited = Member { exited_on: Some(date), ..member };
            Ok(Prepared {
                entries: entry.into_iter().collect(),
                tags: vec![EntryTag::MemberExit { member_id }],
                member: Some(exited),
                ..Prepared::default()
            })
        };
        // Exclusive: a second exit of the same member must see the first one stored.
        let posted = self.post_for_member(member_id, true, build, recorded_by, idempotency).await?;
        Ok((self.member(member_id)?, posted))
    }

    /// Grants not reversed, with the entry that booked each.
    pub fn grants(&self, entity: EntityId) -> Result<Vec<(u64, Grant)>, ServiceError> {
        let mut grants = Vec::new();
        for (seq, tag) in self.store.entry_tags(entity)? {
            if let EntryTag::Grant(grant) = tag {
                if self.store.reversed_by(entity, seq)?.is_none() {
                    grants.push((seq, grant));
                }
            }
        }
        Ok(grants)
    }

    pub fn loans(&self, entity: EntityId) -> Result<Vec<LoanStatus>, ServiceError> {
        loan_statuses(&self.store, entity)
    }

    /// Savings and dues of a member as of a date, summed from the member's own entries.
    pub fn member_balance(&self, member_id: MemberId, as_of: NaiveDate) -> Result<MemberBalance, ServiceError> {
        let member = self.member(member_id)?;
        let owed = self.member_owed(&member, as_of)?;
        let get = |account: &str| owed.get(account).copied().unwrap_or_default();
        let history = self.store.savings_terms(member.entity_id)?;
        let (pokok, wajib, sukarela, shu_unpaid) =
            (get(PRINCIPAL_SAVINGS), get(MANDATORY_SAVINGS), get(VOLUNTARY_SAVINGS), get(SHU_PAYABLE));
        Ok(MemberBalance {
            member_id,
            number: member.number.as_str().to_string(),
            name: member.name.clone(),
            as_of,
            pokok,
            wajib,
            sukarela,
            shu_unpaid,
            total: pokok + wajib + sukarela + shu_unpaid,
            arrears: arrears(&history, &member, wajib, as_of),
        })
    }

    /// What the entity owes the member per account (credit minus debit) at the end of `as_of`.
    fn member_owed(&self, member: &Member, as_of: NaiveDate) -> Result<BTreeMap<String, Decimal>, ServiceError> {
        let mut owed = BTreeMap::new();
        for line in self.member_lines(member)?.into_iter().filter(|l| l.date <= as_of) {
            *owed.entry(line.account).or_default() += line.credit - line.debit;
        }
        Ok(owed)
    }

    fn member_lines(&self, member: &Member) -> Result<Vec<StatementLine>, ServiceError> {
        let chart = self.store.chart(member.entity_id)?;
        let mut lines = Vec::new();
        for seq in self.store.member_entries(member.entity_id, member.id)? {
            let posted = self.entry(member.entity_id, seq)?;
            for line in posted.entry.lines().iter().filter(|l| l.member_id == Some(member.id)) {
                let (debit, credit) = match line.side {
                    Side::Debit => (line.amount.decimal(), Decimal::ZERO),
                    Side::Credit => (Decimal::ZERO, line.amount.decimal()),
                };
                lines.push(StatementLine {
                    date: posted.entry.date(),
                    seq,
                    memo: posted.entry.memo().as_str().to_string(),
                    account: line.account.to_string(),
                    account_name: chart.get(&line.account).map_or_else(String::new, |a| a.name.clone()),
                    debit,
                    credit,
                    balance: Decimal::ZERO,
                });
            }
        }
        // Statements read in date order; entries of one date keep their posting order.
        lines.sort_by_key(|l| (l.date, l.seq));
        Ok(lines)
    }

    /// Every movement of a member between two dates, with running balances per account.
    pub fn member_statement(
        &self,
        member_id: MemberId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Statement, ServiceError> {
        let member = self.member(member_id)?;
        let mut running: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut opening = BTreeMap::new();
        let mut lines = Vec::new();
        for mut line in self.member_lines(&member)?.into_iter().filter(|l| l.date <= to) {
            let balance = running.entry(line.account.clone()).or_default();
            *balance += line.credit - line.debit;
            if line.date < from {
                continue;
            }
            line.balance = *balance;
            lines.push(line);
        }
        let texts = |map: &BTreeMap<String, Decimal>| {
            map.iter().map(|(k, v)| (k.clone(), crate::domain::money::canonical(*v))).collect()
        };
        for line in &lines {
            opening.entry(line.account.clone()).or_insert_with(|| line.balance - line.credit + line.debit);
        }
        for (account, balance) in &running {
            opening.entry(account.clone()).or_insert(*balance);
        }
        Ok(Statement { member_id, from, to, opening: texts(&opening), lines, closing: texts(&running) })
    }

    /// Own capital, grants by source and loans outstanding as of a date.
    pub fn capital_structure(&self, entity: EntityId, as_of: NaiveDate) -> Result<CapitalStructure, ServiceError> {
        let balances = self.store.balances_as_of(entity, as_of)?;
        let chart = self.store.chart(entity)?;
        let credit_balance = |account: &str| balances.get(&code(account)).map_or(Decimal::ZERO, |t| -t.net());
        let mut own_capital = BTreeMap::new();
        let mut own_capital_total = Decimal::ZERO;
        for account in chart
            .accounts()
            .filter(|a| a.account_type == crate::domain::account::AccountType::Ekuitas && chart.is_postable(&a.code))
        {
            if account.code.as_str() == capital::DONATED_CAPITAL {
                continue;
            }
            let value = credit_balance(account.code.as_str());
            own_capital_total += value;
            own_capital.insert(format!("{} {}", account.code, account.name), crate::domain::money::canonical(value));
        }
        // The running year's SHU, not yet closed, is the group's own too.
        let open_result = crate::domain::statements::result(&chart, &balances);
        own_capital_total += open_result;
        own_capital
            .insert(crate::domain::statements::OPEN_RESULT.to_string(), crate::domain::money::canonical(open_result));
        let mut by_source: BTreeMap<GrantSource, Decimal> = BTreeMap::new();
        for (_, grant) in self.grants(entity)?.into_iter().filter(|(_, g)| g.date <= as_of) {
            *by_source.entry(grant.source).or_default() += grant.amount.decimal();
        }
        Ok(CapitalStructure {
            as_of,
            own_capital,
            own_capital_total,
            grants_by_source: by_source.into_iter().map(|(k, v)| (k, crate::domain::money::canonical(v))).collect(),
            donated_capital: credit_balance(capital::DONATED_CAPITAL),
            voluntary_savings: credit_balance(VOLUNTARY_SAVINGS),
            loans_outstanding: credit_balance(capital::BANK_LOANS),
        })
    }

    /// Members of an entity with their arrears of mandatory savings as of a date.
    pub fn arrears_list(&self, entity: EntityId, as_of: NaiveDate) -> Result<Vec<MemberBalance>, ServiceError> {
        self.members(entity)?.into_iter().map(|m| self.member_balance(m.id, as_of)).collect()
    }

    /// The savings terms in force on a date, if any.
    pub fn terms_on(&self, entity: EntityId, date: NaiveDate) -> Result<Option<SavingsTerms>, ServiceError> {
        Ok(terms_on(&self.store.savings_terms(entity)?, date).cloned())
    }
}

/// Every loan not reversed with what is left of it, from the entries' tags.
pub(crate) fn loan_statuses(store: &crate::store::Store, entity: EntityId) -> Result<Vec<LoanStatus>, ServiceError> {
    let mut loans: Vec<LoanStatus> = Vec::new();
    for (seq, tag) in store.entry_tags(entity)? {
        if store.reversed_by(entity, seq)?.is_some() {
            continue;
        }
        match tag {
            EntryTag::LoanReceipt(loan) => loans.push(LoanStatus {
                loan_id: seq,
                outstanding: loan.principal.decimal(),
                loan,
                principal_repaid: Decimal::ZERO,
                interest_paid: Decimal::ZERO,
                repayments: Vec::new(),
            }),
            EntryTag::LoanRepayment(repayment) => {
                if let Some(status) = loans.iter_mut().find(|s| s.loan_id == repayment.loan_seq) {
                    status.principal_repaid += repayment.principal.decimal();
                    status.interest_paid += repayment.interest.decimal();
                    status.outstanding -= repayment.principal.decimal();
                    status.repayments.push((seq, repayment));
                }
            }
            _ => {}
        }
    }
    Ok(loans)
}
