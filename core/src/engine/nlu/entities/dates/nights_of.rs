//! Nights named by their dates: "las noches del 15 y 16", "the nights of the
//! 15th and 16th", "as noites de 15 e 16", "la noche del 15". Each day named is
//! a night slept, so the stay ends the morning after the last one: "las noches
//! del 15 y 16" is check-in 15, check-out 17 (read as a range it would be one
//! night short).

use super::Found;
use super::resolve::{self, Written};
use crate::domain::StayDates;
use crate::engine::nlu::entities::{Scan, vocab};
use chrono::{Datelike, Days};

const NIGHT: &[&str] = &["noche", "night", "noite"];
const NIGHTS: &[&str] = &["noches", "nights", "noites"];
/// Between "noches" and the first day: "del", "of the", "de", "do dia".
const OF: &[&str] = &["del", "de", "of", "do", "da"];
/// Before a day in the list: "the 15th and the 16th", "el 15 y el 16", "dia 15".
const DAY_ARTICLES: &[&str] = &["the", "el", "dia", "los", "os", "dias", "o"];
/// Between the days of the list.
const AND: &[&str] = &[",", "y", "and", "e", "&"];
/// Words that make "la noche del 15" the time of an arrival ("llegamos la
/// noche del 15"), not a night's stay.
const ARRIVING: &[&str] = &[
    "llego",
    "llegamos",
    "llegan",
    "llegaria",
    "llegariamos",
    "arrive",
    "arriving",
    "arrives",
    "chego",
    "chegamos",
    "chegaria",
    "chegariamos",
];
const ARTICLES_BEFORE: &[&str] = &["la", "las", "the", "a", "as", "on", "in", "na", "nas"];

/// A stay at `i` when it starts with a night word followed by its days.
pub fn at(scan: &Scan<'_>, i: usize) -> Option<Found<StayDates>> {
    let plural = scan.is(i, NIGHTS);
    if !plural && !scan.is(i, NIGHT) {
        return None;
    }
    // "3 noches del 15", "una noche del 15": the count says the length, and
    // the day is the check-in (joined with the nights elsewhere). Portuguese
    // "a noite" is "the night", not "one night".
    let p = i.wrapping_sub(1);
    if scan.count(p).is_some() && !scan.is(p, &["a"]) {
        return None;
    }
    let before_article = if scan.is(p, ARTICLES_BEFORE) {
        p.wrapping_sub(1)
    } else {
        p
    };
    if !plural && scan.is(before_article, ARRIVING) {
        return None;
    }
    if !scan.is(i + 1, OF) {
        return None;
    }
    let (days, end) = days(scan, i + 2)?;
    // "las noches del 15" alone says no more than "del 15".
    if plural && days.len() < 2 {
        return None;
    }
    let (month, year, end) = month_after(scan, end);
    let first = Written {
        day: days[0],
        month,
        year,
        ambiguous: false,
        numbers: None,
        spelled: resolve::Spelled::Digits,
    };
    let (checkin, flags) = resolve::single(first, scan.ctx.today)?;
    // Only consecutive days are a run of nights ("del 15 y 17" is not).
    let consecutive = days.iter().enumerate().all(|(k, day)| {
        checkin
            .checked_add_days(Days::new(k as u64))
            .is_some_and(|d| d.day() == *day)
    });
    if !consecutive {
        return None;
    }
    let nights = u32::try_from(days.len()).ok()?;
    let stay = StayDates::from_nights(checkin, nights).ok()?;
    Some((stay, flags, end))
}

/// Day numbers joined by commas and "y"/"and"/"e", from `i`; and where they end.
fn days(scan: &Scan<'_>, i: usize) -> Option<(Vec<u32>, usize)> {
    let mut out = Vec::new();
    let mut j = i;
    loop {
        let k = j + usize::from(scan.is(j, DAY_ARTICLES));
        let Some((d, next)) = day(scan, k) else {
            break;
        };
        out.push(d);
        j = next;
        // "15, 16 y 17": a comma and then "y" is one separator.
        let mut sep = j;
        while scan.is(sep, AND) {
            sep += 1;
        }
        if sep == j || day(scan, sep + usize::from(scan.is(sep, DAY_ARTICLES))).is_none() {
            break;
        }
        j = sep;
    }
    (!out.is_empty()).then_some((out, j))
}

/// A day number with an optional ordinal ending: "15", "15th".
fn day(scan: &Scan<'_>, i: usize) -> Option<(u32, usize)> {
    let t = scan.toks.get(i).filter(|_| !scan.used[i])?;
    let d = t
        .num()
        .filter(|d| (1..=31).contains(d) && t.norm.len() <= 2)?;
    let next = if scan.adjacent(i) && vocab::is_ordinal_suffix(scan.w(i + 1)) {
        i + 2
    } else {
        i + 1
    };
    Some((d, next))
}

/// A month (and year) after the days: "de marzo", "of March", "de março de 2027".
fn month_after(scan: &Scan<'_>, i: usize) -> (Option<u32>, Option<i32>, usize) {
    let j = i + usize::from(scan.is(i, &["de", "of", "del"]));
    let Some(month) = vocab::month_abbreviation(scan.w(j)) else {
        return (None, None, i);
    };
    let mut end = j + 1;
    let k = end + usize::from(scan.is(end, &["de", "of", ","]));
    let year = scan
        .toks
        .get(k)
        .filter(|t| !scan.used[k] && t.norm.len() == 4)
        .and_then(|t| t.num())
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| (2000..=2100).contains(y));
    if year.is_some() {
        end = k + 1;
    }
    (Some(month), year, end)
}
