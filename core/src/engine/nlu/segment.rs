//! Pieces of a message that may each carry an intent ("hola, tienen lugar el
//! finde? y aceptan mascotas?"), and pieces read by rule: politeness, praise
//! for the place, a refused cancellation.

use super::intent::Intent;
use super::lexicon::Lexicon;
use super::text::{TokKind, Token};
use super::{praise, refusal};

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

/// The pieces of a message: [`split`] at punctuation, then cut where a
/// message written without punctuation (a voice note's transcript, a quick
/// WhatsApp line) clearly starts another piece:
/// - after a greeting that opens it ("hola buenas tardes | tienen
///   estacionamiento"), so the request after it is read as one;
/// - before a second question joined by "y", "and" or "e" ("tienen lugar el
///   finde | y aceptan mascotas"), like the punctuated message would be;
/// - around a cancellation the guest turns down ("en vez de cancelar |
///   podemos pasar la reserva para mayo"), so the word for cancelling does
///   not decide what the rest asks for.
pub fn pieces(text: &str, toks: &[Token], lx: &Lexicon) -> Vec<Segment> {
    let mut out = Vec::new();
    for seg in split(text, toks) {
        // A piece that is all politeness stays whole ("hola, muchas gracias").
        if social(&super::classifier::piece_words(toks, seg), lx).is_some() {
            out.push(seg);
            continue;
        }
        let mut from = seg.from;
        if let Some(n) = greeting_end(&toks[seg.from..seg.to], lx)
            && seg.from + n < seg.to
        {
            out.push(Segment { from, to: from + n });
            from += n;
        }
        let base = from;
        for cut in inner_cuts(&toks[base..seg.to]) {
            out.push(Segment {
                from,
                to: base + cut,
            });
            from = base + cut;
        }
        out.push(Segment { from, to: seg.to });
    }
    out
}

/// Words that join two questions ("tienen pileta y aceptan perros").
const JOINS: &[&str] = &["y", "e", "and"];

/// Words that may come between the join and the question ("y también…").
const ALSO: &[&str] = &["tambien", "ademas", "also", "tambem"];

/// How a second question opens after a join, folded: asking whether the
/// hotel has, allows or can do something, or how much, when, where. Only
/// these cut, so "del 15 y el 16", "2 adultos y 1 niño", "desayuno y cena"
/// and "cancelar y reservar de nuevo" stay whole.
const QUESTION_OPENERS: &[&[&str]] = &[
    &["aceptan"],
    &["aceptas"],
    &["admiten"],
    &["tienen"],
    &["tenes"],
    &["hay"],
    &["incluye"],
    &["incluyen"],
    &["se", "puede"],
    &["se", "aceptan"],
    &["se", "admiten"],
    &["puedo"],
    &["podemos"],
    &["pueden"],
    &["cuanto"],
    &["cuanta"],
    &["a", "que", "hora"],
    &["donde"],
    &["do", "you"],
    &["do", "u"],
    &["does"],
    &["is", "there"],
    &["are", "there"],
    &["are", "you"],
    &["is", "it"],
    &["can", "i"],
    &["can", "we"],
    &["can", "you"],
    &["can", "u"],
    &["could", "i"],
    &["could", "we"],
    &["could", "you"],
    &["how", "much"],
    &["what", "time"],
    &["where"],
    &["aceitam"],
    &["aceita"],
    &["tem"],
    &["voces", "tem"],
    &["vcs", "tem"],
    &["vc", "tem"],
    &["pode"],
    &["posso"],
    &["da", "pra"],
    &["quanto"],
    &["que", "horas"],
    &["onde"],
    &["inclui"],
];

