//! From day/month/year as written to a calendar date, relative to today.

use crate::engine::nlu::output::EntityFlag;
use chrono::{Datelike, Months, NaiveDate};

/// A date as written: the month and year may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub day: u32,
    pub month: Option<u32>,
    pub year: Option<i32>,
    /// `3/4` in English with both readings possible.
    pub ambiguous: bool,
    /// The two numbers of `3/4` as written, so the other half of a range can
    /// decide their order.
    pub numbers: Option<(u32, u32)>,
    /// How the day was written; a day in words is a date only in a date's
    /// company ("quince de marzo", "dia vinte", "the fifteenth").
    pub spelled: Spelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelled {
    Digits,
    /// "quince", "veinticinco", "vinte e cinco", "twenty one".
    Cardinal,
    /// "fifteenth", "twenty-first".
    Ordinal,
}

fn year_of(y: i32) -> i32 {
    if y < 100 { 2000 + y } else { y }
}

/// One date: without a year it is the next such day from today on; a day
/// without a month is this month's or, if passed, next month's.
pub fn single(w: Written, today: NaiveDate) -> Option<(NaiveDate, Vec<EntityFlag>)> {
    let mut flags = Vec::new();
    if w.ambiguous {
        flags.push(EntityFlag::AmbiguousOrder);
    }
    let date = match (w.month, w.year) {
        (Some(m), Some(y)) => NaiveDate::from_ymd_opt(year_of(y), m, w.day)?,
        (Some(m), None) => {
            let d = NaiveDate::from_ymd_opt(today.year(), m, w.day);
            match d {
                Some(d) if d >= today => d,
                _ => {
                    flags.push(EntityFlag::RolledToNextYear);
                    NaiveDate::from_ymd_opt(today.year() + 1, m, w.day)?
                }
            }
        }
        (None, _) => day_from(w.day, today)?,
    };
    Some((date, flags))
}

/// The next `day` of a month on or after today (skipping months too short for it).
fn day_from(day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (0..3).find_map(|k| {
        let m = first.checked_add_months(Months::new(k))?;
        NaiveDate::from_ymd_opt(m.year(), m.month(), day).filter(|d| *d >= today)
    })
}

/// A stay: the months and years each side lacks come from the other side,
/// and a stay that would start in the past rolls to next year.
pub fn range(
    a: Written,
    b: Written,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate, Vec<EntityFlag>)> {
    let mut flags = Vec::new();
    if a.ambiguous || b.ambiguous {
        flags.push(EntityFlag::AmbiguousOrder);
    }
    let explicit_year = a.year.or(b.year);
    let (checkin, checkout) = match (a.month, b.month) {
        (None, None) => {
            let checkin = day_from(a.day, today)?;
            let mut checkout = NaiveDate::from_ymd_opt(checkin.year(), checkin.month(), b.day);
            if checkout.is_none_or(|c| c <= checkin) {
                let next = checkin.with_day(1)?.checked_add_months(Months::new(1))?;
                checkout = NaiveDate::from_ymd_opt(next.year(), next.month(), b.day);
            }
            return Some((checkin, checkout?, flags));
        }
        (am, bm) => {
            let bm = bm.or(am)?;
            let year = explicit_year.map(year_of).unwrap_or(today.year());
            let checkout = NaiveDate::from_ymd_opt(b.year.map(year_of).unwrap_or(year), bm, b.day)?;
            // "del 28 al 3 de abril": the first day is in the month before.
            let am = am.unwrap_or(if a.day > b.day {
                (bm + 10) % 12 + 1
            } else {
                bm
            });
            let mut checkin =
                NaiveDate::from_ymd_opt(a.year.map(year_of).unwrap_or(year), am, a.day)?;
            if checkin >= checkout && a.year.is_none() {
                checkin = checkin.with_year(checkin.year() - 1)?;
            }
            (checkin, checkout)
        }
    };
    if checkin < today && explicit_year.is_none() {
        flags.push(EntityFlag::RolledToNextYear);
        return Some((
            checkin.with_year(checkin.year() + 1)?,
            checkout.with_year(checkout.year() + 1)?,
            flags,
        ));
    }
    Some((checkin, checkout, flags))
}
