//! Identifiers and states of bookings, shared by every PMS.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a non-empty, trimmed string id with a clear parse error.
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, BadId> {
                let s = raw.trim();
                if s.is_empty() || s.len() > 64 || s.chars().any(char::is_control) {
                    return Err(BadId { what: $what, raw: raw.to_string() });
                }
                Ok(Self(s.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = BadId;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{raw:?} is not a valid {what} (1–64 visible characters)")]
pub struct BadId {
    pub what: &'static str,
    pub raw: String,
}

string_id!(
    /// The PMS's own id of a room type (QloApps: the product id).
    RoomTypeId,
    "room type id"
);
string_id!(
    /// The reference the PMS gives a booking (QloApps: the order id); what the
    /// guest and the staff quote. QloApps guests may also quote the order's
    /// 9-letter reference, which its adapter turns into the order id.
    BookingRef,
    "booking reference"
);

/// Our own reference for one booking attempt, chosen before calling the PMS and
/// stored locally first, so a retry after a crash or a lost answer finds the
/// booking instead of making a second one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const PREFIX: &'static str = "cj-";

    pub fn generate() -> Self {
        Self(format!("{}{}", Self::PREFIX, uuid::Uuid::new_v4().simple()))
    }

    /// Letters, digits and dashes only: the key travels inside PMS remarks and XML.
    pub fn parse(raw: &str) -> Result<Self, BadId> {
        let ok = (8..=64).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Ok(Self(raw.to_string()))
        } else {
            Err(BadId {
                what: "idempotency key",
                raw: raw.to_string(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = BadId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IdempotencyKey> for String {
    fn from(v: IdempotencyKey) -> String {
        v.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Booked and waiting for payment (QloApps "Awaiting payment").
    Pending,
    /// Booked, paid fully or in part.
    Confirmed,
    Cancelled,
}

impl BookingStatus {
    pub fn is_active(self) -> bool {
        !matches!(self, BookingStatus::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_empty_and_keys_refuse_odd_characters() {
        assert!(RoomTypeId::parse("  ").is_err());
        assert_eq!(
            BookingRef::parse(" 42 ").map(|r| r.to_string()),
            Ok("42".into())
        );
        let k = IdempotencyKey::generate();
        assert_eq!(IdempotencyKey::parse(k.as_str()), Ok(k.clone()));
        assert!(k.as_str().starts_with(IdempotencyKey::PREFIX));
        assert!(IdempotencyKey::parse("cj-<xml>-123").is_err());
        assert!(IdempotencyKey::parse("short").is_err());
    }
}
