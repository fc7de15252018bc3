//! The fiscal year: SHU allocation policy and the preview of a year's allocation.

use super::close::end_of;
use super::{Ledger, ServiceError};
use crate::domain::account::AccountType;
use crate::domain::entity::EntityId;
use crate::domain::shu::{allocate, split, CapitalBasis, MemberShare, MemberSlip, ShareKind, ShuPolicy, ShuPreview};
use crate::domain::tag::EntryTag;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl Ledger {
    pub fn shu_policies(&self, entity: EntityId) -> Result<Vec<ShuPolicy>, ServiceError> {
        Ok(self.store.shu_policies(entity)?)
    }

    /// The year's SHU and its allocation by the policy in force at the year's end.
    /// Jasa modal goes by each member's pokok + wajib (at year end, or the average of the
    /// twelve month ends, as the policy says); jasa usaha by each member's purchases from
    /// the KUBE in the year (sales to a member buyer, net of discount, purchases from a
    /// member, loan interest paid; none reversed).
    pub fn shu_preview(&self, entity: EntityId, year: i32) -> Result<ShuPreview, ServiceError> {
        let end = end_of(year)?;
        let policy =
            self.store.shu_policies(entity)?.into_iter().rev().find(|p| p.effective_from <= end).ok_or_else(|| {
                ServiceError::NotAllowed(format!("AD/ART belum mengatur pembagian SHU untuk tahun {year}"))
            })?;
        let chart = self.store.chart(entity)?;
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("the year has an end, so a start");
        let moved = self.operating_movement(entity, start, end)?;
        let (mut revenue, mut expenses) = (Decimal::ZERO, Decimal::ZERO);
        for (code, totals) in &moved {
            match chart.get(code).map(|a| a.account_type) {
                Some(AccountType::Pendapatan) => revenue -= totals.net(),
                Some(AccountType::Beban) => expenses += totals.net(),
                _ => {}
            }
        }
        let shu = revenue - expenses;
        let pools = allocate(shu, &policy);
        let members = self.members(entity)?;
        let mut capital = Vec::new();
        for member in &members {
            let basis = match policy.capital_basis {
                CapitalBasis::YearEnd => self.member_capital(member.id, end)?,
                CapitalBasis::MonthlyAverage => {
                    let mut sum = Decimal::ZERO;
                    for month in 1..=12 {
                        let next =
                            NaiveDate::from_ymd_opt(if month == 12 { year + 1 } else { year }, month % 12 + 1, 1)
                                .expect("a month start");
                        sum += self.member_capital(member.id, next.pred_opt().expect("a month end"))?;
                    }
                    sum / Decimal::from(12)
                }
            };
            capital.push((member.id, member.number.as_str().to_string(), basis));
        }
        let purchases = self.member_business(entity, year)?;
        let business: Vec<_> = members
            .iter()
            .map(|m| (m.id, m.number.as_str().to_string(), purchases.get(&m.id).copied().unwrap_or_default()))
            .collect();
        let mut unallocated_to_reserve = Decimal::ZERO;
        let mut split_pool = |kind: ShareKind, bases: &[(u64, String, Decimal)]| -> Vec<MemberShare> {
            let pool = pools.iter().find(|p| p.share.kind == kind).map_or(Decimal::ZERO, |p| p.amount);
            let shares = split(pool, bases);
            if shares.is_empty() {
                unallocated_to_reserve += pool;
            }
            shares
        };
        let modal = split_pool(ShareKind::JasaModal, &capital);
        let usaha = split_pool(ShareKind::JasaUsaha, &business);
        let amount_of = |shares: &[MemberShare], id: u64| {
            shares.iter().find(|s| s.member_id == id).map_or(Decimal::ZERO, |s| s.amount)
        };
        let slips = members
            .iter()
            .zip(capital.iter().zip(&business))
            .map(|(member, ((_, _, capital_basis), (_, _, business_basis)))| {
                let (jasa_modal, jasa_usaha) = (amount_of(&modal, member.id), amount_of(&usaha, member.id));
                MemberSlip {
                    member_id: member.id,
                    number: member.number.as_str().to_string(),
                    name: member.name.clone(),
                    jasa_modal_basis: *capital_basis,
                    jasa_modal,
                    jasa_usaha_basis: *business_basis,
                    jasa_usaha,
                    total: jasa_modal + jasa_usaha,
                }
            })
            .collect();
        Ok(ShuPreview { year, policy, revenue, expenses, shu, pools, unallocated_to_reserve, members: slips })
    }

    /// A member's pokok + wajib at the end of a date.
    fn member_capital(&self, member: u64, date: NaiveDate) -> Result<Decimal, ServiceError> {
        let balance = self.member_balance(member, date)?;
        Ok(balance.pokok + balance.wajib)
    }

    /// The business each member did with the entity in a year, not reversed: what they
    /// bought (net of discounts), what they sold to it, and the interest they paid on
    /// their loans.
    fn member_business(&self, entity: EntityId, year: i32) -> Result<BTreeMap<u64, Decimal>, ServiceError> {
        let mut business = BTreeMap::new();
        for (seq, tag) in self.store.entry_tags(entity)? {
            let (member, amount) = match tag {
                EntryTag::Sale(sale) => (sale.member_id, sale.net),
                EntryTag::Purchase(purchase) => (purchase.member_id, purchase.total),
                EntryTag::MemberLoanRepayment { member_id, interest, .. } => (Some(member_id), interest),
                _ => continue,
            };
            let Some(member) = member else { continue };
            if self.store.reversed_by(entity, seq)?.is_some() || self.entry(entity, seq)?.entry.date().year() != year {
                continue;
            }
            *business.entry(member).or_default() += amount.decimal();
        }
        Ok(business)
    }
}
