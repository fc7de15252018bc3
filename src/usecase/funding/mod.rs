//! Outside money: capital grants received (hibah) and bank loans taken and repaid.

pub mod receive_grant;
pub mod receive_loan;
pub mod repay_loan;
