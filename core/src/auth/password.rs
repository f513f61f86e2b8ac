//! Staff passwords: the policy (length, common passwords) and argon2id hashing,
//! which runs on the blocking pool so a login never stalls the async runtime.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

const COMMON: &str = include_str!("../../data/common-passwords.txt");
/// argon2 accepts any length; a ceiling keeps one request from costing much.
pub const MAX_LENGTH: usize = 128;

static COMMON_SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("the password is too short: use at least {0} characters")]
    TooShort(usize),
    #[error("the password is too long: use at most {MAX_LENGTH} characters")]
    TooLong,
    #[error("the password is one of the most common passwords; choose another")]
    Common,
    #[error("the password contains the username; choose another")]
    ContainsUsername,
}

/// Checks a new password. Common passwords are refused also with digits or
/// symbols added at the end ("Hotel2026!", "password123").
pub fn check_policy(password: &str, username: &str, min_length: usize) -> Result<(), WeakPassword> {
    let length = password.chars().count();
    if length < min_length {
        return Err(WeakPassword::TooShort(min_length));
    }
    if length > MAX_LENGTH {
        return Err(WeakPassword::TooLong);
    }
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    if COMMON_SET.contains(&lower) || COMMON_SET.contains(stem) {
        return Err(WeakPassword::Common);
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err(WeakPassword::ContainsUsername);
    }
    Ok(())
}

/// argon2id work factors. Production uses the library's recommended defaults;
/// tests use the cheapest valid ones so hundreds of accounts cost nothing.
#[derive(Debug, Clone, Copy)]
pub struct HashCost {
    memory_kib: u32,
    iterations: u32,
}

impl HashCost {
    pub const RECOMMENDED: HashCost = HashCost {
        memory_kib: Params::DEFAULT_M_COST,
        iterations: Params::DEFAULT_T_COST,
    };
    pub const FAST_FOR_TESTS: HashCost = HashCost {
        memory_kib: Params::MIN_M_COST,
        iterations: Params::MIN_T_COST,
    };

    fn hasher(self) -> Result<Argon2<'static>, HashError> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None)
            .map_err(|e| HashError(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// PHC string (`$argon2id$v=19$m=…`), salt included.
pub async fn hash(password: String, cost: HashCost) -> Result<String, HashError> {
    blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        cost.hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| HashError(e.to_string()))
    })
    .await
}

/// True when `password` matches. The parameters come from the stored hash, so
/// hashes made with older costs keep verifying.
pub async fn verify(password: String, phc: String) -> Result<bool, HashError> {
    blocking(move || {
        let parsed = PasswordHash::new(&phc).map_err(|e| HashError(e.to_string()))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HashError> + Send + 'static,
) -> Result<T, HashError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(f))
        .await
        .map_err(|e| HashError(format!("hashing task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_short_common_and_username_passwords() {
        assert_eq!(
            check_policy("short", "ana", 10),
            Err(WeakPassword::TooShort(10))
        );
        assert_eq!(
            check_policy("Password123!", "ana", 10),
            Err(WeakPassword::Common)
        );
        assert_eq!(
            check_policy("recepcion2026", "ana", 10),
            Err(WeakPassword::Common)
        );
        assert_eq!(
            check_policy("ana-rides-a-bike", "ana", 10),
            Err(WeakPassword::ContainsUsername)
        );
        assert_eq!(
            check_policy(&"x".repeat(MAX_LENGTH + 1), "ana", 10),
            Err(WeakPassword::TooLong)
        );
        assert_eq!(check_policy("violet tram 42 lantern", "ana", 10), Ok(()));
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash("violet tram 42".into(), HashCost::FAST_FOR_TESTS)
            .await
            .expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(
            verify("violet tram 42".into(), h.clone())
                .await
                .expect("verify")
        );
        assert!(!verify("violet tram 43".into(), h).await.expect("verify"));
    }
}