/// Where to cut a piece written without punctuation, as token offsets into
/// `toks` (each cut starts a new piece): before a joined second question and
/// around a refused cancellation (see [`pieces`]).
fn inner_cuts(toks: &[Token]) -> Vec<usize> {
    // Words with the offset of their token.
    let (at, words): (Vec<usize>, Vec<&str>) = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind != TokKind::Punct)
        .map(|(i, t)| (i, t.norm.as_str()))
        .unzip();
    let starts = |phrase: &[&str], k: usize| {
        words.len() >= k + phrase.len() && phrase.iter().zip(&words[k..]).all(|(p, w)| p == w)
    };
    let mut cuts = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if let Some(n) = refusal::refusal_at(&words, k) {
            cuts.extend(
                [k, k + n]
                    .into_iter()
                    .filter(|c| (1..words.len()).contains(c)),
            );
            k += n;
            continue;
        }
        if k > 0 && JOINS.contains(&words[k]) {
            let mut q = k + 1;
            if q < words.len() && ALSO.contains(&words[q]) {
                q += 1;
            }
            // The question must say what it asks after its opener.
            let opens = QUESTION_OPENERS
                .iter()
                .any(|o| starts(o, q) && q + o.len() < words.len());
            if opens {
                cuts.push(k);
            }
        }
        k += 1;
    }
    cuts.dedup();
    cuts.into_iter().map(|c| at[c]).collect()
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

/// A piece read by rule, not by the classifier:
/// - made only of greeting/thanks/goodbye words (and fillers, and
///   acknowledgements: "perfect thanks", "genial gracias", "beleza, valeu"),
///   it is that politeness;
/// - praise for the place ("muy lindo el lugar", "lovely place, thanks") is
///   thanks, and so is praise beside politeness;
/// - a refused cancellation and nothing else ("no quiero cancelar") is a no.
pub fn social(words: &[&str], lx: &Lexicon) -> Option<Intent> {
    if refusal::is_refusal(words) {
        return Some(Intent::Deny);
    }
    let praised = praise::praise_and_place(words);
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
        } else if FILLERS.contains(&words[i])
            || super::ACKNOWLEDGEMENTS.contains(&words[i])
            || (praised && praise::is_praise_word(words[i]))
        {
            i += 1;
        } else {
            return None;
        }
    }
    // "ok" alone is an answer, not politeness.
    found.or(praised.then_some(Intent::Thanks))
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
    fn a_second_question_or_a_refused_cancellation_is_its_own_piece() {
        let lx = Lexicon::load().expect("lexicon");
        let cut = |text: &str| -> Vec<String> {
            let toks = tokenize(text, &lx.typos);
            pieces(text, &toks, &lx)
                .iter()
                .map(|s| text[s.span(&toks)].to_string())
                .collect()
        };
        assert_eq!(
            cut("hola tienen lugar el finde y aceptan mascotas"),
            ["hola", "tienen lugar el finde", "y aceptan mascotas"]
        );
        assert_eq!(
            cut("do you have rooms this weekend and do you allow dogs"),
            ["do you have rooms this weekend", "and do you allow dogs"]
        );
        assert_eq!(
            cut("tem vaga sexta e aceitam pet"),
            ["tem vaga sexta", "e aceitam pet"]
        );
        assert_eq!(
            cut("en vez de cancelar podemos pasar la reserva para mayo?"),
            ["en vez de cancelar", "podemos pasar la reserva para mayo"]
        );
        assert_eq!(
            cut("I don't want to cancel my booking just change the dates"),
            ["I don't want to cancel my booking", "just change the dates"]
        );
        // A join inside one request, or between dates, people or meals, is
        // not a second question.
        for whole in [
            "quiero cancelar y reservar de nuevo",
            "del 15 y el 16",
            "2 adultos y 1 niño",
            "desayuno y cena",
            "tienen lugar para 2 adultos y 1 niño del 15 y el 16",
            "do you have a double and a single",
            "quero cancelar e fazer outra reserva",
        ] {
            assert_eq!(cut(whole), [whole]);
        }
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
        // Praise for the place is thanks; asking for a place is not.
        assert_eq!(
            social(&["muy", "lindo", "el", "lugar"], &lx),
            Some(Intent::Thanks)
        );
        assert_eq!(social(&["hay", "lugar"], &lx), None);
        assert_eq!(social(&["lindo", "lugar", "para", "dos"], &lx), None);
        // A cancellation turned down, and nothing else, is a no.
        assert_eq!(
            social(&["no", "quiero", "cancelar"], &lx),
            Some(Intent::Deny)
        );
        assert_eq!(social(&["quiero", "cancelar"], &lx), None);
    }
}
