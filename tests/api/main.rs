//! Black-box tests of the HTTP API: the real router over a real sled database in a temp dir.

mod assets;
mod auth;
mod backup;
mod books_rules;
mod entities;
mod entries;
mod expenses;
mod hardening;
mod helpers;
mod limits;
mod members;
mod observability;
mod pages;
mod pages_books;
mod pages_panti;
mod pages_report;
mod pages_settings;
mod pages_submit;
mod pages_tasks;
mod period;
mod report;
mod report_submit;
mod routes;
mod sales;
mod storage;
mod training;
