//! Calendar dates as written: "15 de marzo", "March 15th", "15/3", "2027-03-15",
//! and ranges of them ("del 15 al 18 de marzo", "15-18 mar", "15/3 al 18/3").

use super::Found;
use super::resolve::{self, Spelled, Written};
use crate::domain::{Language, StayDates};
use crate::engine::nlu::context::DateOrder;
use crate::engine::nlu::entities::vocab::DayWord;
use crate::engine::nlu::entities::{Scan, vocab};
use crate::engine::nlu::text::TokKind;
use chrono::{Datelike, Months, NaiveDate};

/// Words between the two ends of a range.
const RANGE_SEPARATORS: &[&str] = &[
    "al", "a", "to", "till", "until", "til", "through", "thru", "-", "ate", "y", "and", "e",
    "hasta", "ao", "aa",
];
/// Words that may follow the separator: "al 18", "to the 18th", "ao dia 18".
const AFTER_SEPARATOR: &[&str] = &["el", "the", "dia", "o"];
/// Words between a day and its month: "15 de marzo", "15th of March".
const DAY_MONTH_LINKS: &[&str] = &["de", "of", "del"];

/// A day number (1–31) with an optional ordinal ending: 15, 15th, 1ro, 1º;
/// or in words: "quince", "vinte e cinco", "twenty-first".
fn day_number(scan: &Scan<'_>, i: usize) -> Option<(u32, Spelled, usize)> {
    let t = scan.toks.get(i).filter(|_| !scan.used[i])?;
    if t.kind == TokKind::Word {
        return day_in_words(scan, i);
    }
    let d = t
        .num()
        .filter(|d| (1..=31).contains(d) && t.norm.len() <= 2)?;
    let next = if scan.adjacent(i) && vocab::is_ordinal_suffix(scan.w(i + 1)) {
        i + 2
    } else {
        i + 1
    };
    Some((d, Spelled::Digits, next))
}

/// A day in words: "quince", "veinticinco", "veinte y cinco", "trinta e um",
/// "twenty-first". The callers decide whether the company makes it a day.
fn day_in_words(scan: &Scan<'_>, i: usize) -> Option<(u32, Spelled, usize)> {
    let w = scan.w(i);
    // Portuguese "dos" is "of the" ("dia dos namorados").
    if scan.lang == Language::Pt && w == "dos" {
        return None;
    }
    let spelled = |d: DayWord| match d {
        DayWord::Cardinal(n) => (n, Spelled::Cardinal),
        DayWord::Ordinal(n) => (n, Spelled::Ordinal),
    };
    if let Some(tens) = vocab::day_tens(w) {
        let link = usize::from(scan.is(i + 1, &["y", "e", "-"]));
        if let Some(unit) = vocab::day_unit(scan.w(i + 1 + link)) {
            let (n, s) = spelled(unit);
            // "treinta y cinco" is a number, never a day.
            return (tens + n <= 31).then_some((tens + n, s, i + 2 + link));
        }
    }
    // The "cinco" of "treinta y cinco de marzo" is not the 5th.
    let p = i.wrapping_sub(1);
    let after_tens = vocab::day_unit(w).is_some()
        && (scan.is(p, &["y", "e", "-"]) && vocab::day_tens(scan.w(p.wrapping_sub(1))).is_some()
            || vocab::day_tens(scan.w(p)).is_some());
    if after_tens {
        return None;
    }
    let (n, s) = spelled(vocab::day_word(w)?);
    Some((n, s, i + 1))
}

/// Words that may follow a lone English ordinal that is a day: "the
/// twenty-first to the 24th", "the fifteenth for 2 nights"; not "the second night".
const AFTER_A_LONE_ORDINAL: &[&str] = &[
    "to", "till", "until", "through", "thru", "-", "for", "and", "or", "please", "at", "we", "i",
    "then", "thanks",
];

