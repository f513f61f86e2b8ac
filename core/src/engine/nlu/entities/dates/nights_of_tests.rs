//! Nights named by their dates. Today is Thursday 5 March 2026.

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
fn the_nights_of_two_days_end_the_morning_after_the_second() {
    for (text, lang) in [
        ("las noches del 15 y 16", Es),
        ("queremos las noches del 15 y el 16 de marzo", Es),
        ("the nights of the 15th and 16th", En),
        ("for the nights of 15 and 16 March", En),
        ("as noites de 15 e 16", Pt),
        ("as noites do dia 15 e 16", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            (d("2026-03-15"), d("2026-03-17")),
            "{text}"
        );
    }
}

#[test]
fn the_night_of_one_day_is_one_night() {
    for (text, lang) in [
        ("la noche del 15", Es),
        ("the night of the 15th", En),
        ("a noite de 15", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            (d("2026-03-15"), d("2026-03-16")),
            "{text}"
        );
    }
}

#[test]
fn the_nights_of_three_days_are_three_nights() {
    assert_eq!(
        stay("the nights of the 15th, 16th and 17th", En),
        (d("2026-03-15"), d("2026-03-18"))
    );
}

/// Clock times are read before dates: "16 y 17" at the end of a list of
/// days must not be 16:17.
#[test]
fn the_nights_of_three_days_with_y_are_three_nights() {
    for (text, lang) in [
        ("las noches del 15, 16 y 17", Es),
        ("as noites de 15, 16 e 17", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            (d("2026-03-15"), d("2026-03-18")),
            "{text}"
        );
    }
}

/// Guards: a count of nights, an arrival at night and days out of order keep
/// their other readings.
#[test]
fn nights_said_otherwise_keep_their_reading() {
    assert_eq!(
        stay("3 noches del 15", Es),
        (d("2026-03-15"), d("2026-03-18"))
    );
    assert_eq!(
        stay("llegamos la noche del 15", Es),
        (d("2026-03-15"), None)
    );
    assert_eq!(
        stay("las noches del 15 al 18", Es),
        (d("2026-03-15"), d("2026-03-18"))
    );
}
