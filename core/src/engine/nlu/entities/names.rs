//! The guest's name after words that introduce it: "me llamo Ana Gómez",
//! "my name is John", "a nombre de Pérez", "meu nome é João Silva", or
//! before words that sign it: "Luz Marina Ortega here".

mod given_names;
mod ordinary_words;
#[cfg(test)]
mod tests;

use super::Scan;
use super::not_names::is_not_a_name;
use crate::engine::nlu::output::EntityValue;
use crate::engine::nlu::text::TokKind;
use given_names::is_given_name;
use ordinary_words::is_ordinary;

/// Longer openings first: "aqui é o Carlos" must not read "é" as the name.
const INTRODUCERS: &[&[&str]] = &[
    &["me", "llamo"],
    &["mi", "nombre", "es"],
    &["a", "nombre", "de"],
    &["el", "nombre", "es"],
    &["nombre", ":"],
    &["nombre"],
    &["soy"],
    &["aqui", "e", "o"],
    &["aqui", "e", "a"],
    &["aqui", "e"],
    &["aqui"],
    &["habla"],
    &["les", "escribe"],
    &["le", "escribe"],
    &["te", "escribe"],
    &["my", "name", "is"],
    // "my name's Ana": the tokenizer drops the apostrophe.
    &["my", "names"],
    &["name", "is"],
    &["name", ":"],
    &["under", "the", "name", "of"],
    &["under", "the", "name"],
    &["in", "the", "name", "of"],
    &["booking", "under"],
    &["reservation", "under"],
    &["reserved", "under"],
    &["reservation", "for"],
    &["booking", "for"],
    &["reserved", "for"],
    &["under"],
    &["this", "is"],
    &["i", "am"],
    &["im"],
    &["me", "chamo"],
    &["meu", "nome", "e"],
    &["em", "nome", "de"],
    &["no", "nome", "de"],
    &["quem", "fala", "e", "o"],
    &["quem", "fala", "e", "a"],
    &["quem", "fala", "e"],
    &["sou", "o"],
    &["sou", "a"],
    &["sou"],
    &["nome", ":"],
];
/// Openings that also start ordinary sentences ("soy de Córdoba", "I'm
/// looking", "aquí tienen lugar?", "habla inglés?").
const SENTENCE_STARTS: &[&str] = &[
    "soy", "i", "im", "this", "sou", "aqui", "habla", "les", "le", "te", "quem",
];
/// Short openings that need the name to look like one ("under Smith",
/// "nombre Pérez"), like those ending in "for" ("a reservation for Friday").
const NEEDS_A_NAME: &[&str] = &["under", "nombre"];
/// Introducers after which "de" is "from": "soy María de Buenos Aires".
const FROM_AFTER: &[&str] = &["soy", "sou"];
/// Words that sign a name before them: "Luz Marina Ortega here".
const SIGN_OFFS: &[&str] = &["here", "speaking"];
const PARTICLES: &[&str] = &[
    "de", "del", "da", "dos", "das", "do", "la", "las", "los", "van", "von", "der", "den",
];
/// Name words at most, particles not counted ("Jesús María de la Cruz" is three).
const MAX_NAME_WORDS: usize = 4;

/// How much an opening says that a name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// "me llamo", "my name is": a lower-case word the NLU does not know as
    /// an ordinary word is a name ("a nombre de garcia").
    Strong,
    /// "under", "a reservation for": the first word needs a capital or to
    /// be a common given name.
    NeedsAName,
    /// "soy", "I'm", "aquí": as `NeedsAName`, and a capitalised word known as
    /// an ordinary word is not a name either ("I'm Sorry") unless it is a
    /// given name ("Soy Rosa").
    Sentence,
}

pub fn extract(scan: &mut Scan<'_>) {
    for i in 0..scan.toks.len() {
        for intro in INTRODUCERS {
            if !intro.iter().enumerate().all(|(k, w)| scan.is(i + k, &[w])) {
                continue;
            }
            let from_after = FROM_AFTER.contains(&intro[0]);
            if let Some((from, to)) = name_at(scan, i + intro.len(), opening(intro), from_after) {
                push(scan, from, to);
                return;
            }
        }
    }
    for i in 0..scan.toks.len() {
        if scan.is(i, SIGN_OFFS) {
            if let Some((from, to)) = name_before(scan, i) {
                push(scan, from, to);
                return;
            }
        }
    }
}

fn push(scan: &mut Scan<'_>, from: usize, to: usize) {
    let value = title_case(&scan.text[scan.toks[from].start..scan.toks[to - 1].end]);
    scan.push(from, to, EntityValue::Name(value), Vec::new());
}

fn opening(intro: &[&str]) -> Opening {
    if SENTENCE_STARTS.contains(&intro[0]) {
        Opening::Sentence
    } else if NEEDS_A_NAME.contains(&intro[0]) && intro.len() <= 2 || intro.ends_with(&["for"]) {
        Opening::NeedsAName
    } else {
        Opening::Strong
    }
}

/// The unused word at `i` with whether the guest wrote it with a capital.
fn word_at<'s>(scan: &'s Scan<'_>, i: usize) -> Option<(&'s str, bool)> {
    let t = scan.toks.get(i).filter(|_| !scan.used[i])?;
    (t.kind == TokKind::Word).then(|| {
        let capital = scan.text[t.start..].starts_with(char::is_uppercase);
        (t.norm.as_str(), capital)
    })
}

/// Whether the word at `i` may be the first of a name after `opening`.
fn starts_a_name(scan: &Scan<'_>, i: usize, opening: Opening) -> bool {
    let Some((w, capital)) = word_at(scan, i) else {
        return false;
    };
    if is_function_word(w) || super::vocab::number_word(w).is_some() || is_not_a_name(w) {
        return false;
    }
    if is_given_name(w) {
        return true;
    }
    match opening {
        Opening::Strong => capital || !is_ordinary(w),
        Opening::NeedsAName => capital,
        Opening::Sentence => capital && !is_ordinary(w),
    }
}