/// A day in words with no month is a date only when "dia" or "the" introduces
/// it: "dia vinte e cinco", "the twenty-first"; never "para tres noches",
/// "the second night", "somos dos".
fn alone_in_words(scan: &Scan<'_>, start: usize, end: usize, spelled: Spelled) -> bool {
    let before = scan.w(start.wrapping_sub(1));
    let next = scan.w(end);
    match spelled {
        Spelled::Digits => false,
        Spelled::Cardinal => before == "dia" && !vocab::COUNT_NOUNS.contains(&next),
        Spelled::Ordinal => {
            let punct = scan.toks.get(end).is_some_and(|t| t.kind == TokKind::Punct);
            before == "the" && (next.is_empty() || punct || AFTER_A_LONE_ORDINAL.contains(&next))
        }
    }
}

/// Where a month word stands, which decides how loosely it may be written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MonthAt {
    /// Right before the day: "March 15", "mar 15".
    BeforeDay,
    /// Right after the day: "15 mar", "15-18 dic".
    AfterDay,
    /// After "15 de", "15th of": abbreviations and typos too ("de sept", "de febreo").
    AfterLink,
}

/// Month said as an unreadable word after "15 de" ("de febrro…"): the date is
/// refused rather than read in the current month. Never a real month number.
const UNREADABLE_MONTH: u32 = 0;

/// A month word at `i`, always beside a day: abbreviations are ordinary words
/// elsewhere ("mar" is the sea, "set" a verb).
fn month_word(scan: &Scan<'_>, i: usize, at: MonthAt) -> Option<(u32, usize)> {
    let w = scan.w(i);
    // "out" is October only in Portuguese and after the day ("10 out", "10 de
    // out"); elsewhere it is "check out", "sold out", "10 out of 10".
    if w == "out" && (scan.lang != Language::Pt || at == MonthAt::BeforeDay) {
        return None;
    }
    let m = match at {
        MonthAt::BeforeDay | MonthAt::AfterDay => vocab::month_abbreviation(w),
        MonthAt::AfterLink => vocab::month_typed(w).unwrap_or(Some(UNREADABLE_MONTH)),
    }?;
    // "15 mar." — skip the abbreviation's dot.
    let next = if scan.is(i + 1, &["."]) && scan.adjacent(i) {
        i + 2
    } else {
        i + 1
    };
    Some((m, next))
}

