//! `verify`: every invariant of the stored books, checked from the journal up.

use crate::domain::account::{AccountCode, Chart};
use crate::domain::books::{Balances, Stock, Totals};
use crate::domain::entity::EntityId;
use crate::domain::entry::{MemberId, PostedEntry, ProductId};
use crate::domain::money::canonical;
use crate::domain::registers::named_ids;
use crate::domain::verify::Replay;
use crate::store::{Store, StoreError};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct VerifyReport {
    /// What was checked, one line per entity, for the operator to read.
    pub checked: Vec<String>,
    pub breaches: Vec<String>,
    /// Every stored record, each read as the kind its key names.
    pub records_count: u64,
}

pub fn verify(store: &Store) -> Result<VerifyReport, crate::store::StoreError> {
    let (records_count, mut breaches) = store.unreadable_records()?;
    breaches.extend(check_users(store)?);
    let mut report = VerifyReport { breaches, records_count, ..VerifyReport::default() };
    for entity in store.entities()? {
        let mut replay = Replay::new(entity.id);
        let mut reversals_count = 0;
        let mut named = Named::default();
        for posted in store.entries(entity.id) {
            let posted = posted?;
            named.note(&posted);
            if let Some(reversed) = posted.reverses {
                reversals_count += 1;
                if store.reversed_by(entity.id, reversed)? != Some(posted.seq) {
                    replay.breaches.push(format!(
                        "entitas {} jurnal #{}: catatan pembalikan #{reversed} hilang",
                        entity.id, posted.seq
                    ));
                }
            }
            replay.push(&posted);
        }
        let stored = store.balances(entity.id)?;
        let replayed = std::mem::take(&mut replay.balances);
        replay.compare("per akun", &stored, &replayed);
        let stored_members: std::collections::BTreeMap<_, _> = store.member_balances(entity.id)?.into_iter().collect();
        let replayed_members = std::mem::take(&mut replay.member_balances);
        for member in stored_members.keys().chain(replayed_members.keys()).collect::<std::collections::BTreeSet<_>>() {
            let empty = Default::default();
            replay.compare(
                &format!("anggota {member}"),
                stored_members.get(member).unwrap_or(&empty),
                replayed_members.get(member).unwrap_or(&empty),
            );
        }
        let stored_stock = store.stock(entity.id)?;
        let replayed_stock = std::mem::take(&mut replay.stock);
        let nonzero = |stock: &crate::domain::books::Stock| -> crate::domain::books::Stock {
            stock
                .iter()
                .filter(|(_, l)| !l.quantity.is_zero() || !l.value.is_zero())
                .map(|(k, v)| (k.clone(), *v))
                .collect()
        };
        if nonzero(&stored_stock) != nonzero(&replayed_stock) {
            replay.breaches.push(format!("entitas {}: stok tersimpan tidak sama dengan jumlah jurnal", entity.id));
        }
        let stored_daily: std::collections::BTreeMap<_, _> = store.daily_all(entity.id)?.into_iter().collect();
        let replayed_daily = std::mem::take(&mut replay.daily);
        for date in stored_daily.keys().chain(replayed_daily.keys()).collect::<std::collections::BTreeSet<_>>() {
            let empty = Default::default();
            replay.compare(
                &format!("harian {date}"),
                stored_daily.get(date).unwrap_or(&empty),
                replayed_daily.get(date).unwrap_or(&empty),
            );
        }
        let chart = store.chart(entity.id)?;
        replay.breaches.extend(subledger_breaches(entity.id, &chart, &stored, &stored_members, &stored_stock));
        replay.breaches.extend(named.breaches(store, entity.id)?);
        report.checked.push(format!(
            "entitas {} ({}): {} jurnal seimbang dan bernomor urut tanpa celah, rantai hash utuh, {} pembalikan, saldo {} akun, {} anggota dan {} hari cocok dengan jurnal; buku pembantu anggota dan stok sama dengan akun kontrolnya, kas dan bank tidak negatif, setiap anggota dan produk terdaftar",
            entity.id, entity.name, replay.entries_count, reversals_count, stored.len(), stored_members.len(), stored_daily.len()
        ));
        report.breaches.append(&mut replay.breaches);
    }
    Ok(report)
}

