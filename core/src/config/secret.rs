//! A string that must never reach a log line, a `Debug` dump or an API response.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Secrets are wrapped at the edge (config parsing) so that the only way to read
/// them is the explicit [`Secret::expose`]: a forgotten `{:?}` prints `[redacted]`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value, for the one place that needs it (an HMAC key, an auth header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() {
            "[redacted]"
        } else {
            "[unset]"
        })
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Serialising keeps the secret out too: serialised settings are only ever shown
/// to people (`config check`), never written back as a config file.
impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.is_set() { "[redacted]" } else { "" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_serialize_never_show_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert!(!json.contains("hunter2"), "{json}");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn an_empty_secret_reads_as_unset() {
        let s = Secret::default();
        assert!(!s.is_set());
        assert_eq!(format!("{s:?}"), "[unset]");
    }
}
