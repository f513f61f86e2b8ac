//! Room types, matched against the hotel's own names and synonyms.

use super::Scan;
use crate::engine::nlu::output::EntityValue;
use crate::engine::nlu::text::fold;

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
    while i < scan.toks.len() {
        let hit = names.iter().find(|(words, _)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| matches_word(scan.w(i + k), w))
        });
        match hit {
            Some((words, id)) => {
                let end = i + words.len();
                let id = (*id).to_string();
                scan.push(i, end, EntityValue::RoomType(id), Vec::new());
                i = end;
            }
            None => i += 1,
        }
    }
}

/// The name or its plural ("dobles", "suites", "doubles").
fn matches_word(token: &str, name: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    token == name
        || token.strip_suffix('s').is_some_and(|t| t == name)
        || token.strip_suffix("es").is_some_and(|t| t == name)
}
