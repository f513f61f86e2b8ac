//! Clock times: "a las 2 de la tarde", "14hs", "2pm", "14:30", "às 15h", "mediodía".

use super::Scan;
use crate::engine::nlu::output::EntityValue;
use chrono::NaiveTime;

const HOUR_SUFFIXES: &[&str] = &["hs", "h", "hrs", "hr"];
const AT: &[&str] = &[
    "a", "las", "la", "at", "as", "aa", "around", "tipo", "como", "by", "until", "till", "hasta",
    "ate",
];

/// Units after a number that make it a count, not an hour.
const NOT_AFTER_A_TIME: &[&str] = &[
    "noches",
    "nights",
    "noites",
    "personas",
    "people",
    "pessoas",
    "dias",
    "days",
    "adultos",
    "adults",
    "ninos",
    "kids",
    "children",
    "criancas",
    "habitaciones",
    "rooms",
    "quartos",
    "semanas",
    "weeks",
    "horas",
    "hours",
    "minutos",
    "minutes",
    "de",
    "of",
    "del",
];

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
    match scan.w(i) {
        "mediodia" | "noon" | "midday" => return Some((hm(12, 0)?, i, i + 1)),
        "medianoche" | "midnight" | "meianoite" => return Some((hm(0, 0)?, i, i + 1)),
        "meio"
            if scan.is(i + 1, &["dia"]) || (scan.is(i + 1, &["-"]) && scan.is(i + 2, &["dia"])) =>
        {
            let end = if scan.is(i + 1, &["-"]) { i + 3 } else { i + 2 };
            return Some((hm(12, 0)?, i, end));
        }
        _ => {}
    }
    // "a las", "at", "às" before the number make a bare hour a time.
    let introduced =
        scan.is(i, &["las", "at", "as", "aa"]) || (scan.is(i, &["a"]) && scan.is(i + 1, &["las"]));
    let start = i;
    let mut j = i;
    while scan.is(j, AT) && j < i + 2 {
        j += 1;
    }
    let hour_tok = scan.toks.get(j).filter(|_| !scan.used[j])?;
    let (mut hour, mut k) = match hour_tok.num() {
        Some(h) if hour_tok.norm.len() <= 2 => (h, j + 1),
        _ if introduced => scan.count(j).filter(|(n, _)| *n <= 12)?,
        _ => return None,
    };
    let mut minute = 0;
    let mut explicit = false;
    if scan.is(k, &[":"]) && scan.adjacent(k - 1) {
        let m = scan
            .toks
            .get(k + 1)
            .filter(|t| t.norm.len() == 2)
            .and_then(|t| t.num())?;
        minute = m;
        k += 2;
        explicit = true;
    }
    if scan.is(k, HOUR_SUFFIXES) && (scan.adjacent(k - 1) || scan.w(k).len() > 1) {
        k += 1;
        explicit = true;
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
    match scan.w(k) {
        "pm" | "p" => {
            if hour < 12 {
                hour += 12;
            }
            k += 1 + usize::from(scan.is(k + 1, &["."]) || scan.is(k + 1, &["m"]));
            explicit = true;
        }
        "am" => {
            if hour == 12 {
                hour = 0;
            }
            k += 1;
            explicit = true;
        }
        _ => {}
    }
    // "de la tarde", "da tarde", "in the afternoon", "de la mañana", "da noite".
    let part = [k, k + 1, k + 2].into_iter().find(|&p| {
        scan.is(
            p,
            &[
                "tarde",
                "noche",
                "noite",
                "afternoon",
                "evening",
                "night",
                "manana",
                "manha",
                "morning",
                "madrugada",
            ],
        ) && (p == k || scan.is(k, &["de", "da", "in", "por", "at", "la", "the"]))
    });
    if let Some(p) = part {
        if matches!(
            scan.w(p),
            "tarde" | "noche" | "noite" | "afternoon" | "evening" | "night"
        ) && hour < 12
        {
            hour += 12;
        }
        k = p + 1;
        explicit = true;
    }
    if !(explicit || introduced) || hour > 23 || minute > 59 {
        return None;
    }
    // "at 3 nights", "a las 2 personas": a count, not a time.
    if scan.is(k, NOT_AFTER_A_TIME) {
        return None;
    }
    Some((hm(hour, minute)?, start, k))
}

fn hm(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}
