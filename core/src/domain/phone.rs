//! A phone number in E.164 form: `+` and 8–15 digits, no leading zero.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneE164(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error(
        "phone number {0:?} has characters other than digits, spaces, dashes, dots and parentheses"
    )]
    BadCharacters(String),
    #[error("phone number {0:?} must have 8 to 15 digits including the country code")]
    BadLength(String),
    #[error("phone number {0:?} cannot start with 0 after the country prefix")]
    LeadingZero(String),
}

impl PhoneE164 {
    /// Parses an international number: "+54 9 11 5555-1234", "+5491155551234",
    /// "005491155551234". Numbers without a country code need the caller's
    /// knowledge of the hotel's country and are refused here.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let trimmed = raw.trim();
        let without_prefix = if let Some(r) = trimmed.strip_prefix('+') {
            r
        } else if let Some(r) = trimmed.strip_prefix("00") {
            r
        } else {
            trimmed
        };
        if !without_prefix
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        {
            return Err(PhoneError::BadCharacters(raw.to_string()));
        }
        let digits: String = without_prefix
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        Self::from_digits(&digits).map_err(|e| match e {
            PhoneError::BadLength(_) => PhoneError::BadLength(raw.to_string()),
            PhoneError::LeadingZero(_) => PhoneError::LeadingZero(raw.to_string()),
            other => other,
        })
    }

    /// WhatsApp ids (`wa_id`) are the E.164 digits without the `+`.
    pub fn from_digits(digits: &str) -> Result<Self, PhoneError> {
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(PhoneError::BadCharacters(digits.to_string()));
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(PhoneError::BadLength(digits.to_string()));
        }
        if digits.starts_with('0') {
            return Err(PhoneError::LeadingZero(digits.to_string()));
        }
        Ok(Self(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits without `+`, as the WhatsApp API wants them.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl fmt::Display for PhoneE164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneE164 {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PhoneE164> for String {
    fn from(p: PhoneE164) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_international_spellings() {
        for raw in [
            "+54 9 11 5555-1234",
            "+5491155551234",
            "005491155551234",
            "5491155551234",
        ] {
            assert_eq!(
                PhoneE164::parse(raw).map(|p| p.to_string()),
                Ok("+5491155551234".into()),
                "{raw}"
            );
        }
        assert_eq!(
            PhoneE164::from_digits("34600111222").map(|p| p.digits().to_string()),
            Ok("34600111222".into())
        );
    }

    #[test]
    fn refuses_what_is_not_a_full_number() {
        assert!(matches!(
            PhoneE164::parse("+54 11"),
            Err(PhoneError::BadLength(_))
        ));
        assert!(matches!(
            PhoneE164::parse("+0054911"),
            Err(PhoneError::LeadingZero(_)) | Err(PhoneError::BadLength(_))
        ));
        assert!(matches!(
            PhoneE164::parse("+54 9 11 abc"),
            Err(PhoneError::BadCharacters(_))
        ));
        assert!(matches!(
            PhoneE164::parse("+1234567890123456"),
            Err(PhoneError::BadLength(_))
        ));
    }

    #[test]
    fn serde_validates() {
        assert!(serde_json::from_str::<PhoneE164>("\"+5491155551234\"").is_ok());
        assert!(serde_json::from_str::<PhoneE164>("\"12\"").is_err());
    }
}
