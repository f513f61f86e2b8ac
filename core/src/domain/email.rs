//! A guest's e-mail address: the key PMSs (QloApps included) use to find a customer.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an e-mail address like name@example.com")]
pub struct EmailError(pub String);

impl Email {
    /// Deliberately loose (one `@`, a dot in the domain, no spaces): the PMS and
    /// the mail server are the real judges; this catches typos and garbage.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let s = raw.trim();
        let ok = s.len() <= 254
            && !s.contains(char::is_whitespace)
            && !s.contains(['<', '>', '&', '"'])
            && matches!(s.split_once('@'), Some((local, domain))
                if !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.'));
        if ok {
            // Domains are case-insensitive; local parts in practice too.
            Ok(Self(s.to_lowercase()))
        } else {
            Err(EmailError(raw.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_addresses_and_normalises_case() {
        assert_eq!(
            Email::parse(" Ada.L@Example.com ").map(|e| e.to_string()),
            Ok("ada.l@example.com".into())
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@x.com",
            "a@b",
            "a b@x.com",
            "a@@x.com",
            "a@x.com.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
