//! Booking references: the PMS's nine-letter codes ("LSEEJZDXO") anywhere,
//! and numbers or codes right after a word that names them ("reserva 4521",
//! "booking #A12B", "localizador: XK12").

use super::Scan;
use crate::engine::nlu::output::EntityValue;

const KEYWORDS: &[&str] = &[
    "reserva",
    "reservation",
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
const FILLERS: &[&str] = &[
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

/// Words spelled in capitals that are not codes.
fn is_code_like(word: &str) -> bool {
    word.len() == 9 && word.chars().all(|c| c.is_ascii_uppercase())
}

pub fn extract(scan: &mut Scan<'_>) {
    let words = raw_words(scan.text);
    // In a message typed in capitals, nine-letter words are words, not codes.
    let has_lowercase = scan.text.chars().any(|c| c.is_lowercase());
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (k, &(s, e)) in words.iter().enumerate() {
        let w = &scan.text[s..e];
        if is_code_like(w) && has_lowercase {
            found.push((s, e, w.to_string()));
            continue;
        }
        let hash = s > 0 && scan.text.as_bytes()[s - 1] == b'#';
        let keyword_before = (1..=3).any(|back| {
            k >= back && {
                let (ps, pe) = words[k - back];
                let kw = super::super::text::fold(&scan.text[ps..pe]);
                KEYWORDS.contains(&kw.as_str())
                    && (1..back).all(|m| {
                        let (fs, fe) = words[k - m];
                        FILLERS.contains(&super::super::text::fold(&scan.text[fs..fe]).as_str())
                    })
            }
        });
        let has_digit = w.chars().any(|c| c.is_ascii_digit());
        let all_alnum = w.chars().all(|c| c.is_ascii_alphanumeric());
        let long_enough = w.len() >= 3 || (hash && w.chars().all(|c| c.is_ascii_digit()));
        let digits_only_short = w.len() <= 2 && !hash;
        let is_count = next_word_is_unit(scan.text, e);
        if all_alnum
            && has_digit
            && long_enough
            && !digits_only_short
            && !is_count
            && (hash || keyword_before)
            && w.len() <= 12
        {
            found.push((s, e, w.to_ascii_uppercase()));
        }
    }
    for (s, e, v) in found {
        let start = if s > 0 && scan.text.as_bytes()[s - 1] == b'#' {
            s - 1
        } else {
            s
        };
        if !scan.bytes_used(start, e) {
            scan.push_bytes(start, e, EntityValue::BookingRef(v));
        }
    }
}

/// Whether the word after byte `e` makes the number a count ("reserva 2 noches").
fn next_word_is_unit(text: &str, e: usize) -> bool {
    let rest = super::super::text::fold(text[e..].trim_start());
    let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        next.as_str(),
        "noches"
            | "nights"
            | "noites"
            | "habitaciones"
            | "rooms"
            | "quartos"
            | "personas"
            | "people"
            | "pessoas"
            | "adultos"
            | "adults"
            | "de"
            | "del"
            | "al"
            | "to"
            | "hs"
            | "pm"
            | "am"
            | "dias"
            | "days"
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
