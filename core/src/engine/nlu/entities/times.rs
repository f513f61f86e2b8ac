//! Clock times: "a las 2 de la tarde", "14hs", "2pm", "14:30", "às 15h", "mediodía",
//! "8 y media", "9 menos cuarto", "14.30", "half past 8".
//!
//! An hour from 1 to 6 said without am/pm, a part of the day or a leading zero
//! is in the afternoon: guests write to a hotel about arriving, leaving and
//! late check-outs, and "a las 4", "at 3", "até as 2" mean 16:00, 15:00, 14:00
//! to any receptionist. Breakfast is the exception ("desayuno desde las 6?").

use super::Scan;
use super::vocab::{COUNT_NOUNS, CURRENCIES};
use crate::engine::nlu::output::EntityValue;
use chrono::NaiveTime;

const HOUR_SUFFIXES: &[&str] = &["hs", "h", "hrs", "hr", "oclock"];
const AT: &[&str] = &[
    "a", "las", "la", "at", "as", "aa", "around", "tipo", "como", "by", "until", "till", "hasta",
    "ate",
];

/// Measures after a number that make it a count, not an hour ("10 minutos",
/// "5 km"), besides the nouns guests count ("1 noche", "2 personas").
const MEASURES: &[&str] = &[
    "minuto", "minutos", "minute", "minutes", "ano", "anos", "year", "years", "km", "kg",
];
/// Whether the word at `k` makes the number before it a count or an amount.
fn counted(scan: &Scan<'_>, k: usize) -> bool {
    scan.is(k, COUNT_NOUNS) || scan.is(k, MEASURES) || scan.is(k, CURRENCIES)
}

/// After a number, these start a date or a measure ("15 de marzo", "2 of us"), unless a
/// part of the day follows ("2 de la tarde").
const LINKS: &[&str] = &["de", "of", "del"];

/// How a part of the day moves an hour written on the 12-hour clock.
#[derive(Clone, Copy)]
enum Shift {
    Afternoon,
    /// "12 de la noche" is midnight and "1 de la noche" one in the morning; "9 de la noche" 21:00.
    Night,
    Morning,
    SmallHours,
    Noon,
}

impl Shift {
    fn apply(self, h: u32) -> u32 {
        match (self, h) {
            (Self::Afternoon, 1..=11) => h + 12,
            (Self::Night, 12) | (Self::SmallHours, 12) => 0,
            (Self::Night, 5..=11) => h + 12,
            (Self::Noon, _) => 12,
            _ => h,
        }
    }
}

/// Parts of the day, and whether they may follow the number without "de la"/"in the":
/// "1 noche" is a night's stay and "10 mañana" is tomorrow at 10, so those need the link.
const PARTS: &[(&str, bool, Shift)] = &[
    ("tarde", true, Shift::Afternoon),
    ("afternoon", true, Shift::Afternoon),
    ("evening", true, Shift::Afternoon),
    ("noche", false, Shift::Night),
    ("noite", false, Shift::Night),
    ("night", false, Shift::Night),
    ("manana", false, Shift::Morning),
    ("manha", true, Shift::Morning),
    ("morning", true, Shift::Morning),
    ("madrugada", true, Shift::SmallHours),
    ("midnight", true, Shift::SmallHours),
    ("medianoche", true, Shift::SmallHours),
    ("noon", true, Shift::Noon),
    ("mediodia", true, Shift::Noon),
];
/// Words between the number and the part of the day: "de la tarde", "in the morning".
const PART_LINKS: &[&str] = &["de", "da", "del", "in", "por", "at", "la", "the"];

/// Words that make a message about breakfast, where early hours are meant.
const BREAKFAST: &[&str] = &["desayuno", "desayunar", "breakfast", "cafe"];

/// A time in the message has been said; these flags say how.
#[derive(Default)]
struct Said {
    /// Something shows it is a clock time: "hs", ":30", "pm", "de la tarde", "y media".
    explicit: bool,
    /// Morning or afternoon is settled: am/pm, a part of the day, 24-hour writing.
    meridiem: bool,
}

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        match at(scan, i) {
            Some((t, start, end)) => {
                scan.push(start, end, EntityValue::Time(t), Vec::new());
                i = end;
            }
            None => i += 1,
        }
    }
}

