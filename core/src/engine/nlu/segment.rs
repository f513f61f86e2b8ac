//! Pieces of a message that may each carry an intent ("hola, tienen lugar el
//! finde? y aceptan mascotas?"), and politeness recognised by rule.

use super::intent::Intent;
use super::lexicon::Lexicon;
use super::text::{TokKind, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Token range.
    pub from: usize,
    pub to: usize,
}

impl Segment {
    /// The piece's byte range in the message (first token's start to last
    /// token's end). A segment always holds at least one token.
    pub fn span(self, toks: &[Token]) -> std::ops::Range<usize> {
        toks[self.from].start..toks[self.to - 1].end
    }
}

/// Splits at sentence punctuation and line breaks; a comma or dot splits only
/// when followed by a space (not inside "15.03" or an e-mail address).
pub fn split(text: &str, toks: &[Token]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, t) in toks.iter().enumerate() {
        let boundary = match t.punct() {
            Some('?' | '!' | '¿' | '¡' | ';') => true,
            Some('.' | ',') => toks.get(i + 1).is_none_or(|n| n.start > t.end),
            _ => false,
        };
        let newline_after = toks
            .get(i + 1)
            .is_some_and(|n| text[t.end..n.start].contains('\n'));
        if boundary || newline_after {
            let to = if boundary { i } else { i + 1 };
            if toks[from..to].iter().any(|t| t.kind != TokKind::Punct) {
                out.push(Segment { from, to });
            }
            from = i + 1;
        }
    }
    if toks[from.min(toks.len())..]
        .iter()
        .any(|t| t.kind != TokKind::Punct)
    {
        out.push(Segment {
            from,
            to: toks.len(),
        });
    }
    out
}

/// Words that go with greetings and thanks without changing them.
const FILLERS: &[&str] = &[
    "muy",
    "muchas",
    "muchisimas",
    "mil",
    "que",
    "tal",
    "como",
    "estas",
    "estan",
    "esta",
    "todo",
    "bien",
    "tardes",
    "noches",
    "dias",
    "dia",
    "buen",
    "buenas",
    "buenos",
    "so",
    "much",
    "very",
    "there",
    "you",
    "all",
    "team",
    "again",
    "tudo",
    "bem",
    "boa",
    "bom",
    "muito",
    "muita",
    "pessoal",
    "gente",
    "chicos",
    "amigos",
    "senor",
    "senora",
    "hotel",
    "de",
    "nuevo",
    "un",
    "saludo",
    "saludos",
    "abrazo",
    "a",
    "to",
    "everyone",
    "folks",
    "otra",
    "vez",
    "por",
    "la",
    "ayuda",
    "info",
    "informacion",
    "for",
    "the",
    "help",
    "information",
    "pela",
    "ajuda",
    "informacao",
    "atencion",
    "atencao",
    "dear",
    "querido",
    "ey",
    "che",
    "cheers",
    "oii",
    "holaa",
    "vcs",
    "voces",
    "voce",
    "vc",
    "ok",
    "okay",
    "e",
    "y",
    "and",
];

/// A piece made only of greeting/thanks/goodbye words (and fillers, and
/// acknowledgements: "perfect thanks", "genial gracias", "beleza, valeu") is
/// that politeness, by rule: the classifier is for the rest.
pub fn social(words: &[&str], lx: &Lexicon) -> Option<Intent> {
    let mut found = None;
    let mut i = 0;
    while i < words.len() {
        let cue = lx.intent_cues.iter().find(|(phrase, intent)| {
            intent.is_social()
                && words.len() - i >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w)
        });
        if let Some((phrase, intent)) = cue {
            found = found.or(Some(*intent));
            i += phrase.len();
        } else if FILLERS.contains(&words[i]) || super::ACKNOWLEDGEMENTS.contains(&words[i]) {
            i += 1;
        } else {
            return None;
        }
    }
    // "ok" alone is an answer, not politeness.
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nlu::text::tokenize;

    #[test]
    fn splits_questions_but_not_numbers_or_addresses() {
        let lx = Lexicon::load().expect("lexicon");
        let text = "hola, tienen lugar el finde? y aceptan mascotas? ana.gomez@mail.com 15.03";
        let toks = tokenize(text, &lx.typos);
        let segs = split(text, &toks);
        let pieces: Vec<&str> = segs
            .iter()
            .map(|s| &text[toks[s.from].start..toks[s.to - 1].end])
            .collect();
        assert_eq!(
            pieces,
            [
                "hola",
                "tienen lugar el finde",
                "y aceptan mascotas",
                "ana.gomez@mail.com 15.03"
            ]
        );
    }

    #[test]
    fn politeness_by_rule() {
        let lx = Lexicon::load().expect("lexicon");
        assert_eq!(social(&["hola", "que", "tal"], &lx), Some(Intent::Greeting));
        assert_eq!(social(&["muchas", "gracias"], &lx), Some(Intent::Thanks));
        assert_eq!(social(&["good", "morning"], &lx), Some(Intent::Greeting));
        assert_eq!(social(&["ate", "logo"], &lx), Some(Intent::Goodbye));
        assert_eq!(social(&["hola", "tienen", "lugar"], &lx), None);
        assert_eq!(social(&["ok"], &lx), None);
        assert_eq!(social(&["perfect", "thanks"], &lx), Some(Intent::Thanks));
        assert_eq!(social(&["genial", "chau"], &lx), Some(Intent::Goodbye));
        assert_eq!(social(&["genial"], &lx), None);
    }
}
