//! A list of labelled phrases (folded word sequences) and where they occur in
//! a piece of text. The lists hold hundreds of phrases and every message piece
//! is checked against all of them, so phrases are indexed by their first word:
//! a piece is looked up word by word instead of phrase by phrase.

use std::collections::HashMap;

#[derive(Debug)]
pub struct Phrases<T> {
    list: Vec<(Vec<String>, T)>,
    /// Phrases by their first word, for first words matched exactly.
    by_first: HashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix (`cancel*`): few, checked everywhere.
    open_first: Vec<usize>,
}

impl<T> Phrases<T> {
    pub fn new(list: Vec<(Vec<String>, T)>) -> Self {
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut open_first = Vec::new();
        for (i, (phrase, _)) in list.iter().enumerate() {
            match phrase.first() {
                Some(w) if w.ends_with('*') => open_first.push(i),
                Some(w) => by_first.entry(w.clone()).or_default().push(i),
                None => {}
            }
        }
        Self {
            list,
            by_first,
            open_first,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (Vec<String>, T)> {
        self.list.iter()
    }

    /// The phrases found in `words`, in list order, each with the first
    /// token index where it occurs.
    pub fn found<'a>(&'a self, words: &[&str]) -> Vec<(&'a (Vec<String>, T), usize)> {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for at in 0..words.len() {
            let exact = self.by_first.get(words[at]).map_or(&[][..], Vec::as_slice);
            for &i in exact.iter().chain(&self.open_first) {
                if matches_at(words, at, &self.list[i].0) {
                    hits.push((i, at));
                }
            }
        }
        // Positions were visited in order, so a stable sort keeps each
        // phrase's first occurrence first.
        hits.sort_by_key(|(i, _)| *i);
        hits.dedup_by_key(|(i, _)| *i);
        hits.into_iter()
            .map(|(i, at)| (&self.list[i], at))
            .collect()
    }
}

/// Whether `phrase` occurs in `words` starting at token `at`.
fn matches_at(words: &[&str], at: usize, phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words.len() - at >= phrase.len()
        && phrase.iter().zip(&words[at..]).all(|(p, w)| {
            // A trailing `*` matches any word with that prefix ("cancel*").
            match p.strip_suffix('*') {
                Some(prefix) => w.starts_with(prefix),
                None => w == p,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain scan the index replaces: where `phrase` first occurs.
    fn find_phrase(words: &[&str], phrase: &[String]) -> Option<usize> {
        (0..words.len()).find(|&at| matches_at(words, at, phrase))
    }

    fn phrase(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn phrases_match_with_prefix_stars() {
        let words = ["quiero", "cancelarla", "ya"];
        assert_eq!(find_phrase(&words, &phrase("cancel*")), Some(1));
        assert_eq!(find_phrase(&words, &phrase("ya no")), None);
    }

    #[test]
    fn the_index_finds_what_a_scan_finds_in_list_order_with_first_positions() {
        let list: Vec<(Vec<String>, u8)> = [
            "reserv*",
            "la reserva",
            "ya",
            "quiero cancel*",
            "cancel*",
            "no",
            "ya no",
            "reserva para",
        ]
        .iter()
        .enumerate()
        .map(|(i, p)| (phrase(p), i as u8))
        .collect();
        let phrases = Phrases::new(list.clone());
        for text in [
            "quiero cancelar la reserva ya",
            "ya no quiero reservar, ya no",
            "no",
            "",
            "reserva para reserva",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            let scanned: Vec<(u8, usize)> = list
                .iter()
                .filter_map(|(p, label)| find_phrase(&words, p).map(|at| (*label, at)))
                .collect();
            let indexed: Vec<(u8, usize)> = phrases
                .found(&words)
                .into_iter()
                .map(|((_, label), at)| (*label, at))
                .collect();
            assert_eq!(indexed, scanned, "{text:?}");
        }
        let words = ["quiero", "cancelarla", "ya"];
        let labels: Vec<u8> = phrases.found(&words).iter().map(|(e, _)| e.1).collect();
        assert_eq!(labels, [2, 3, 4]);
    }
}