/// A time at `i`, with the token range it covers.
fn at(scan: &Scan<'_>, i: usize) -> Option<(NaiveTime, usize, usize)> {
    if let Some((h, k)) = named(scan, i) {
        let (m, k) = spoken_minutes(scan, k).unwrap_or((0, k));
        return Some((hm(h, m)?, i, k));
    }
    // "a las", "at", "às", "a la una" before the number make a bare hour a time.
    let introduced = scan.is(i, &["las", "at", "as", "aa"])
        || (scan.is(i, &["a"]) && scan.is(i + 1, &["las"]))
        || la_una(scan, i)
        || (scan.is(i, &["a", "hasta"]) && la_una(scan, i + 1))
        || (is_grave_a(scan, i) && scan.is(i + 1, &["uma", "1"]));
    let mut said = Said::default();
    let mut ampm = false;
    let (mut hour, mut minute, mut k) = match english_quarter(scan, i) {
        Some(found) => {
            said.explicit = true;
            found
        }
        None => {
            let mut j = i;
            while scan.is(j, AT) && j < i + 2 {
                j += 1;
            }
            let hour_tok = scan.toks.get(j).filter(|_| !scan.used[j])?;
            match hour_tok.num() {
                Some(h) if hour_tok.norm.len() <= 2 => {
                    // "03:30", "09hs": written with a leading zero, the 24-hour clock.
                    said.meridiem = hour_tok.norm.starts_with('0');
                    (h, 0, j + 1)
                }
                _ if introduced => {
                    let (h, k) = scan.count(j).filter(|(n, _)| *n <= 12)?;
                    (h, 0, k)
                }
                _ => return None,
            }
        }
    };
    let mut dotted = false;
    if scan.is(k, &[":"]) && scan.adjacent(k - 1) {
        let m = scan
            .toks
            .get(k + 1)
            .filter(|t| t.norm.len() == 2)
            .and_then(|t| t.num())?;
        minute = m;
        k += 2;
        said.explicit = true;
    } else if let Some(m) = dotted_minutes(scan, k) {
        minute = m;
        k += 2;
        dotted = true;
    }
    if scan.is(k, HOUR_SUFFIXES) && (scan.adjacent(k - 1) || scan.w(k).len() > 1) {
        k += 1;
        said.explicit = true;
        if minute == 0
            && scan
                .toks
                .get(k)
                .is_some_and(|t| t.norm.len() == 2 && scan.adjacent(k - 1))
        {
            // "14h30"
            minute = scan.toks[k].num().unwrap_or(0);
            k += 1;
        }
    }
    if minute == 0 && !dotted {
        if let Some((m, next)) = spoken_minutes(scan, k) {
            if m >= 45 && scan.is(k, &["menos"]) {
                // "9 menos cuarto" is a quarter to nine: 8:45, and "1 menos cuarto" 12:45.
                hour = if hour <= 1 { hour + 11 } else { hour - 1 };
            }
            let loose = scan.toks.get(k + 1).is_some_and(|t| t.num().is_some());
            // "2 y 30" alone is a time, but not "los días 10 y 20".
            if !loose || introduced || !after_day_word(scan, i) {
                minute = m;
                k = next;
                said.explicit = true;
            }
        }
    }
    match scan.w(k) {
        "pm" | "p" => {
            if hour < 12 {
                hour += 12;
            }
            k += 1 + usize::from(scan.is(k + 1, &["."]) || scan.is(k + 1, &["m"]));
            said.explicit = true;
            ampm = true;
        }
        "am" => {
            if hour == 12 {
                hour = 0;
            }
            k += 1;
            said.explicit = true;
            ampm = true;
        }
        _ => {}
    }
    if let Some((shift, p)) = part_of_day(scan, k) {
        if hour <= 12 && !ampm {
            hour = shift.apply(hour);
        }
        k = p + 1;
        said.explicit = true;
        said.meridiem = true;
    }
    // "14.30", "10.15" are times; "15.03" is a date unless said as a time ("a las 15.03").
    if dotted
        && (is_price(scan, i) || !(said.explicit || introduced || (minute > 12 && minute % 5 == 0)))
    {
        return None;
    }
    if dotted {
        said.explicit = true;
    }
    if !(said.explicit || introduced) || hour > 23 || minute > 59 {
        return None;
    }
    // "at 3 nights", "a las 2 personas", "2 de marzo": a count or a date, not a time.
    if counted(scan, k) || scan.is(k, LINKS) {
        return None;
    }
    if ampm || hour > 12 || hour == 0 {
        said.meridiem = true;
    }
    if !said.meridiem && (1..=6).contains(&hour) && !about_breakfast(scan) {
        hour += 12;
    }
    Some((hm(hour, minute)?, i, k))
}

