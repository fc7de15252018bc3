//! Costs of running the business (beban): wages, electricity, fuel, transport.

pub mod pay_expense;
