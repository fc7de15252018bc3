//! The rules of the books, pure: no I/O, no storage, no HTTP.

pub mod account;
pub mod books;
pub mod entity;
pub mod entry;
pub mod money;
pub mod trial_balance;
pub mod user;
pub mod verify;
