//! The guest's name after words that introduce it: "me llamo Ana Gómez",
//! "my name is John", "a nombre de Pérez", "meu nome é João Silva".

use super::Scan;
use crate::engine::nlu::output::EntityValue;

const INTRODUCERS: &[&[&str]] = &[
    &["me", "llamo"],
    &["mi", "nombre", "es"],
    &["a", "nombre", "de"],
    &["el", "nombre", "es"],
    &["nombre", ":"],
    &["nombre"],
    &["soy"],
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
    &["sou", "o"],
    &["sou", "a"],
    &["sou"],
    &["nome", ":"],
];
/// Introducers that also start ordinary sentences ("soy de Córdoba", "I'm looking"):
/// they need the name to be written with a capital letter.
const WEAK: &[&str] = &["soy", "i", "im", "this", "sou", "under", "nombre"];
/// Introducers after which "de" is "from": "soy María de Buenos Aires".
const FROM_AFTER: &[&str] = &["soy", "sou"];
const PARTICLES: &[&str] = &[
    "de", "del", "da", "dos", "das", "do", "la", "las", "los", "van", "von", "der", "den",
];
/// Name words at most, particles not counted ("Jesús María de la Cruz" is three).
const MAX_NAME_WORDS: usize = 4;

pub fn extract(scan: &mut Scan<'_>) {
    for i in 0..scan.toks.len() {
        for intro in INTRODUCERS {
            if !intro.iter().enumerate().all(|(k, w)| scan.is(i + k, &[w])) {
                continue;
            }
            // "a reservation for Friday": "for" needs a capital too.
            let weak = WEAK.contains(&intro[0]) && intro.len() <= 2 || intro.ends_with(&["for"]);
            let from_after = FROM_AFTER.contains(&intro[0]);
            if let Some((from, to)) = name_at(scan, i + intro.len(), weak, from_after) {
                let value = title_case(&scan.text[scan.toks[from].start..scan.toks[to - 1].end]);
                scan.push(from, to, EntityValue::Name(value), Vec::new());
                return;
            }
        }
    }
}

/// One to four name words from `i`, with particles between them; with
/// `weak` introducers the first must be capitalised and must not be a
/// nationality or a state ("I'm Late", "Soy Argentina"); with `from_after`
/// a particle ends the name ("soy Juan de Córdoba").
fn name_at(scan: &Scan<'_>, i: usize, weak: bool, from_after: bool) -> Option<(usize, usize)> {
    let i = i + usize::from(scan.is(i, &[":", ","]));
    let first = scan.w(i);
    if weak
        && (super::not_names::is_not_a_name(first) || super::vocab::number_word(first).is_some())
    {
        return None;
    }
    let mut j = i;
    let mut end = i;
    let mut words = 0;
    while j < scan.toks.len() && words < MAX_NAME_WORDS {
        let t = &scan.toks[j];
        let raw = &scan.text[t.start..t.end];
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let word = t.kind == crate::engine::nlu::text::TokKind::Word && !scan.used[j];
        if !word {
            break;
        }
        if j > i && !from_after && scan.is(j, PARTICLES) {
            // "de la Cruz", "del Río", "van der Berg": particles count only
            // when a capitalised word follows them.
            let mut k = j;
            while k < scan.toks.len() && k - j < 3 && scan.is(k, PARTICLES) {
                k += 1;
            }
            let next_capital = scan.toks.get(k).is_some_and(|n| {
                n.kind == crate::engine::nlu::text::TokKind::Word
                    && !scan.used[k]
                    && scan.text[n.start..].starts_with(char::is_uppercase)
            });
            if !next_capital {
                break;
            }
            j = k;
            continue;
        }
        if (!capital && (weak || j > i && !all_lowercase(scan.text))) || is_function_word(&t.norm) {
            break;
        }
        j += 1;
        end = j;
        words += 1;
    }
    (end > i).then_some((i, end))
}

/// Guests who type all in lower case still get their name read after a strong introducer.
fn all_lowercase(text: &str) -> bool {
    !text.chars().any(char::is_uppercase)
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "y" | "and"
            | "e"
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
            | "whom"
            | "whose"
            | "what"
            | "which"
            | "quem"
            | "cual"
            | "qual"
            | "please"
            | "pls"
    ) || super::vocab::weekday(w).is_some()
        || super::vocab::month(w).is_some()
}

fn title_case(raw: &str) -> String {
    raw.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if PARTICLES.contains(&lower.as_str()) {
                return lower;
            }
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::{for_test, test_ctx};
    use crate::domain::Language::{self, En, Es, Pt};

    fn name(text: &str, lang: Language) -> Option<String> {
        for_test(text, lang, &test_ctx("2026-03-05")).1.name
    }

    #[test]
    fn questions_places_and_nationalities_are_not_names() {
        for (text, lang) in [
            ("a nombre de quien?", Es),
            ("a nombre de quién está la reserva?", Es),
            ("em nome de quem?", Pt),
            ("I'm Ok", En),
            ("I'm Late", En),
            ("I'm German", En),
            ("I'm Canadian and I need a room", En),
            ("I'm Brazilian", En),
            ("Soy Argentina", Es),
            ("Soy Uruguayo, quiero reservar", Es),
            ("Sou Brasileira", Pt),
            ("I have a reservation for Friday", En),
            ("a booking for Two", En),
        ] {
            assert_eq!(name(text, lang), None, "{text}");
        }
    }

    #[test]
    fn the_name_without_what_surrounds_it() {
        for (text, lang, want) in [
            ("under the name of Smith please", En, "Smith"),
            ("Soy María de Buenos Aires", Es, "María"),
            ("soy Juan de Córdoba", Es, "Juan"),
            ("Sou a Ana do Rio", Pt, "Ana"),
            // A particle after a strong introducer is part of the name.
            ("me llamo María de la Cruz", Es, "María de la Cruz"),
            ("meu nome é João da Silva", Pt, "João da Silva"),
        ] {
            assert_eq!(name(text, lang).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn spanish_names_in_english_messages() {
        for (text, want) in [
            (
                "I have a reservation for Juan Carlos Pérez, can I check in early?",
                "Juan Carlos Pérez",
            ),
            (
                "Hi, this is Jesús María de la Cruz, we arrive on Friday",
                "Jesús María de la Cruz",
            ),
            (
                "booking for Rosario de la Peña, 2 adults",
                "Rosario de la Peña",
            ),
            ("i have a booking under maria gonzalez", "Maria Gonzalez"),
            ("my name is Dolores del Río", "Dolores del Río"),
        ] {
            assert_eq!(name(text, En).as_deref(), Some(want), "{text}");
        }
    }
}
