//! Register a fixed asset (catat aset tetap) from the entry it came from: an equipment
//! purchase or a grant in kind that debited a fixed-asset account. The cost and date are
//! the entry's; the user gives its name, useful life and residual value. Posts nothing.

use crate::domain::account::AccountCode;
use crate::domain::assets::{accumulated_account_of, FixedAsset, USEFUL_LIFE_MONTHS_MAX};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::Access;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// As typed: `{"entry_seq","account"?,"name","useful_life_months","residual_value"?}`;
/// `account` is 1201 Peralatan unless given (1203 Kendaraan), the residual value 0.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub entry_seq: Typed,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub useful_life_months: Typed,
    #[serde(default)]
    pub residual_value: Typed,
}

/// An asset ready to register.
#[derive(Debug, Clone)]
pub struct RegisterAsset {
    pub entry_seq: u64,
    pub account: AccountCode,
    pub name: String,
    pub useful_life_months: u32,
    pub residual_value: Decimal,
}

fn whole(typed: &Typed, check: impl Fn(u64) -> bool, problem: Problem) -> Result<u64, Problem> {
    match typed.as_str() {
        "" => Err(Problem::Required),
        text => text.parse::<u64>().ok().filter(|n| check(*n)).ok_or(problem),
    }
}

impl RegisterAsset {
    pub const ACCESS: Access = Access::Write;

    pub fn parse(input: Input) -> Result<RegisterAsset, Problems> {
        let mut check = FieldCheck::default();
        let seq = whole(&input.entry_seq, |n| n > 0, Problem::InvalidText { max_chars: 20 });
        let entry_seq = check.take("entry_seq", seq);
        let code = if input.account.trim().is_empty() { "1201" } else { input.account.as_str() };
        let account = check.take(
            "account",
            fields::account_code(code).and_then(|code| match accumulated_account_of(&code) {
                Some(_) => Ok(code),
                None => Err(Problem::UnknownChoice { text: code.to_string(), allowed: "1201, 1203" }),
            }),
        );
        let name = check.take("name", fields::memo(&input.name).map(|m| m.as_str().to_string()));
        let max = u64::from(USEFUL_LIFE_MONTHS_MAX);
        let life = whole(&input.useful_life_months, |n| (1..=max).contains(&n), Problem::InvalidUsefulLife { max });
        let useful_life_months = check.take("useful_life_months", life);
        let residual = match input.residual_value.as_str() {
            "" | "0" => Ok(Money::ZERO),
            text => Money::parse_indonesian(text)
                .ok()
                .filter(|m| !m.is_negative())
                .ok_or(Problem::InvalidAmount { text: text.to_string() }),
        };
        let residual_value = check.take("residual_value", residual);
        check.finish()?;
        Ok(RegisterAsset {
            entry_seq: entry_seq.expect("checked"),
            account: account.expect("checked"),
            name: name.expect("checked"),
            useful_life_months: useful_life_months.expect("checked") as u32,
            residual_value: residual_value.expect("checked").decimal(),
        })
    }

    /// The asset as the register keeps it, from the store as it stands (the command runs alone).
    pub fn prepare(&self, store: &Store, entity: u64, registered_by: &str) -> Result<FixedAsset, ServiceError> {
        let at = |field, problem| ServiceError::Refused(Problems::one(field, problem));
        let (seq, account) = (self.entry_seq, self.account.to_string());
        let not_asset = || at(Some("entry_seq"), Problem::NotAnAssetEntry { seq, account: account.clone() });
        let entry = store.entry(entity, seq)?.ok_or_else(not_asset)?;
        if store.reversed_by(entity, seq)?.is_some() {
            return Err(not_asset());
        }
        let cost: Decimal = entry
            .entry
            .lines()
            .iter()
            .filter(|l| l.account == self.account && l.side == crate::domain::account::Side::Debit)
            .map(|l| l.amount.decimal())
            .sum();
        if cost.is_zero() {
            return Err(not_asset());
        }
        if store.fixed_assets(entity)?.iter().any(|a| a.source_seq == seq && a.account == self.account) {
            return Err(at(Some("entry_seq"), Problem::AssetRegistered { seq }));
        }
        if self.residual_value > cost {
            return Err(at(Some("residual_value"), Problem::ResidualAboveCost { cost }));
        }
        Ok(FixedAsset {
            source_seq: seq,
            name: self.name.clone(),
            accumulated_account: accumulated_account_of(&self.account).expect("checked in parse"),
            account: self.account.clone(),
            cost,
            acquired_on: entry.entry.date(),
            useful_life_months: self.useful_life_months,
            residual_value: self.residual_value,
            registered_by: registered_by.to_string(),
            disposal: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once() {
        let typed = |v: serde_json::Value| serde_json::from_value::<Typed>(v).unwrap();
        let input = Input {
            entry_seq: typed(serde_json::json!("x")),
            account: "1101".into(),
            name: " ".into(),
            useful_life_months: typed(serde_json::json!(0)),
            residual_value: typed(serde_json::json!("-5")),
        };
        let problems = RegisterAsset::parse(input).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(field, _)| field.unwrap()).collect();
        assert_eq!(fields, ["entry_seq", "account", "name", "useful_life_months", "residual_value"]);
    }
}
