//! Every date example of the issue, one test each. Today is Thursday 5 March 2026.

use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::context::DateOrder;
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::{EntityFlag, EntityValue};
use chrono::NaiveDate;

pub(super) const TODAY: &str = "2026-03-05";

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Check-in and check-out slots of `text`.
pub(super) fn stay(text: &str, lang: Language) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (_, s) = for_test(text, lang, &test_ctx(TODAY));
    (s.checkin, s.checkout)
}

pub(super) fn range(a: &str, b: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (Some(d(a)), Some(d(b)))
}

pub(super) fn day(a: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (Some(d(a)), None)
}

pub(super) fn flags(text: &str, lang: Language) -> Vec<EntityFlag> {
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

/// Check-in and check-out of `text` with another today.
pub(super) fn stay_on(
    text: &str,
    lang: Language,
    today: &str,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (_, s) = for_test(text, lang, &test_ctx(today));
    (s.checkin, s.checkout)
}

#[test]
fn out_is_october_only_in_portuguese_after_a_day() {
    assert_eq!(
        stay("check in 20/3 check out 23/3", En),
        range("2026-03-20", "2026-03-23")
    );
    assert_eq!(
        stay("check-in 15/03 check-out 18/03", En),
        range("2026-03-15", "2026-03-18")
    );
    assert_eq!(
        stay("check in 15 de marzo check out 18 de marzo", Es),
        range("2026-03-15", "2026-03-18")
    );
    assert_eq!(
        stay("check in 20 check out 23", En),
        range("2026-03-20", "2026-03-23")
    );
    assert_eq!(stay("checking out 12 march", En), day("2026-03-12"));
    assert_eq!(stay("sold out 20 rooms?", En), (None, None));
    assert_eq!(stay("10 out of 10", En), (None, None));
    // A lone day after "check out" is a day, never October.
    assert_eq!(stay("we check out 23", En), day("2026-03-23"));
    // Portuguese, after the day: October.
    assert_eq!(stay("dia 10 out", Pt), day("2026-10-10"));
    assert_eq!(
        stay("quero de 10 a 12 de out", Pt),
        range("2026-10-10", "2026-10-12")
    );
    assert_eq!(stay("fazer check out dia 23/3", Pt), day("2026-03-23"));
}

#[test]
fn a_weekday_after_another_is_counted_from_it() {
    let friday = "2026-03-06";
    for (text, lang) in [
        ("desde el viernes hasta el domingo", Es),
        ("del viernes al domingo", Es),
        ("check in friday check out sunday", En),
        ("friday to sunday", En),
        ("de sexta a domingo", Pt),
    ] {
        assert_eq!(
            stay_on(text, lang, friday),
            range("2026-03-13", "2026-03-15"),
            "{text}"
        );
    }
    assert_eq!(
        stay_on("llego el viernes y me voy el lunes", Es, "2026-03-07"),
        range("2026-03-13", "2026-03-16")
    );
    assert_eq!(
        stay_on("from friday till monday", En, "2026-03-08"),
        range("2026-03-13", "2026-03-16")
    );
    assert_eq!(
        stay_on("del lunes al martes", Es, "2026-03-09"),
        range("2026-03-16", "2026-03-17")
    );
    // Already in order: unchanged.
    assert_eq!(
        stay("del viernes al domingo", Es),
        range("2026-03-06", "2026-03-08")
    );
    // A date far before is an alternative, not the start: this Friday stays.
    assert_eq!(
        stay("el 20 de abril o si no el viernes", Es),
        day("2026-04-20")
    );
}

#[test]
fn month_abbreviations_and_typos_after_de() {
    for (text, lang, a, b) in [
        ("del 10 al 12 de dic", Es, "2026-12-10", "2026-12-12"),
        ("del 10 al 12 de ene", Es, "2027-01-10", "2027-01-12"),
        ("de 10 a 12 de dez", Pt, "2026-12-10", "2026-12-12"),
        ("del 15 al 18 de febreo", Es, "2027-02-15", "2027-02-18"),
        ("del 15 al 18 de sept", Es, "2026-09-15", "2026-09-18"),
        (
            "from the 3rd to the 5th of sept",
            En,
            "2026-09-03",
            "2026-09-05",
        ),
    ] {
        assert_eq!(stay(text, lang), range(a, b), "{text}");
    }
    for (text, lang, a) in [
        ("el 10 de dic", Es, "2026-12-10"),
        ("el 10 de oct", Es, "2026-10-10"),
        ("el 10 de sept", Es, "2026-09-10"),
        ("dia 10 de fev", Pt, "2027-02-10"),
        ("el 15 de mar", Es, "2026-03-15"),
        ("el 10 de set", Es, "2026-09-10"),
        ("el 10 de abr", Es, "2026-04-10"),
        ("dia 10 de mai", Pt, "2026-05-10"),
        ("el 10 de septimbre", Es, "2026-09-10"),
        ("el 10 de agsto", Es, "2026-08-10"),
        ("el 10 de marso", Es, "2026-03-10"),
        ("el 10 de abirl", Es, "2026-04-10"),
        ("el 10 de nobiembre", Es, "2026-11-10"),
        ("el 10 de dici", Es, "2026-12-10"),
    ] {
        assert_eq!(stay(text, lang), day(a), "{text}");
    }
    // A word that looks like a month but can't be told: no month is assumed.
    assert_eq!(stay("del 10 al 12 de fenbreor", Es), (None, None));
    assert_eq!(stay("el 10 de nopiembra", Es), (None, None));
}

#[test]
fn english_slash_ranges_take_their_order_from_the_clear_half() {
    assert_eq!(stay("12/30 - 1/2", En), range("2026-12-30", "2027-01-02"));
    assert_eq!(stay("3/28 - 4/2", En), range("2026-03-28", "2026-04-02"));
    assert_eq!(stay("3/30 to 4/1", En), range("2026-03-30", "2026-04-01"));
    assert_eq!(
        stay("from 3/15 to 4/2", En),
        range("2026-03-15", "2026-04-02")
    );
    assert_eq!(
        stay("from 3/4 to 3/15", En),
        range("2027-03-04", "2027-03-15")
    );
    // Sharing the first number: it is the month.
    assert_eq!(
        stay("from 3/7 to 3/9", En),
        range("2026-03-07", "2026-03-09")
    );
    // Sharing the second: day first.
    assert_eq!(stay("7/4 to 9/4", En), range("2026-04-07", "2026-04-09"));
    let us = test_ctx(TODAY).with_date_order(DateOrder::MonthDay);
    let (_, s) = for_test("3/4 to 15/4", En, &us);
    assert_eq!((s.checkin, s.checkout), range("2026-04-03", "2026-04-15"));
    // Spanish is always day first.
    assert_eq!(
        stay("del 3/4 al 3/6", Es),
        range("2026-04-03", "2026-06-03")
    );
}

#[test]
fn impossible_dates_give_nothing_and_leave_no_pieces() {
    for (text, lang) in [
        ("del 31/4 al 2/5", Es),
        ("april 31st", En),
        ("feb 30 - mar 2", En),
        ("del 31 de abril al 2 de mayo", Es),
        ("el 31 de abril", Es),
        ("31/4", Es),
        ("el 30 de febrero", Es),
        ("de 31 de abril a 2 de maio", Pt),
        ("2027-02-30", En),
    ] {
        let (ents, s) = for_test(text, lang, &test_ctx(TODAY));
        assert_eq!((s.checkin, s.checkout), (None, None), "{text}");
        assert!(ents.is_empty(), "{text}: {ents:?}");
    }
    // 29 February exists in leap years.
    assert_eq!(stay("el 29 de febrero de 2028", Es), day("2028-02-29"));
}

#[test]
fn next_month_moves_the_days() {
    assert_eq!(
        stay("del 15 al 18 del mes que viene", Es),
        range("2026-04-15", "2026-04-18")
    );
    assert_eq!(
        stay("mês que vem do dia 3 ao 5", Pt),
        range("2026-04-03", "2026-04-05")
    );
    assert_eq!(
        stay("from the 10th to the 12th of next month", En),
        range("2026-04-10", "2026-04-12")
    );
    assert_eq!(stay("el 20 del mes que viene", Es), day("2026-04-20"));
    assert_eq!(
        stay_on("del 3 al 5 del mes que viene", Es, "2026-12-01"),
        range("2027-01-03", "2027-01-05")
    );
}

#[test]
fn del_15_is_the_check_in() {
    assert_eq!(
        stay("del 15 por 3 noches", Es),
        range("2026-03-15", "2026-03-18")
    );
    assert_eq!(
        stay("a partir del 15 por una semana", Es),
        range("2026-03-15", "2026-03-22")
    );
    assert_eq!(
        stay("del 15 por 1 semana", Es),
        range("2026-03-15", "2026-03-22")
    );
    assert_eq!(
        stay("una semana desde el 15", Es),
        range("2026-03-15", "2026-03-22")
    );
    assert_eq!(
        stay("2 weeks from march 15", En),
        range("2026-03-15", "2026-03-29")
    );
    assert_eq!(
        stay("uma semana a partir do dia 15", Pt),
        range("2026-03-15", "2026-03-22")
    );
    assert_eq!(stay("a partir del 15", Es), day("2026-03-15"));
    assert_eq!(stay("del 15 en adelante", Es), day("2026-03-15"));
    assert_eq!(stay("un descuento del 15 %", Es), (None, None));
    assert_eq!(stay("la habitacion del 2 piso", Es), (None, None));
}

#[test]
fn decimals_are_not_dates() {
    for (text, lang) in [
        ("arriving 8.30pm", En),
        ("cuesta 15.5 dolares?", Es),
        ("son 2.5 km?", Es),
        ("is it 2.5km from the beach", En),
        ("custa R$ 15.5", Pt),
        ("llego 8.30 pm", Es),
    ] {
        let (_, s) = for_test(text, lang, &test_ctx(TODAY));
        assert_eq!((s.checkin, s.checkout), (None, None), "{text}");
    }
    assert_eq!(stay("el 15.3", Es), day("2026-03-15"));
    assert_eq!(
        stay("del 15.3 al 18.3", Es),
        range("2026-03-15", "2026-03-18")
    );
}

#[test]
fn day_after_dia_in_a_range() {
    assert_eq!(
        stay("del dia 10 al 12 de abril", Es),
        range("2026-04-10", "2026-04-12")
    );
    assert_eq!(
        stay("del día 10 al día 12 de abril", Es),
        range("2026-04-10", "2026-04-12")
    );
    assert_eq!(
        stay("quero reservar o quarto duplo do dia 10 ao 12 de abril", Pt),
        range("2026-04-10", "2026-04-12")
    );
}

#[test]
fn tomorrow_in_a_goodbye_is_not_a_date() {
    for (text, lang) in [
        ("hasta mañana", Es),
        ("gracias, hasta mañana!", Es),
        ("nos vemos mañana", Es),
        ("até amanhã", Pt),
        ("obrigadíssimo, até amanhã", Pt),
        ("see you tomorrow", En),
        ("ok perfecto, see you mañana", En),
    ] {
        assert_eq!(stay(text, lang), (None, None), "{text}");
    }
    // A stay that ends tomorrow still does.
    assert_eq!(
        stay("desde hoy hasta mañana", Es),
        range("2026-03-05", "2026-03-06")
    );
    assert_eq!(
        stay("de hoje até amanhã", Pt),
        range("2026-03-05", "2026-03-06")
    );
    assert_eq!(stay("llego mañana", Es), day("2026-03-06"));
}
