//! Users: who signs in, with which role, bound to which entity.

pub mod create_user;
pub mod disable_login;
pub mod reset_password;
