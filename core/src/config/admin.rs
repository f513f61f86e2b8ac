//! `[admin]`: staff sign-in to the admin API.

use super::Secret;
use super::error::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminSettings {
    /// HS256 key for access tokens. Empty: one is generated on first start and
    /// kept in the database, so tokens survive restarts without IT choosing one.
    pub jwt_secret: Secret,
    /// Lifetime of an access token.
    pub access_token_secs: u64,
    /// Lifetime of a refresh token (each use replaces it with a new one).
    pub refresh_token_days: u64,
    /// Failed sign-ins for one username before it is locked for `lockout_secs`.
    pub max_failed_logins: u32,
    /// Failed sign-ins from one address (any usernames) before it is locked.
    pub max_failed_logins_per_ip: u32,
    pub lockout_secs: u64,
    /// Shortest password accepted for a staff account.
    pub password_min_length: usize,
}

impl Default for AdminSettings {
    fn default() -> Self {
        Self {
            jwt_secret: Secret::default(),
            access_token_secs: 900,
            refresh_token_days: 14,
            max_failed_logins: 5,
            max_failed_logins_per_ip: 20,
            lockout_secs: 900,
            password_min_length: 10,
        }
    }
}

/// An HS256 key shorter than the hash output weakens every token signed with it.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

pub fn validate(
    a: &AdminSettings,
    invalid: &dyn Fn(&str, String, &str) -> ConfigError,
) -> Result<(), ConfigError> {
    if a.jwt_secret.is_set() && a.jwt_secret.expose().len() < MIN_JWT_SECRET_BYTES {
        return Err(invalid(
            "admin.jwt_secret",
            "[redacted]".into(),
            "is shorter than 32 characters; use a long random value or leave it empty to have one generated",
        ));
    }
    for (key, v) in [
        ("admin.access_token_secs", a.access_token_secs),
        ("admin.refresh_token_days", a.refresh_token_days),
        ("admin.lockout_secs", a.lockout_secs),
        ("admin.max_failed_logins", u64::from(a.max_failed_logins)),
        (
            "admin.max_failed_logins_per_ip",
            u64::from(a.max_failed_logins_per_ip),
        ),
    ] {
        if v == 0 {
            return Err(invalid(key, v.to_string(), "must be at least 1"));
        }
    }
    if a.password_min_length < 8 {
        return Err(invalid(
            "admin.password_min_length",
            a.password_min_length.to_string(),
            "must be at least 8",
        ));
    }
    Ok(())
}
