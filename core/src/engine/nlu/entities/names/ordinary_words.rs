//! Words the NLU already knows as ordinary words: they are unlikely to be a
//! name the guest wrote in lower case ("soy juan tengo una reserva" stops at
//! "tengo").
//!
//! The evidence is the embedded training split and the word lists. A training
//! word counts as ordinary when guests write it in lower case far more often
//! than with a capital in the middle of a sentence: names in the corpus
//! ("a nombre de lopez", "Maria Lopez") are written both ways, ordinary
//! words almost never with a capital there.

use super::given_names::is_given_name;
use crate::engine::nlu::corpus::TRAIN;
use crate::engine::nlu::lexicon::Lexicon;
use crate::engine::nlu::text::{TokKind, tokenize};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How many lower-case uses per capitalised one make a word ordinary.
const LOWER_PER_CAPITAL: usize = 4;

/// Whether the folded word is an ordinary word of the NLU's vocabulary.
pub fn is_ordinary(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(build).contains(word)
}

fn build() -> HashSet<String> {
    // The lexicon is checked by its own tests; without it the words are
    // still read, only without their typo fixes.
    let lexicon = Lexicon::load().ok();
    let typos = lexicon
        .as_ref()
        .map(|l| l.typos.clone())
        .unwrap_or_default();
    // Per word: (lower-case uses, capitalised uses inside a sentence).
    let mut uses: HashMap<String, (usize, usize)> = HashMap::new();
    for (_, src) in TRAIN {
        for line in src.lines() {
            let Some(text) = text_of(line) else { continue };
            count_uses(&text, &typos, &mut uses);
        }
    }
    let mut words: HashSet<String> = uses
        .into_iter()
        .filter(|(_, (lower, capital))| *lower > LOWER_PER_CAPITAL * capital)
        .map(|(w, _)| w)
        .collect();
    if let Some(lx) = lexicon {
        words.extend(lx.lang_words.into_keys());
        for (phrase, _) in lx.intent_cues.iter() {
            words.extend(phrase.iter().cloned());
        }
        for (phrase, _) in lx.info_topics.iter() {
            words.extend(phrase.iter().cloned());
        }
    }
    words
}

/// The `text` of one corpus line; `None` for blank or malformed lines (the
/// corpus tests report those).
fn text_of(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Line {
        text: String,
    }
    serde_json::from_str::<Line>(line.trim())
        .ok()
        .map(|l| l.text)
}

fn count_uses(
    text: &str,
    typos: &HashMap<String, String>,
    uses: &mut HashMap<String, (usize, usize)>,
) {
    let toks = tokenize(text, typos);
    for (i, t) in toks.iter().enumerate() {
        if t.kind != TokKind::Word {
            continue;
        }
        // The word after a given name is most likely a surname, even in
        // lower case ("the name is sarah o'connor").
        let after_a_name = i > 0 && is_given_name(&toks[i - 1].norm);
        let capital = text[t.start..].starts_with(char::is_uppercase);
        // A capital that starts a sentence says nothing about the word.
        let starts_sentence = i == 0
            || toks[i - 1]
                .punct()
                .is_some_and(|c| ".!?¿¡:;\"(".contains(c));
        let entry = uses.entry(t.norm.clone()).or_default();
        if !capital && !after_a_name {
            entry.0 += 1;
        } else if !starts_sentence {
            entry.1 += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_words_and_names_in_the_corpus() {
        for w in ["tengo", "reserva", "quiero", "room", "looking", "quarto"] {
            assert!(is_ordinary(w), "{w}");
        }
        // Surnames the corpus writes both ways are not ordinary words.
        for w in ["lopez", "perez", "smith", "silva", "oconnor"] {
            assert!(!is_ordinary(w), "{w}");
        }
    }
}
