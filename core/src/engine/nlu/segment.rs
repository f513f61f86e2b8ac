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

/// Words that may follow a greeting and still belong to it ("hola que tal",
/// "oi pessoal", "hi there"): phrases, folded.
const GREETING_TAILS: &[&[&str]] = &[
    &["que", "tal"],
    &["como", "estas"],
    &["como", "estan"],
    &["como", "va"],
    &["todo", "bien"],
    &["tudo", "bem"],
    &["a", "todos"],
    &["gente"],
    &["pessoal"],
    &["chicos"],
    &["amigos"],
    &["everyone"],
    &["all"],
    &["there"],
    &["team"],
    &["folks"],
    &["che"],
];

/// The pieces of a message: [`split`] at punctuation, then a greeting that
/// opens a piece written without punctuation ("hola buenas tardes tienen
/// estacionamiento", a voice note's transcript) becomes its own piece, so the
/// request after it is read as one.
pub fn pieces(text: &str, toks: &[Token], lx: &Lexicon) -> Vec<Segment> {
    let mut out = Vec::new();
    for seg in split(text, toks) {
        // A piece that is all politeness stays whole ("hola, muchas gracias").
        let whole_is_social = social(&super::classifier::piece_words(toks, seg), lx).is_some();
        match greeting_end(&toks[seg.from..seg.to], lx) {
            Some(n) if seg.from + n < seg.to && !whole_is_social => {
                out.push(Segment {
                    from: seg.from,
                    to: seg.from + n,
                });
                out.push(Segment {
                    from: seg.from + n,
                    to: seg.to,
                });
            }
            _ => out.push(seg),
        }
    }
    out
}

/// How many leading tokens of a piece are a greeting (greeting phrases and
/// what may follow one), if it opens with one.
fn greeting_end(toks: &[Token], lx: &Lexicon) -> Option<usize> {
    let words: Vec<&str> = toks
        .iter()
        .take_while(|t| t.kind == TokKind::Word)
        .map(|t| t.norm.as_str())
        .collect();
    let starts = |phrase: &[String], at: usize| {
        words.len() - at >= phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
    };
    let mut at = 0;
    let mut greeted = false;
    loop {
        let greeting = lx
            .intent_cues
            .iter()
            .filter(|(phrase, intent)| *intent == Intent::Greeting && starts(phrase, at))
            .map(|(phrase, _)| phrase.len())
            .max();
        let tail = greeted
            .then(|| {
                GREETING_TAILS
                    .iter()
                    .filter(|p| {
                        words.len() - at >= p.len()
                            && p.iter().zip(&words[at..]).all(|(p, w)| p == w)
                    })
                    .map(|p| p.len())
                    .max()
            })
            .flatten();
        match greeting.or(tail) {
            Some(n) => {
                at += n;
                greeted = true;
            }
            None => break,
        }
    }
    greeted.then_some(at)
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
    fn a_greeting_without_punctuation_is_its_own_piece() {
        let lx = Lexicon::load().expect("lexicon");
        let cut = |text: &str| -> Vec<String> {
            let toks = tokenize(text, &lx.typos);
            pieces(text, &toks, &lx)
                .iter()
                .map(|s| text[s.span(&toks)].to_string())
                .collect()
        };
        assert_eq!(
            cut("hola buenas tardes tienen estacionamiento"),
            ["hola buenas tardes", "tienen estacionamiento"]
        );
        assert_eq!(
            cut("hola que tal tienen lugar para el finde"),
            ["hola que tal", "tienen lugar para el finde"]
        );
        assert_eq!(cut("hola que precio tiene"), ["hola", "que precio tiene"]);
        assert_eq!(
            cut("oi boa tarde vocês tem estacionamento"),
            ["oi boa tarde", "vocês tem estacionamento"]
        );
        // All politeness, or nothing after the greeting: one piece.
        assert_eq!(cut("hola muchas gracias"), ["hola muchas gracias"]);
        assert_eq!(cut("hola que tal"), ["hola que tal"]);
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
