//! Black-box tests of the HTTP API: the real router over a real sled database in a temp dir.

mod auth;
mod backup;
mod entities;
mod entries;
mod helpers;
mod members;
mod pages;
mod period;
mod report;
mod report_submit;
mod sales;
mod training;
