//! The trial balance (neraca saldo): every account's net balance on one side.

use super::account::Chart;
use super::books::Balances;
use super::money::serialize_canonical;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialBalanceLine {
    pub account: String,
    pub name: String,
    #[serde(serialize_with = "serialize_canonical")]
    pub debit: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub credit: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialBalance {
    pub as_of: NaiveDate,
    pub lines: Vec<TrialBalanceLine>,
    #[serde(serialize_with = "serialize_canonical")]
    pub total_debit: Decimal,
    #[serde(serialize_with = "serialize_canonical")]
    pub total_credit: Decimal,
}

/// One line per account that has moved, its net on the side where it stands.
pub fn trial_balance(chart: &Chart, balances: &Balances, as_of: NaiveDate) -> TrialBalance {
    let mut lines = Vec::new();
    let (mut total_debit, mut total_credit) = (Decimal::ZERO, Decimal::ZERO);
    for (code, totals) in balances.iter().filter(|(_, t)| !t.debit.is_zero() || !t.credit.is_zero()) {
        let net = totals.net();
        let (debit, credit) = if net < Decimal::ZERO { (Decimal::ZERO, -net) } else { (net, Decimal::ZERO) };
        total_debit += debit;
        total_credit += credit;
        lines.push(TrialBalanceLine {
            account: code.to_string(),
            name: chart.get(code).map_or_else(String::new, |a| a.name.clone()),
            debit,
            credit,
        });
    }
    assert_eq!(total_debit, total_credit, "a trial balance built from balanced entries balances");
    TrialBalance { as_of, lines, total_debit, total_credit }
}
