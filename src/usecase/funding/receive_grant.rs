//! Receive a grant (terima hibah): capital from Kemensos, the Dinas Sosial, a company's
//! CSR or another giver, in cash or the bank, or in goods booked to an asset account.

use crate::domain::account::AccountCode;
use crate::domain::books::Books;
use crate::domain::capital::{grant_entry, Grant, GrantSource, EQUIPMENT};
use crate::domain::entry::{BalancedEntry, Memo};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// As typed: `{"source","programme","date","amount","form"?,"account"?,"memo"?}`. `form`
/// is `tunai` (the default) or `barang`; `account` is, for cash, `kas` (the default) or
/// `bank`, for goods the asset account (1201 Peralatan by default).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub amount: Typed,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone)]
pub struct ReceiveGrant {
    pub grant: Grant,
    pub memo: Option<Memo>,
}

const SOURCES: &[(&str, GrantSource)] = &[
    ("kemensos", GrantSource::Kemensos),
    ("dinas_sosial", GrantSource::DinasSosial),
    ("csr", GrantSource::Csr),
    ("lainnya", GrantSource::Lainnya),
];
const FORMS: &[(&str, bool)] = &[("tunai", false), ("cash", false), ("barang", true), ("in_kind", true)];

/// Where goods go (an asset account, 1201 when none is named) or cash arrives.
fn asset_account(in_kind: bool, text: &str) -> Result<AccountCode, crate::domain::problem::Problem> {
    match (in_kind, text.trim()) {
        (true, "") => fields::account_code(EQUIPMENT),
        (true, code) => fields::account_code(code),
        (false, code) => fields::cash_or_bank(code),
    }
}

impl Command for ReceiveGrant {
    type Input = Input;
    const NAME: &'static str = "grants";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    fn parse(input: Input) -> Result<ReceiveGrant, Problems> {
        let mut check = FieldCheck::default();
        let allowed = "kemensos, dinas_sosial, csr, lainnya";
        let source = check.take("source", fields::choice(&input.source, SOURCES, None, allowed));
        let programme = check.take("programme", fields::name(&input.programme));
        let date = check.take("date", fields::date(&input.date));
        let amount = check.take("amount", fields::positive_amount(&input.amount));
        let in_kind = check.take("form", fields::choice(&input.form, FORMS, Some(false), "tunai, barang"));
        let account = in_kind.and_then(|in_kind| check.take("account", asset_account(in_kind, &input.account)));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        let grant = Grant {
            source: source.expect("checked"),
            programme: programme.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            in_kind: in_kind.expect("checked"),
            asset_account: account.expect("checked"),
        };
        Ok(ReceiveGrant { grant, memo: memo.expect("checked") })
    }

    fn prepare(&self, _books: &Books, _store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let entry = grant_entry(&self.grant, self.memo.clone())?;
        Ok((entry, Some(EntryTag::Grant(self.grant.clone()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(form: &str, account: &str) -> Input {
        Input {
            source: "csr".into(),
            programme: "CSR Bank Jateng".into(),
            date: "2026-01-20".into(),
            amount: serde_json::from_value(serde_json::json!("5000000")).unwrap(),
            form: form.into(),
            account: account.into(),
            memo: String::new(),
        }
    }

    #[test]
    fn cash_goes_to_cash_by_default_and_goods_to_equipment() {
        assert_eq!(ReceiveGrant::parse(input("", "")).unwrap().grant.asset_account.as_str(), "1101");
        assert_eq!(ReceiveGrant::parse(input("tunai", "bank")).unwrap().grant.asset_account.as_str(), "1102");
        let goods = ReceiveGrant::parse(input("barang", "")).unwrap().grant;
        assert_eq!((goods.in_kind, goods.asset_account.as_str()), (true, "1201"));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = Input { source: "arisan".into(), programme: " ".into(), date: "x".into(), ..input("hadiah", "") };
        let fields: Vec<_> = ReceiveGrant::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["source", "programme", "date", "form"]);
        let bad = input("tunai", "dompet");
        assert_eq!(ReceiveGrant::parse(bad).unwrap_err().first().code(), "unknown_choice");
    }
}
