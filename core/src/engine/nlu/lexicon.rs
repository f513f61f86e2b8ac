//! The word lists in `core/data/nlu/`, embedded in the binary and read once.

use super::intent::{InfoTopic, Intent};
use super::phrases::Phrases;
use super::text::fold_word;
use crate::domain::Language;
use std::collections::HashMap;

const TYPOS: &str = include_str!("../../../data/nlu/typos.txt");
const LANG_WORDS: &str = include_str!("../../../data/nlu/lang_words.txt");
const INTENT_CUES: &str = include_str!("../../../data/nlu/intent_cues.txt");
const INFO_TOPICS: &str = include_str!("../../../data/nlu/info_topics.txt");
const EMERGENCY: &str = include_str!("../../../data/nlu/emergency.txt");

#[derive(Debug)]
pub struct Lexicon {
    pub typos: HashMap<String, String>,
    /// Per word, how much it says for es, en, pt (indexed by [`lang_index`]).
    pub lang_words: HashMap<String, [f32; 3]>,
    /// Phrases (as folded token sequences) that hint at an intent.
    pub intent_cues: Phrases<Intent>,
    pub info_topics: Phrases<InfoTopic>,
    /// Signs of an emergency, by language: they turn a complaint into `urgent`.
    pub emergencies: Phrases<Language>,
}

pub fn lang_index(l: Language) -> usize {
    match l {
        Language::Es => 0,
        Language::En => 1,
        Language::Pt => 2,
    }
}

/// Lines that are neither blank nor `#` comments.
fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `label: phrase, phrase…` lines; phrases become folded word sequences
/// (see [`fold_word`]).
fn labelled_phrases<T: std::str::FromStr + Copy + PartialEq>(
    src: &str,
) -> Result<Vec<(Vec<String>, T)>, String> {
    let mut out: Vec<(Vec<String>, T)> = Vec::new();
    for line in lines(src) {
        let (label, rest) = line
            .split_once(':')
            .ok_or_else(|| format!("no label in {line:?}"))?;
        let name = label.trim();
        let label: T = name
            .parse()
            .map_err(|_| format!("unknown label {label:?}"))?;
        for phrase in rest.split(',') {
            let words: Vec<String> = phrase.split_whitespace().map(fold_word).collect();
            // A phrase listed twice under one label would count twice as
            // a feature, a weight nobody meant to give it.
            if out.iter().any(|(w, l)| *w == words && *l == label) {
                return Err(format!("{:?} listed twice under {name}", phrase.trim()));
            }
            if !words.is_empty() {
                out.push((words, label));
            }
        }
    }
    Ok(out)
}

impl Lexicon {
    /// Parses the embedded files. They ship with the binary, so an error here
    /// is a bug caught by the tests, never a runtime condition.
    pub fn load() -> Result<Self, String> {
        Self::parse(TYPOS, LANG_WORDS, INTENT_CUES, INFO_TOPICS, EMERGENCY)
    }

    /// Parses the five word lists from their text (the tuning tools read
    /// them from disk, so an edited list is measured without a rebuild).
    pub fn parse(
        typos_src: &str,
        lang_words_src: &str,
        intent_cues_src: &str,
        info_topics_src: &str,
        emergency_src: &str,
    ) -> Result<Self, String> {
        let mut typos = HashMap::new();
        for line in lines(typos_src) {
            let mut it = line.split_whitespace();
            if let (Some(w), Some(r)) = (it.next(), it.next()) {
                typos.insert(fold_word(w), fold_word(r));
            }
        }
        let mut seen: HashMap<String, [bool; 3]> = HashMap::new();
        for line in lines(lang_words_src) {
            let (code, words) = line.split_once(':').ok_or("no language code")?;
            let lang: Language = code.trim().parse().map_err(|e| format!("{e}"))?;
            for w in words.split_whitespace() {
                seen.entry(fold_word(w)).or_default()[lang_index(lang)] = true;
            }
        }
        let lang_words = seen
            .into_iter()
            .map(|(w, in_lang)| {
                let n = in_lang.iter().filter(|b| **b).count() as f32;
                (w, in_lang.map(|b| if b { 1.0 / n } else { 0.0 }))
            })
            .collect();
        Ok(Self {
            typos,
            lang_words,
            intent_cues: Phrases::new(labelled_phrases::<Intent>(intent_cues_src)?),
            info_topics: Phrases::new(labelled_phrases::<InfoTopic>(info_topics_src)?),
            emergencies: Phrases::new(labelled_phrases::<Language>(emergency_src)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_load() {
        let lx = Lexicon::load().expect("lexicon");
        assert_eq!(
            lx.typos.get("habitasion").map(String::as_str),
            Some("habitacion")
        );
        assert_eq!(lx.lang_words.get("hola"), Some(&[1.0, 0.0, 0.0]));
        assert!(
            lx.intent_cues
                .iter()
                .any(|(_, i)| *i == Intent::CancelBooking)
        );
        assert!(lx.info_topics.iter().any(|(_, t)| *t == InfoTopic::Pets));
        for lang in Language::ALL {
            assert!(lx.emergencies.iter().any(|(_, l)| *l == lang), "{lang:?}");
        }
    }

    #[test]
    fn a_phrase_listed_twice_under_one_label_is_an_error() {
        let twice = labelled_phrases::<Intent>("urgent: fire, Fuego, fire\n");
        assert_eq!(twice, Err("\"fire\" listed twice under urgent".to_string()));
        // Under two labels it is two cues, which is what the lists mean.
        let two = labelled_phrases::<Intent>("urgent: fire\ncomplaint: fire\n").expect("ok");
        assert_eq!(two.len(), 2);
    }
}
