//! Set the savings terms (atur simpanan di AD/ART): the pokok paid once on joining and the
//! wajib paid every month, in force from a date until the next version. A version is
//! never changed: a new one starts on a later date.

use crate::domain::entity::Entity;
use crate::domain::member::{SavingsTerms, WajibPeriod};
use crate::domain::problem::{FieldCheck, Problems};
use crate::service::ServiceError;
use crate::store::{Store, WriteSet};
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, RegisterCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"effective_from","pokok","wajib","wajib_period"?}`; the period is
/// `monthly`/`bulanan`, the only one so far and the default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub pokok: Typed,
    #[serde(default)]
    pub wajib: Typed,
    #[serde(default)]
    pub wajib_period: String,
}

#[derive(Debug, Clone)]
pub struct SetSavingsTerms(pub SavingsTerms);

const PERIODS: &[(&str, WajibPeriod)] = &[("monthly", WajibPeriod::Monthly), ("bulanan", WajibPeriod::Monthly)];

impl RegisterCommand for SetSavingsTerms {
    type Input = Input;
    type Outcome = SavingsTerms;
    const NAME: &'static str = "set_savings_terms";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<SetSavingsTerms, Problems> {
        let mut check = FieldCheck::default();
        let effective_from = check.take("effective_from", fields::date(&input.effective_from));
        let pokok = check.take("pokok", fields::positive_amount(&input.pokok));
        let wajib = check.take("wajib", fields::positive_amount(&input.wajib));
        let period = fields::choice(&input.wajib_period, PERIODS, Some(WajibPeriod::Monthly), "bulanan");
        let wajib_period = check.take("wajib_period", period);
        check.finish()?;
        Ok(SetSavingsTerms(SavingsTerms {
            effective_from: effective_from.expect("checked"),
            pokok: pokok.expect("checked"),
            wajib: wajib.expect("checked"),
            wajib_period: wajib_period.expect("checked"),
        }))
    }

    fn change(self, entity: &Entity, store: &Store, writes: &mut WriteSet) -> Result<SavingsTerms, ServiceError> {
        let terms = self.0;
        super::new_version(store.savings_terms(entity.id)?.iter().map(|t| t.effective_from), terms.effective_from)?;
        writes.savings_terms(entity.id, &terms);
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_amounts_a_date_and_the_period_are_checked_at_once() {
        let typed = |text: &str| crate::usecase::fields::written::<Typed>(serde_json::json!(text));
        let bad = Input {
            effective_from: "2026-13-01".into(),
            pokok: typed("0"),
            wajib: typed("x"),
            wajib_period: "mingguan".into(),
        };
        let fields: Vec<_> = SetSavingsTerms::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["effective_from", "pokok", "wajib", "wajib_period"]);
        let good = Input {
            effective_from: "2026-01-01".into(),
            pokok: typed("50.000"),
            wajib: typed("10000"),
            ..Input::default()
        };
        let terms = SetSavingsTerms::parse(good).unwrap().0;
        assert_eq!((terms.pokok.canonical(), terms.wajib_period), ("50000.00".into(), WajibPeriod::Monthly));
    }
}
