//! Words for matching: lower case, accents folded, stop words dropped, a light
//! plural strip — so "estacionamientos", "Estacionamiento" and "estacionamiento" meet.

use crate::domain::Language;

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

const STOP_ES: &[&str] = &[
    "a", "al", "con", "de", "del", "el", "en", "es", "hay", "la", "las", "lo", "los", "me", "mi",
    "para", "por", "que", "se", "si", "su", "sus", "te", "tiene", "tienen", "un", "una", "y", "o",
    "hola", "puedo", "puede", "se", "como", "cual", "donde", "cuando", "ustedes", "tenes",
    "tienes", "algo", "algun", "alguna", "quiero", "saber",
];
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "can", "do", "does", "for", "have", "hi", "hello", "how",
    "i", "in", "is", "it", "me", "my", "of", "on", "or", "the", "there", "to", "we", "what",
    "when", "where", "you", "your", "any", "there", "would", "like", "know", "please",
];
const STOP_PT: &[&str] = &[
    "a", "ao", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "eu", "ha", "o", "os",
    "ola", "para", "por", "que", "se", "tem", "tém", "um", "uma", "voces", "voce", "na", "no",
    "nas", "nos", "posso", "pode", "como", "onde", "quando", "qual", "quero", "saber", "algum",
    "alguma",
];

fn stop_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::Es => STOP_ES,
        Language::En => STOP_EN,
        Language::Pt => STOP_PT,
    }
}

/// Content words of `text`, normalised for matching in `lang`.
pub fn terms(text: &str, lang: Language) -> Vec<String> {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !stop_words(lang).contains(w))
        .map(stem)
        .collect()
}

fn stem(w: &str) -> String {
    let w = if w.len() > 4 && w.ends_with("es") && !w.ends_with("ies") {
        &w[..w.len() - 2]
    } else if w.len() > 3 && w.ends_with('s') {
        &w[..w.len() - 1]
    } else {
        w
    };
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_plurals_and_drops_stop_words() {
        assert_eq!(
            terms("¿Tienen Estacionamientos?", Language::Es),
            vec!["estacionamiento"]
        );
        assert_eq!(
            terms("lavandería", Language::Es),
            terms("lavanderia", Language::Es)
        );
        assert_eq!(terms("Do you have cots", Language::En), vec!["cot"]);
        assert_eq!(
            terms("Vocês têm berço", Language::Pt),
            vec!["tem", "berco"]
                .into_iter()
                .filter(|w| *w != "tem")
                .collect::<Vec<_>>()
        );
    }
}
