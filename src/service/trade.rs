//! Receivables and payables, the cash book and cash count, and the sales summary.

use super::{Ledger, ServiceError};
use crate::domain::account::Side;
use crate::domain::entity::EntityId;
use crate::domain::entry::MemberId;
use crate::domain::member::{code, CASH};
use crate::domain::money::serialize_canonical;
use crate::domain::tag::EntryTag;
use crate::domain::trade::{party_balance, Credit, PartyBalance};
use crate::store::Store;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Credit sales (or purchases) and settlements per party, from the tags of entries not
/// reversed: `(invoices, settled)` by party name.
type Ledgers = BTreeMap<String, (Vec<(u64, NaiveDate, Decimal)>, Decimal)>;

fn trade_ledgers(store: &Store, entity: EntityId, credit: Credit) -> Result<Ledgers, ServiceError> {
    let mut parties = Ledgers::new();
    for (seq, tag) in store.entry_tags(entity)? {
        if store.reversed_by(entity, seq)?.is_some() {
            continue;
        }
        let date = || -> Result<NaiveDate, ServiceError> {
            Ok(store.entry(entity, seq)?.ok_or_else(|| ServiceError::NotFound(format!("jurnal #{seq}")))?.entry.date())
        };
        match (credit, tag) {
            (Credit::Receivable, EntryTag::Sale(sale)) if sale.on_credit => {
                let party = parties.entry(sale.customer.unwrap_or_default()).or_default();
                party.0.push((seq, date()?, sale.net.decimal()));
            }
            (Credit::Payable, EntryTag::Purchase(purchase)) if purchase.on_credit => {
                parties.entry(purchase.supplier).or_default().0.push((seq, date()?, purchase.total.decimal()));
            }
            (Credit::Receivable, EntryTag::Collection { customer: party, amount })
            | (Credit::Payable, EntryTag::SupplierPayment { supplier: party, amount }) => {
                parties.entry(party).or_default().1 += amount.decimal();
            }
            _ => {}
        }
    }
    Ok(parties)
}

/// What is still open with `party`: credit sales (or purchases) less what was settled.
pub(crate) fn open_with(store: &Store, entity: EntityId, credit: Credit, party: &str) -> Result<Decimal, ServiceError> {
    let (invoices, settled) = trade_ledgers(store, entity, credit)?.remove(party).unwrap_or_default();
    Ok(party_balance(party, &invoices, settled, NaiveDate::MAX).open)
}

/// One cash movement of a day, with the balance after it.
#[derive(Debug, Clone, Serialize)]
pub struct CashLine {
    pub seq: u64,
    pub memo: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub cash_in: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub cash_out: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub balance: Decimal,
}

/// The day book of cash (buku kas harian).
#[derive(Debug, Clone, Serialize)]
pub struct CashBook {
    pub date: NaiveDate,
    #[serde(serialize_with = "serialize_canonical")]
    pub opening: Decimal,
    pub lines: Vec<CashLine>,
    #[serde(serialize_with = "serialize_canonical")]
    pub closing: Decimal,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SummaryRow {
    pub quantity: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub amount: Decimal,
}

/// Sales between two dates by product, by month and by member buyer (net of discounts
/// by month and by member; gross by product).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SalesSummary {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sales_count: u64,
    #[serde(serialize_with = "serialize_canonical")]
    pub net: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub cost: Decimal,
    pub by_product: BTreeMap<String, SummaryRow>,
    pub by_month: BTreeMap<String, SummaryRow>,
    pub by_member: BTreeMap<MemberId, SummaryRow>,
}

impl Ledger {
    /// Open items and ageing per customer (receivable) or supplier (payable).
    pub fn open_items(
        &self,
        entity: EntityId,
        credit: Credit,
        as_of: NaiveDate,
    ) -> Result<Vec<PartyBalance>, ServiceError> {
        Ok(trade_ledgers(&self.store, entity, credit)?
            .into_iter()
            .map(|(party, (invoices, settled))| party_balance(&party, &invoices, settled, as_of))
            .filter(|balance| !balance.open.is_zero())
            .collect())
    }

    /// Every cash movement of a day with its running balance.
    pub fn cash_book(&self, entity: EntityId, date: NaiveDate) -> Result<CashBook, ServiceError> {
        let cash = code(CASH);
        let opening = self.balances_before(entity, date)?.get(&cash).map_or(Decimal::ZERO, |t| t.net());
        let mut balance = opening;
        let mut lines = Vec::new();
        for seq in self.store.entries_on(entity, date)? {
            let posted = self.entry(entity, seq)?;
            for line in posted.entry.lines().iter().filter(|l| l.account == cash) {
                let (cash_in, cash_out) = match line.side {
                    Side::Debit => (line.amount.decimal(), Decimal::ZERO),
                    Side::Credit => (Decimal::ZERO, line.amount.decimal()),
                };
                balance += cash_in - cash_out;
                lines.push(CashLine {
                    seq,
                    memo: posted.entry.memo().as_str().to_string(),
                    cash_in,
                    cash_out,
                    balance,
                });
            }
        }
        Ok(CashBook { date, opening, lines, closing: balance })
    }

    pub fn sales_summary(
        &self,
        entity: EntityId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<SalesSummary, ServiceError> {
        let mut summary = SalesSummary { from, to, ..SalesSummary::default() };
        for (seq, tag) in self.store.entry_tags(entity)? {
            let EntryTag::Sale(sale) = tag else { continue };
            if self.store.reversed_by(entity, seq)?.is_some() {
                continue;
            }
            let date = self.entry(entity, seq)?.entry.date();
            if from.is_some_and(|from| date < from) || to.is_some_and(|to| date > to) {
                continue;
            }
            summary.sales_count += 1;
            summary.net += sale.net.decimal();
            summary.cost += sale.cost.decimal();
            for line in &sale.lines {
                let row = summary.by_product.entry(format!("{} {}", line.code, line.name)).or_default();
                row.quantity += line.quantity.decimal();
                row.amount += line.amount.decimal();
            }
            let month = summary.by_month.entry(date.format("%Y-%m").to_string()).or_default();
            month.quantity += Decimal::ONE;
            month.amount += sale.net.decimal();
            if let Some(member) = sale.member_id {
                let row = summary.by_member.entry(member).or_default();
                row.quantity += Decimal::ONE;
                row.amount += sale.net.decimal();
            }
        }
        Ok(summary)
    }
}
