//! Rename an account (ganti nama akun): the code and everything posted stay.

use super::{code_and_name, existing};
use crate::domain::account::{AccountCode, Chart};
use crate::domain::books::Books;
use crate::domain::problem::{FieldCheck, Problems};
use crate::usecase::{Access, ChartCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"code","name"}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct RenameAccount {
    pub code: AccountCode,
    pub name: String,
}

impl ChartCommand for RenameAccount {
    type Input = Input;
    const NAME: &'static str = "rename_account";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<RenameAccount, Problems> {
        let mut check = FieldCheck::default();
        let (code, name) = code_and_name(&mut check, &input.code, &input.name);
        check.finish()?;
        Ok(RenameAccount { code: code.expect("checked"), name: name.expect("checked") })
    }

    fn code(&self) -> &AccountCode {
        &self.code
    }

    fn change(&self, books: &Books) -> Result<Chart, Problems> {
        existing(&books.chart, &self.code)?;
        let mut chart = books.chart.clone();
        chart.rename(&self.code, self.name.clone());
        Ok(chart)
    }
}
