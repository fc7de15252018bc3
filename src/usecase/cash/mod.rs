//! Cash on hand: counting it against the books.

pub mod count_cash;
