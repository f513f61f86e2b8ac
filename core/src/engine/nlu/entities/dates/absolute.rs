//! Calendar dates as written: "15 de marzo", "March 15th", "15/3", "2027-03-15",
//! and ranges of them ("del 15 al 18 de marzo", "15-18 mar", "15/3 al 18/3").

use super::Found;
use super::resolve::{self, Written};
use crate::domain::{Language, StayDates};
use crate::engine::nlu::context::DateOrder;
use crate::engine::nlu::entities::{Scan, vocab};
use chrono::NaiveDate;

/// Words between the two ends of a range.
const RANGE_SEPARATORS: &[&str] = &[
    "al", "a", "to", "till", "until", "til", "through", "thru", "-", "ate", "y", "and", "e",
    "hasta", "ao", "aa",
];
/// Words that may follow the separator: "al 18", "to the 18th", "ao dia 18".
const AFTER_SEPARATOR: &[&str] = &["el", "the", "dia", "o"];
/// Words between a day and its month: "15 de marzo", "15th of March".
const DAY_MONTH_LINKS: &[&str] = &["de", "of", "del"];

/// A day number (1–31) with an optional ordinal ending: 15, 15th, 1ro, 1º.
fn day_number(scan: &Scan<'_>, i: usize) -> Option<(u32, usize)> {
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

/// A month word at `i`; abbreviations only when `beside_day` ("15 mar", not "mar").
fn month_word(scan: &Scan<'_>, i: usize, beside_day: bool) -> Option<(u32, usize)> {
    let w = scan.w(i);
    let m = if beside_day {
        vocab::month_abbreviation(w)
    } else {
        vocab::month(w)
    }?;
    // "15 mar." — skip the abbreviation's dot.
    let next = if scan.is(i + 1, &["."]) && scan.adjacent(i) {
        i + 2
    } else {
        i + 1
    };
    Some((m, next))
}

/// A four-digit year, or two digits after a comma/"de" ("de 2027", ", 27").
fn year(scan: &Scan<'_>, i: usize) -> Option<(i32, usize)> {
    let j = if scan.is(i, &["de", "of", ",", "del"]) {
        i + 1
    } else {
        i
    };
    let t = scan.toks.get(j).filter(|_| !scan.used[j])?;
    let y = t
        .num()
        .filter(|_| t.norm.len() == 4)
        .filter(|y| (2000..=2100).contains(y))?;
    Some((i32::try_from(y).ok()?, j + 1))
}

/// `a/b[/y]`, `a-b[-y]`, `a.b[.y]`, or ISO `yyyy-mm-dd`.
fn numeric(scan: &Scan<'_>, i: usize) -> Option<(Written, usize)> {
    let a_tok = scan.toks.get(i).filter(|_| !scan.used[i])?;
    let sep = scan.w(i + 1);
    if !matches!(sep, "/" | "-" | ".") || !scan.adjacent(i) || !scan.adjacent(i + 1) {
        return None;
    }
    let a = a_tok.num()?;
    let b = scan.toks.get(i + 2).and_then(|t| {
        t.num()
            .filter(|_| t.norm.len() <= 2 || a_tok.norm.len() == 4)
    })?;
    if a_tok.norm.len() == 4 {
        // ISO: 2027-03-15
        if sep != "-" || scan.w(i + 3) != "-" {
            return None;
        }
        let d = scan.toks.get(i + 4).and_then(|t| t.num())?;
        let y = i32::try_from(a).ok()?;
        NaiveDate::from_ymd_opt(y, b, d)?;
        return Some((
            Written {
                day: d,
                month: Some(b),
                year: Some(y),
                ambiguous: false,
            },
            i + 5,
        ));
    }
    let mut next = i + 3;
    let mut year = None;
    if scan.w(i + 3) == sep && scan.adjacent(i + 2) {
        let y = scan
            .toks
            .get(i + 4)
            .and_then(|t| t.num().filter(|_| matches!(t.norm.len(), 2 | 4)))?;
        year = Some(i32::try_from(y).ok()?);
        next = i + 5;
    } else if sep != "/" && month_word(scan, i + 3, true).is_some() {
        // "15-18 mar" is a range of days, not 15 of the 18th month.
        return None;
    }
    let day_first = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let month_first_allowed = scan.lang == Language::En;
    let prefer_month_first = month_first_allowed && scan.ctx.date_order == DateOrder::MonthDay;
    let (day, month, ambiguous) = match (day_first(a, b), month_first_allowed && day_first(b, a)) {
        (true, true) if a != b => {
            if prefer_month_first {
                (b, a, true)
            } else {
                (a, b, true)
            }
        }
        (true, _) => (a, b, false),
        (false, true) => (b, a, false),
        (false, false) => return None,
    };
    Some((
        Written {
            day,
            month: Some(month),
            year,
            ambiguous,
        },
        next,
    ))
}

/// Any written date at `i`, possibly without month: "15", "15 de marzo", "March 15th, 2027".
fn written(scan: &Scan<'_>, i: usize) -> Option<(Written, usize)> {
    // "viernes 15 de marzo": the weekday adds nothing to an absolute date.
    let i = if vocab::weekday(scan.w(i)).is_some() && day_number(scan, i + 1).is_some() {
        i + 1
    } else {
        i
    };
    if let Some(found) = numeric(scan, i) {
        return Some(found);
    }
    if let Some((month, j)) = month_word(scan, i, true) {
        // Month first: "March 15th", "mar 15, 2027".
        let j = if scan.is(j, &["the"]) { j + 1 } else { j };
        let (day, k) = day_number(scan, j)?;
        let (year, k) = year(scan, k).map_or((None, k), |(y, k)| (Some(y), k));
        return Some((
            Written {
                day,
                month: Some(month),
                year,
                ambiguous: false,
            },
            k,
        ));
    }
    let (day, j) = day_number(scan, i)?;
    let link = usize::from(scan.is(j, DAY_MONTH_LINKS));
    if let Some((month, k)) = month_word(scan, j + link, link == 0) {
        let (year, k) = year(scan, k).map_or((None, k), |(y, k)| (Some(y), k));
        return Some((
            Written {
                day,
                month: Some(month),
                year,
                ambiguous: false,
            },
            k,
        ));
    }
    Some((
        Written {
            day,
            month: None,
            year: None,
            ambiguous: false,
        },
        j,
    ))
}

/// A month (and year) said once after a range of days: "15 al 18 *de marzo*".
fn trailing_month(scan: &Scan<'_>, i: usize) -> Option<(u32, Option<i32>, usize)> {
    let link = usize::from(scan.is(i, DAY_MONTH_LINKS));
    let (m, j) = month_word(scan, i + link, link == 0)?;
    let (y, j) = year(scan, j).map_or((None, j), |(y, k)| (Some(y), k));
    Some((m, y, j))
}

pub fn range(scan: &Scan<'_>, i: usize) -> Option<Found<StayDates>> {
    let i = if scan.is(i, &["el", "the"]) { i + 1 } else { i };
    let (a, j) = written(scan, i)?;
    if !scan.is(j, RANGE_SEPARATORS) {
        return None;
    }
    let k = j + 1 + usize::from(scan.is(j + 1, AFTER_SEPARATOR));
    let (mut b, mut end) = written(scan, k)?;
    if b.month.is_none() {
        if let Some((m, y, e)) = trailing_month(scan, end) {
            b.month = Some(m);
            b.year = y;
            end = e;
        } else if let Some(m) = a.month {
            // "March 15th to 18th"
            b.month = Some(m);
            b.year = a.year;
        } else if scan.is(end, &["anos", "years", "ano", "year"]) {
            return None;
        } else {
            // "2 y 3", "2 a 3" are a range only when said like one ("del 2 al 3",
            // "entre el 2 y el 3", "de 20 a 22").
            let range_word = scan.is(j, &["al", "to", "-", "ao", "ate", "till", "until", "hasta"]);
            let de_a = scan.is(j, &["a"]) && scan.is(i.wrapping_sub(1), &["de", "do"]);
            let lead = scan.is(
                i.wrapping_sub(1),
                &["del", "from", "between", "entre", "el", "the"],
            );
            if !(range_word || de_a || lead) {
                return None;
            }
        }
    }
    let (checkin, checkout, flags) = resolve::range(a, b, scan.ctx.today)?;
    let stay = StayDates::new(checkin, checkout).ok()?;
    Some((stay, flags, end))
}

pub fn single(scan: &Scan<'_>, i: usize) -> Option<Found<NaiveDate>> {
    let lead = usize::from(scan.is(
        i,
        &[
            "el", "the", "dia", "on", "o", "para", "for", "al", "ao", "pro",
        ],
    ));
    let (w, end) = written(scan, i + lead)?;
    // A lone number is a day only when introduced as one: "el 15", "the 15th", "dia 15".
    let introduced = lead == 1 && !scan.is(i, &["para", "for", "on", "o"])
        || scan.is(i.wrapping_sub(1), &["el", "the", "dia", "al", "ao", "pro"]);
    if w.month.is_none() && !(introduced || is_ordinal(scan, i + lead)) {
        return None;
    }
    let (date, flags) = resolve::single(w, scan.ctx.today)?;
    Some((date, flags, end))
}

fn is_ordinal(scan: &Scan<'_>, i: usize) -> bool {
    scan.adjacent(i) && vocab::is_ordinal_suffix(scan.w(i + 1)) && scan.toks[i].num().is_some()
}
