//! Text a PMS has in some of our languages (room names, descriptions).

use super::Language;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LocalizedText(Vec<(Language, String)>);

impl LocalizedText {
    /// Text known in one language only (QloApps' single-language demo data).
    pub fn single(lang: Language, text: impl Into<String>) -> Self {
        Self(vec![(lang, text.into())])
    }

    pub fn with(mut self, lang: Language, text: impl Into<String>) -> Self {
        self.0.retain(|(l, _)| *l != lang);
        self.0.push((lang, text.into()));
        self
    }

    /// The text in `lang`, else English, else whatever the PMS has: a guest
    /// gets a room name in another language rather than none.
    pub fn get(&self, lang: Language) -> Option<&str> {
        let find = |l| {
            self.0
                .iter()
                .find(|(x, _)| *x == l)
                .map(|(_, t)| t.as_str())
        };
        find(lang)
            .or_else(|| find(Language::En))
            .or_else(|| self.0.first().map(|(_, t)| t.as_str()))
    }

    pub fn has(&self, lang: Language) -> bool {
        self.0.iter().any(|(l, _)| *l == lang)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_english_then_to_any() {
        let t = LocalizedText::single(Language::Pt, "Quarto").with(Language::En, "Room");
        assert_eq!(t.get(Language::Pt), Some("Quarto"));
        assert_eq!(t.get(Language::Es), Some("Room"));
        let only_pt = LocalizedText::single(Language::Pt, "Quarto");
        assert_eq!(only_pt.get(Language::Es), Some("Quarto"));
        assert_eq!(LocalizedText::default().get(Language::Es), None);
    }
}
