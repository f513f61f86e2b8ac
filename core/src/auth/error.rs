//! Everything that can go wrong in staff sign-in and account management.
//! The HTTP layer maps each variant to a status and a stable code.

use super::lockout::LockedOut;
use super::password::{HashError, WeakPassword};
use super::random::RandomError;
use super::username::InvalidUsername;
use crate::adapters::sqlite::staff_users::StaffStoreError;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong username or password")]
    BadCredentials,
    #[error("this account is disabled; ask an admin to enable it")]
    Disabled,
    #[error("too many failed sign-ins")]
    LockedOut(LockedOut),
    #[error("the access token has expired; renew it with the refresh token")]
    AccessExpired,
    #[error("missing or invalid access token; sign in again")]
    AccessInvalid,
    #[error("this session has ended (password reset or account disabled); sign in again")]
    SessionEnded,
    #[error("the refresh token is not valid; sign in again")]
    RefreshInvalid,
    #[error("the refresh token has expired; sign in again")]
    RefreshExpired,
    #[error("the refresh token was already used; every session of this sign-in is now signed out")]
    RefreshReused,
    #[error("setup is already done: sign in with a staff account")]
    SetupDone,
    #[error("the setup token is not valid (it is printed by the daemon at start)")]
    SetupTokenInvalid,
    #[error(transparent)]
    WeakPassword(#[from] WeakPassword),
    #[error(transparent)]
    InvalidUsername(#[from] InvalidUsername),
    #[error("a staff account named {0:?} already exists")]
    UsernameTaken(String),
    #[error("no staff account with id {0}")]
    NoSuchUser(i64),
    #[error("this would leave no active admin; make another admin first")]
    LastAdmin,
    #[error("staff store: {0}")]
    Store(StaffStoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error(transparent)]
    Random(#[from] RandomError),
}

impl From<StaffStoreError> for AuthError {
    fn from(e: StaffStoreError) -> Self {
        match e {
            StaffStoreError::UsernameTaken(u) => AuthError::UsernameTaken(u),
            other => AuthError::Store(other),
        }
    }
}

impl From<sqlx::Error> for AuthError {
    fn from(e: sqlx::Error) -> Self {
        AuthError::Store(StaffStoreError::Db(e))
    }
}
