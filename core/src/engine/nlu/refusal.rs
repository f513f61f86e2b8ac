//! A cancellation the guest turns down ("en vez de cancelar…", "I don't want
//! to cancel, just…", "não quero cancelar"): the words name cancelling, but
//! what the guest wants is what comes with them, usually a change of dates.
//! The refusal is cut off as its own piece and read by rule as a no.

/// What turns a cancellation down, folded, before the word for cancelling.
const REFUSALS: &[&[&str]] = &[
    &["en", "vez", "de"],
    &["en", "lugar", "de"],
    &["antes", "que"],
    &["no", "quiero"],
    &["no", "queremos"],
    &["no", "lo", "quiero"],
    &["no", "la", "quiero"],
    &["no", "la", "queremos"],
    &["no", "hace", "falta"],
    &["instead", "of"],
    &["rather", "than"],
    &["dont", "want", "to"],
    &["do", "not", "want", "to"],
    &["no", "need", "to"],
    &["dont"],
    &["do", "not"],
    &["em", "vez", "de"],
    &["ao", "inves", "de"],
    &["nao", "quero"],
    &["nao", "queremos"],
    &["nao", "quer"],
    &["nao", "precisa"],
];

/// Words the refusal may start with ("I don't want to…", "yo no quiero…").
const SUBJECTS: &[&str] = &["i", "we", "yo", "nosotros", "eu", "nos", "a", "gente"];

/// What may follow the word for cancelling and still be part of the refusal
/// ("no quiero cancelar la reserva", "I don't want to cancel my booking").
const OBJECTS: &[&str] = &[
    "la",
    "lo",
    "mi",
    "nuestra",
    "reserva",
    "it",
    "the",
    "my",
    "our",
    "booking",
    "reservation",
    "stay",
    "a",
    "minha",
    "nossa",
];

/// A word for cancelling: "cancelar", "cancelarla", "cancelling", "anular".
fn cancels(w: &str) -> bool {
    w.starts_with("cancel") || w.starts_with("anular")
}

fn starts(words: &[&str], at: usize, phrase: &[&str]) -> bool {
    words.len() >= at + phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| p == w)
}

/// If a refused cancellation starts at word `at`, how many words it takes.
pub fn refusal_at(words: &[&str], at: usize) -> Option<usize> {
    let mut i = at;
    while i < words.len() && SUBJECTS.contains(&words[i]) && i - at < 2 {
        i += 1;
    }
    let refusal = REFUSALS
        .iter()
        .filter(|r| starts(words, i, r))
        .map(|r| r.len())
        .max()?;
    i += refusal;
    if !words.get(i).is_some_and(|w| cancels(w)) {
        return None;
    }
    i += 1;
    while i < words.len() && OBJECTS.contains(&words[i]) {
        i += 1;
    }
    Some(i - at)
}

/// Whether the words are a refused cancellation and nothing else.
pub fn is_refusal(words: &[&str]) -> bool {
    refusal_at(words, 0) == Some(words.len())
}
