//! Loose dates and the stay they make. Today is Thursday 5 March 2026.

use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::entities::{for_test, test_ctx};
use chrono::NaiveDate;

const TODAY: &str = "2026-03-05";

fn d(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
}

fn stay(text: &str, lang: Language) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (_, s) = for_test(text, lang, &test_ctx(TODAY));
    (s.checkin, s.checkout)
}

#[test]
fn tomorrow_as_the_time_to_answer_is_not_the_stay() {
    for (text, lang) in [
        ("mañana te confirmo si vamos el 20", Es),
        ("mañana te aviso si vamos el 20", Es),
        ("te escribo mañana si vamos el 20", Es),
        ("mañana les confirmo, la idea es ir el 20", Es),
        ("I'll confirm tomorrow if we come on the 20th", En),
        ("tomorrow I'll let you know, we would come on the 20th", En),
        ("I'll get back to you tomorrow about the 20th", En),
        ("amanhã te confirmo se vamos dia 20", Pt),
        ("te aviso amanhã, a ideia é chegar dia 20", Pt),
    ] {
        assert_eq!(stay(text, lang), (d("2026-03-20"), None), "{text}");
    }
}

#[test]
fn tomorrow_alone_as_the_time_to_answer_gives_no_checkin() {
    for (text, lang) in [
        ("mañana te confirmo", Es),
        ("I'll confirm tomorrow", En),
        ("amanhã te confirmo", Pt),
    ] {
        assert_eq!(stay(text, lang), (None, None), "{text}");
    }
}

#[test]
fn tomorrow_as_the_arrival_stays_the_checkin() {
    // An answering verb after it does not undo a word of arriving before it.
    assert_eq!(
        stay("llego mañana, te confirmo la hora", Es),
        (d("2026-03-06"), None)
    );
    assert_eq!(
        stay("arriving tomorrow, will confirm the time", En).0,
        d("2026-03-06")
    );
}

#[test]
fn two_unrelated_days_are_a_checkin_only() {
    // Before: the 15th to the 18th, a stay nobody asked for.
    for (text, lang, checkin) in [
        (
            "el 15 es el cumple de mi hija, llegamos el 18",
            Es,
            "2026-03-18",
        ),
        (
            "the 15th is my daughter's birthday, we arrive on the 18th",
            En,
            "2026-03-18",
        ),
        (
            "dia 15 é aniversário da minha filha, chegamos dia 18",
            Pt,
            "2026-03-18",
        ),
    ] {
        assert_eq!(stay(text, lang), (d(checkin), None), "{text}");
    }
}

#[test]
fn a_departure_before_the_arrival_day_is_in_the_next_month() {
    // Said on 5 March, each bare day alone is the next one: the 3rd of April,
    // the 6th of March.
    assert_eq!(
        stay("arriving on the 3rd, leaving the 6th", En),
        (d("2026-04-03"), d("2026-04-06"))
    );
    assert_eq!(
        stay("llego el 3 y me voy el 6", Es),
        (d("2026-04-03"), d("2026-04-06"))
    );
    assert_eq!(
        stay("chego dia 3 e saio dia 6", Pt),
        (d("2026-04-03"), d("2026-04-06"))
    );
}

/// These were already stays; they guard the departure and range cues.
#[test]
fn a_departure_or_a_range_word_makes_two_days_a_stay() {
    for (text, lang, checkin, checkout) in [
        ("llego el 15 y me voy el 18", Es, "2026-03-15", "2026-03-18"),
        (
            "llegamos el viernes y nos vamos el domingo",
            Es,
            "2026-03-06",
            "2026-03-08",
        ),
        (
            "check in el 15 check out el 18",
            Es,
            "2026-03-15",
            "2026-03-18",
        ),
        ("entrada 10, salida 12", Es, "2026-03-10", "2026-03-12"),
        ("del viernes al domingo", Es, "2026-03-06", "2026-03-08"),
        (
            "arriving on the 13th, leaving the 16th",
            En,
            "2026-03-13",
            "2026-03-16",
        ),
        (
            "we arrive friday and leave sunday",
            En,
            "2026-03-06",
            "2026-03-08",
        ),
        ("from friday to sunday", En, "2026-03-06", "2026-03-08"),
        ("chego dia 10 e saio dia 12", Pt, "2026-03-10", "2026-03-12"),
        (
            "chegamos na sexta e vamos embora no domingo",
            Pt,
            "2026-03-06",
            "2026-03-08",
        ),
        ("de sexta a domingo", Pt, "2026-03-06", "2026-03-08"),
    ] {
        assert_eq!(stay(text, lang), (d(checkin), d(checkout)), "{text}");
    }
}

#[test]
fn a_departure_said_after_the_last_day_makes_a_stay() {
    for (text, lang) in [
        ("el 15 llegamos y el 18 nos vamos", Es),
        ("llego el 15 y el 18 me voy", Es),
        ("we arrive on the 15th and on the 18th we leave", En),
        ("chego dia 15 e dia 18 vou embora", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            (d("2026-03-15"), d("2026-03-18")),
            "{text}"
        );
    }
}
