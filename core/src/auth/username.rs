//! Staff usernames: short, lower-case, safe to show in logs and the audit log.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "username {0:?} is not valid: use 3 to 32 characters, letters a-z, digits, '.', '_' or '-'"
)]
pub struct InvalidUsername(pub String);

impl Username {
    /// Case is folded so "Ana" and "ana" cannot be two accounts.
    pub fn parse(raw: &str) -> Result<Self, InvalidUsername> {
        let name = raw.trim().to_ascii_lowercase();
        let ok_len = (3..=32).contains(&name.len());
        let ok_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if ok_len && ok_chars {
            Ok(Self(name))
        } else {
            Err(InvalidUsername(raw.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_folded_to_lower_case_and_checked() {
        assert_eq!(Username::parse(" Ana.M ").map(|u| u.0), Ok("ana.m".into()));
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("ana maria").is_err());
        assert!(Username::parse("añá").is_err());
        assert!(Username::parse(&"a".repeat(33)).is_err());
    }
}
