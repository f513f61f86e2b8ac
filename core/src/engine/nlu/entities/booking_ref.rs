//! Booking references: the demo PMS's "CS-1A2B3C4D" anywhere, QloApps's
//! nine-letter order references ("LSEEJZDXO") when they cannot be a word, and
//! numbers or codes right after a word that names them ("reserva 4521",
//! "mi reserva es la 7", "booking #A12B", "localizador: XK12").

use super::Scan;
use super::vocab::{COUNT_NOUNS, CURRENCIES};
use crate::engine::nlu::output::EntityValue;
use crate::engine::nlu::text::fold;

const KEYWORDS: &[&str] = &[
    "reserva",
    "reservation",
    "reservacion",
    "booking",
    "order",
    "pedido",
    "ref",
    "referencia",
    "reference",
    "codigo",
    "code",
    "localizador",
    "confirmacion",
    "confirmation",
];
/// Keywords that name a booking by themselves: after them even "7" is one.
/// After the others ("order 2 pizzas", "code 4") a short number needs
/// "#" or "number" to be a reference.
const BOOKING_NOUNS: &[&str] = &[
    "reserva",
    "reservation",
    "reservacion",
    "booking",
    "localizador",
    "confirmacion",
    "confirmation",
];
const NUMBER_WORDS: &[&str] = &[
    "nro", "nº", "no", "n", "numero", "number", "num", "nr", "#", "º", "°",
];
const FILLERS: &[&str] = &[
    "nº",
    "nro",
    "no",
    "n",
    "numero",
    "number",
    "num",
    "#",
    ":",
    "º",
    "°",
    "es",
    "is",
    "e",
    "de",
    "code",
    "codigo",
    "ref",
    "reference",
    "referencia",
    "mi",
    "my",
    "minha",
    "meu",
    "da",
    "do",
    "of",
    "nr",
    ".",
    "la",
    "el",
    "the",
    "a",
    "o",
];
/// Fillers that, before a short number, make it a date or a count
/// ("reserva el 15", "una reserva de 2").
const NOT_BEFORE_SHORT: &[&str] = &["el", "de", "do", "da", "the", "of", "o"];

pub fn extract(scan: &mut Scan<'_>) {
    let text = scan.text;
    let words = raw_words(text);
    let has_lowercase = text.chars().any(char::is_lowercase);
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (s, e) = words[k];
        if let Some((end, value, next)) = demo_pms_ref(text, &words, k) {
            found.push((s, end, value));
            k = next;
            continue;
        }
        k += 1;
        let w = &text[s..e];
        let before = keyword_before(text, &words, k - 1);
        if w.len() == 9 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            // Written in capitals in a message that is not, or after a
            // booking word; and never a word ("ARGENTINA", "CANCELADA").
            let capitals = has_lowercase && w.chars().all(|c| c.is_ascii_uppercase());
            if (capitals || before.is_some()) && looks_random(w) {
                found.push((s, e, w.to_ascii_uppercase()));
            }
            continue;
        }
        let hash = s > 0 && text.as_bytes()[s - 1] == b'#';
        let digits_only = w.chars().all(|c| c.is_ascii_digit());
        let allowed = if digits_only && w.len() <= 2 {
            hash || before.is_some_and(|b| b.short_number)
        } else {
            w.len() >= 3 && (hash || before.is_some())
        };
        if allowed
            && w.len() <= 12
            && w.chars().all(|c| c.is_ascii_alphanumeric())
            && w.chars().any(|c| c.is_ascii_digit())
            && !is_count_or_date(text, s, e)
        {
            found.push((s, e, w.to_ascii_uppercase()));
        }
    }
    for (s, e, v) in found {
        let start = if s > 0 && text.as_bytes()[s - 1] == b'#' {
            s - 1
        } else {
            s
        };
        if !scan.bytes_used(start, e) {
            scan.push_bytes(start, e, EntityValue::BookingRef(v));
        }
    }
}

struct Before {
    /// Whether a number of one or two digits here is a reference.
    short_number: bool,
}

