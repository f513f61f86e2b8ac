//! Dates and stays, absolute ("del 15 al 18 de marzo", "15/3", "March 15th")
//! and relative ("mañana", "next Friday", "este finde"), resolved against the
//! context's `today`: the clock is never read here.

mod absolute;
pub mod format;
mod relative;
mod resolve;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use super::Scan;
use crate::engine::nlu::output::{EntityFlag, EntityValue};

/// Words that may open a range or a date and belong to it ("del 15…", "from the 3rd…").
const LEADS: &[&str] = &["del", "desde", "entre", "from", "between", "do", "da", "de"];

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        if scan.w(i).is_empty() {
            i += 1;
            continue;
        }
        if let Some(next) = at(scan, i) {
            i = next;
        } else {
            i += 1;
        }
    }
}

/// Tries every date form starting at `i`; on a match records it and returns the next index.
fn at(scan: &mut Scan<'_>, i: usize) -> Option<usize> {
    let lead = usize::from(scan.is(i, LEADS));
    if let Some((stay, flags, end)) = absolute::range(scan, i + lead) {
        scan.push(i, end, EntityValue::Stay(stay), flags);
        return Some(end);
    }
    if let Some((date, flags, end)) = absolute::single(scan, i) {
        scan.push(i, end, EntityValue::Date(date), flags);
        return Some(end);
    }
    if let Some((value, flags, end)) = relative::at(scan, i) {
        scan.push(i, end, value, flags);
        return Some(end);
    }
    None
}

/// A resolved single date or stay with the flags that explain the reading.
pub type Found<T> = (T, Vec<EntityFlag>, usize);
