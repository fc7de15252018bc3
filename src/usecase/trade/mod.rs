//! Trade: what a KUBE buys, makes and sells, and the credit between it and its
//! customers and suppliers.

pub mod record_production;
pub mod record_purchase;
pub mod record_sale;
pub mod settle;

use crate::domain::problem::{Problem, Problems};
use crate::domain::sales::SalesError;
use crate::service::ServiceError;

/// Stock short of what a line asks: a problem at `field` with its words in the catalogue,
/// so every door says it in the user's language.
pub(crate) fn stock_at(field: &'static str) -> impl Fn(ServiceError) -> ServiceError {
    move |error| match error {
        ServiceError::Sales(SalesError::InsufficientStock { product, unit, on_hand, requested }) => {
            let problem = Problem::InsufficientStock { product, unit, on_hand, requested };
            ServiceError::Refused(Problems::one(Some(field), problem))
        }
        other => other,
    }
}
