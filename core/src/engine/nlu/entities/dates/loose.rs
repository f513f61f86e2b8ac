//! Loose dates (single days, not a range) and the stay they make.
//!
//! Two days in order are a stay only when the message says so: the words
//! between them mark the second as the departure ("llego el 15 y me voy el
//! 18", "arriving on the 3rd, leaving the 6th", "chego dia 10 e saio dia 12",
//! "entrada 10, salida 12", "check in el 15 check out el 18") or join them as
//! a range ("del viernes al domingo", "hoy hasta mañana"). Otherwise the days
//! are about different things ("mañana te confirmo si vamos el 20") and only
//! a check-in is read.
//!
//! A "mañana"/"tomorrow"/"amanhã" (or "hoy") that says when the guest will
//! answer ("mañana te confirmo", "te escribo mañana", "I'll confirm
//! tomorrow", "amanhã te confirmo") is not a date of the stay at all.

use super::spans::{self, Dated};
use crate::engine::nlu::output::{Entity, EntityFlag, EntityValue};
use crate::engine::nlu::text::Token;
use chrono::{Datelike, Months, NaiveDate};

/// Words between two days that make them one range: "del viernes al
/// domingo", "de sexta a domingo", "hoy hasta mañana", "friday to sunday".
const RANGE_WORDS: &[&str] = &[
    "al", "a", "to", "till", "until", "til", "through", "thru", "-", "hasta", "ate", "ao",
];
/// Articles that may stand between a range word and the day ("hasta el", "to the").
const ARTICLES: &[&str] = &["el", "la", "the", "o", "on", "dia"];
/// Words that make the day after them the departure.
const LEAVING: &[&str] = &[
    // es
    "salida",
    "salgo",
    "salimos",
    "saldria",
    "saldriamos",
    "saldremos",
    "salir",
    "egreso",
    "retiramos",
    "irnos",
    "irme",
    "volvemos",
    "regresamos",
    "checkout",
    // en
    "leave",
    "leaving",
    "leaves",
    "depart",
    "departing",
    "departure",
    "departs",
    // pt
    "saio",
    "saimos",
    "saida",
    "sair",
    "saindo",
    "sairemos",
    "sairiamos",
    "embora",
    "voltamos",
];
/// Two-word departures: "me voy", "nos vamos", "check out", "checking out".
const LEAVING_PAIRS: &[[&str; 2]] = &[
    ["me", "voy"],
    ["nos", "vamos"],
    ["nos", "iriamos"],
    ["nos", "volvemos"],
    ["check", "out"],
    ["checking", "out"],
    ["-", "out"],
];
/// How many words a departure word may stand from the second day.
const LEAVING_REACH: usize = 10;

/// Words before a day that make it the arrival: "llegamos el 20", "if we
/// come on the 20th", "chego dia 10".
const ARRIVING: &[&str] = &[
    "llego",
    "llegamos",
    "llegaria",
    "llegariamos",
    "llegada",
    "ingreso",
    "entrada",
    "vamos",
    "iriamos",
    "checkin",
    "arrive",
    "arriving",
    "arrival",
    "come",
    "coming",
    "chego",
    "chegamos",
    "chegada",
    "chegaria",
];

/// Days that may say when the guest will answer.
const SOON: &[&str] = &[
    "manana", "tomorrow", "amanha", "tmrw", "tmr", "tomorow", "hoy", "today", "hoje",
];
/// Verbs of answering later: "te confirmo", "aviso", "I'll confirm", "te escrevo".
const ANSWER: &[&str] = &[
    // es
    "confirmo",
    "confirmamos",
    "aviso",
    "avisamos",
    "escribo",
    "escribimos",
    "respondo",
    "contesto",
    "digo",
    "decimos",
    "llamo",
    "llamamos",
    // en
    "confirm",
    "back",
    "write",
    "text",
    "reply",
    "answer",
    "call",
    "email",
    "tell",
    // pt
    "escrevo",
    "falo",
    "ligo",
    "retorno",
];
/// Pronouns and auxiliaries between the day and the answering verb: "mañana
/// *te* confirmo", "tomorrow *I'll* confirm", "get back *to you* tomorrow".
const FILLERS: &[&str] = &[
    "te", "le", "les", "lo", "los", "se", "vos", "lhe", "i", "ill", "we", "well", "will", "you",
    "u", "to", "yo", "eu", "ya", "then", "let",
];