/// A keyword up to three words before word `k`, with only fillers between.
fn keyword_before(text: &str, words: &[(usize, usize)], k: usize) -> Option<Before> {
    (1..=3).find_map(|back| {
        let (ps, pe) = *words.get(k.checked_sub(back)?)?;
        let kw = fold(&text[ps..pe]);
        let between: Vec<String> = (1..back)
            .map(|m| {
                let (fs, fe) = words[k - m];
                fold(&text[fs..fe])
            })
            .collect();
        let only_fillers = between.iter().all(|f| FILLERS.contains(&f.as_str()));
        if !KEYWORDS.contains(&kw.as_str()) || !only_fillers {
            return None;
        }
        let hash = text[pe..words[k].0].contains('#');
        let numbered = hash || between.iter().any(|f| NUMBER_WORDS.contains(&f.as_str()));
        let short_number = (BOOKING_NOUNS.contains(&kw.as_str()) || numbered)
            && !between
                .iter()
                .any(|f| NOT_BEFORE_SHORT.contains(&f.as_str()));
        Some(Before { short_number })
    })
}

/// The demo PMS's references, `CS-` and eight hex digits, however the guest
/// typed them ("cs-1a2b3c4d", "CS1A2B3C4D", "CS 1A2B3C4D"): the reference
/// as the PMS stores it, its end, and the next word to read.
fn demo_pms_ref(text: &str, words: &[(usize, usize)], k: usize) -> Option<(usize, String, usize)> {
    let (s, e) = words[k];
    let w = &text[s..e];
    let is_hex8 = |h: &str| h.len() == 8 && h.chars().all(|c| c.is_ascii_hexdigit());
    let (hex, end, next) =
        if w.len() == 10 && w.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("cs")) {
            (&w[2..], e, k + 1)
        } else if w.eq_ignore_ascii_case("cs") {
            let &(hs, he) = words.get(k + 1)?;
            let gap = &text[e..hs];
            if !matches!(gap, "-" | " " | "_" | "–" | "—" | " - ") {
                return None;
            }
            (&text[hs..he], he, k + 2)
        } else {
            return None;
        };
    is_hex8(hex).then(|| (end, format!("CS-{}", hex.to_ascii_uppercase()), next))
}

/// Whether a nine-letter word cannot be Spanish, English or Portuguese:
/// QloApps draws its references from random capitals, which rarely have
/// three vowels with no run of four consonants, while words nearly always
/// do. Stretched words ("URGENTEEE") have vowels to spare, and laughs
/// ("JAJAJAJAJ") too few different letters.
fn looks_random(w: &str) -> bool {
    let is_vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let vowels = w.chars().filter(|&c| is_vowel(c)).count();
    let longest_consonant_run = w.split(is_vowel).map(str::len).max().unwrap_or(0);
    let mut letters: Vec<char> = w.chars().map(|c| c.to_ascii_lowercase()).collect();
    letters.sort_unstable();
    letters.dedup();
    letters.len() >= 6 && (vowels <= 2 || longest_consonant_run >= 4)
}

/// Whether the number at `s..e` counts something or is part of a date or a
/// time: "reserva 2 noches", "booking 15th", "reserva 15/3", "reserva 10:30",
/// "reserva 2 para el finde".
fn is_count_or_date(text: &str, s: usize, e: usize) -> bool {
    let w = fold(&text[s..e]);
    let suffix = w.trim_start_matches(|c: char| c.is_ascii_digit());
    if suffix.len() < w.len() && is_unit(suffix) {
        return true;
    }
    let glued = text[e..].chars().next();
    let then_digit = text[e..].chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    if matches!(glued, Some('/' | ':' | '.' | '-' | 'h')) && then_digit || glued == Some('%') {
        return true;
    }
    let rest = fold(text[e..].trim_start());
    let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    let short = w.len() <= 2;
    is_unit(&next)
        || super::vocab::month(&next).is_some()
        || short
            && matches!(
                next.as_str(),
                "para" | "for" | "pra" | "con" | "with" | "com" | "mas" | "more"
            )
}

/// Words that make the number before them a count, an ordinal, a price or a
/// time: the nouns guests count, currencies, room types and beds ("2
/// dobles"), date links ("15 de", "3 al 5") and ordinal and clock endings.
fn is_unit(word: &str) -> bool {
    COUNT_NOUNS.contains(&word)
        || CURRENCIES.contains(&word)
        || matches!(
            word,
            "cuarto"
                | "cuartos"
                | "doble"
                | "dobles"
                | "double"
                | "doubles"
                | "single"
                | "singles"
                | "simple"
                | "simples"
                | "suite"
                | "suites"
                | "triple"
                | "triples"
                | "cama"
                | "camas"
                | "bed"
                | "beds"
                | "de"
                | "del"
                | "al"
                | "to"
                | "h"
                | "hs"
                | "hrs"
                | "pm"
                | "am"
                | "st"
                | "nd"
                | "rd"
                | "th"
                | "mil"
        )
}

