//! The chart of accounts (bagan akun): codes, types and their normal sides.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("kode akun {0:?} tidak sah: 1–12 karakter angka, boleh dengan '.' atau '-'")]
    InvalidCode(String),
    #[error("jenis akun {0:?} tidak dikenal (aset, kewajiban, ekuitas, pendapatan, beban)")]
    UnknownType(String),
    #[error("baris {line}: {message}")]
    Row { line: u64, message: String },
}

/// Cash (kas).
pub const CASH: &str = "1101";
/// Bank account.
pub const BANK: &str = "1102";

/// An account code such as `1101`: digits, optionally grouped by `.` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountCode(String);

impl AccountCode {
    pub fn parse(text: &str) -> Result<AccountCode, AccountError> {
        let valid = (1..=12).contains(&text.len())
            && text.as_bytes()[0].is_ascii_digit()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if valid {
            Ok(AccountCode(text.to_string()))
        } else {
            Err(AccountError::InvalidCode(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AccountCode {
    type Error = AccountError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        AccountCode::parse(&text)
    }
}

impl From<AccountCode> for String {
    fn from(code: AccountCode) -> String {
        code.0
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which column of a line an amount stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn opposite(self) -> Side {
        match self {
            Side::Debit => Side::Credit,
            Side::Credit => Side::Debit,
        }
    }
}

/// The five account types of Indonesian cooperative practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// Asset (aset).
    Aset,
    /// Liability (kewajiban).
    Kewajiban,
    /// Equity (ekuitas).
    Ekuitas,
    /// Revenue (pendapatan).
    Pendapatan,
    /// Expense (beban).
    Beban,
}

impl AccountType {
    pub fn parse(text: &str) -> Result<AccountType, AccountError> {
        match text {
            "aset" => Ok(AccountType::Aset),
            "kewajiban" => Ok(AccountType::Kewajiban),
            "ekuitas" => Ok(AccountType::Ekuitas),
            "pendapatan" => Ok(AccountType::Pendapatan),
            "beban" => Ok(AccountType::Beban),
            other => Err(AccountError::UnknownType(other.to_string())),
        }
    }

    /// The side on which this type's balance normally stands.
    pub fn normal_side(self) -> Side {
        match self {
            AccountType::Aset | AccountType::Beban => Side::Debit,
            AccountType::Kewajiban | AccountType::Ekuitas | AccountType::Pendapatan => Side::Credit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub code: AccountCode,
    /// Indonesian name, e.g. "Kas".
    pub name: String,
    pub account_type: AccountType,
    pub parent: Option<AccountCode>,
    /// Whether lines on it must name a member (per-member subledger, e.g. savings).
    pub member_subledger: bool,
    /// Whether lines on it must name a product and quantity (inventory, persediaan).
    pub stock_subledger: bool,
}

/// An entity's chart of accounts. Header accounts (those with children) only group;
/// lines go to the leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<Account>", into = "Vec<Account>")]
pub struct Chart {
    accounts: BTreeMap<AccountCode, Account>,
    headers: BTreeSet<AccountCode>,
    /// Accounts deactivated: kept for what they hold, closed to new postings. Stored
    /// beside the accounts (the store's `CHART_INACTIVE`), so older charts read as they were.
    #[serde(skip)]
    inactive: BTreeSet<AccountCode>,
}

impl From<Vec<Account>> for Chart {
    fn from(accounts: Vec<Account>) -> Chart {
        let headers = accounts.iter().filter_map(|a| a.parent.clone()).collect();
        let accounts = accounts.into_iter().map(|a| (a.code.clone(), a)).collect();
        Chart { accounts, headers, inactive: BTreeSet::new() }
    }
}

impl From<Chart> for Vec<Account> {
    fn from(chart: Chart) -> Vec<Account> {
        chart.accounts.into_values().collect()
    }
}

#[derive(Deserialize)]
struct ChartRow {
    code: String,
    name: String,
    #[serde(rename = "type")]
    account_type: String,
    parent: String,
    member_subledger: bool,
    #[serde(default)]
    stock_subledger: bool,
}

impl Chart {
    /// Reads `code,name,type,parent,member_subledger[,stock_subledger]` CSV; reports every bad row.
    pub fn from_csv(text: &str) -> Result<Chart, Vec<AccountError>> {
        let mut accounts: BTreeMap<AccountCode, Account> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers =
            reader.headers().cloned().map_err(|e| vec![AccountError::Row { line: 1, message: e.to_string() }])?;
        for record in reader.records() {
            let parsed = record.map_err(|e| e.to_string()).and_then(|record| {
                let line = record.position().map_or(0, |p| p.line());
                let row: ChartRow = record.deserialize(Some(&headers)).map_err(|e| e.to_string())?;
                let account = Account {
                    code: AccountCode::parse(&row.code).map_err(|e| e.to_string())?,
                    name: row.name.trim().to_string(),
                    account_type: AccountType::parse(&row.account_type).map_err(|e| e.to_string())?,
                    parent: match row.parent.as_str() {
                        "" => None,
                        parent => Some(AccountCode::parse(parent).map_err(|e| e.to_string())?),
                    },
                    member_subledger: row.member_subledger,
                    stock_subledger: row.stock_subledger,
                };
                Ok((line, account))
            });
            match parsed {
                Ok((line, account)) if accounts.contains_key(&account.code) => {
                    errors.push(AccountError::Row { line, message: format!("kode akun {} ganda", account.code) })
                }
                Ok((_, account)) => {
                    accounts.insert(account.code.clone(), account);
                }
                Err(message) => errors.push(AccountError::Row { line: 0, message }),
            }
        }
        for account in accounts.values() {
            if let Some(parent) = account.parent.as_ref().filter(|p| !accounts.contains_key(*p)) {
                errors.push(AccountError::Row {
                    line: 0,
                    message: format!("akun {} menunjuk induk {parent} yang tidak ada", account.code),
                });
            }
        }
        if errors.is_empty() {
            Ok(Chart::from(accounts.into_values().collect::<Vec<_>>()))
        } else {
            Err(errors)
        }
    }

    pub fn get(&self, code: &AccountCode) -> Option<&Account> {
        self.accounts.get(code)
    }

    /// Whether lines may be posted to it: it exists and is no other account's parent.
    pub fn is_postable(&self, code: &AccountCode) -> bool {
        self.accounts.contains_key(code) && !self.headers.contains(code)
    }

    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    /// Accounts closed to new postings.
    pub fn inactive(&self) -> &BTreeSet<AccountCode> {
        &self.inactive
    }

    pub fn with_inactive(mut self, inactive: BTreeSet<AccountCode>) -> Chart {
        self.inactive = inactive;
        self
    }

    pub fn is_active(&self, code: &AccountCode) -> bool {
        !self.inactive.contains(code)
    }

    /// Adds an account (its parent, if any, becomes a header).
    pub fn add(&mut self, account: Account) {
        if let Some(parent) = &account.parent {
            self.headers.insert(parent.clone());
        }
        self.accounts.insert(account.code.clone(), account);
    }

    /// Gives an account a new name.
    pub fn rename(&mut self, code: &AccountCode, name: String) {
        if let Some(account) = self.accounts.get_mut(code) {
            account.name = name;
        }
    }

    /// Closes an account to new postings.
    pub fn deactivate(&mut self, code: &AccountCode) {
        self.inactive.insert(code.clone());
    }

    /// Whether the account holds cash or money in the bank: kas (1101), bank (1102) or an
    /// account under either. Such an account never goes below zero.
    pub fn is_cash_or_bank(&self, code: &AccountCode) -> bool {
        let mut at = self.accounts.get(code);
        while let Some(account) = at {
            if account.code.as_str() == CASH || account.code.as_str() == BANK {
                return true;
            }
            at = account.parent.as_ref().and_then(|parent| self.accounts.get(parent));
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "code,name,type,parent,member_subledger\n1000,Aset,aset,,false\n1101,Kas,aset,1000,false\n3101,Simpanan Pokok,ekuitas,,true\n";

    #[test]
    fn shipped_charts_parse() {
        for text in [crate::data::COA_KUBE, crate::data::COA_KOPERASI, crate::data::COA_PANTI] {
            let chart = Chart::from_csv(text).expect("shipped chart parses");
            assert!(chart.is_postable(&AccountCode::parse("1101").unwrap()));
        }
    }

    #[test]
    fn headers_are_not_postable() {
        let chart = Chart::from_csv(SMALL).unwrap();
        assert!(!chart.is_postable(&AccountCode::parse("1000").unwrap()));
        assert!(chart.is_postable(&AccountCode::parse("1101").unwrap()));
        assert!(!chart.is_postable(&AccountCode::parse("9999").unwrap()));
    }

    #[test]
    fn every_bad_row_is_reported() {
        let text = "code,name,type,parent,member_subledger\nx1,Kas,aset,,false\n1102,Bank,asset,,false\n1103,Piutang,aset,7777,false\n";
        let errors = Chart::from_csv(text).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn normal_sides_follow_the_type() {
        assert_eq!(AccountType::Aset.normal_side(), Side::Debit);
        assert_eq!(AccountType::Beban.normal_side(), Side::Debit);
        assert_eq!(AccountType::Kewajiban.normal_side(), Side::Credit);
        assert_eq!(AccountType::Ekuitas.normal_side(), Side::Credit);
        assert_eq!(AccountType::Pendapatan.normal_side(), Side::Credit);
    }
}
