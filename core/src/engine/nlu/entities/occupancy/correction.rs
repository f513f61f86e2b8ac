//! A count the guest takes back: "para 2 personas... no, perdón, para 3",
//! "somos 4, perdón, 5", "2 adults, sorry, 3 adults". The later count stands.

use super::super::{Scan, vocab};
use super::{NOT_GUESTS_AFTER, next_is_noun, total};
use crate::engine::nlu::output::{Entity, EntityValue, Guests};

/// Whether the guest took back the count before: "para 2 personas... no,
/// perdón, para 3", "2 adults, sorry, 3 adults".
pub(super) fn corrects(
    scan: &Scan<'_>,
    last_end: usize,
    i: usize,
    prev: &Entity,
    g: &Guests,
) -> bool {
    let EntityValue::Guests(p) = &prev.value else {
        return false;
    };
    let same = (heads(p) && heads(g)) || (p.children.is_some() && g.children.is_some());
    same && taken_back(scan, last_end, i)
}

/// A bare number that replaces a head count: "somos 4, perdón, 5".
pub(super) fn corrected_count(
    scan: &Scan<'_>,
    last_end: usize,
    i: usize,
    prev: &Entity,
) -> Option<(Guests, usize)> {
    let EntityValue::Guests(p) = &prev.value else {
        return None;
    };
    if !heads(p) || vocab::is_article(scan.w(i)) || !taken_back(scan, last_end, i) {
        return None;
    }
    let (n, k) = scan.count(i)?;
    if scan.is(k, NOT_GUESTS_AFTER) || next_is_noun(scan, k) {
        return None;
    }
    Some((total(n)?, k))
}

fn heads(g: &Guests) -> bool {
    g.adults.is_some() || g.total.is_some()
}

/// "no, perdón", "sorry", "I mean", "desculpa" between two counts, close together.
fn taken_back(scan: &Scan<'_>, last_end: usize, i: usize) -> bool {
    const SORRY: &[&str] = &[
        "perdon",
        "perdona",
        "disculpa",
        "disculpen",
        "sorry",
        "desculpa",
        "desculpe",
        "perdao",
        "digo",
        "mean",
        "corrijo",
        "correction",
        "actually",
        "mejor",
        "oops",
        "ops",
    ];
    let Some(gap) = scan.toks.get(last_end..i) else {
        return false;
    };
    gap.len() <= 8
        && gap.iter().enumerate().any(|(k, t)| {
            SORRY.contains(&t.norm.as_str())
                || (t.norm == "no" && gap.get(k + 1).is_some_and(|n| n.punct().is_some()))
        })
}
