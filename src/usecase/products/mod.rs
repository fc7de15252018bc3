//! Products: what a KUBE buys, makes and sells.

pub mod add_product;
pub mod change_product;

use crate::domain::problem::Problem;

/// A product's code: 1–20 letters, digits, `-` or `.`, kept in capitals.
pub fn code(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    crate::domain::product::Product::parse_code(text).map_err(|_| match text {
        "" => Problem::Required,
        _ => Problem::InvalidCode { text: text.to_string() },
    })
}

/// A unit of measure: 1–20 letters (`kg`, `bungkus`, `potong`), kept in lower case.
pub fn unit(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    crate::domain::product::Product::parse_unit(text).map_err(|_| match text {
        "" => Problem::Required,
        _ => Problem::InvalidUnit { text: text.to_string() },
    })
}