/// Whether the word at `i` goes on a name begun in lower case (`lower`) or
/// with a capital. Guests who write a name with capitals write all of it so;
/// in lower case, a word the NLU knows as ordinary ends it ("soy juan tengo").
fn continues_a_name(scan: &Scan<'_>, i: usize, lower: bool) -> bool {
    let Some((w, capital)) = word_at(scan, i) else {
        return false;
    };
    if is_function_word(w) || is_not_a_name(w) {
        return false;
    }
    capital || lower && (is_given_name(w) || !is_ordinary(w))
}

/// One to four name words from `i`, with particles between them; with
/// `from_after` a particle ends the name ("soy Juan de Córdoba").
fn name_at(
    scan: &Scan<'_>,
    i: usize,
    opening: Opening,
    from_after: bool,
) -> Option<(usize, usize)> {
    let i = i + usize::from(scan.is(i, &[":", ","]));
    if !starts_a_name(scan, i, opening) {
        return None;
    }
    let lower = word_at(scan, i).is_some_and(|(_, capital)| !capital);
    let mut j = i + 1;
    let mut end = j;
    let mut words = 1;
    while j < scan.toks.len() && words < MAX_NAME_WORDS {
        if !from_after && scan.is(j, PARTICLES) {
            // "de la Cruz", "del Río", "van der Berg": particles count only
            // when a name word follows them.
            let mut k = j;
            while k < scan.toks.len() && k - j < 3 && scan.is(k, PARTICLES) {
                k += 1;
            }
            if !continues_a_name(scan, k, lower) {
                break;
            }
            j = k;
            continue;
        }
        if !continues_a_name(scan, j, lower) {
            break;
        }
        j += 1;
        end = j;
        words += 1;
    }
    Some((i, end))
}

/// The name signed by the word at `sign`: the name words right before it
/// ("Hi, Luz Marina Ortega here"), from the first that may start a name
/// after an opening like "soy" ("Hello Maria here" is Maria).
fn name_before(scan: &Scan<'_>, sign: usize) -> Option<(usize, usize)> {
    let name_word = |k: usize| {
        word_at(scan, k).is_some_and(|(w, capital)| {
            !is_function_word(w) && !is_not_a_name(w) && (capital || is_name_in_lower_case(w))
        })
    };
    let mut start = sign;
    let mut words = 0;
    while start > 0 && words < MAX_NAME_WORDS {
        if name_word(start - 1) {
            start -= 1;
            words += 1;
            continue;
        }
        // "María de la Cruz here": particles between two name words.
        let last = start - 1;
        if words == 0 || !scan.is(last, PARTICLES) {
            break;
        }
        let mut p = last;
        while p > 0 && last - p < 3 && scan.is(p, PARTICLES) {
            p -= 1;
        }
        if scan.is(p, PARTICLES) || !name_word(p) {
            break;
        }
        start = p + 1;
    }
    while start < sign
        && (scan.is(start, PARTICLES) || !starts_a_name(scan, start, Opening::Sentence))
    {
        start += 1;
    }
    (start < sign).then_some((start, sign))
}

fn is_name_in_lower_case(w: &str) -> bool {
    is_given_name(w) || !is_ordinary(w)
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "y" | "and"
            | "e"
            | "i"
            | "im"
            | "mi"
            | "my"
            | "meu"
            | "minha"
            | "el"
            | "la"
            | "the"
            | "a"
            | "o"
            | "para"
            | "for"
            | "pra"
            | "con"
            | "with"
            | "com"
            | "por"
            | "gracias"
            | "thanks"
            | "obrigado"
            | "hola"
            | "hi"
            | "oi"
            | "quiero"
            | "quisiera"
            | "want"
            | "would"
            | "quero"
            | "mail"
            | "email"
            | "correo"
            | "telefono"
            | "phone"
            | "tel"
            | "celular"
            | "cel"
            | "whatsapp"
            | "que"
            | "is"
            | "es"
            | "looking"
            | "going"
            | "interested"
            | "here"
            | "not"
            | "no"
            | "nao"
            | "de"
            | "del"
            | "da"
            | "do"
            | "in"
            | "at"
            | "en"
            | "em"
            | "of"
            | "quien"
            | "quienes"
            | "who"
            | "whos"
            | "whom"
            | "whose"
            | "what"
            | "whats"
            | "which"
            | "quem"
            | "cual"
            | "qual"
            | "please"
            | "pls"
    ) || super::vocab::weekday(w).is_some()
        || super::vocab::month(w).is_some()
}

/// Each word with a capital: as the guest wrote it when it has capitals
/// inside ("McDonald"), recased when written all in lower or upper case.
fn title_case(raw: &str) -> String {
    raw.split_whitespace()
        .map(title_word)
        .collect::<Vec<String>>()
        .join(" ")
}

fn title_word(w: &str) -> String {
    let lower = w.to_lowercase();
    if PARTICLES.contains(&lower.as_str()) {
        return lower;
    }
    let mixed = w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase);
    let word = if mixed {
        w.to_string()
    } else {
        capitalise(&lower)
    };
    // "o'connor" is O'Connor, "d'angelo" D'Angelo: a one-letter prefix and
    // an apostrophe.
    match word.char_indices().nth(1) {
        Some((k, c)) if matches!(c, '\'' | '’') => {
            let (head, tail) = word.split_at(k + c.len_utf8());
            format!("{head}{}", capitalise(tail))
        }
        _ => word,
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