/// Times said by name: noon, midnight, "meio-dia", "meia-noite".
fn named(scan: &Scan<'_>, i: usize) -> Option<(u32, usize)> {
    match scan.w(i) {
        "mediodia" | "noon" | "midday" => return Some((12, i + 1)),
        "medianoche" | "midnight" | "meianoite" => return Some((0, i + 1)),
        _ => {}
    }
    let hour = match scan.w(i) {
        "meio" => 12,
        "meia" => 0,
        _ => return None,
    };
    let next = if scan.is(i + 1, &["-"]) { i + 2 } else { i + 1 };
    let word = if hour == 12 { "dia" } else { "noite" };
    scan.is(next, &[word]).then_some((hour, next + 1))
}

/// "half past 8", "quarter past 9", "quarter to 9": the hour and minutes, and the next index.
fn english_quarter(scan: &Scan<'_>, i: usize) -> Option<(u32, u32, usize)> {
    let minute = match (scan.w(i), scan.w(i + 1)) {
        ("half", "past") => 30,
        ("quarter", "past") => 15,
        ("quarter", "to") => 45,
        _ => return None,
    };
    let (h, k) = scan.count(i + 2).filter(|(h, _)| (1..=12).contains(h))?;
    let h = if minute == 45 {
        if h == 1 { 12 } else { h - 1 }
    } else {
        h
    };
    Some((h, minute, k))
}

/// "y media", "e meia", "y cuarto", "menos cuarto", "y 30": the minutes and the next index.
fn spoken_minutes(scan: &Scan<'_>, k: usize) -> Option<(u32, usize)> {
    let and = scan.is(k, &["y", "e"]);
    let less = scan.is(k, &["menos"]);
    if !(and || less) {
        return None;
    }
    match scan.w(k + 1) {
        "media" | "meia" if and => Some((30, k + 2)),
        "cuarto" | "quarto" => Some((if and { 15 } else { 45 }, k + 2)),
        _ if and => {
            let t = scan.toks.get(k + 1).filter(|_| !scan.used[k + 1])?;
            let m = t.num().filter(|m| t.norm.len() == 2 && *m < 60)?;
            // "10 y 15 personas", "2 y 30 de marzo": a count or two days, not minutes.
            let after_is_part = scan.is(k + 2, LINKS) && part_of_day(scan, k + 2).is_some();
            if counted(scan, k + 2) || (scan.is(k + 2, LINKS) && !after_is_part) {
                return None;
            }
            Some((m, k + 2))
        }
        _ => None,
    }
}

/// ".30" right after the hour, as in "14.30", but not a full date "15.03.2026".
fn dotted_minutes(scan: &Scan<'_>, k: usize) -> Option<u32> {
    if !(scan.is(k, &["."]) && scan.adjacent(k - 1) && scan.adjacent(k)) {
        return None;
    }
    let t = scan.toks.get(k + 1).filter(|_| !scan.used[k + 1])?;
    let m = t.num().filter(|m| t.norm.len() == 2 && *m < 60)?;
    let more = scan.is(k + 2, &[".", "/", "-"]) && scan.adjacent(k + 1);
    (!more).then_some(m)
}

