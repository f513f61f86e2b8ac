//! The team's list of common given names (`core/data/nlu/given_names.txt`):
//! the evidence that a lower-case word after "soy", "I'm" or "sou" is a name.

use crate::engine::nlu::text::fold_word;
use std::collections::HashSet;
use std::sync::OnceLock;

const GIVEN_NAMES: &str = include_str!("../../../../../data/nlu/given_names.txt");

/// Whether the folded word is a common given name.
pub fn is_given_name(word: &str) -> bool {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| parse(GIVEN_NAMES)).contains(word)
}

/// Words of the lines that are neither blank nor `#` comments, folded the
/// way tokens are, so the list may be written with or without accents.
fn parse(src: &str) -> HashSet<String> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(fold_word)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_loads_folded() {
        assert!(is_given_name("juan"));
        assert!(is_given_name("joao"));
        assert!(is_given_name("sarah"));
        assert!(!is_given_name("João"));
        assert!(!is_given_name("celiaco"));
        // Comment lines are not names.
        assert!(!is_given_name("common"));
    }
}
