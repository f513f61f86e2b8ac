//! Normalisation and tokens. Every token keeps its byte span in the original
//! message, so entities point at what the guest wrote.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Num,
    /// One punctuation character (`/`, `-`, `:`, `?`, `,`…).
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Lower case, accents and apostrophes dropped, known typos fixed
    /// ("Habitasión" → "habitacion", "don't" → "dont").
    pub norm: String,
}

impl Token {
    pub fn is(&self, word: &str) -> bool {
        self.norm == word
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        words.contains(&self.norm.as_str())
    }

    pub fn num(&self) -> Option<u32> {
        if self.kind == TokKind::Num {
            self.norm.parse().ok()
        } else {
            None
        }
    }

    pub fn punct(&self) -> Option<char> {
        if self.kind == TokKind::Punct {
            self.norm.chars().next()
        } else {
            None
        }
    }
}

/// Lower case without accents; `ñ` becomes `n` too, since guests often type it so.
pub fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Undoes the stretching of chat writing: "holaaa" → "hola", "diaa" → "dia".
/// Three or more equal letters become one; a doubled final a/i/u becomes one
/// (not e/o: "see", "too" are words).
fn collapse_stretching(word: String) -> String {
    let mut out = String::with_capacity(word.len());
    let chars: Vec<char> = word.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let run3 = i >= 2 && chars[i - 1] == *c && chars[i - 2] == *c;
        if !run3 {
            out.push(*c);
        }
    }
    let n = out.chars().count();
    let mut tail = out.chars().rev();
    if let (Some(a), Some(b)) = (tail.next(), tail.next()) {
        if n >= 3 && a == b && matches!(a, 'a' | 'i' | 'u') {
            out.pop();
        }
    }
    out
}

/// The whole text folded, for the classifier's character features.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Apostrophes inside a word: the typewriter one and the curly one phones
/// put in ("that’s"). Words keep them in their span but not in their `norm`:
/// guests write "dont" and "thats" as often as "don't" and "that's", and the
/// two spellings should read the same.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// A word list's spelling as tokens spell it: folded, without apostrophes
/// ("can't" → "cant"), so a list may be written either way.
pub fn fold_word(w: &str) -> String {
    w.chars()
        .filter(|c| !is_apostrophe(*c))
        .map(fold_char)
        .collect()
}

/// Splits `text` into words, numbers and punctuation. Digits and letters
/// are separate tokens ("2pm" → "2", "pm") so the grammars can match them.
pub fn tokenize(text: &str, typos: &HashMap<String, String>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let kind = if c.is_alphabetic() {
            TokKind::Word
        } else if c.is_ascii_digit() {
            TokKind::Num
        } else if c.is_whitespace() || !(c.is_ascii_punctuation() || "¿¡º°ª".contains(c)) {
            continue; // spaces, emojis and symbols carry no grammar
        } else {
            let end = start + c.len_utf8();
            out.push(Token {
                start,
                end,
                kind: TokKind::Punct,
                norm: c.to_string(),
            });
            continue;
        };
        let mut end = start + c.len_utf8();
        let mut norm = String::new();
        norm.push(fold_char(c));
        while let Some(&(i, n)) = iter.peek() {
            let apostrophe = kind == TokKind::Word && is_apostrophe(n) && !norm.is_empty();
            let same = match kind {
                TokKind::Word => n.is_alphabetic() || apostrophe,
                _ => n.is_ascii_digit(),
            };
            if !same {
                break;
            }
            if !apostrophe {
                norm.push(fold_char(n));
            }
            end = i + n.len_utf8();
            iter.next();
        }
        if kind == TokKind::Word {
            norm = collapse_stretching(norm);
            if let Some(fixed) = typos.get(&norm) {
                norm = fixed.clone();
            }
        }
        out.push(Token {
            start,
            end,
            kind,
            norm,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_spans_and_fold_accents() {
        let mut typos = HashMap::new();
        typos.insert("habitasion".to_string(), "habitacion".to_string());
        let text = "¿Habitasión p/ 2pm? Ñandú 😀 15/3";
        let toks = tokenize(text, &typos);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "¿",
                "habitacion",
                "p",
                "/",
                "2",
                "pm",
                "?",
                "nandu",
                "15",
                "/",
                "3"
            ]
        );
        assert_eq!(&text[toks[1].start..toks[1].end], "Habitasión");
        assert_eq!(&text[toks[7].start..toks[7].end], "Ñandú");
        assert_eq!(toks[4].num(), Some(2));
        let stretched: Vec<String> = tokenize("holaaa buen diaa siii see too", &typos)
            .into_iter()
            .map(|t| t.norm)
            .collect();
        assert_eq!(stretched, ["hola", "buen", "dia", "si", "see", "too"]);
    }

    #[test]
    fn apostrophes_do_not_change_a_word() {
        let text = "that's it, dont worry, I’m fine";
        let toks = tokenize(text, &HashMap::new());
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            ["thats", "it", ",", "dont", "worry", ",", "im", "fine"]
        );
        assert_eq!(&text[toks[0].start..toks[0].end], "that's");
        assert_eq!(&text[toks[6].start..toks[6].end], "I’m");
    }
}
