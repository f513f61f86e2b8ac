//! Tonight, the way guests ask for a room on the road: "esta noche", "hoy a la
//! noche", "hoje à noite", "this evening"; and "esta noche y mañana", two nights.
//! A clock time at night ("a las 9 de la noche") is read before dates, so its
//! words never reach here.

use super::Found;
use crate::domain::StayDates;
use crate::engine::nlu::entities::Scan;
use crate::engine::nlu::output::EntityValue;
use chrono::Days;

const NIGHT: &[&str] = &["noche", "noite", "night", "evening"];
/// "esta noche", "esta noite", "this evening"; not "la noche del 15".
const THIS: &[&str] = &["esta", "this", "essa", "nesta", "nessa"];
const TODAY: &[&str] = &["hoy", "hoje", "today"];
const TONIGHT: &[&str] = &["tonight", "tonite"];
/// Between "hoy" and "noche": "hoy a la noche", "hoy por la noche", "hoy en la
/// noche", "hoje à noite", "hoje de noite", "today in the evening".
const NIGHT_LINKS: &[&str] = &["a", "por", "en", "de", "pela", "in", "at", "na"];
const NIGHT_ARTICLES: &[&str] = &["la", "the", "a"];
const TOMORROW: &[&str] = &["manana", "tomorrow", "amanha", "tmrw", "tmr"];
const AND: &[&str] = &["y", "and", "e"];

/// Tonight at `i`, as today's date, or as a two-night stay when tomorrow
/// night follows ("esta noche y mañana", "tonight and tomorrow night").
pub fn at(scan: &Scan<'_>, i: usize) -> Option<Found<EntityValue>> {
    let end = tonight(scan, i)?;
    let today = scan.ctx.today;
    if let Some(end) = and_tomorrow(scan, end) {
        if let Ok(stay) = StayDates::new(today, today + Days::new(2)) {
            return Some((EntityValue::Stay(stay), Vec::new(), end));
        }
    }
    Some((EntityValue::Date(today), Vec::new(), end))
}

/// Where tonight said at `i` ends.
fn tonight(scan: &Scan<'_>, i: usize) -> Option<usize> {
    if scan.is(i, TONIGHT) {
        return Some(i + 1);
    }
    if scan.is(i, THIS) && scan.is(i + 1, NIGHT) {
        return Some(i + 2);
    }
    if scan.is(i, TODAY) {
        return at_night(scan, i + 1);
    }
    None
}

/// "a la noche", "por la noche", "à noite", "at night", "noche": where it ends.
fn at_night(scan: &Scan<'_>, i: usize) -> Option<usize> {
    let mut j = i + usize::from(scan.is(i, NIGHT_LINKS));
    j += usize::from(j > i && scan.is(j, NIGHT_ARTICLES));
    scan.is(j, NIGHT).then_some(j + 1)
}

/// "y mañana", "y la de mañana", "and tomorrow night", "e amanhã à noite"
/// after tonight: where it ends. Not when tomorrow's morning follows ("esta
/// noche y mañana a la mañana"): that is when the guest leaves.
fn and_tomorrow(scan: &Scan<'_>, i: usize) -> Option<usize> {
    if !scan.is(i, AND) {
        return None;
    }
    let mut j = i + 1;
    if scan.is(j, &["la", "a"]) && scan.is(j + 1, &["de"]) {
        j += 2;
    }
    if !scan.is(j, TOMORROW) {
        return None;
    }
    let end = j + 1;
    if let Some(e) = at_night(scan, end) {
        return Some(e);
    }
    let morning = [
        "manana", "morning", "manha", "temprano", "early", "mediodia", "noon",
    ];
    let k = end + usize::from(scan.is(end, NIGHT_LINKS));
    let k = k + usize::from(k > end && scan.is(k, NIGHT_ARTICLES));
    (!scan.is(k, &morning)).then_some(end)
}
