//! Every date example of the issue, one test each. Today is Thursday 5 March 2026.

use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::context::DateOrder;
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::{EntityFlag, EntityValue};
use chrono::NaiveDate;

const TODAY: &str = "2026-03-05";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Check-in and check-out slots of `text`.
fn stay(text: &str, lang: Language) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (_, s) = for_test(text, lang, &test_ctx(TODAY));
    (s.checkin, s.checkout)
}

fn range(a: &str, b: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (Some(d(a)), Some(d(b)))
}

fn day(a: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (Some(d(a)), None)
}

fn flags(text: &str, lang: Language) -> Vec<EntityFlag> {
    let (ents, _) = for_test(text, lang, &test_ctx(TODAY));
    ents.into_iter().flat_map(|e| e.flags).collect()
}

#[test]
fn del_15_al_18_de_marzo() {
    assert_eq!(
        stay("del 15 al 18 de marzo", Es),
        range("2026-03-15", "2026-03-18")
    );
}

#[test]
fn slash_dates_range() {
    assert_eq!(stay("15/3 al 18/3", Es), range("2026-03-15", "2026-03-18"));
}

#[test]
fn day_range_with_abbreviated_month() {
    assert_eq!(stay("15-18 mar", Es), range("2026-03-15", "2026-03-18"));
}

#[test]
fn english_month_first_with_ordinals() {
    assert_eq!(
        stay("March 15th to 18th", En),
        range("2026-03-15", "2026-03-18")
    );
}

#[test]
fn next_friday_for_3_nights() {
    // "next" is the first Friday after today.
    assert_eq!(
        stay("next Friday for 3 nights", En),
        range("2026-03-06", "2026-03-09")
    );
    let (ents, s) = for_test("next Friday for 3 nights", En, &test_ctx(TODAY));
    assert_eq!(s.nights, Some(3));
    assert!(ents.iter().any(|e| matches!(e.value, EntityValue::Stay(_))));
}

#[test]
fn este_finde() {
    assert_eq!(stay("este finde", Es), range("2026-03-06", "2026-03-08"));
    assert_eq!(flags("este finde", Es), [EntityFlag::Approximate]);
    // On Saturday "this weekend" is the one under way.
    let (_, s) = for_test("este finde", Es, &test_ctx("2026-03-07"));
    assert_eq!((s.checkin, s.checkout), range("2026-03-07", "2026-03-08"));
}

#[test]
fn el_fin_de_semana_largo() {
    assert_eq!(
        stay("el fin de semana largo", Es),
        range("2026-03-06", "2026-03-09")
    );
}

#[test]
fn manana_but_not_la_manana() {
    assert_eq!(stay("mañana", Es), day("2026-03-06"));
    assert_eq!(stay("llego manana por la mañana", Es), day("2026-03-06"));
    assert_eq!(stay("a la mañana", Es), (None, None));
}

#[test]
fn pasado_manana() {
    assert_eq!(stay("pasado mañana", Es), day("2026-03-07"));
    assert_eq!(stay("depois de amanhã", Pt), day("2026-03-07"));
}

#[test]
fn hoy() {
    assert_eq!(stay("hoy", Es), day("2026-03-05"));
    assert_eq!(stay("tonight", En), day("2026-03-05"));
}

#[test]
fn el_proximo_lunes() {
    assert_eq!(stay("el próximo lunes", Es), day("2026-03-09"));
    assert_eq!(stay("el proximo lunes", Es), day("2026-03-09"));
}

#[test]
fn en_dos_semanas() {
    assert_eq!(stay("en dos semanas", Es), day("2026-03-19"));
    assert_eq!(stay("in 3 days", En), day("2026-03-08"));
}

#[test]
fn de_15_a_18_de_marco() {
    assert_eq!(
        stay("de 15 a 18 de março", Pt),
        range("2026-03-15", "2026-03-18")
    );
}

#[test]
fn semana_que_vem() {
    assert_eq!(stay("semana que vem", Pt), day("2026-03-09"));
    assert_eq!(flags("semana que vem", Pt), [EntityFlag::Approximate]);
    assert_eq!(stay("la semana que viene", Es), day("2026-03-09"));
}

#[test]
fn day_first_for_spanish_and_portuguese() {
    assert_eq!(stay("el 3/4", Es), day("2026-04-03"));
    assert_eq!(stay("dia 3/4", Pt), day("2026-04-03"));
}

#[test]
fn month_first_in_english_only_when_unambiguous_or_configured() {
    assert_eq!(stay("3/15 to 3/18", En), range("2026-03-15", "2026-03-18"));
    // Ambiguous: day first unless the hotel says its guests write month first.
    assert_eq!(stay("on 3/4", En), day("2026-04-03"));
    let us = test_ctx(TODAY).with_date_order(DateOrder::MonthDay);
    let (ents, s) = for_test("on 3/4", En, &us);
    assert_eq!(
        s.checkin,
        Some(d("2026-03-04"))
            .filter(|_| true)
            .map(|_| d("2027-03-04"))
    );
    assert_eq!(
        ents[0].flags,
        [EntityFlag::AmbiguousOrder, EntityFlag::RolledToNextYear]
    );
    // Spanish ignores the setting: 3/4 is the 3rd of April.
    let (_, s) = for_test("el 3/4", Es, &us);
    assert_eq!(s.checkin, Some(d("2026-04-03")));
}

#[test]
fn past_dates_roll_to_next_year_and_are_flagged() {
    assert_eq!(
        stay("del 15 al 18 de enero", Es),
        range("2027-01-15", "2027-01-18")
    );
    assert_eq!(
        flags("del 15 al 18 de enero", Es),
        [EntityFlag::RolledToNextYear]
    );
    assert_eq!(stay("el 2 de marzo", Es), day("2027-03-02"));
    // An explicit year is never moved.
    assert_eq!(
        stay("del 1 al 3 de marzo de 2026", Es),
        range("2026-03-01", "2026-03-03")
    );
}

#[test]
fn ranges_across_months_and_years() {
    assert_eq!(
        stay("del 28 al 3 de abril", Es),
        range("2026-03-28", "2026-04-03")
    );
    assert_eq!(
        stay("del 28 de diciembre al 2 de enero", Es),
        range("2026-12-28", "2027-01-02")
    );
    assert_eq!(
        stay("from March 30 to April 2", En),
        range("2026-03-30", "2026-04-02")
    );
}

#[test]
fn a_day_alone_is_this_month_or_the_next() {
    assert_eq!(stay("para el 15", Es), day("2026-03-15"));
    assert_eq!(stay("el 2", Es), day("2026-04-02"));
    assert_eq!(stay("del 20 al 23", Es), range("2026-03-20", "2026-03-23"));
}

#[test]
fn two_days_said_apart_are_a_stay() {
    assert_eq!(
        stay("llego el 15 y me voy el 18 de marzo", Es),
        range("2026-03-15", "2026-03-18")
    );
}

#[test]
fn weekdays() {
    assert_eq!(stay("el viernes", Es), day("2026-03-06"));
    assert_eq!(stay("na sexta-feira", Pt), day("2026-03-06"));
    assert_eq!(stay("this Thursday", En), day("2026-03-05"));
    assert_eq!(stay("sábado 14 de marzo", Es), day("2026-03-14"));
}

#[test]
fn numbers_that_are_not_dates() {
    assert_eq!(stay("somos 2 adultos y 1 niño", Es), (None, None));
    assert_eq!(stay("3 noches", Es), (None, None));
}
