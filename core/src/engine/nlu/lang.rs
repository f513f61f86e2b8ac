//! Which language a message is in: es, en or pt.
//!
//! Word lists plus a few spelling cues (ñ and ¿ are Spanish; ã, õ, ç and
//! "-ção" are Portuguese). A message that says too little ("ok", "👍", a phone
//! number) keeps the conversation's language instead of guessing.

use super::lexicon::{Lexicon, lang_index};
use super::output::LanguageSource;
use super::text::{TokKind, Token};
use crate::domain::Language;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct LangGuess {
    pub language: Language,
    pub confidence: f32,
    pub source: LanguageSource,
    /// Evidence per language (es, en, pt), for `--debug`.
    pub scores: [f32; 3],
}

/// Evidence below this says nothing: one shared word is not enough.
const MIN_EVIDENCE: f32 = 0.9;
/// The winner must lead by this much, else the conversation language stays.
const MIN_MARGIN: f32 = 0.6;
/// A learnt word must occur this often in the training lines…
const LEARNT_MIN_COUNT: u32 = 3;
/// …with this share of its frequency in one language…
const LEARNT_MIN_SHARE: f32 = 0.9;
/// …and then counts a little less than a listed word.
const LEARNT_WEIGHT: f32 = 0.8;

pub fn detect(text: &str, tokens: &[Token], lx: &Lexicon, fallback: Language) -> LangGuess {
    let mut scores = [0.0f32; 3];
    for t in tokens.iter().filter(|t| t.kind == TokKind::Word) {
        if let Some(w) = lx.lang_words.get(&t.norm) {
            for (s, add) in scores.iter_mut().zip(w) {
                *s += add;
            }
        } else {
            suffix_cues(&t.norm, &mut scores);
        }
    }
    for c in text.chars() {
        match c {
            'ñ' | 'Ñ' | '¿' | '¡' => scores[0] += 1.5,
            'ã' | 'õ' | 'ç' | 'Ã' | 'Õ' | 'Ç' | 'ê' | 'ô' => scores[2] += 1.5,
            _ => {}
        }
    }
    let mut order = [0usize, 1, 2];
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let (top, second) = (scores[order[0]], scores[order[1]]);
    let total: f32 = scores.iter().sum();
    if top < MIN_EVIDENCE || top - second < MIN_MARGIN {
        // Too little to tell: keep the conversation's language.
        let share = if total > 0.0 {
            scores[lang_index(fallback)] / total
        } else {
            0.0
        };
        return LangGuess {
            language: fallback,
            confidence: share.max(0.34),
            source: LanguageSource::Fallback,
            scores,
        };
    }
    LangGuess {
        language: Language::ALL[order[0]],
        // Share of the evidence, pulled towards 1 as evidence grows.
        confidence: (top / total) * (1.0 - (-top).exp() * 0.5),
        source: LanguageSource::Detected,
        scores,
    }
}

/// How often each word occurs in each language's training lines, counted by
/// the readers that cut the lines into training pieces (each line is
/// tokenised once at start-up).
#[derive(Debug, Default, PartialEq)]
pub struct WordCounts {
    counts: HashMap<String, [u32; 3]>,
    totals: [u32; 3],
}

impl WordCounts {
    /// Counts the words of one line written in `lang`.
    pub fn add(&mut self, lang: Language, tokens: &[Token]) {
        let i = lang_index(lang);
        for t in tokens {
            if t.kind == TokKind::Word && t.norm.len() >= 2 {
                self.counts.entry(t.norm.clone()).or_default()[i] += 1;
                self.totals[i] += 1;
            }
        }
    }

    /// Adds another reader's counts.
    pub fn merge(&mut self, other: WordCounts) {
        for (word, c) in other.counts {
            let mine = self.counts.entry(word).or_default();
            for (m, n) in mine.iter_mut().zip(c) {
                *m += n;
            }
        }
        for (m, n) in self.totals.iter_mut().zip(other.totals) {
            *m += n;
        }
    }
}

/// Words the training lines show to belong to one language, for words the
/// list does not name: the list was written by hand and misses everyday
/// words ("tengo", "voy", "aberta"), while the corpus has thousands of
/// lines per language. A word counts when it occurs often enough and almost
/// only in one language, relative to each language's size.
pub fn learn_words(lang_words: &mut HashMap<String, [f32; 3]>, seen: WordCounts) {
    let totals = seen.totals;
    for (word, c) in seen.counts {
        if lang_words.contains_key(&word) || c.iter().sum::<u32>() < LEARNT_MIN_COUNT {
            continue;
        }
        // Frequencies, so that the larger English corpus does not win ties.
        let f: Vec<f32> = c
            .iter()
            .zip(totals)
            .map(|(n, t)| *n as f32 / t.max(1) as f32)
            .collect();
        let sum: f32 = f.iter().sum();
        if let Some(i) = (0..3).find(|i| f[*i] / sum >= LEARNT_MIN_SHARE) {
            let mut w = [0.0; 3];
            w[i] = LEARNT_WEIGHT;
            lang_words.insert(word, w);
        }
    }
}

/// Endings that only one of the three languages uses, for words not in the lists.
fn suffix_cues(w: &str, scores: &mut [f32; 3]) {
    if w.len() < 5 {
        return;
    }
    let cues: [(&str, usize); 9] = [
        ("cion", 0),
        ("ciones", 0),
        ("mente", 0),
        ("ing", 1),
        ("tion", 1),
        ("ly", 1),
        ("cao", 2),
        ("coes", 2),
        ("inho", 2),
    ];
    for (suffix, lang) in cues {
        if w.ends_with(suffix) {
            scores[lang] += 0.5;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nlu::text::tokenize;

    fn guess(text: &str, fallback: Language) -> LangGuess {
        let lx = Lexicon::load().expect("lexicon");
        detect(text, &tokenize(text, &lx.typos), &lx, fallback)
    }

    #[test]
    fn short_greetings_and_thanks() {
        assert_eq!(guess("hola", Language::En).language, Language::Es);
        assert_eq!(guess("gracias!!", Language::Pt).language, Language::Es);
        assert_eq!(guess("obrigado", Language::Es).language, Language::Pt);
        assert_eq!(guess("thanks", Language::Es).language, Language::En);
        assert_eq!(guess("oi tudo bem?", Language::Es).language, Language::Pt);
    }

    #[test]
    fn says_too_little_keeps_the_conversation_language() {
        for text in ["ok", "👍", "+54 11 5555 1234", "15/3", "no"] {
            for lang in Language::ALL {
                let g = guess(text, lang);
                assert_eq!(
                    (g.language, g.source),
                    (lang, LanguageSource::Fallback),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn rioplatense_missing_accents_and_typos() {
        for text in [
            "vos queres la habitasion o no?",
            "podes decirme si tenes disponiblidad",
            "quiero reserbar para el finde",
            "tenés lugar para mañana?",
        ] {
            let g = guess(text, Language::En);
            assert_eq!(
                (g.language, g.source),
                (Language::Es, LanguageSource::Detected),
                "{text}"
            );
        }
        assert_eq!(
            guess("vcs tem quarto pra semana que vem?", Language::Es).language,
            Language::Pt
        );
        assert_eq!(
            guess("do u have a room for tmrw", Language::Es).language,
            Language::En
        );
        assert_eq!(
            guess("Quanto custa a diária?", Language::Es).language,
            Language::Pt
        );
    }
}
