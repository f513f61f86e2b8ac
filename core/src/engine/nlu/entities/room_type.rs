//! Room types, matched against the hotel's own names and synonyms.
//!
//! Many names are ordinary words too: "me cobraron el doble", "una pregunta
//! simple", "I'm single", "viajo con mi familia". A one-word name that is also
//! an everyday word counts only where it names a room.

use super::{Scan, vocab};
use crate::domain::Language;
use crate::engine::nlu::output::EntityValue;
use crate::engine::nlu::text::fold;

/// Type names that are everyday adjectives in es/en/pt ("el doble", "simple").
const ORDINARY: &[&str] = &[
    "doble",
    "double",
    "simple",
    "single",
    "individual",
    "sencilla",
    "sencillo",
    "triple",
    "tripla",
    "triplo",
    "duplo",
    "dupla",
    "familiar",
    "standard",
    "estandar",
    "superior",
];
/// Type names that describe who travels ("vamos en familia", "um casal"):
/// a room type only beside a room or bed ("quarto de casal", "family room").
const PEOPLE: &[&str] = &[
    "familia",
    "family",
    "casal",
    "pareja",
    "couple",
    "matrimonio",
];
/// Words after which an ordinary word is a room asked for: "una doble",
/// "tienen dobles?", "quero duplo", "a double", "precio de la single".
const BEFORE_A_TYPE: &[&str] = &[
    "una",
    "la",
    "las",
    "unas",
    "esa",
    "esta",
    "otra",
    "um",
    "uma",
    "os",
    "as",
    "essa",
    "outra",
    "outro",
    "a",
    "an",
    "the",
    "another",
    "one",
    "this",
    "that",
    "tienen",
    "tenes",
    "tiene",
    "tenemos",
    "hay",
    "quiero",
    "queremos",
    "quisiera",
    "queria",
    "necesito",
    "necesitamos",
    "busco",
    "buscamos",
    "reservar",
    "reservo",
    "prefiero",
    "preferimos",
    "tem",
    "quero",
    "preciso",
    "precisamos",
    "have",
    "need",
    "want",
    "book",
    "prefer",
    "en",
    "em",
    "de",
    "para",
    "pra",
    "tipo",
    "in",
    "for",
    "precio",
    "precios",
    "tarifa",
    "tarifas",
    "valor",
    "valores",
    "preco",
    "precos",
    "price",
    "prices",
    "rate",
    "rates",
    "cuesta",
    "sale",
    "custa",
    "alguna",
    "alguno",
    "algun",
    "algunas",
    "algunos",
    "algum",
    "alguma",
    "any",
    "some",
    "got",
    "last",
    "ultima",
    "reserve",
    "reserva",
    "deluxe",
    "premium",
    "junior",
    "executive",
];
/// Portuguese rooms are masculine ("o quarto"): "o duplo", "reserva do triplo".
/// Not in Spanish, where "o" is "or" and "el doble" is twice as much.
const PT_BEFORE_A_TYPE: &[&str] = &["o", "do", "no", "pelo"];
/// Joining words: "doble o triple", "single or double".
const AND_OR: &[&str] = &["o", "or", "ou", "y", "and", "e", ","];
/// English puts the adjective before its noun: "a double charge" is no room,
/// "a double for 2 nights" or "a double free on the 12th" is. Nouns that make
/// a type word an ordinary adjective.
const EN_NOT_A_ROOM_AFTER: &[&str] = &[
    "charge",
    "charges",
    "charged",
    "charging",
    "bill",
    "billed",
    "billing",
    "payment",
    "payments",
    "booking",
    "bookings",
    "booked",
    "check",
    "checked",
    "checking",
    "person",
    "persons",
    "people",
    "traveler",
    "travelers",
    "traveller",
    "travellers",
    "parent",
    "parents",
    "mom",
    "mum",
    "dad",
    "mother",
    "father",
    "shot",
    "shots",
    "espresso",
    "trouble",
    "digits",
];

