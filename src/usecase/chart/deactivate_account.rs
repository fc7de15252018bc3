//! Deactivate an account (nonaktifkan akun): it keeps its history and takes no new
//! postings; refused while it holds a balance, so nothing is left where no one looks.

use super::{balance_of, existing};
use crate::domain::account::{AccountCode, Chart};
use crate::domain::books::Books;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::usecase::fields;
use crate::usecase::{Access, ChartCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"code"}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct DeactivateAccount {
    pub code: AccountCode,
}

impl ChartCommand for DeactivateAccount {
    type Input = Input;
    const NAME: &'static str = "deactivate_account";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<DeactivateAccount, Problems> {
        let mut check = FieldCheck::default();
        let code = check.take("code", fields::account_code(&input.code));
        check.finish()?;
        Ok(DeactivateAccount { code: code.expect("checked") })
    }

    fn code(&self) -> &AccountCode {
        &self.code
    }

    fn change(&self, books: &Books) -> Result<Chart, Problems> {
        let account = existing(&books.chart, &self.code)?;
        let balance = balance_of(books, account);
        if !balance.is_zero() {
            let problem = Problem::AccountHasBalance { account: self.code.to_string(), balance };
            return Err(Problems::one(Some("code"), problem));
        }
        let mut chart = books.chart.clone();
        chart.deactivate(&self.code);
        Ok(chart)
    }
}
