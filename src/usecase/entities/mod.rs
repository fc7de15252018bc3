//! Entities: a panti, its KUBE and koperasi, and what each says of itself.

pub mod create_entity;
pub mod set_identity;
