//! Add an account (tambah akun): a fuel, overhead or tax account of the entity's own,
//! under a parent of the same type. A parent that still holds a balance cannot become a
//! header: its balance would have nowhere to stand.

use super::{balance_of, code_and_name, existing};
use crate::domain::account::{Account, AccountCode, Chart};
use crate::domain::books::Books;
use crate::domain::problem::{FieldCheck, Problem, Problems};
use crate::usecase::fields;
use crate::usecase::{Access, ChartCommand};
use serde::{Deserialize, Serialize};

/// As typed: `{"code","name","parent","member_subledger"?}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub parent: String,
    /// Whether lines on it name a member (a per-member account, like savings).
    #[serde(default)]
    pub member_subledger: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct AddAccount {
    pub code: AccountCode,
    pub name: String,
    pub parent: AccountCode,
    pub member_subledger: bool,
}

impl ChartCommand for AddAccount {
    type Input = Input;
    const NAME: &'static str = "add_account";
    const ACCESS: Access = Access::Write;

    fn parse(input: Input) -> Result<AddAccount, Problems> {
        let mut check = FieldCheck::default();
        let (code, name) = code_and_name(&mut check, &input.code, &input.name);
        let parent = check.take("parent", fields::account_code(&input.parent));
        check.finish()?;
        Ok(AddAccount {
            code: code.expect("checked"),
            name: name.expect("checked"),
            parent: parent.expect("checked"),
            member_subledger: input.member_subledger.unwrap_or(false),
        })
    }

    fn code(&self) -> &AccountCode {
        &self.code
    }

    fn change(&self, books: &Books) -> Result<Chart, Problems> {
        let at = |field, problem| Problems::one(Some(field), problem);
        let account = self.code.to_string();
        if books.chart.get(&self.code).is_some() {
            return Err(at("code", Problem::DuplicateAccount { account }));
        }
        let wrong_parent =
            || at("parent", Problem::WrongParent { account: account.clone(), parent: self.parent.to_string() });
        let parent = existing(&books.chart, &self.parent).map_err(|_| wrong_parent())?;
        let balance = balance_of(books, parent);
        if !balance.is_zero() {
            return Err(at("parent", Problem::AccountHasBalance { account: self.parent.to_string(), balance }));
        }
        let mut chart = books.chart.clone();
        chart.add(Account {
            code: self.code.clone(),
            name: self.name.clone(),
            account_type: parent.account_type,
            parent: Some(self.parent.clone()),
            member_subledger: self.member_subledger,
            stock_subledger: false,
        });
        Ok(chart)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn books() -> Books {
        Books::new(1, Chart::from_csv(crate::data::COA_KUBE).unwrap())
    }

    fn add(code: &str, parent: &str) -> AddAccount {
        AddAccount::parse(Input {
            code: code.into(),
            name: "Beban Bahan Bakar".into(),
            parent: parent.into(),
            member_subledger: None,
        })
        .unwrap()
    }

    #[test]
    fn an_account_goes_under_a_parent_and_takes_its_type() {
        let chart = add("5211", "5000").change(&books()).unwrap();
        let added = chart.get(&AccountCode::parse("5211").unwrap()).unwrap();
        assert_eq!(added.account_type, crate::domain::account::AccountType::Beban);
        assert!(chart.is_postable(&added.code));
    }

    #[test]
    fn a_duplicate_a_missing_parent_and_every_bad_field_are_refused() {
        let code = |problems: Problems| problems.first().code();
        assert_eq!(code(add("5201", "5000").change(&books()).unwrap_err()), "duplicate_account");
        assert_eq!(code(add("5211", "5999").change(&books()).unwrap_err()), "wrong_parent");
        let bad = Input { code: "x".into(), name: " ".into(), parent: String::new(), member_subledger: None };
        let fields: Vec<_> = AddAccount::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["code", "name", "parent"]);
    }
}
