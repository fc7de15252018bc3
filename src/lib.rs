//! kube-ledger: double-entry books for KUBE groups, koperasi and panti sosial.

pub mod cli;
pub mod data;
pub mod domain;
pub mod http;
pub mod hub;
pub mod messages;
pub mod service;
pub mod store;
pub mod usecase;