pub fn extract(scan: &mut Scan<'_>) {
    // The longest name wins ("junior suite" over "suite").
    let mut names: Vec<(Vec<String>, &str)> = scan
        .ctx
        .room_types
        .iter()
        .flat_map(|rt| {
            rt.names.iter().map(move |n| {
                (
                    fold(n)
                        .split_whitespace()
                        .map(String::from)
                        .collect::<Vec<_>>(),
                    rt.id.as_str(),
                )
            })
        })
        .filter(|(words, _)| !words.is_empty())
        .collect();
    names.sort_by_key(|(words, _)| std::cmp::Reverse(words.iter().map(String::len).sum::<usize>()));
    let mut i = 0;
    // Where the last type ended, for "doble o triple".
    let mut last_end = None;
    while i < scan.toks.len() {
        let hit = names.iter().find(|(words, _)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| matches_word(scan.w(i + k), w, scan.lang))
                && (words.len() > 1 || names_a_room(scan, i, &words[0], last_end))
        });
        match hit {
            Some((words, id)) => {
                let end = i + words.len();
                let id = (*id).to_string();
                scan.push(i, end, EntityValue::RoomType(id), Vec::new());
                last_end = Some(end);
                i = end;
            }
            None => i += 1,
        }
    }
}

/// The folded token at `i` even when another extractor used it ("2 habitaciones" before "dobles").
fn raw<'s>(scan: &'s Scan<'_>, i: usize) -> &'s str {
    scan.toks.get(i).map_or("", |t| t.norm.as_str())
}

/// A room or bed right before (maybe through "de"/"tipo") or right after `i`:
/// "habitación doble", "quarto de casal", "cama de casal", "double bed"; or
/// one left unsaid: "o de casal", "la de matrimonio", "the family one".
pub fn beside_room_noun(scan: &Scan<'_>, i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map_or("", |j| raw(scan, j));
    let room = |w: &str| vocab::is_room_or_bed(w);
    room(before(1))
        || (matches!(before(1), "de" | "do" | "da" | "tipo") && room(before(2)))
        || (before(1) == "de" && matches!(before(2), "o" | "a" | "os" | "as" | "el" | "la" | "las"))
        || room(raw(scan, i + 1))
        || matches!(raw(scan, i + 1), "one" | "ones")
}

/// Whether the one-word name `name`, found at `i`, is said of a room here.
fn names_a_room(scan: &Scan<'_>, i: usize, name: &str, last_end: Option<usize>) -> bool {
    if beside_room_noun(scan, i) {
        return true;
    }
    if PEOPLE.contains(&name) {
        return false;
    }
    if !ORDINARY.contains(&name) {
        return true;
    }
    // At the start of the message or of a sentence: "Doble, por favor", "single?".
    let Some(p) = i.checked_sub(1) else {
        return en_noun_does_not_follow(scan, i);
    };
    let prev = raw(scan, p);
    let asked = scan.toks[p].punct().is_some_and(|c| c != ',')
        || BEFORE_A_TYPE.contains(&prev)
        // "superior doble", "standard double": two type words name one room.
        || ORDINARY.contains(&prev)
        || (scan.lang == Language::Pt && PT_BEFORE_A_TYPE.contains(&prev))
        || scan.toks[p].num().is_some()
        || vocab::number_word(prev).is_some()
        || (AND_OR.contains(&prev) && last_end == Some(i - 1));
    asked && en_noun_does_not_follow(scan, i)
}

/// "the double charge", "a single person": in English the word qualifies the
/// noun after it.
fn en_noun_does_not_follow(scan: &Scan<'_>, i: usize) -> bool {
    scan.lang != Language::En || !EN_NOT_A_ROOM_AFTER.contains(&raw(scan, i + 1))
}

/// The name, its plural ("dobles", "suites", "doubles"), or a slip of the
/// keys on a long name ("dobel", "tripel"); in es/pt also "suit" for "suite",
/// which in English is a word of its own.
fn matches_word(token: &str, name: &str, lang: Language) -> bool {
    if token.is_empty() {
        return false;
    }
    token == name
        || token.strip_suffix('s').is_some_and(|t| t == name)
        || token.strip_suffix("es").is_some_and(|t| t == name)
        || (name.len() >= 5 && swapped_neighbours(token, name))
        || (lang != Language::En
            && name.len() >= 5
            && name.strip_suffix('e').is_some_and(|n| n == token))
}

/// Whether `a` is `b` with two neighbouring letters swapped ("dobel", "tirple").
fn swapped_neighbours(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let Some(k) = (0..a.len()).find(|&k| a[k] != b[k]) else {
        return false;
    };
    k + 1 < a.len() && a[k] == b[k + 1] && a[k + 1] == b[k] && a[k + 2..] == b[k + 2..]
}

#[cfg(test)]
mod tests;
