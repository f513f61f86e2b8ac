//! Dates said relative to today: "hoy", "mañana", "pasado mañana", "el próximo
//! lunes", "next Friday", "este finde", "el fin de semana largo", "en dos
//! semanas", "semana que vem".

use super::{Found, absolute, tonight, week_days};
use crate::domain::StayDates;
use crate::engine::nlu::entities::{Scan, vocab};
use crate::engine::nlu::output::{EntityFlag, EntityValue};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Before a weekday: "this" means from today on, "next" strictly after today.
const THIS: &[&str] = &[
    "este", "esta", "this", "nesta", "neste", "essa", "esse", "hoy",
];
const NEXT: &[&str] = &["proximo", "proxima", "next", "coming", "siguiente"];
const ARTICLES: &[&str] = &[
    "el", "la", "the", "on", "o", "a", "na", "no", "para", "pra", "pro", "for",
];
/// After a period word: "el viernes que viene", "sexta que vem".
const COMING_AFTER: [&[&str]; 2] = [&["que", "viene"], &["que", "vem"]];

/// Words "mañana" closes a goodbye with ("hasta mañana", "até amanhã", "see
/// you tomorrow"), unless it ends a stay begun just before ("hoy hasta mañana").
const FAREWELL_BEFORE_TOMORROW: &[&str] = &["hasta", "ate", "you", "vemos"];

/// The date read just before in the same message, and how many words back it ended.
#[derive(Clone, Copy)]
pub struct Before {
    pub date: Option<NaiveDate>,
    pub gap: usize,
}

impl Before {
    /// A date said close enough before to be the start of the same stay.
    fn start_of_stay(self) -> Option<NaiveDate> {
        self.date.filter(|_| self.gap <= 6)
    }
}

pub fn at(scan: &Scan<'_>, i: usize, before: Before) -> Option<Found<EntityValue>> {
    let today = scan.ctx.today;
    let w = scan.w(i);
    let date = |d: NaiveDate, end: usize| Some((EntityValue::Date(d), Vec::new(), end));
    if let Some(found) = tonight::at(scan, i).or_else(|| week_days::at(scan, i)) {
        return Some(found);
    }
    match w {
        "hoy" | "today" | "hoje" => return date(today, i + 1),
        "pasado" | "depois" if is_tomorrow(scan, i + 1 + usize::from(scan.is(i + 1, &["de"]))) => {
            let end = i + 2 + usize::from(scan.is(i + 1, &["de"]));
            return date(today + Days::new(2), end);
        }
        "day" if scan.is(i + 1, &["after"]) && scan.is(i + 2, &["tomorrow"]) => {
            return date(today + Days::new(2), i + 3);
        }
        _ => {}
    }
    let farewell =
        scan.is(i.wrapping_sub(1), FAREWELL_BEFORE_TOMORROW) && before.start_of_stay().is_none();
    if is_tomorrow(scan, i)
        && !farewell
        && !scan.is(
            i.wrapping_sub(1),
            &["la", "por", "de", "esta", "en", "da", "pela", "of"],
        )
    {
        return date(today + Days::new(1), i + 1);
    }
    if let Some(found) = in_n_units(scan, i) {
        return Some(found);
    }
    // Optional article and "this"/"next" before a weekday or a weekend.
    let mut j = i;
    if scan.is(j, ARTICLES) {
        j += 1;
    }
    let this = scan.is(j, THIS);
    let mut next = scan.is(j, NEXT) || (scan.is(j, &["this"]) && scan.is(j + 1, &["coming"]));
    if this || next {
        j += 1 + usize::from(scan.is(j + 1, &["coming"]));
    }
    if let Some(day) = vocab::weekday(scan.w(j)) {
        let word = scan.w(j);
        let mut end = j + 1;
        if scan.is(end, &["-"]) && scan.is(end + 1, &["feira"]) {
            end += 2;
        } else if scan.is(end, &["feira"]) {
            end += 1;
        }
        let (coming, e) = coming_after(scan, end);
        next |= coming;
        end = e;
        // Portuguese weekdays double as ordinals ("segunda vez"), abbreviations as
        // words ("sun"): read them only with a sign that a day is meant.
        let plain = vocab::weekday(word).is_some()
            && word.len() > 4
            && !matches!(word, "segunda" | "quarta" | "quinta");
        let after_from = scan.is(
            j.wrapping_sub(1),
            &["de", "desde", "from", "since", "partir"],
        );
        if plain || this || next || end > j + 1 || j > i || after_from {
            let from = if this { today } else { today + Days::new(1) };
            let mut d = next_weekday(from, day);
            // "del viernes al domingo" said on a Saturday: the Sunday after
            // that Friday, not tomorrow. Only for a day within the week before,
            // so "el 20 de abril o el viernes" keeps this Friday.
            if let Some(start) = before.start_of_stay() {
                if d <= start && start - d <= chrono::TimeDelta::days(7) && !this {
                    d = next_weekday(start + Days::new(1), day);
                }
            }
            return date(d, end);
        }
        return None;
    }
    weekend_or_week(scan, j, next)
}