/// Every login reads, is named as its key says, and is bound as its role demands: an admin
/// to nothing, anyone else to an entity that exists, a member login to a member of it.
pub fn check_users(store: &Store) -> Result<Vec<String>, crate::store::StoreError> {
    use crate::domain::user::{check_binding, Username};
    let mut breaches = Vec::new();
    for (username, read) in store.users()? {
        let user = match read {
            Ok(user) => user,
            Err(error) => {
                breaches.push(format!("pengguna {username:?}: tidak terbaca ({error})"));
                continue;
            }
        };
        let role = user.role.as_str();
        let mut problems = Vec::new();
        if Username::parse(&username).ok().as_ref() != Some(&user.username) {
            problems.push(format!("tersimpan dengan nama {:?}", user.username.as_str()));
        }
        match check_binding(user.role, user.entity_id) {
            Ok(bound) if bound != user.entity_id => problems.push(format!("peran {role} tidak terikat pada entitas")),
            Ok(_) => {}
            Err(error) => problems.push(error.to_string()),
        }
        if let Some(entity) = user.entity_id.filter(|_| problems.is_empty()) {
            if store.entity(entity)?.is_none() {
                problems.push(format!("terikat pada entitas {entity} yang tidak ada"));
            }
        }
        match (user.role, user.member_id) {
            (crate::domain::user::Role::Member, Some(member)) => match store.member(member)? {
                Some(found) if Some(found.entity_id) == user.entity_id => {}
                _ => problems.push(format!("anggota {member} tidak ada di entitasnya")),
            },
            (_, Some(member)) => problems.push(format!("peran {role} terikat pada anggota {member}")),
            (_, None) => {}
        }
        breaches.extend(problems.into_iter().map(|problem| format!("pengguna {username:?} ({role}): {problem}")));
    }
    Ok(breaches)
}

/// The first entry that names each member and product id.
#[derive(Default)]
struct Named {
    members: BTreeMap<MemberId, u64>,
    products: BTreeMap<ProductId, u64>,
}

impl Named {
    fn note(&mut self, posted: &PostedEntry) {
        let (members, products) = named_ids([&posted.entry]);
        for id in members {
            self.members.entry(id).or_insert(posted.seq);
        }
        for id in products {
            self.products.entry(id).or_insert(posted.seq);
        }
    }

    /// Ids that the entity's registers do not hold.
    fn breaches(&self, store: &Store, entity: EntityId) -> Result<Vec<String>, StoreError> {
        let mut breaches = Vec::new();
        for (id, seq) in &self.members {
            if store.member(*id)?.is_none_or(|m| m.entity_id != entity) {
                breaches.push(format!("entitas {entity} jurnal #{seq}: anggota {id} tidak terdaftar di entitas ini"));
            }
        }
        for (id, seq) in &self.products {
            if store.product(*id)?.is_none_or(|p| p.entity_id != entity) {
                breaches.push(format!("entitas {entity} jurnal #{seq}: produk {id} tidak terdaftar di entitas ini"));
            }
        }
        Ok(breaches)
    }
}

/// Member subledgers and stock that do not add up to their control accounts, and cash or
/// bank below zero, in the stored totals.
fn subledger_breaches(
    entity: EntityId,
    chart: &Chart,
    stored: &Balances,
    members: &BTreeMap<MemberId, Balances>,
    stock: &Stock,
) -> Vec<String> {
    let mut breaches = Vec::new();
    let control = |code: &AccountCode| stored.get(code).copied().unwrap_or_default();
    for account in chart.accounts() {
        let code = &account.code;
        if account.member_subledger {
            let mut sum = Totals::default();
            members.values().filter_map(|balances| balances.get(code)).for_each(|totals| sum.merge(totals));
            if sum != control(code) {
                breaches.push(format!(
                    "entitas {entity}: buku pembantu anggota akun {code} ({}) tidak sama dengan akun kontrolnya ({})",
                    canonical(-sum.net()),
                    canonical(-control(code).net())
                ));
            }
        }
        if account.stock_subledger {
            let sum: Decimal = stock.iter().filter(|((at, _), _)| at == code).map(|(_, level)| level.value).sum();
            if sum != control(code).net() {
                breaches.push(format!(
                    "entitas {entity}: nilai stok akun {code} ({}) tidak sama dengan akun kontrolnya ({})",
                    canonical(sum),
                    canonical(control(code).net())
                ));
            }
        }
        if chart.is_cash_or_bank(code) && control(code).net() < Decimal::ZERO {
            breaches.push(format!("entitas {entity}: saldo akun {code} negatif ({})", canonical(control(code).net())));
        }
    }
    breaches
}
