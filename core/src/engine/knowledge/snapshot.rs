//! All knowledge entries, indexed for answering.

use super::index::Index;
use crate::domain::{Language, Topic};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnowledgeEntry {
    pub id: i64,
    pub topic: Option<Topic>,
    pub lang: Language,
    pub question: Option<String>,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub entry_id: i64,
    pub text: String,
    /// The language the text is in; differs from the guest's when only another
    /// language has the entry (better an answer in English than none).
    pub lang: Language,
    pub topic: Option<Topic>,
}

/// Minimum share of the guest's content words an FAQ match must cover; below
/// it, a match on one common word ("servicio") would answer the wrong question.
const MIN_COVERAGE: f64 = 0.5;

#[derive(Debug, Default)]
pub struct Snapshot {
    entries: Vec<KnowledgeEntry>,
    facts: HashMap<(Topic, Language), usize>,
    indexes: HashMap<Language, Index>,
}

impl Snapshot {
    pub fn new(entries: Vec<KnowledgeEntry>) -> Self {
        let mut facts = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if let (Some(t), None) = (e.topic, &e.question) {
                facts.insert((t, e.lang), i);
            }
        }
        let indexes = Language::ALL
            .into_iter()
            .map(|lang| {
                let docs = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.lang == lang)
                    .map(|(i, e)| {
                        // Questions count twice: they are phrased the way guests ask.
                        let q = e.question.clone().unwrap_or_default();
                        (i, format!("{q} {q} {}", e.answer))
                    });
                (lang, Index::build(docs, lang))
            })
            .collect();
        Self {
            entries,
            facts,
            indexes,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The main fact for a topic, in the guest's language or, failing that,
    /// in English, Spanish or Portuguese.
    pub fn topic(&self, topic: Topic, lang: Language) -> Option<Answer> {
        std::iter::once(lang)
            .chain([Language::En, Language::Es, Language::Pt])
            .find_map(|l| self.facts.get(&(topic, l)))
            .map(|&i| self.answer(i))
    }

    /// The entry that best answers a free question, if one clearly does.
    pub fn search(&self, text: &str, lang: Language) -> Option<Answer> {
        let (i, _, coverage) = self.indexes.get(&lang)?.best(text, lang)?;
        (coverage >= MIN_COVERAGE).then(|| self.answer(i))
    }

    fn answer(&self, i: usize) -> Answer {
        let e = &self.entries[i];
        Answer {
            entry_id: e.id,
            text: e.answer.clone(),
            lang: e.lang,
            topic: e.topic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(
        id: i64,
        topic: Option<Topic>,
        lang: Language,
        q: Option<&str>,
        a: &str,
    ) -> KnowledgeEntry {
        KnowledgeEntry {
            id,
            topic,
            lang,
            question: q.map(String::from),
            answer: a.into(),
        }
    }

    fn demo() -> Snapshot {
        Snapshot::new(vec![
            e(
                1,
                Some(Topic::Parking),
                Language::Es,
                None,
                "Tenemos estacionamiento cubierto.",
            ),
            e(
                2,
                Some(Topic::Parking),
                Language::En,
                None,
                "We have covered parking.",
            ),
            e(
                3,
                None,
                Language::Es,
                Some("¿Tienen cuna para bebés?"),
                "Sí, cunas sin costo.",
            ),
            e(
                4,
                None,
                Language::Es,
                Some("¿Hay servicio de lavandería?"),
                "Sí, de lunes a sábado.",
            ),
            e(5, Some(Topic::Wifi), Language::En, None, "Free Wi-Fi."),
        ])
    }

    #[test]
    fn topic_answers_in_the_guest_language_or_falls_back() {
        let s = demo();
        assert_eq!(
            s.topic(Topic::Parking, Language::Es).map(|a| a.entry_id),
            Some(1)
        );
        let pt = s.topic(Topic::Parking, Language::Pt).expect("fallback");
        assert_eq!((pt.entry_id, pt.lang), (2, Language::En));
        assert_eq!(
            s.topic(Topic::Pets, Language::Es),
            None,
            "no entry, no invented answer"
        );
    }

    #[test]
    fn free_questions_find_the_faq_entry_or_nothing() {
        let s = demo();
        assert_eq!(
            s.search("tienen cunas para el bebe?", Language::Es)
                .map(|a| a.entry_id),
            Some(3)
        );
        assert_eq!(
            s.search("hacen lavanderia?", Language::Es)
                .map(|a| a.entry_id),
            Some(4)
        );
        assert_eq!(
            s.search("¿venden entradas para el fútbol?", Language::Es),
            None
        );
    }
}
