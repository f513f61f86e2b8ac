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
    &["under", "the", "name"],
    &["in", "the", "name", "of"],
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
const PARTICLES: &[&str] = &["de", "del", "da", "dos", "das", "do", "la", "van", "von"];

pub fn extract(scan: &mut Scan<'_>) {
    for i in 0..scan.toks.len() {
        for intro in INTRODUCERS {
            if !intro.iter().enumerate().all(|(k, w)| scan.is(i + k, &[w])) {
                continue;
            }
            let weak = WEAK.contains(&intro[0]) && intro.len() <= 2;
            if let Some((from, to)) = name_at(scan, i + intro.len(), weak) {
                let value = title_case(&scan.text[scan.toks[from].start..scan.toks[to - 1].end]);
                scan.push(from, to, EntityValue::Name(value), Vec::new());
                return;
            }
        }
    }
}

/// One to four name words from `i`; with `weak` introducers the first must be capitalised.
fn name_at(scan: &Scan<'_>, i: usize, weak: bool) -> Option<(usize, usize)> {
    let i = i + usize::from(scan.is(i, &[":", ","]));
    let mut j = i;
    while j < scan.toks.len() && j - i < 4 {
        let t = &scan.toks[j];
        let raw = &scan.text[t.start..t.end];
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let word = t.kind == crate::engine::nlu::text::TokKind::Word && !scan.used[j];
        let particle = j > i
            && scan.is(j, PARTICLES)
            && j + 1 < scan.toks.len()
            && scan.text[scan.toks[j + 1].start..].starts_with(char::is_uppercase);
        if !word
            || (!capital && !particle && (weak || j > i && !all_lowercase(scan.text)))
            || is_function_word(&t.norm) && !particle
        {
            break;
        }
        j += 1;
    }
    (j > i).then_some((i, j))
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
