//! Set the loan terms (atur pinjaman di AD/ART): flat or annuity interest a month, the
//! longest term, the admin fee, how many times their savings a member may borrow, and the
//! collectibility policy (days of each class, allowance of each). A version is never
//! changed: a new one starts on a later date.

use crate::domain::entity::Entity;
use crate::domain::loan::{CollectibilityPolicy, LoanTerms, Method, TERM_MONTHS_MAX};
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The most days past due the classes' limits may name.
const CLASS_DAYS_MAX: u32 = 3650;

/// As typed: `{"effective_from","method","monthly_rate_percent","max_term_months",
/// "admin_fee_percent","savings_multiple"}`, and, each optional with the OJK default,
/// `dpk_days_max` (90), `kurang_lancar_days_max` (120), `diragukan_days_max` (180),
/// `allowance_<class>_percent` (lancar 1, dpk 5, kurang_lancar 15, diragukan 50, macet 100).
/// The method is `flat` or `annuity` (`anuitas`, `efektif`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub monthly_rate_percent: Typed,
    #[serde(default)]
    pub max_term_months: Typed,
    #[serde(default)]
    pub admin_fee_percent: Typed,
    #[serde(default)]
    pub savings_multiple: Typed,
    #[serde(default)]
    pub dpk_days_max: Typed,
    #[serde(default)]
    pub kurang_lancar_days_max: Typed,
    #[serde(default)]
    pub diragukan_days_max: Typed,
    #[serde(default)]
    pub allowance_lancar_percent: Typed,
    #[serde(default)]
    pub allowance_dpk_percent: Typed,
    #[serde(default)]
    pub allowance_kurang_lancar_percent: Typed,
    #[serde(default)]
    pub allowance_diragukan_percent: Typed,
    #[serde(default)]
    pub allowance_macet_percent: Typed,
}

#[derive(Debug, Clone)]
pub struct SetLoanTerms(pub LoanTerms);

const METHODS: &[(&str, Method)] =
    &[("flat", Method::Flat), ("annuity", Method::Annuity), ("anuitas", Method::Annuity), ("efektif", Method::Annuity)];

/// A percentage when one is typed; `default` otherwise.
fn percent_or(typed: &Typed, default: Decimal) -> Result<Decimal, Problem> {
    match typed.as_str().trim() {
        "" => Ok(default),
        text => fields::percent(text),
    }
}

impl RegisterCommand for SetLoanTerms {
    type Input = Input;
    type Outcome = LoanTerms;
    const NAME: &'static str = "set_loan_terms";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<SetLoanTerms, Problems> {
        let defaults = CollectibilityPolicy::default();
        let mut check = FieldCheck::default();
        let effective_from = check.take("effective_from", fields::date(&input.effective_from));
        let method = check.take("method", fields::choice(&input.method, METHODS, None, "flat, anuitas"));
        let rate = check.take("monthly_rate_percent", fields::percent(input.monthly_rate_percent.as_str()));
        let max_term = check.take("max_term_months", fields::count(&input.max_term_months, 1, TERM_MONTHS_MAX));
        let fee = check.take("admin_fee_percent", percent_or(&input.admin_fee_percent, Decimal::ZERO));
        let multiple = check.take("savings_multiple", fields::count(&input.savings_multiple, 1, 100));
        let days = |check: &mut FieldCheck, field, typed: &Typed, default: u32| {
            check.take(field, fields::optional_count(typed, 1, CLASS_DAYS_MAX).map(|d| d.unwrap_or(default)))
        };
        let dpk = days(&mut check, "dpk_days_max", &input.dpk_days_max, defaults.dpk_days_max);
        let kl =
            days(&mut check, "kurang_lancar_days_max", &input.kurang_lancar_days_max, defaults.kurang_lancar_days_max);
        let d = days(&mut check, "diragukan_days_max", &input.diragukan_days_max, defaults.diragukan_days_max);
        let typed_allowances = [
            ("allowance_lancar_percent", &input.allowance_lancar_percent),
            ("allowance_dpk_percent", &input.allowance_dpk_percent),
            ("allowance_kurang_lancar_percent", &input.allowance_kurang_lancar_percent),
            ("allowance_diragukan_percent", &input.allowance_diragukan_percent),
            ("allowance_macet_percent", &input.allowance_macet_percent),
        ];
        let mut allowance_percent = defaults.allowance_percent;
        for ((field, typed), percent) in typed_allowances.into_iter().zip(allowance_percent.iter_mut()) {
            if let Some(found) = check.take(field, percent_or(typed, *percent)) {
                *percent = found;
            }
        }
        if let (Some(dpk), Some(kl), Some(d)) = (dpk, kl, d) {
            let policy = CollectibilityPolicy {
                dpk_days_max: dpk,
                kurang_lancar_days_max: kl,
                diragukan_days_max: d,
                allowance_percent,
            };
            if !policy.is_ordered() {
                check.take::<()>("kurang_lancar_days_max", Err(Problem::CollectibilityDays));
            }
        }
        check.finish()?;
        Ok(SetLoanTerms(LoanTerms {
            effective_from: effective_from.expect("checked"),
            method: method.expect("checked"),
            monthly_rate_percent: rate.expect("checked"),
            max_term_months: max_term.expect("checked"),
            admin_fee_percent: fee.expect("checked"),
            savings_multiple: multiple.expect("checked"),
            collectibility: CollectibilityPolicy {
                dpk_days_max: dpk.expect("checked"),
                kurang_lancar_days_max: kl.expect("checked"),
                diragukan_days_max: d.expect("checked"),
                allowance_percent,
            },
        }))
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<LoanTerms, ServiceError> {
        let terms = self.0;
        let taken = store.loan_terms(entity.id)?;
        crate::usecase::members::new_version(taken.iter().map(|t| t.effective_from), terms.effective_from)?;
        writes.loan_terms(entity.id, &terms);
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Typed {
        crate::usecase::fields::written::<Typed>(serde_json::json!(text))
    }

    #[test]
    fn every_bad_field_is_named_and_the_policy_defaults_to_the_ojk_classes() {
        let bad = Input {
            effective_from: "2026-02-30".into(),
            method: "bunga-berbunga".into(),
            monthly_rate_percent: typed("x"),
            max_term_months: typed("0"),
            savings_multiple: typed(""),
            dpk_days_max: typed("130"),
            ..Input::default()
        };
        let fields: Vec<_> = SetLoanTerms::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(
            fields,
            [
                "effective_from",
                "method",
                "monthly_rate_percent",
                "max_term_months",
                "savings_multiple",
                "kurang_lancar_days_max"
            ]
        );
        let good = Input {
            effective_from: "2026-01-01".into(),
            method: "anuitas".into(),
            monthly_rate_percent: typed("1,5"),
            max_term_months: typed("24"),
            savings_multiple: typed("3"),
            allowance_lancar_percent: typed("0"),
            ..Input::default()
        };
        let terms = SetLoanTerms::parse(good).unwrap().0;
        assert_eq!((terms.method, terms.monthly_rate_percent.to_string()), (Method::Annuity, "1.5".into()));
        let policy = terms.collectibility;
        assert_eq!((policy.dpk_days_max, policy.kurang_lancar_days_max, policy.diragukan_days_max), (90, 120, 180));
        assert_eq!(policy.allowance_percent.map(|p| p.to_string()), ["0", "5", "15", "50", "100"]);
    }
}
