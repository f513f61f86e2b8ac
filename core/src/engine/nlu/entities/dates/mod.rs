//! Dates and stays, absolute ("del 15 al 18 de marzo", "15/3", "March 15th")
//! and relative ("mañana", "next Friday", "este finde"), resolved against the
//! context's `today`: the clock is never read here.

mod absolute;
pub mod change;
pub mod format;
pub mod loose;
mod nights_of;
pub mod past;
mod relative;
mod resolve;
mod spans;
mod tonight;
mod week_days;

#[cfg(test)]
mod change_tests;
#[cfg(test)]
mod loose_tests;
#[cfg(test)]
mod nights_of_tests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod proptests_spoken;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_periods;
#[cfg(test)]
mod tests_spoken;

use super::Scan;
use crate::engine::nlu::output::{EntityFlag, EntityValue};
use absolute::Read;
use chrono::NaiveDate;

/// Words that may open a range or a date and belong to it ("del 15…", "from the 3rd…").
const LEADS: &[&str] = &["del", "desde", "entre", "from", "between", "do", "da", "de"];

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    // The last date read and where it ended, so a weekday after it ("del
    // viernes al domingo") can be counted from it.
    let mut last: Option<(NaiveDate, usize)> = None;
    while i < scan.toks.len() {
        if scan.w(i).is_empty() {
            i += 1;
            continue;
        }
        let before = relative::Before {
            date: last.map(|(d, _)| d),
            gap: last.map_or(usize::MAX, |(_, end)| i.saturating_sub(end)),
        };
        if let Some((next, date)) = at(scan, i, before) {
            if let Some(d) = date {
                last = Some((d, next));
            }
            i = next;
        } else {
            i += 1;
        }
    }
}

/// Tries every date form starting at `i`; on a match records it and returns
/// the next index and the date read, if a single one.
fn at(
    scan: &mut Scan<'_>,
    i: usize,
    before: relative::Before,
) -> Option<(usize, Option<NaiveDate>)> {
    if let Some((stay, flags, end)) = nights_of::at(scan, i) {
        scan.push(i, end, EntityValue::Stay(stay), flags);
        return Some((end, None));
    }
    let (month, from) = match absolute::month_before(scan, i) {
        Some((m, y, end)) => (Some((m, y)), end),
        None => (None, i),
    };
    let lead = usize::from(scan.is(from, LEADS));
    match absolute::range(scan, from + lead, month) {
        Some(Read::Found((stay, flags, end))) => {
            scan.push(i, end, EntityValue::Stay(stay), flags);
            return Some((end, None));
        }
        Some(Read::Impossible(end)) => return Some((refuse(scan, i, end), None)),
        None => {}
    }
    let from = if month.is_some() { from + lead } else { from };
    match absolute::single(scan, from, month) {
        Some(Read::Found((date, flags, end))) => {
            scan.push(i, end, EntityValue::Date(date), flags);
            return Some((end, Some(date)));
        }
        Some(Read::Impossible(end)) => return Some((refuse(scan, i, end), None)),
        None => {}
    }
    if let Some((value, flags, end)) = relative::at(scan, i, before) {
        let date = match value {
            EntityValue::Date(d) => Some(d),
            _ => None,
        };
        scan.push(i, end, value, flags);
        return Some((end, date));
    }
    None
}

/// Marks an impossible date's words as read, without an entity.
fn refuse(scan: &mut Scan<'_>, from: usize, to: usize) -> usize {
    scan.used[from..to].iter_mut().for_each(|u| *u = true);
    to
}

/// A resolved single date or stay with the flags that explain the reading.
pub type Found<T> = (T, Vec<EntityFlag>, usize);