/// A part of the day at `k`, right there or after "de la", "in the": the part and its index.
fn part_of_day(scan: &Scan<'_>, k: usize) -> Option<(Shift, usize)> {
    let linked = scan.is(k, PART_LINKS);
    [k, k + 1, k + 2].into_iter().find_map(|p| {
        let (_, bare, shift) = PARTS.iter().find(|(word, ..)| scan.is(p, &[word]))?;
        let ok = if p == k {
            *bare
        } else {
            linked && (p == k + 1 || scan.is(k + 1, PART_LINKS))
        };
        ok.then_some((*shift, p))
    })
}

/// "la una", and "la 1" after "a"/"hasta": the hour one (feminine, like "las dos").
fn la_una(scan: &Scan<'_>, i: usize) -> bool {
    scan.is(i, &["la"])
        && (scan.is(i + 1, &["una"])
            || (scan.is(i + 1, &["1"]) && scan.is(i.wrapping_sub(1), &["a", "hasta"])))
}

/// "à" (a + a) before "uma": Portuguese for "at", unlike a plain "a uma" ("to a").
fn is_grave_a(scan: &Scan<'_>, i: usize) -> bool {
    scan.is(i, &["a"]) && scan.text[scan.toks[i].start..scan.toks[i].end].to_lowercase() == "à"
}

fn after_day_word(scan: &Scan<'_>, i: usize) -> bool {
    // "las noches del 15, 16 y 17": the last two of a list of days.
    let in_list = scan.is(i.wrapping_sub(1), &[","])
        && scan
            .toks
            .get(i.wrapping_sub(2))
            .is_some_and(|t| t.num().is_some());
    in_list
        || scan.is(
            i.wrapping_sub(1),
            &[
                "dias", "dia", "days", "el", "los", "del", "entre", "between", "the", "de",
            ],
        )
}

/// "$14.50", "cuesta 15.30": a price, not a time.
fn is_price(scan: &Scan<'_>, i: usize) -> bool {
    scan.is(
        i.wrapping_sub(1),
        &[
            "$", "usd", "cuesta", "cost", "costs", "custa", "precio", "price", "preco",
        ],
    )
}

fn about_breakfast(scan: &Scan<'_>) -> bool {
    scan.toks.iter().any(|t| t.is_any(BREAKFAST))
}

