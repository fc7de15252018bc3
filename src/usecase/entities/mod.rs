//! Entities as the outside knows them: a panti's or a koperasi's identity.

pub mod set_identity;