/// Check-in and check-out read from the message's loose dates (those not
/// flagged [`EntityFlag::Previous`]).
///
/// The choice when they make no stay: the first day whose words say it is
/// the arrival ("si vamos el 20", "arriving the 3rd"), else the first day
/// that is not the guest's time to answer; no check-out (the dialogue asks
/// for it rather than book a stay the guest never asked for).
pub fn stay_of(entities: &[Entity], toks: &[Token]) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let days: Vec<(Dated, NaiveDate)> = spans::dated(entities, toks)
        .into_iter()
        .filter_map(|d| {
            let e = entities.get(d.index)?;
            match e.value {
                EntityValue::Date(date) if !e.flags.contains(&EntityFlag::Previous) => {
                    Some((d, date))
                }
                _ => None,
            }
        })
        .filter(|(d, _)| !answer_time(*d, toks))
        .collect();
    for pair in days.windows(2) {
        let ((a, from), (b, to)) = (pair[0], pair[1]);
        let last = days.last().is_some_and(|(d, _)| d.index == b.index);
        let one_stay = joined(toks, a.end, b.first) || (last && leaving_after(toks, b.end));
        if !one_stay {
            continue;
        }
        if let Some(to) = after(to, from) {
            return (Some(from), Some(to));
        }
    }
    let arrival = days.iter().find(|(d, _)| arriving(toks, d.first));
    (arrival.or(days.first()).map(|(_, date)| *date), None)
}

/// The departure `to` after the arrival `from`: as read, or a month on when
/// it came before ("arriving on the 3rd, leaving the 6th" said on the 5th:
/// each bare day was read alone, the 3rd in April, the 6th in March).
fn after(to: NaiveDate, from: NaiveDate) -> Option<NaiveDate> {
    if to > from {
        return Some(to);
    }
    let next = from.with_day(1)?.checked_add_months(Months::new(1))?;
    [from.with_day(to.day()), next.with_day(to.day())]
        .into_iter()
        .flatten()
        .find(|d| *d > from && (*d - from).num_days() <= MAX_BUMPED_NIGHTS)
}

/// The longest stay a departure moved a month on may make.
const MAX_BUMPED_NIGHTS: i64 = 31;

/// Whether the words between two days (tokens `from..to`) make them a stay;
/// the second day's own first word counts too ("de sexta a domingo", where
/// "a domingo" is read as one date).
fn joined(toks: &[Token], from: usize, to: usize) -> bool {
    let Some(gap) = toks.get(from..to) else {
        return false;
    };
    if gap.is_empty() {
        return toks.get(to).is_some_and(|t| t.is_any(RANGE_WORDS));
    }
    let words: Vec<&str> = gap
        .iter()
        .map(|t| t.norm.as_str())
        .filter(|w| !ARTICLES.contains(w))
        .collect();
    if let [w] = words.as_slice() {
        if RANGE_WORDS.contains(w) {
            return true;
        }
    }
    let near = &gap[gap.len().saturating_sub(LEAVING_REACH)..];
    near.iter().any(|t| t.is_any(LEAVING))
        || near
            .windows(2)
            .any(|w| LEAVING_PAIRS.iter().any(|[a, b]| w[0].is(a) && w[1].is(b)))
}

/// How many words after the last day a departure may follow it.
const LEAVING_AFTER: usize = 5;

/// A departure said right after the last day: "el 15 llegamos y el 18 nos
/// vamos", "esta noche y mañana a la mañana me voy", "the 3rd and the 6th we
/// leave".
fn leaving_after(toks: &[Token], from: usize) -> bool {
    let near = toks
        .get(from..toks.len().min(from + LEAVING_AFTER))
        .unwrap_or(&[]);
    near.iter().any(|t| t.is_any(LEAVING))
        || near
            .windows(2)
            .any(|w| LEAVING_PAIRS.iter().any(|[a, b]| w[0].is(a) && w[1].is(b)))
}

/// Whether the words just before token `first` say the day is the arrival.
fn arriving(toks: &[Token], first: usize) -> bool {
    let from = first.saturating_sub(3);
    toks.get(from..first)
        .is_some_and(|ts| ts.iter().any(|t| t.is_any(ARRIVING)))
}

/// Whether a "mañana"/"tomorrow" is when the guest will answer: an
/// answering verb right after it or right before it, with only pronouns and
/// auxiliaries between, and no word of arriving before it ("llego mañana, te
/// confirmo la hora" arrives tomorrow).
fn answer_time(d: Dated, toks: &[Token]) -> bool {
    let Some(words) = toks.get(d.first..d.end) else {
        return false;
    };
    if words.len() > 2 || !words.last().is_some_and(|t| t.is_any(SOON)) || arriving(toks, d.first) {
        return false;
    }
    let after = (d.end..toks.len())
        .find(|&k| !toks[k].is_any(FILLERS))
        .is_some_and(|k| answers(&toks[k], k.checked_sub(1).and_then(|j| toks.get(j))));
    let before = (0..d.first)
        .rev()
        .find(|&k| !toks[k].is_any(FILLERS))
        .is_some_and(|k| answers(&toks[k], k.checked_sub(1).and_then(|j| toks.get(j))));
    after || before
}

/// Whether `t` is an answering verb; `before` is the word before it, for
/// "let you know" ("know" alone is not one).
fn answers(t: &Token, before: Option<&Token>) -> bool {
    t.is_any(ANSWER) || t.is("know") && before.is_some_and(|b| b.is_any(&["you", "u"]))
}