fn is_tomorrow(scan: &Scan<'_>, i: usize) -> bool {
    scan.is(
        i,
        &["manana", "tomorrow", "amanha", "tmrw", "tmr", "tomorow"],
    )
}

fn coming_after(scan: &Scan<'_>, i: usize) -> (bool, usize) {
    for words in COMING_AFTER {
        if words.iter().enumerate().all(|(k, w)| scan.is(i + k, &[w])) {
            return (true, i + words.len());
        }
    }
    (false, i)
}

/// The first `day` on or after `from`.
pub fn next_weekday(from: NaiveDate, day: Weekday) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(u64::from(ahead))
}

/// "en dos semanas", "in 3 days", "daqui a duas semanas", "dentro de una semana".
fn in_n_units(scan: &Scan<'_>, i: usize) -> Option<Found<EntityValue>> {
    let mut j = i;
    if scan.is(j, &["dentro", "daqui"]) && scan.is(j + 1, &["de", "a"]) {
        j += 2;
    } else if scan.is(j, &["en", "in", "em"]) {
        j += 1;
    } else {
        return None;
    }
    let (n, k) = scan.count(j)?;
    let days = match scan.w(k) {
        "semana" | "semanas" | "week" | "weeks" => 7 * n,
        "dia" | "dias" | "day" | "days" => n,
        _ => return None,
    };
    let d = scan.ctx.today + Days::new(u64::from(days));
    Some((EntityValue::Date(d), Vec::new(), k + 1))
}

/// "este finde", "el fin de semana largo", "this weekend", "next week", "semana que vem".
fn weekend_or_week(scan: &Scan<'_>, j: usize, mut next: bool) -> Option<Found<EntityValue>> {
    let today = scan.ctx.today;
    let mut k = j;
    let long_before = scan.is(k, &["long"]);
    k += usize::from(long_before);
    let weekend_len = if scan.is(k, &["finde", "weekend", "fds", "findesemana"]) {
        1
    } else if scan.is(k, &["fin", "fim"]) && scan.is(k + 1, &["de"]) && scan.is(k + 2, &["semana"])
    {
        3
    } else if scan.is(k, &["semana", "week"]) {
        0
    } else {
        return None;
    };
    let mut end = k + weekend_len.max(1);
    let long = long_before || scan.is(end, &["largo", "longo", "prolongado"]);
    end += usize::from(scan.is(end, &["largo", "longo", "prolongado"]));
    let (coming, e) = coming_after(scan, end);
    next |= coming;
    end = e;
    if weekend_len == 0 {
        // A week is only a date when it is the next one: "esta semana" says nothing.
        if !next {
            return None;
        }
        let monday = next_weekday(today + Days::new(1), Weekday::Mon);
        return Some((
            EntityValue::Date(monday),
            vec![EntityFlag::Approximate],
            end,
        ));
    }
    // "el finde del 14", "the weekend of the 14th": the weekend that holds
    // that day, or the one right after it.
    if scan.is(end, &["del", "of", "do", "de"]) {
        // "el fin de semana del 14 al 16": the days say the stay.
        if absolute::starts_range(scan, end + 1) {
            return None;
        }
        if let Some((day, e)) = absolute::day_at(scan, end + 1) {
            let stay = weekend_holding(day, today, long)?;
            return Some((EntityValue::Stay(stay), vec![EntityFlag::Approximate], e));
        }
    }
    // A weekend is Friday to Sunday (to Monday when long); on Friday or
    // Saturday "this weekend" is the one under way.
    let mut friday = match today.weekday() {
        Weekday::Fri | Weekday::Sat => today,
        _ => next_weekday(today, Weekday::Fri),
    };
    if next && matches!(today.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun) {
        friday = next_weekday(today + Days::new(1), Weekday::Fri);
    }
    let sunday = next_weekday(friday, Weekday::Sun);
    let checkout = if long { sunday + Days::new(1) } else { sunday };
    let stay = StayDates::new(friday, checkout).ok()?;
    Some((EntityValue::Stay(stay), vec![EntityFlag::Approximate], end))
}

/// The weekend, Friday to Sunday (Monday when long), that holds `day`, or the
/// one after it for a day from Monday to Thursday; from today on if under way.
fn weekend_holding(day: NaiveDate, today: NaiveDate, long: bool) -> Option<StayDates> {
    let friday = match day.weekday() {
        Weekday::Sat => day - Days::new(1),
        Weekday::Sun => day - Days::new(2),
        _ => next_weekday(day, Weekday::Fri),
    };
    let sunday = friday + Days::new(2);
    let checkout = if long { sunday + Days::new(1) } else { sunday };
    StayDates::new(friday.max(today), checkout).ok()
}
