//! Splitting a long reply into WhatsApp-sized texts, at the most natural
//! boundary available: paragraph, then sentence, then word, then character.

use super::outbound::TEXT_MAX_CHARS;

/// Splits `text` into parts of at most `max` characters (not bytes). Parts
/// are trimmed; joining them with a space loses only whitespace.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if rest.chars().count() <= max {
            parts.push(rest.to_string());
            break;
        }
        // Byte offset just past the `max`-th character.
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let window = &rest[..limit];
        let cut = best_cut(window).unwrap_or(limit);
        let (head, tail) = rest.split_at(cut);
        parts.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    parts
}

/// The split for WhatsApp's text limit.
pub fn split_for_whatsapp(text: &str) -> Vec<String> {
    split_text(text, TEXT_MAX_CHARS)
}

/// The last good boundary in `window` (a byte offset where the next part
/// starts), ignoring boundaries in its first quarter so parts stay balanced.
fn best_cut(window: &str) -> Option<usize> {
    let floor = window.len() / 4;
    let after = |pat: &str| {
        window
            .rfind(pat)
            .map(|i| i + pat.len())
            .filter(|&i| i > floor)
    };
    after("\n\n")
        .or_else(|| {
            [". ", "! ", "? ", ".\n", "!\n", "?\n", "。"]
                .iter()
                .filter_map(|p| after(p))
                .max()
        })
        .or_else(|| after("\n"))
        .or_else(|| {
            window
                .rfind(char::is_whitespace)
                .filter(|&i| i > floor)
                .map(|i| i + 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(split_text("  Hola  ", 10), vec!["Hola"]);
        assert!(split_text("   ", 10).is_empty());
    }

    #[test]
    fn prefers_sentence_then_word_boundaries() {
        let t = "Primera frase. Segunda frase larga aquí.";
        assert_eq!(
            split_text(t, 25),
            vec!["Primera frase.", "Segunda frase larga aquí."]
        );
        assert_eq!(
            split_text("uno dos tres cuatro", 9),
            vec!["uno dos", "tres", "cuatro"]
        );
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut_by_characters() {
        assert_eq!(split_text("ñññññ", 2), vec!["ññ", "ññ", "ñ"]);
    }

    #[test]
    fn every_part_of_a_long_text_fits_and_nothing_is_lost() {
        let sentence = "La habitación doble tiene vista al mar y desayuno incluido. ";
        let text = sentence.repeat(200);
        let parts = split_for_whatsapp(&text);
        assert!(parts.len() >= 3, "{}", parts.len());
        for p in &parts {
            assert!(p.chars().count() <= TEXT_MAX_CHARS);
            assert!(
                p.ends_with('.'),
                "split at a sentence: {:?}",
                &p[p.len() - 10..]
            );
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let rejoined = parts.join(" ");
        assert_eq!(rejoined.split_whitespace().collect::<Vec<_>>(), words);
    }
}