fn hm(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

#[cfg(test)]
mod tests {
    use crate::domain::Language::{self, En, Es, Pt};
    use crate::engine::nlu::entities::{for_test, test_ctx};

    fn slot(text: &str, lang: Language, name: &str) -> Option<String> {
        for_test(text, lang, &test_ctx("2026-03-05")).1.get(name)
    }

    fn time(text: &str, lang: Language) -> Option<String> {
        slot(text, lang, "time")
    }

    fn times(text: &str, lang: Language) -> usize {
        for_test(text, lang, &test_ctx("2026-03-05"))
            .0
            .iter()
            .filter(|e| e.value.kind() == "time")
            .count()
    }

    #[test]
    fn one_night_is_a_stay_not_a_clock_time() {
        for (text, lang) in [
            ("1 noche", Es),
            ("solo 1 noche", Es),
            ("por 1 noche", Es),
            ("1 night", En),
            ("just 1 night please", En),
            ("1 noite", Pt),
            ("por 1 noite", Pt),
        ] {
            assert_eq!(time(text, lang), None, "{text}");
            assert_eq!(slot(text, lang, "nights").as_deref(), Some("1"), "{text}");
        }
        assert_eq!(time("3 night", En), None);
        assert_eq!(slot("3 night", En, "nights").as_deref(), Some("3"));
        assert_eq!(slot("1 room 1 night", En, "nights").as_deref(), Some("1"));
        assert_eq!(time("tonight for 1 night", En), None);
        // With the link it is still the night: "a las 11 de la noche".
        assert_eq!(time("a las 11 de la noche", Es).as_deref(), Some("23:00"));
        assert_eq!(time("at 10 at night", En).as_deref(), Some("22:00"));
    }

    #[test]
    fn minutes_are_kept() {
        for (text, lang, want) in [
            ("a las 8 y media de la noche", Es, "20:30"),
            ("a las 2 y 30 de la tarde", Es, "14:30"),
            ("às 8 e meia da noite", Pt, "20:30"),
            ("a las 8 y media", Es, "08:30"),
            ("a las 8 y cuarto", Es, "08:15"),
            ("a las 9 menos cuarto", Es, "08:45"),
            ("a la 1 menos cuarto", Es, "12:45"),
            ("el 15 de marzo a las 10 y media de la mañana", Es, "10:30"),
            ("a las 14.30", Es, "14:30"),
            ("a las 10.15", Es, "10:15"),
            ("a las 8.30", Es, "08:30"),
            ("llego 14.30", Es, "14:30"),
            ("12.30hs", Es, "12:30"),
            ("arriving 8.30pm", En, "20:30"),
            ("8 y media", Es, "08:30"),
            ("8 e meia", Pt, "08:30"),
            ("llego 2 y 30", Es, "14:30"),
            ("half past 8 pm", En, "20:30"),
            ("quarter to 9 in the morning", En, "08:45"),
            ("meio-dia e meia", Pt, "12:30"),
        ] {
            assert_eq!(time(text, lang).as_deref(), Some(want), "{text}");
        }
        assert_eq!(
            slot("el 15 de marzo a las 10 y media", Es, "checkin").as_deref(),
            Some("2026-03-15")
        );
        // Dates, prices and counts stay what they are.
        assert_eq!(time("el 15.03", Es), None);
        assert_eq!(
            slot("del 15.3 al 18.3", Es, "checkin").as_deref(),
            Some("2026-03-15")
        );
        assert_eq!(time("cuesta 15.50?", Es), None);
        assert_eq!(time("entre 10 y 15 personas", Es), None);
        assert_eq!(time("los días 10 y 20", Es), None);
    }

    #[test]
    fn midnight_and_one_oclock() {
        for (text, lang, want) in [
            ("a las 12 de la noche", Es, "00:00"),
            ("at 12 midnight", En, "00:00"),
            ("meia-noite", Pt, "00:00"),
            ("à meia-noite", Pt, "00:00"),
            ("chego meia noite", Pt, "00:00"),
            ("a la 1 de la noche", Es, "01:00"),
            ("at 12 noon", En, "12:00"),
            ("puedo hacer el checkout a la 1?", Es, "13:00"),
            ("a la una", Es, "13:00"),
            ("hasta la una", Es, "13:00"),
            ("a la una de la mañana", Es, "01:00"),
            ("à uma da tarde", Pt, "13:00"),
        ] {
            assert_eq!(time(text, lang).as_deref(), Some(want), "{text}");
        }
        assert_eq!(times("at 12 midnight", En), 1);
        assert_eq!(times("à meia-noite", Pt), 1);
    }

    #[test]
    fn a_bare_hour_from_one_to_six_is_the_afternoon() {
        for (text, lang, want) in [
            ("podemos quedarnos hasta las 4?", Es, "16:00"),
            ("can i check in at 3?", En, "15:00"),
            ("can we check out at 1?", En, "13:00"),
            ("at 5 o'clock", En, "17:00"),
            ("a las dos", Es, "14:00"),
            ("posso ficar até as 2?", Pt, "14:00"),
            ("llegamos a las 6", Es, "18:00"),
            ("a las 3:30", Es, "15:30"),
            // Said as the morning, or in 24-hour writing, it stays.
            ("a las 4 de la mañana", Es, "04:00"),
            ("at 3am", En, "03:00"),
            ("a las 03:30", Es, "03:30"),
            ("a las 10", Es, "10:00"),
            ("at 7", En, "07:00"),
            ("a las 12", Es, "12:00"),
            ("el desayuno es desde las 6?", Es, "06:00"),
        ] {
            assert_eq!(time(text, lang).as_deref(), Some(want), "{text}");
        }
    }
}