/// "del mes que viene", "do mês que vem", "of next month", "el próximo mes":
/// the month after today's, with its year.
fn next_month(scan: &Scan<'_>, i: usize) -> Option<(u32, i32, usize)> {
    let j = i + usize::from(scan.is(i, &["del", "el", "do", "o", "of", "de", "no", "en", "in"]));
    let j = j + usize::from(scan.is(j, &["the"]));
    let end =
        if scan.is(j, &["mes"]) && scan.is(j + 1, &["que"]) && scan.is(j + 2, &["viene", "vem"]) {
            j + 3
        } else if scan.is(j, &["mes"]) && scan.is(j + 1, &["proximo", "siguiente"])
            || scan.is(j, &["proximo", "next"]) && scan.is(j + 1, &["mes", "month"])
        {
            j + 2
        } else {
            return None;
        };
    let first = scan
        .ctx
        .today
        .with_day(1)?
        .checked_add_months(Months::new(1))?;
    Some((first.month(), first.year(), end))
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

/// Words after "15.5" that make it a quantity or a clock time, not a date.
const NOT_AFTER_A_DOTTED_DATE: &[&str] = &[
    "am",
    "pm",
    "p",
    "a",
    "hs",
    "h",
    "hrs",
    "horas",
    "hours",
    "km",
    "kms",
    "m",
    "mts",
    "metros",
    "meters",
    "kg",
    "%",
    "x",
    "mil",
    "k",
    "estrellas",
    "stars",
    "estrelas",
];
/// Signs before "15.5" that make it an amount.
const NOT_BEFORE_A_DOTTED_DATE: &[&str] = &["$", "usd", "us", "r", "u", "eur", "cuesta", "costs"];

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
        // ISO: 2027-03-15 (an impossible one is still read, to be refused whole)
        if sep != "-" || scan.w(i + 3) != "-" {
            return None;
        }
        let d = scan.toks.get(i + 4).and_then(|t| t.num())?;
        let y = i32::try_from(a).ok()?;
        return Some((
            Written {
                day: d,
                month: Some(b),
                year: Some(y),
                ambiguous: false,
                numbers: None,
                spelled: Spelled::Digits,
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
    } else if sep != "/" && month_word(scan, i + 3, MonthAt::AfterDay).is_some() {
        // "15-18 mar" is a range of days, not 15 of the 18th month.
        return None;
    } else if sep == "." && is_decimal(scan, i) {
        // "15.5 dólares", "2.5 km", "8.30pm": a quantity or a time.
        return None;
    }
    let (day, month, ambiguous) = order(scan, a, b)?;
    Some((
        Written {
            day,
            month: Some(month),
            year,
            ambiguous,
            numbers: Some((a, b)),
            spelled: Spelled::Digits,
        },
        next,
    ))
}

/// Whether the dotted number at `i` ("15.5") is a quantity or a clock time.
fn is_decimal(scan: &Scan<'_>, i: usize) -> bool {
    let after = i + 3;
    scan.is(after, NOT_AFTER_A_DOTTED_DATE)
        || scan.is(after, vocab::CURRENCIES)
        || scan.is(i.wrapping_sub(1), NOT_BEFORE_A_DOTTED_DATE)
        // "2.5km", "8.30pm" written together
        || scan.adjacent(i + 2)
            && scan
                .toks
                .get(after)
                .is_some_and(|t| t.kind == crate::engine::nlu::text::TokKind::Word)
}

/// Day and month of `a/b`: day first unless only month first fits (English
/// only) or the hotel says its English-speaking guests write month first.
fn order(scan: &Scan<'_>, a: u32, b: u32) -> Option<(u32, u32, bool)> {
    let day_first = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let month_first_allowed = scan.lang == Language::En;
    let prefer_month_first = month_first_allowed && scan.ctx.date_order == DateOrder::MonthDay;
    Some(
        match (day_first(a, b), month_first_allowed && day_first(b, a)) {
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
        },
    )
}

/// In English "3/28 - 4/2" or "12/30 - 1/2", one half that can only be read
/// one way sets the order of the other; "3/4 to 3/6", sharing its first
/// number, is month first (the shared number is the month).
fn same_order(a: &mut Written, b: &mut Written) {
    let (Some((a1, a2)), Some((b1, b2))) = (a.numbers, b.numbers) else {
        return;
    };
    let fits = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    let both = |month_first: bool| {
        if month_first {
            fits(a2, a1) && fits(b2, b1)
        } else {
            fits(a1, a2) && fits(b1, b2)
        }
    };
    // Some(month first) when a half can be read only one way ("3/28", "15/4").
    let decides = |w: &Written, (x, y): (u32, u32)| (!w.ambiguous && x != y).then_some(w.day == y);
    let month_first = match (decides(a, (a1, a2)), decides(b, (b1, b2))) {
        (Some(m), _) | (None, Some(m)) => m,
        // Both could go either way: the number they share is the month.
        (None, None) if a1 == b1 && a2 != b2 => true,
        (None, None) if a2 == b2 && a1 != b1 => false,
        _ => return,
    };
    if !both(month_first) {
        return;
    }
    for (w, (x, y)) in [(a, (a1, a2)), (b, (b1, b2))] {
        let (day, month) = if month_first { (y, x) } else { (x, y) };
        w.day = day;
        w.month = Some(month);
        w.ambiguous = false;
    }
}

/// Any written date at `i`, possibly without month: "15", "15 de marzo", "March 15th, 2027".
fn written(scan: &Scan<'_>, i: usize) -> Option<(Written, usize)> {
    // "viernes 15 de marzo": the weekday adds nothing to an absolute date.
    let i = if vocab::weekday(scan.w(i)).is_some()
        && day_number(scan, i + 1).is_some_and(|(_, s, _)| s == Spelled::Digits)
    {
        i + 1
    } else {
        i
    };
    if let Some(found) = numeric(scan, i) {
        return Some(found);
    }
    if let Some((month, j)) = month_word(scan, i, MonthAt::BeforeDay) {
        // Month first: "March 15th", "mar 15, 2027".
        let j = if scan.is(j, &["the"]) { j + 1 } else { j };
        // "dez de maio": without a day after it, the month word may be a day itself.
        let Some((day, spelled, k)) = day_number(scan, j) else {
            let (day, spelled, j) = day_number(scan, i)?;
            return month_after(scan, (day, spelled), j);
        };
        // "May two of us…": after a month a day in words is an ordinal ("March fifteenth").
        if spelled == Spelled::Cardinal {
            return None;
        }
        let (year, k) = year(scan, k).map_or((None, k), |(y, k)| (Some(y), k));
        return Some((dated((day, spelled), Some(month), year), k));
    }
    let (day, spelled, j) = day_number(scan, i)?;
    month_after(scan, (day, spelled), j)
}

/// A date as written in words or digits, with no slash to make it ambiguous.
fn dated((day, spelled): (u32, Spelled), month: Option<u32>, year: Option<i32>) -> Written {
    Written {
        day,
        month,
        year,
        ambiguous: false,
        numbers: None,
        spelled,
    }
}

/// The month (and year) after a day read at `j`: "15 de marzo", "15 mar",
/// "15 del mes que viene", or none.
fn month_after(scan: &Scan<'_>, day: (u32, Spelled), j: usize) -> Option<(Written, usize)> {
    let spelled = day.1;
    let link = usize::from(scan.is(j, DAY_MONTH_LINKS));
    // "two may come": a day in words takes its month only through "de"/"of".
    if spelled != Spelled::Digits && link == 0 {
        return Some((dated(day, None, None), j));
    }
    let at = if link == 1 {
        MonthAt::AfterLink
    } else {
        MonthAt::AfterDay
    };
    if let Some((month, k)) = month_word(scan, j + link, at) {
        let (year, k) = year(scan, k).map_or((None, k), |(y, k)| (Some(y), k));
        return Some((dated(day, Some(month), year), k));
    }
    if let Some((month, year, k)) = next_month(scan, j) {
        return Some((dated(day, Some(month), Some(year)), k));
    }
    Some((dated(day, None, None), j))
}

/// A month (and year) said once after a range of days: "15 al 18 *de marzo*",
/// "del 15 al 18 *del mes que viene*".
fn trailing_month(scan: &Scan<'_>, i: usize) -> Option<(u32, Option<i32>, usize)> {
    if let Some((m, y, j)) = next_month(scan, i) {
        return Some((m, Some(y), j));
    }
    let link = usize::from(scan.is(i, DAY_MONTH_LINKS));
    let at = if link == 1 {
        MonthAt::AfterLink
    } else {
        MonthAt::AfterDay
    };
    let (m, j) = month_word(scan, i + link, at)?;
    let (y, j) = year(scan, j).map_or((None, j), |(y, k)| (Some(y), k));
    Some((m, y, j))
}

/// What a date form at some position reads as.
pub enum Read<T> {
    Found(Found<T>),
    /// A date that cannot exist ("31/4", "31 de abril", "feb 30 - mar 2"),
    /// covering tokens up to this index: it gives no date, and its pieces must
    /// not be read again as other dates.
    Impossible(usize),
}

/// A range at `i`; `month_before` is a month said before the days ("mês que
/// vem, do dia 3 ao 5").
pub fn range(
    scan: &Scan<'_>,
    i: usize,
    month_before: Option<(u32, i32)>,
) -> Option<Read<StayDates>> {
    let i = if scan.is(i, &["el", "the", "dia"]) {
        i + 1
    } else {
        i
    };
    let (mut a, j) = written(scan, i)?;
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
        } else if let Some((m, y)) = month_before {
            b.month = Some(m);
            b.year = Some(y);
        } else if a.spelled != Spelled::Digits || b.spelled != Spelled::Digits {
            // Days in words with no month: "do dia quinze ao dezoito", "from the
            // fifteenth to the eighteenth"; not "de dos a tres noches".
            let dia = scan.is(i.wrapping_sub(1), &["dia"]);
            let the = |at: usize| scan.is(at.wrapping_sub(1), &["the"]);
            let ordinals =
                a.spelled == Spelled::Ordinal && b.spelled == Spelled::Ordinal && the(i) && the(k);
            if !(dia || ordinals) || scan.is(end, vocab::COUNT_NOUNS) {
                return None;
            }
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
    same_order(&mut a, &mut b);
    let Some((checkin, checkout, flags)) = resolve::range(a, b, scan.ctx.today) else {
        return Some(Read::Impossible(end));
    };
    let stay = StayDates::new(checkin, checkout).ok()?;
    Some(Read::Found((stay, flags, end)))
}

/// Words after "del 15" that show it is a day ("del 15 por 3 noches", "a
/// partir del 15", "del 15 en adelante"), not "el descuento del 15 %".
const AFTER_DEL_DAY: &[&str] = &[
    "por", "en", "para", "pra", "hasta", "durante", "for", ",", ".", "y", "!", "?", "ate",
];
/// Words right before a lone day number that make it the day of arrival or departure.
const STAY_ENDS: &[&str] = &[
    "checkin", "checkout", "entrada", "salida", "saida", "ingreso", "egreso",
];

pub fn single(
    scan: &Scan<'_>,
    i: usize,
    month_before: Option<(u32, i32)>,
) -> Option<Read<NaiveDate>> {
    let lead = usize::from(scan.is(
        i,
        &[
            "el", "the", "dia", "on", "o", "para", "for", "al", "ao", "pro",
        ],
    ));
    let (mut w, end) = written(scan, i + lead)?;
    // A lone number is a day only when introduced as one: "el 15", "the 15th", "dia 15".
    let introduced = lead == 1 && !scan.is(i, &["para", "for", "on", "o"])
        || scan.is(i.wrapping_sub(1), &["el", "the", "dia", "al", "ao", "pro"])
        || lead == 0 && scan.is(i.wrapping_sub(1), &["del"]) && {
            let after = scan.w(end);
            after.is_empty() && end >= scan.toks.len() || AFTER_DEL_DAY.contains(&after)
        }
        || lead == 0 && after_stay_end(scan, i);
    if w.month.is_none() {
        if let Some((m, y)) = month_before {
            w.month = Some(m);
            w.year = Some(y);
        } else if w.spelled != Spelled::Digits {
            if !alone_in_words(scan, i + lead, end, w.spelled) {
                return None;
            }
        } else if !(introduced || is_ordinal(scan, i + lead)) {
            return None;
        }
    }
    match resolve::single(w, scan.ctx.today) {
        Some((date, flags)) => Some(Read::Found((date, flags, end))),
        None => Some(Read::Impossible(end)),
    }
}

/// "check in 20", "check-out 23", "checkin 20", "salida 23".
fn after_stay_end(scan: &Scan<'_>, i: usize) -> bool {
    let p = i.wrapping_sub(1);
    if scan.is(p, STAY_ENDS) {
        return true;
    }
    scan.is(p, &["in", "out"])
        && (scan.is(p.wrapping_sub(1), &["check", "checking"])
            || scan.is(p.wrapping_sub(1), &["-"]) && scan.is(p.wrapping_sub(2), &["check"]))
}

/// A day said after a link in another phrase ("el finde del 14", "the weekend
/// of the 14th", "o fds do dia 14"): its date and the index after it.
pub fn day_at(scan: &Scan<'_>, i: usize) -> Option<(NaiveDate, usize)> {
    let of_the = scan.is(i.wrapping_sub(1), &["del", "do"]);
    let i = i + usize::from(scan.is(i, &["el", "the", "dia"]));
    let (w, end) = written(scan, i)?;
    if scan.is(end, vocab::COUNT_NOUNS) {
        return None;
    }
    // "el finde del quince" is a day; "el finde de dos" may be people.
    let in_words = w.spelled != Spelled::Digits && w.month.is_none();
    if in_words && !of_the && !alone_in_words(scan, i, end, w.spelled) {
        return None;
    }
    let (date, _) = resolve::single(w, scan.ctx.today)?;
    Some((date, end))
}

/// Whether a range of days starts at `i` ("del 14 al 16").
pub fn starts_range(scan: &Scan<'_>, i: usize) -> bool {
    matches!(range(scan, i, None), Some(Read::Found(_)))
}

/// A month said before the days it applies to: "mês que vem, do dia 3 ao 5",
/// "next month from the 3rd to the 5th"; the month and where the days start.
pub fn month_before(scan: &Scan<'_>, i: usize) -> Option<(u32, i32, usize)> {
    let (m, y, end) = next_month(scan, i)?;
    let end = end + usize::from(scan.is(end, &[","]));
    Some((m, y, end))
}

fn is_ordinal(scan: &Scan<'_>, i: usize) -> bool {
    scan.adjacent(i) && vocab::is_ordinal_suffix(scan.w(i + 1)) && scan.toks[i].num().is_some()
}
