//! Children's ages said after their count: "2 niños de 5 y 8", "kids aged
//! 3 and 7", "um bebê de 8 meses".

use super::super::{Scan, vocab};
use super::{ADULTS, BABIES, CHILDREN, PEOPLE};
use crate::engine::nlu::output::Guests;

/// `n` babies, with the ages said after them (months are age 0).
pub(super) fn babies(scan: &Scan<'_>, n: u32, from: usize) -> (Guests, usize) {
    let n = u8::try_from(n).unwrap_or(u8::MAX);
    let (mut child_ages, end) = ages(scan, from, usize::from(n));
    child_ages.resize(usize::from(n), 0);
    let g = Guests {
        children: Some(n),
        child_ages,
        ..Default::default()
    };
    (g, end)
}

/// "de 5 y 8 años", "(4 and 7)", "aged 3", "de 10", "de 8 meses": at most
/// `max` ages, so "1 niño de 5, 1 bebé de 1" leaves the baby to its own count.
pub(super) fn ages(scan: &Scan<'_>, i: usize, max: usize) -> (Vec<u8>, usize) {
    let mut j = i;
    if scan.is(j, &["de", "of", "aged", "ages", "com", "con", "("]) {
        j += 1;
    }
    let mut ages = Vec::new();
    let mut end = i;
    while ages.len() < max {
        let Some(mut age) = age_at(scan, j) else {
            break;
        };
        j += 1;
        end = j;
        if scan.is(j, &["meses", "mes", "months", "month", "mese"]) {
            age = 0; // "un bebé de 8 meses"
            j += 1;
            end = j;
        } else if scan.is(j, &["anos", "years", "year", "yo", "y/o", "ano", "old"]) {
            j += 1;
            end = j;
            if scan.is(j, &["old"]) {
                j += 1;
                end = j;
            }
        }
        ages.push(age);
        if scan.is(j, &["y", "and", "e", ","]) && age_at(scan, j + 1).is_some() {
            j += 1;
        } else {
            break;
        }
    }
    if scan.is(end, &[")"]) && !ages.is_empty() {
        end += 1;
    }
    (ages, end)
}

/// An age under 18 at `j`, unless it is the count of the next group ("1 bebé").
fn age_at(scan: &Scan<'_>, j: usize) -> Option<u8> {
    let t = scan.toks.get(j).filter(|_| !scan.used[j])?;
    let counts_next = [ADULTS, PEOPLE, CHILDREN, BABIES]
        .iter()
        .any(|words| scan.is(j + 1, words));
    let n = t.num().or_else(|| {
        let w = t.norm.as_str();
        vocab::number_word(w).filter(|_| !vocab::is_article(w))
    })?;
    u8::try_from(n).ok().filter(|a| *a < 18 && !counts_next)
}
