//! Tonight, the weekend of a day, and weekdays of next week. Today is
//! Thursday 5 March 2026 unless a test says otherwise.

use super::tests::{TODAY, day, flags, range, stay, stay_on};
use crate::domain::Language::{En, Es, Pt};
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::{EntityFlag, EntityValue};

/// The words of each date entity of `text`.
fn date_spans(text: &str, lang: crate::domain::Language) -> Vec<String> {
    let (ents, _) = for_test(text, lang, &test_ctx(TODAY));
    ents.into_iter()
        .filter(|e| matches!(e.value, EntityValue::Date(_) | EntityValue::Stay(_)))
        .map(|e| e.text)
        .collect()
}

#[test]
fn tonight_is_today() {
    for (text, lang) in [
        ("esta noche", Es),
        ("tienen habitación para esta noche?", Es),
        ("hay lugar esta noche para uno?", Es),
        ("hoy a la noche", Es),
        ("hoy por la noche", Es),
        ("hoje à noite", Pt),
        ("hoje a noite", Pt),
        ("esta noite", Pt),
        ("consigo um quarto pra hoje à noite?", Pt),
        ("this evening", En),
        ("tonight", En),
        ("any room for this evening?", En),
    ] {
        assert_eq!(stay(text, lang), day("2026-03-05"), "{text}");
    }
}

#[test]
fn tonight_covers_all_its_words() {
    assert_eq!(date_spans("hoy a la noche", Es), ["hoy a la noche"]);
    assert_eq!(date_spans("hoy por la noche", Es), ["hoy por la noche"]);
    assert_eq!(date_spans("hoje à noite", Pt), ["hoje à noite"]);
    assert_eq!(date_spans("para esta noche", Es), ["esta noche"]);
}

#[test]
fn tonight_and_tomorrow_are_two_nights() {
    for (text, lang) in [
        ("esta noche y mañana", Es),
        ("esta noche y la de mañana", Es),
        ("hoy a la noche y mañana a la noche", Es),
        ("tonight and tomorrow night", En),
        ("tonight and tomorrow", En),
        ("esta noite e amanhã", Pt),
        ("hoje à noite e amanhã à noite", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            range("2026-03-05", "2026-03-07"),
            "{text}"
        );
    }
    // Tomorrow morning is when the guest leaves: one night.
    assert_eq!(
        stay("esta noche y mañana a la mañana me voy", Es),
        range("2026-03-05", "2026-03-06")
    );
}

#[test]
fn a_clock_time_at_night_is_not_tonight() {
    assert_eq!(stay("a las 9 de la noche", Es), (None, None));
    assert_eq!(stay("at 9 at night", En), (None, None));
    assert_eq!(stay("às 9 da noite", Pt), (None, None));
    assert_eq!(stay("una noche", Es), (None, None));
    assert_eq!(stay("la noche", Es), (None, None));
}

#[test]
fn the_weekend_of_a_day() {
    // The 14th is a Saturday: the weekend from Friday 13 to Sunday 15.
    for (text, lang) in [
        ("el finde del 14", Es),
        ("el fin de semana del 14 de marzo", Es),
        ("the weekend of the 14th", En),
        ("the weekend of March 14", En),
        ("o fim de semana do dia 14", Pt),
        ("o fds do 14", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            range("2026-03-13", "2026-03-15"),
            "{text}"
        );
        assert_eq!(flags(text, lang), [EntityFlag::Approximate], "{text}");
    }
}

#[test]
fn the_weekend_of_a_weekday_is_the_one_after_it() {
    // Wednesday 11 and Monday 16: the weekends after them.
    assert_eq!(
        stay("el finde del 11", Es),
        range("2026-03-13", "2026-03-15")
    );
    assert_eq!(
        stay("the weekend of the 16th", En),
        range("2026-03-20", "2026-03-22")
    );
    // Friday and Sunday belong to their own weekend.
    assert_eq!(stay("o fds do 20", Pt), range("2026-03-20", "2026-03-22"));
    assert_eq!(
        stay("el finde del 15", Es),
        range("2026-03-13", "2026-03-15")
    );
    assert_eq!(
        stay("el finde largo del 14", Es),
        range("2026-03-13", "2026-03-16")
    );
    // Said on Saturday 7 March, the weekend under way starts today.
    assert_eq!(
        stay_on("el finde del 8", Es, "2026-03-07"),
        range("2026-03-07", "2026-03-08")
    );
}

#[test]
fn the_weekend_with_a_range_or_a_count_after_it() {
    // The days say the stay.
    assert_eq!(
        stay("el fin de semana del 14 al 16", Es),
        range("2026-03-14", "2026-03-16")
    );
    // A count is not a day: this weekend.
    assert_eq!(
        stay("el finde de 2 personas", Es),
        range("2026-03-06", "2026-03-08")
    );
}

#[test]
fn weekdays_of_next_week() {
    for (text, lang) in [
        ("la semana que viene de lunes a miércoles", Es),
        ("la semana que viene, del lunes al miércoles", Es),
        ("del lunes al miércoles de la semana que viene", Es),
        ("de lunes a miercoles de la proxima semana", Es),
        ("next week from Monday to Wednesday", En),
        ("from monday to wednesday next week", En),
        ("semana que vem de segunda a quarta", Pt),
        ("de segunda a quarta-feira da semana que vem", Pt),
    ] {
        assert_eq!(
            stay(text, lang),
            range("2026-03-09", "2026-03-11"),
            "{text}"
        );
        // One stay, not a week and two days.
        let (ents, _) = for_test(text, lang, &test_ctx(TODAY));
        assert_eq!(ents.len(), 1, "{text}");
        assert!(matches!(ents[0].value, EntityValue::Stay(_)), "{text}");
    }
}

#[test]
fn weekdays_of_next_week_from_other_days() {
    // Friday to Monday crosses into the week after.
    assert_eq!(
        stay("next week from Friday to Monday", En),
        range("2026-03-13", "2026-03-16")
    );
    // Said on Sunday 8 March, next week starts tomorrow.
    assert_eq!(
        stay_on("la semana que viene de lunes a miércoles", Es, "2026-03-08"),
        range("2026-03-09", "2026-03-11")
    );
    // Said on Monday 9 March, it is the week after.
    assert_eq!(
        stay_on("semana que vem de segunda a quarta", Pt, "2026-03-09"),
        range("2026-03-16", "2026-03-18")
    );
}
