//! The languages Conserje speaks with guests.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Es,
    En,
    Pt,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use es, en or pt")]
pub struct UnknownLanguage(pub String);

impl Language {
    pub const ALL: [Language; 3] = [Language::Es, Language::En, Language::Pt];

    /// ISO 639-1 code, as used in templates' folder names and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
            Language::Pt => "pt",
        }
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    /// Accepts the bare code or a locale ("es-AR", "pt_BR", "EN").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let base = s
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "es" => Ok(Language::Es),
            "en" => Ok(Language::En),
            "pt" => Ok(Language::Pt),
            _ => Err(UnknownLanguage(s.to_string())),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_locales_and_round_trips() {
        assert_eq!("es-AR".parse(), Ok(Language::Es));
        assert_eq!("pt_BR".parse(), Ok(Language::Pt));
        assert_eq!("EN".parse(), Ok(Language::En));
        for l in Language::ALL {
            assert_eq!(l.code().parse(), Ok(l));
        }
        assert!("fr".parse::<Language>().is_err());
    }
}
