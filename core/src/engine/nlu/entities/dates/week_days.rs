//! Weekdays of next week said as a stay: "la semana que viene de lunes a
//! miércoles", "next week from Monday to Wednesday", "semana que vem de
//! segunda a quarta", "del lunes al miércoles de la semana que viene".

use super::Found;
use super::relative::next_weekday;
use crate::domain::StayDates;
use crate::engine::nlu::entities::{Scan, vocab};
use crate::engine::nlu::output::EntityValue;
use chrono::{Days, Weekday};

/// Next week, after an optional article.
const NEXT_WEEK: &[&[&str]] = &[
    &["semana", "que", "viene"],
    &["semana", "que", "vem"],
    &["proxima", "semana"],
    &["semana", "proxima"],
    &["semana", "siguiente"],
    &["next", "week"],
    &["coming", "week"],
];
const ARTICLES: &[&str] = &["la", "the", "a", "na", "para", "pra", "for"];
const FROM: &[&str] = &["de", "del", "desde", "from", "do"];
const TO: &[&str] = &[
    "a", "al", "ao", "to", "till", "until", "through", "thru", "ate", "hasta", "-",
];
/// Between the days and the week after them: "… de la semana que viene", "… of next week".
const OF: &[&str] = &["de", "of", "da", "do"];

/// A stay of weekdays of next week at `i`.
pub fn at(scan: &Scan<'_>, i: usize) -> Option<Found<EntityValue>> {
    let (first, last, end) = if let Some(j) = next_week(scan, i) {
        let j = j + usize::from(scan.is(j, &[","]));
        weekdays(scan, j)?
    } else {
        let (first, last, j) = weekdays(scan, i)?;
        let j = j + usize::from(scan.is(j, &[","]));
        // "… de la semana que viene", "… next week".
        let j = j + usize::from(scan.is(j, OF));
        (first, last, next_week(scan, j)?)
    };
    // Next week is the one that starts on the first Monday after today.
    let monday = next_weekday(scan.ctx.today + Days::new(1), Weekday::Mon);
    let checkin = monday + Days::new(u64::from(first.num_days_from_monday()));
    let mut checkout = monday + Days::new(u64::from(last.num_days_from_monday()));
    // "de viernes a lunes": the Monday after.
    if checkout <= checkin {
        checkout = checkout + Days::new(7);
    }
    let stay = StayDates::new(checkin, checkout).ok()?;
    Some((EntityValue::Stay(stay), Vec::new(), end))
}

/// Where "la semana que viene", "next week", "da próxima semana" at `i` ends.
fn next_week(scan: &Scan<'_>, i: usize) -> Option<usize> {
    let i = i + usize::from(scan.is(i, ARTICLES));
    NEXT_WEEK
        .iter()
        .find(|words| words.iter().enumerate().all(|(k, w)| scan.is(i + k, &[w])))
        .map(|words| i + words.len())
}

/// "de lunes a miércoles", "from Monday to Wednesday", "del lunes al
/// miércoles", "de segunda a quarta-feira": both days and where they end.
fn weekdays(scan: &Scan<'_>, i: usize) -> Option<(Weekday, Weekday, usize)> {
    let mut j = i + usize::from(scan.is(i, FROM));
    j += usize::from(scan.is(j, &["el", "the", "on"]));
    let (first, j) = weekday(scan, j)?;
    if !scan.is(j, TO) {
        return None;
    }
    let k = j + 1 + usize::from(scan.is(j + 1, &["el", "the"]));
    let (last, end) = weekday(scan, k)?;
    Some((first, last, end))
}

/// A weekday at `i`, with the Portuguese "-feira" if written.
fn weekday(scan: &Scan<'_>, i: usize) -> Option<(Weekday, usize)> {
    let day = vocab::weekday(scan.w(i))?;
    let end = if scan.is(i + 1, &["-"]) && scan.is(i + 2, &["feira"]) {
        i + 3
    } else {
        i + 1 + usize::from(scan.is(i + 1, &["feira"]))
    };
    Some((day, end))
}
