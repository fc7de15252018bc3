//! Settle trade credit: money received from a customer who bought on credit (penerimaan
//! piutang), or paid to a supplier the KUBE bought from on credit (pembayaran utang),
//! never more than is open with that party.

use crate::domain::books::Books;
use crate::domain::entry::{BalancedEntry, Memo};
use crate::domain::money::Money;
use crate::domain::problem::{FieldCheck, Problems};
use crate::domain::tag::EntryTag;
use crate::domain::trade::{settlement_entry, Credit, TradeError};
use crate::service::ServiceError;
use crate::store::Store;
use crate::usecase::fields::{self, Typed};
use crate::usecase::{Access, Command, Isolation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// As typed: `{"party","date","amount","memo"?}`; the JSON door also takes the party as
/// `customer` (a collection) or `supplier` (a payment).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Input {
    #[serde(alias = "customer", alias = "supplier")]
    pub party: String,
    pub date: String,
    pub amount: Typed,
    pub memo: Option<String>,
}

/// Which side is settled: a collection or a supplier payment.
pub trait Side: Send + Sync + 'static {
    const CREDIT: Credit;
    const NAME: &'static str;
}

/// Piutang: a customer pays what they owe.
pub struct Receivable;
/// Utang: the KUBE pays a supplier.
pub struct Payable;

impl Side for Receivable {
    const CREDIT: Credit = Credit::Receivable;
    const NAME: &'static str = "collect_receivable";
}

impl Side for Payable {
    const CREDIT: Credit = Credit::Payable;
    const NAME: &'static str = "pay_payable";
}

/// A settlement ready to post.
pub struct Settle<S: Side> {
    pub party: String,
    pub date: NaiveDate,
    pub amount: Money,
    pub memo: Option<Memo>,
    side: PhantomData<S>,
}

pub type CollectReceivable = Settle<Receivable>;
pub type PayPayable = Settle<Payable>;

impl<S: Side> Command for Settle<S> {
    type Input = Input;
    const NAME: &'static str = S::NAME;
    const ACCESS: Access = Access::Write;
    // What is open is read from the stored sales and settlements: complete only alone.
    const ISOLATION: Isolation = Isolation::Alone;

    /// Stricter than the page was: the party is a short text (at most 200 characters, no
    /// control characters), as the JSON door already required.
    fn parse(input: Input) -> Result<Self, Problems> {
        let mut check = FieldCheck::default();
        let party = check.take("party", fields::name(&input.party));
        let date = check.take("date", fields::date(&input.date));
        let amount = check.take("amount", fields::positive_amount(&input.amount));
        let memo = check.take("memo", fields::optional_memo(input.memo.as_deref()));
        check.finish()?;
        Ok(Settle {
            party: party.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            memo: memo.expect("checked"),
            side: PhantomData,
        })
    }

    fn prepare(&self, books: &Books, store: &Store) -> Result<(BalancedEntry, Option<EntryTag>), ServiceError> {
        let open = crate::service::trade::open_with(store, books.entity_id, S::CREDIT, &self.party)?;
        let entry = settlement_entry(books, S::CREDIT, &self.party, open, self.date, self.amount, self.memo.clone())?;
        let (party, amount) = (self.party.clone(), self.amount);
        let tag = match S::CREDIT {
            Credit::Receivable => EntryTag::Collection { customer: party, amount },
            Credit::Payable => EntryTag::SupplierPayment { supplier: party, amount },
        };
        Ok((entry, Some(tag)))
    }

    fn place(error: &ServiceError) -> Option<&'static str> {
        match error {
            ServiceError::Trade(TradeError::OverSettlement { .. } | TradeError::Funds(_)) => Some("amount"),
            ServiceError::Trade(TradeError::PartyRequired) => Some("party"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::problem::Problem;

    #[test]
    fn a_party_is_a_short_text_and_every_bad_field_is_named() {
        let input = Input { party: "x".repeat(201), date: "2026-02-30".into(), ..Input::default() };
        let problems = CollectReceivable::parse(input).err().expect("refused");
        let named: Vec<_> = problems.iter().map(|(field, problem)| (field.unwrap(), problem.code())).collect();
        assert_eq!(named, [("party", "invalid_text"), ("date", "invalid_date"), ("amount", "required")]);
        let empty = PayPayable::parse(Input::default()).err().expect("refused");
        assert_eq!(empty.iter().next().map(|(f, p)| (*f, p.clone())), Some((Some("party"), Problem::Required)));
    }

    #[test]
    fn the_json_names_of_the_party_are_taken() {
        let input: Input = serde_json::from_value(
            serde_json::json!({"supplier": "UD Kedelai", "date": "2026-07-20", "amount": 20000}),
        )
        .unwrap();
        let payment = PayPayable::parse(input).ok().expect("parsed");
        assert_eq!((payment.party.as_str(), payment.amount.canonical()), ("UD Kedelai", "20000.00".to_string()));
    }
}
