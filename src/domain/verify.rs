//! The checks `verify` runs over one entity's journal, as small pure steps.

use super::books::{add_entry, add_member_lines, add_stock, Balances, Stock};
use super::entity::EntityId;
use super::entry::{BalancedEntry, Hash, MemberId, PostedEntry, GENESIS_HASH};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What replaying a journal from its first entry gives, and every breach met on the way.
#[derive(Debug, Default)]
pub struct Replay {
    pub entity_id: EntityId,
    pub entries_count: u64,
    pub last_hash: Hash,
    pub balances: Balances,
    pub member_balances: BTreeMap<MemberId, Balances>,
    pub daily: BTreeMap<NaiveDate, Balances>,
    pub stock: Stock,
    pub breaches: Vec<String>,
}

impl Replay {
    pub fn new(entity_id: EntityId) -> Replay {
        Replay { entity_id, last_hash: GENESIS_HASH, ..Replay::default() }
    }

    /// Checks one entry (read in key order) and adds it to the replayed totals.
    pub fn push(&mut self, posted: &PostedEntry) {
        let expected_seq = self.entries_count + 1;
        let at = format!("entitas {} jurnal #{}", self.entity_id, posted.seq);
        if posted.entity_id != self.entity_id {
            self.breaches.push(format!("{at}: tersimpan di entitas yang salah ({})", posted.entity_id));
        }
        if posted.seq != expected_seq {
            self.breaches.push(format!("{at}: nomor urut bolong, seharusnya #{expected_seq}"));
        }
        if posted.prev_hash != self.last_hash {
            self.breaches.push(format!("{at}: rantai hash putus (prev_hash tidak sama)"));
        }
        if posted.compute_hash() != posted.hash {
            self.breaches.push(format!("{at}: isi jurnal berubah (hash tidak cocok)"));
        }
        let entry = &posted.entry;
        if let Err(errors) = BalancedEntry::new(entry.date(), entry.memo().clone(), entry.lines().to_vec()) {
            self.breaches.push(format!("{at}: {errors}"));
        }
        add_entry(&mut self.balances, entry);
        add_member_lines(&mut self.member_balances, entry);
        add_entry(self.daily.entry(entry.date()).or_default(), entry);
        add_stock(&mut self.stock, entry);
        for line in entry.lines() {
            let negative = line
                .stock
                .and_then(|m| self.stock.get(&(line.account.clone(), m.product_id)))
                .is_some_and(|l| l.quantity < rust_decimal::Decimal::ZERO);
            if negative {
                self.breaches.push(format!("{at}: stok produk di akun {} menjadi negatif", line.account));
            }
        }
        self.entries_count += 1;
        self.last_hash = posted.hash;
    }

    /// Compares stored running totals with the replayed ones.
    pub fn compare(&mut self, what: &str, stored: &Balances, replayed: &Balances) {
        let nonzero = |balances: &Balances| -> Balances {
            balances
                .iter()
                .filter(|(_, t)| !t.debit.is_zero() || !t.credit.is_zero())
                .map(|(k, v)| (k.clone(), *v))
                .collect()
        };
        if nonzero(stored) != nonzero(replayed) {
            self.breaches
                .push(format!("entitas {}: saldo tersimpan {what} tidak sama dengan jumlah jurnal", self.entity_id));
        }
    }
}
