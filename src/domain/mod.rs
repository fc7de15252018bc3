//! The rules of the books, pure: no I/O, no storage, no HTTP.

pub mod account;
pub mod assets;
pub mod audit;
pub mod book_date;
pub mod books;
pub mod capital;
pub mod close;
pub mod entity;
pub mod entry;
pub mod member;
pub mod money;
pub mod problem;
pub mod product;
pub mod registers;
pub mod report;
pub mod sales;
pub mod shu;
pub mod statements;
pub mod tag;
pub mod text;
pub mod throttle;
pub mod trade;
pub mod training;
pub mod trial_balance;
pub mod user;
pub mod verify;
