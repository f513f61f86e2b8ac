//! Where date and stay entities sit among the tokens, for the readings that
//! weigh the words around them (change requests, loose dates).

use crate::engine::nlu::output::{Entity, EntityValue};
use crate::engine::nlu::text::Token;

/// A date or stay entity by token positions.
#[derive(Debug, Clone, Copy)]
pub struct Dated {
    /// Its index among the entities.
    pub index: usize,
    /// Its first token.
    pub first: usize,
    /// The token after its last.
    pub end: usize,
}

/// The message's dates and stays, in order.
pub fn dated(entities: &[Entity], toks: &[Token]) -> Vec<Dated> {
    let mut out: Vec<Dated> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.value, EntityValue::Date(_) | EntityValue::Stay(_)))
        .map(|(index, e)| Dated {
            index,
            first: toks
                .iter()
                .position(|t| t.start >= e.start)
                .unwrap_or(toks.len()),
            end: toks
                .iter()
                .position(|t| t.start >= e.end)
                .unwrap_or(toks.len()),
        })
        .collect();
    out.sort_by_key(|d| d.first);
    out
}

/// Whether token `t` is inside one of the dates.
pub fn inside(dated: &[Dated], t: usize) -> bool {
    dated.iter().any(|d| d.first <= t && t < d.end)
}

/// Whether a date begins at token `t`.
pub fn starts(dated: &[Dated], t: usize) -> bool {
    dated.iter().any(|d| d.first == t)
}
