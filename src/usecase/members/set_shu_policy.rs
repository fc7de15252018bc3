//! Set the SHU policy (atur pembagian SHU di AD/ART): how a closed year's surplus is
//! shared — the reserve kept, jasa modal by savings, jasa usaha by purchases, and funds
//! moved to their own accounts — in force from a date until the next version.

use crate::domain::account::AccountCode;
use crate::domain::entity::Entity;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::domain::shu::{CapitalBasis, Share, ShareKind, ShuPolicy};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"effective_from","capital_basis"?,"shares":[{"name","percent","kind","account"?}]}`.
/// `capital_basis` is `year_end` (the default) or `monthly_average`; a share's `kind` is
/// `reserve`/`cadangan`, `jasa_modal`, `jasa_usaha` or `fund`/`dana` (with its `account`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub capital_basis: String,
    #[serde(default)]
    pub shares: Vec<ShareInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub percent: Typed,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub account: String,
}

#[derive(Debug, Clone)]
pub struct SetShuPolicy {
    pub effective_from: chrono::NaiveDate,
    pub capital_basis: CapitalBasis,
    pub shares: Vec<Share>,
}

const BASES: &[(&str, CapitalBasis)] =
    &[("year_end", CapitalBasis::YearEnd), ("monthly_average", CapitalBasis::MonthlyAverage)];

/// One share as typed; a fund names the account it goes to, no other share does.
fn share(input: &ShareInput) -> Result<Share, Problem> {
    let percent = fields::percent(input.percent.as_str())?;
    let account = input.account.trim();
    let kind = match (input.kind.trim(), account) {
        ("reserve" | "cadangan", "") => ShareKind::Reserve,
        ("jasa_modal", "") => ShareKind::JasaModal,
        ("jasa_usaha", "") => ShareKind::JasaUsaha,
        ("fund" | "dana", "") => return Err(Problem::Required),
        ("fund" | "dana", code) => ShareKind::Fund { account: fields::account_code(code)?.to_string() },
        (other, _) => {
            let allowed = "reserve, jasa_modal, jasa_usaha, fund (dengan akun)";
            return Err(Problem::UnknownChoice { text: other.to_string(), allowed });
        }
    };
    Ok(Share { name: input.name.clone(), percent, kind })
}

impl RegisterCommand for SetShuPolicy {
    type Input = Input;
    type Outcome = ShuPolicy;
    const NAME: &'static str = "set_shu_policy";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<SetShuPolicy, Problems> {
        let mut check = FieldCheck::default();
        let effective_from = check.take("effective_from", fields::date(&input.effective_from));
        let basis =
            fields::choice(&input.capital_basis, BASES, Some(CapitalBasis::YearEnd), "year_end, monthly_average");
        let capital_basis = check.take("capital_basis", basis);
        let shares: Vec<Option<Share>> = input.shares.iter().map(|s| check.take("shares", share(s))).collect();
        check.finish()?;
        Ok(SetShuPolicy {
            effective_from: effective_from.expect("checked"),
            capital_basis: capital_basis.expect("checked"),
            shares: shares.into_iter().map(|s| s.expect("checked")).collect(),
        })
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<ShuPolicy, ServiceError> {
        let chart = store.chart(entity.id)?;
        for share in &self.shares {
            if let ShareKind::Fund { account } = &share.kind {
                let code = AccountCode::parse(account).expect("checked when parsed");
                let usable = chart.is_postable(&code)
                    && chart.get(&code).is_some_and(|a| !a.member_subledger && !a.stock_subledger);
                if !usable {
                    return Err(Problems::one(Some("shares"), Problem::FundAccount { account: account.clone() }).into());
                }
            }
        }
        let policy = ShuPolicy::new(self.effective_from, self.shares, self.capital_basis)?;
        super::new_version(store.shu_policies(entity.id)?.iter().map(|p| p.effective_from), policy.effective_from)?;
        writes.shu_policy(entity.id, &policy);
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share_input(kind: &str, percent: &str, account: &str) -> ShareInput {
        ShareInput { name: kind.into(), percent: percent.into(), kind: kind.into(), account: account.into() }
    }

    #[test]
    fn a_fund_names_its_account_and_every_bad_share_is_named() {
        let input = Input {
            effective_from: "2026-01-01".into(),
            capital_basis: String::new(),
            shares: vec![share_input("cadangan", "60", ""), share_input("dana", "40", "2107")],
        };
        let policy = SetShuPolicy::parse(input).unwrap();
        assert_eq!(policy.capital_basis, CapitalBasis::YearEnd);
        assert_eq!(policy.shares[1].kind, ShareKind::Fund { account: "2107".into() });
        let bad = Input {
            effective_from: "x".into(),
            capital_basis: "bulanan".into(),
            shares: vec![
                share_input("dana", "40", ""),
                share_input("arisan", "10", ""),
                share_input("reserve", "1,5,0", ""),
            ],
        };
        let problems = SetShuPolicy::parse(bad).unwrap_err();
        let found: Vec<_> = problems.iter().map(|(f, p)| (f.unwrap(), p.code())).collect();
        assert_eq!(
            found,
            [
                ("effective_from", "invalid_date"),
                ("capital_basis", "unknown_choice"),
                ("shares", "required"),
                ("shares", "unknown_choice"),
                ("shares", "invalid_percent")
            ]
        );
    }
}
