//! Staff accounts and sign-in for the admin API: roles, password policy and
//! argon2id hashing, access tokens (JWT), rotating refresh tokens, lockout
//! and the first-run setup token. The HTTP side lives in `http/admin`.

mod access;
pub mod accounts;
mod error;
pub mod lockout;
pub mod password;
mod random;
mod role;
mod service;
mod setup;
pub mod tickets;
mod username;

pub use access::{AccessError, AccessTokens, Claims};
pub use error::AuthError;
pub use role::{Role, UnknownRole};
pub use service::{Auth, Session};
pub use setup::{
    remove_token_file as remove_setup_token_file, token_file as setup_token_file,
    write_token_file as write_setup_token_file,
};
pub use username::{InvalidUsername, Username};

#[cfg(test)]
pub(crate) mod tests;
