//! Trade: what a KUBE buys, makes and sells, and the credit between it and its
//! customers and suppliers.

pub mod settle;
