//! Record savings (setor / tarik simpanan): a member's pokok, wajib or sukarela paid in,
//! or sukarela taken out, through cash or the bank, by the bylaws in force on the date.

use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, MemberId};
use crate::domain::member::{savings_entry, MemberError, SavingsKind, SavingsRequest};
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use serde::{Deserialize, Serialize};

/// As typed: `{"member_id","kind","direction","date","amount"?,"periods"?,"via"?,"memo"?}`.
/// `kind` is `pokok`, `wajib` or `sukarela`; `direction` `deposit`/`setor` or
/// `withdrawal`/`tarik`; `via` `kas` (the default) or `bank`. Pokok takes the bylaws'
/// amount when none is typed, wajib the bylaws' amount times `periods` (1 by default).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default)]
    pub member_id: Typed,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub amount: Typed,
    #[serde(default)]
    pub periods: Typed,
    #[serde(default)]
    pub via: String,
    #[serde(default)]
    pub memo: String,
}

/// A savings movement ready to check against the member's live balance.
#[derive(Debug, Clone)]
pub struct RecordSavings {
    pub member_id: MemberId,
    pub request: SavingsRequest,
}

const KINDS: &[(&str, SavingsKind)] =
    &[("pokok", SavingsKind::Pokok), ("wajib", SavingsKind::Wajib), ("sukarela", SavingsKind::Sukarela)];
const DIRECTIONS: &[(&str, bool)] = &[("deposit", false), ("setor", false), ("withdrawal", true), ("tarik", true)];

impl Command for RecordSavings {
    type Input = Input;
    const NAME: &'static str = "savings";
    const ACCESS: Access = Access::Write;
    const ISOLATION: Isolation = Isolation::Grouped;

    fn parse(input: Input) -> Result<RecordSavings, Problems> {
        let mut check = FieldCheck::default();
        let member_id = check.take("member_id", fields::id(input.member_id.as_str()));
        let kind = check.take("kind", fields::choice(&input.kind, KINDS, None, "pokok, wajib, sukarela"));
        let withdrawal = check.take("direction", fields::choice(&input.direction, DIRECTIONS, None, "setor, tarik"));
        let date = check.take("date", fields::date(&input.date));
        let amount = check.take("amount", fields::optional_amount(&input.amount));
        let periods = check.take("periods", fields::optional_count(&input.periods, 1, 120));
        let via = check.take("via", fields::cash_or_bank(&input.via));
        let memo = check.take("memo", fields::optional_memo(Some(&input.memo)));
        check.finish()?;
        let request = SavingsRequest {
            kind: kind.expect("checked"),
            withdrawal: withdrawal.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            periods: periods.expect("checked"),
            via: via.expect("checked"),
            memo: memo.expect("checked"),
        };
        Ok(RecordSavings { member_id: member_id.expect("checked"), request })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let member = super::registered(books, store, self.member_id)?;
        let history = store.savings_terms(member.entity_id)?;
        let entry = savings_entry(books, &history, &member, &self.request)?;
        let request = &self.request;
        let tag = EntryTag::Savings { member_id: member.id, savings: request.kind, withdrawal: request.withdrawal };
        Ok((entry, Some(tag)))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Member(rule) => Some(match rule {
                MemberError::PrincipalAlreadyPaid(..) | MemberError::LockedUntilExit => "kind",
                MemberError::NoTerms(_) | MemberError::BeforeJoining { .. } => "date",
                MemberError::InvalidPeriods => "periods",
                MemberError::Exited(..) => "member_id",
                MemberError::Entry(_) => return None,
                _ => "amount",
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once_and_words_of_either_language_are_taken() {
        let bad = Input {
            member_id: Typed::default(),
            kind: "arisan".into(),
            direction: "pinjam".into(),
            date: "2026-02-30".into(),
            amount: serde_json::from_value(serde_json::json!("0")).unwrap(),
            periods: serde_json::from_value(serde_json::json!(121)).unwrap(),
            via: "dompet".into(),
            memo: String::new(),
        };
        let fields: Vec<_> = RecordSavings::parse(bad).unwrap_err().iter().map(|(f, _)| f.unwrap()).collect();
        assert_eq!(fields, ["member_id", "kind", "direction", "date", "amount", "periods", "via"]);
        let good = Input {
            member_id: serde_json::from_value(serde_json::json!(7)).unwrap(),
            kind: "wajib".into(),
            direction: "setor".into(),
            date: "2026-02-01".into(),
            ..Input::default()
        };
        let savings = RecordSavings::parse(good).unwrap();
        assert_eq!((savings.member_id, savings.request.withdrawal, savings.request.via.as_str()), (7, false, "1101"));
        assert_eq!((savings.request.amount, savings.request.periods), (None, None));
    }

    #[test]
    fn a_refusal_of_the_rules_is_placed_at_its_field() {
        let at = |rule| RecordSavings::place(&ServiceError::Member(rule));
        assert_eq!(at(MemberError::LockedUntilExit), Some("kind"));
        assert_eq!(at(MemberError::InvalidPeriods), Some("periods"));
        assert_eq!(at(MemberError::NotPositive), Some("amount"));
    }
}