/// Maximal runs of letters and digits, as byte spans.
fn raw_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{for_test, test_ctx};
    use crate::domain::Language::{self, En, Es, Pt};

    fn reference(text: &str, lang: Language) -> Option<String> {
        for_test(text, lang, &test_ctx("2026-03-05")).1.booking_ref
    }

    #[test]
    fn the_demo_pms_references_however_typed_and_never_a_date() {
        for (text, lang) in [
            ("reserva CS-1A2B3C4D", Es),
            ("quiero cancelar CS-1A2B3C4D", Es),
            ("mi codigo es cs-1a2b3c4d", Es),
            ("reserva CS1A2B3C4D", Es),
            ("my booking is cs 1a2b3c4d, can I check in early?", En),
            ("CANCELAR CS-1A2B3C4D", Es),
            ("minha reserva é Cs-1a2B3c4D", Pt),
        ] {
            assert_eq!(
                reference(text, lang).as_deref(),
                Some("CS-1A2B3C4D"),
                "{text}"
            );
            let s = for_test(text, lang, &test_ctx("2026-03-05")).1;
            assert_eq!(s.checkin, None, "{text}");
        }
        assert_eq!(
            reference("booking ref: CS-9F8E7D6C", En).as_deref(),
            Some("CS-9F8E7D6C")
        );
        // Not eight hex digits after "CS".
        assert_eq!(reference("CS-1A2B3C", Es), None);
        assert_eq!(reference("cs-facebook", En), None);
    }

    #[test]
    fn qloapps_order_numbers_after_a_booking_word() {
        for (text, lang, want) in [
            ("reserva 42", Es, "42"),
            ("quiero cancelar la reserva 42 por favor", Es, "42"),
            ("mi reserva es la 7", Es, "7"),
            ("booking 42", En, "42"),
            ("order #42", En, "42"),
            ("my booking number is 9", En, "9"),
            ("minha reserva é a 7", Pt, "7"),
            ("reserva nº 15", Es, "15"),
        ] {
            assert_eq!(reference(text, lang).as_deref(), Some(want), "{text}");
        }
        // Counts, dates and times after a booking word are not references.
        for (text, lang) in [
            ("reserva 2 noches", Es),
            ("reserva para 2", Es),
            ("una reserva de 2", Es),
            ("reserva el 15", Es),
            ("reserva 15/3", Es),
            ("reserva 15 de marzo", Es),
            ("booking 2 rooms", En),
            ("booking 15th march", En),
            ("reserva 2 dobles", Es),
            ("reserva 2 para el finde", Es),
            ("can I order 2 breakfasts", En),
            ("reserva 10hs", Es),
            ("reserva 3 noites", Pt),
        ] {
            assert_eq!(reference(text, lang), None, "{text}");
        }
    }

    #[test]
    fn qloapps_letter_references_in_capitals_or_lower_case() {
        for (text, lang) in [
            ("HOLA QUIERO CANCELAR RESERVA LSEEJZDXO", Es),
            ("mi reserva es lseejzdxo", Es),
            ("mi reserva es LSEEJZDXO", Es),
            ("cancel my booking LSEEJZDXO", En),
            ("Hola, quiero cancelar LSEEJZDXO", Es),
            ("minha reserva é lseejzdxo", Pt),
        ] {
            assert_eq!(
                reference(text, lang).as_deref(),
                Some("LSEEJZDXO"),
                "{text}"
            );
        }
        // Without a booking word a lower-case word is never a code.
        assert_eq!(reference("hola lseejzdxo", Es), None);
    }

    #[test]
    fn a_nine_letter_word_in_capitals_is_not_a_reference() {
        for (text, lang) in [
            ("Hola, venimos de ARGENTINA", Es),
            ("vamos a BARILOCHE en julio", Es),
            ("me dice CANCELADO en la app", Es),
            ("URGENTEEE necesito ayuda", Es),
            ("I said PLEASEEEE", En),
            ("Te escribo desde URUGUAYYY", Es),
            ("mi reserva CANCELADA??", Es),
            ("RESERVA CANCELADA", Es),
            ("my booking CONFIRMED?", En),
            ("jajaja JAJAJAJAJ", Es),
            ("estou em FLORIANÓPOLIS", Pt),
        ] {
            assert_eq!(reference(text, lang), None, "{text}");
        }
    }
}
