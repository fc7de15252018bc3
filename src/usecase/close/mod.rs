//! The fiscal year after its close: what the members' annual meeting (RAT) decides.

pub mod allocate_shu;
