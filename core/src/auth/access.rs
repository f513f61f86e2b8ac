//! Access tokens: short-lived HS256 JWTs. Expiry is checked against the Clock
//! port rather than the system time, so tests run on a fixed clock.

use super::Role;
use crate::ports::clock::Clock;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The staff user's id.
    pub sub: String,
    pub name: String,
    pub role: Role,
    /// The user's token version when issued; a password reset or a disable
    /// moves it and so ends every token issued before. The role here is
    /// informative: requests use the role the database holds now.
    pub ver: i64,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("the access token has expired; renew it with the refresh token")]
    Expired,
    #[error("the access token is not valid")]
    Invalid,
}

pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
    clock: Arc<dyn Clock>,
}

impl AccessTokens {
    pub fn new(key: &[u8], ttl_secs: u64, clock: Arc<dyn Clock>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // The library would read the system time; expiry is checked in `verify`.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(i64::MAX),
            clock,
        }
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    pub fn issue(
        &self,
        user_id: i64,
        name: &str,
        role: Role,
        ver: i64,
    ) -> Result<String, AccessError> {
        let now = self.clock.now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            name: name.to_string(),
            role,
            ver,
            iat: now,
            exp: now.saturating_add(self.ttl_secs),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|_| AccessError::Invalid)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AccessError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| AccessError::Invalid)?;
        if self.clock.now().timestamp() >= data.claims.exp {
            return Err(AccessError::Expired);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;

    fn tokens(key: &[u8], clock: &ManualClock) -> AccessTokens {
        AccessTokens::new(key, 900, Arc::new(clock.clone()))
    }

    #[test]
    fn a_token_is_valid_until_its_fifteen_minutes_are_over() {
        let clock = ManualClock::at_ms(1_800_000_000_000);
        let t = tokens(&[7; 32], &clock);
        let jwt = t.issue(3, "ana", Role::Manager, 1).expect("issue");
        let claims = t.verify(&jwt).expect("valid");
        assert_eq!((claims.sub.as_str(), claims.role), ("3", Role::Manager));
        clock.advance_ms(899_000);
        assert!(t.verify(&jwt).is_ok());
        clock.advance_ms(1_000);
        assert_eq!(t.verify(&jwt), Err(AccessError::Expired));
    }

    #[test]
    fn a_token_signed_with_another_key_or_altered_is_refused() {
        let clock = ManualClock::at_ms(1_800_000_000_000);
        let jwt = tokens(&[1; 32], &clock)
            .issue(1, "ana", Role::Frontdesk, 1)
            .expect("issue");
        assert_eq!(
            tokens(&[2; 32], &clock).verify(&jwt),
            Err(AccessError::Invalid)
        );
        let mut tampered = jwt.clone();
        tampered.insert(jwt.len() / 2, 'x');
        assert_eq!(
            tokens(&[1; 32], &clock).verify(&tampered),
            Err(AccessError::Invalid)
        );
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let clock = ManualClock::at_ms(1_800_000_000_000);
        // {"alg":"none"} with admin claims and an empty signature.
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.\
            eyJzdWIiOiIxIiwibmFtZSI6ImEiLCJyb2xlIjoiYWRtaW4iLCJ2ZXIiOjEsImlhdCI6MCwiZXhwIjo5OTk5OTk5OTk5fQ.";
        assert_eq!(
            tokens(&[1; 32], &clock).verify(none),
            Err(AccessError::Invalid)
        );
    }
}
