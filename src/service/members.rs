//! Members and capital: the member register, savings, grants, loans, exits, balances.

use super::writer::{Prepare, Prepared};
use super::{Idempotency, Ledger, Posted, ServiceError};
use crate::domain::account::Side;
use crate::domain::books::Books;
use crate::domain::capital::{self, Grant, GrantSource, Loan, Repayment};
use crate::domain::entity::EntityId;
use crate::domain::entry::MemberId;
use crate::domain::member::{
    arrears, code, terms_on, Arrears, Member, SavingsTerms, MANDATORY_SAVINGS, PRINCIPAL_SAVINGS, SHU_PAYABLE,
    VOLUNTARY_SAVINGS,
};
use crate::domain::money::serialize_canonical;
use crate::domain::problem::Problems;
use crate::domain::tag::EntryTag;
use crate::domain::user::{Role, User, Username};
use crate::store::Store;
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

    /// Registers a member as the operator (tests and tools that set up without a
    /// sign-in), through the same command as the pages, the API and a members file.
    pub async fn add_member(
        &self,
        entity: EntityId,
        input: crate::usecase::members::register_member::Input,
    ) -> Result<Member, ServiceError> {
        self.change_unattended::<crate::usecase::members::register_member::RegisterMember>(entity, input).await
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
        let username = Username::parse(&member.number.as_str().to_lowercase())?;
        crate::domain::user::check_namespace(Role::Member, &username)
            .map_err(|problem| ServiceError::Refused(Problems::one(Some("username"), problem)))?;
        crate::domain::user::check_password(Role::Member, password)?;
        let password = password.to_string();
        self.add_user(username, Role::Member, Some(member.entity_id), Some(member_id), password, created_by).await
    }

    pub fn savings_terms(&self, entity: EntityId) -> Result<Vec<SavingsTerms>, ServiceError> {
        Ok(self.store.savings_terms(entity)?)
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
