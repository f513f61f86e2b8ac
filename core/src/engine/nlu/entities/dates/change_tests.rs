//! Change requests: the slots carry the new dates, the old ones are flagged
//! `previous`. Today is Thursday 5 March 2026.

use crate::domain::Language::{self, En, Es, Pt};
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::{EntityFlag, EntityValue};
use chrono::NaiveDate;

const TODAY: &str = "2026-03-05";

fn d(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
}

fn stay(text: &str, lang: Language) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (_, s) = for_test(text, lang, &test_ctx(TODAY));
    (s.checkin, s.checkout)
}

/// The texts of the date and stay entities flagged `previous`.
fn previous(text: &str, lang: Language) -> Vec<String> {
    let (ents, _) = for_test(text, lang, &test_ctx(TODAY));
    ents.into_iter()
        .filter(|e| matches!(e.value, EntityValue::Date(_) | EntityValue::Stay(_)))
        .filter(|e| e.flags.contains(&EntityFlag::Previous))
        .map(|e| e.text)
        .collect()
}

#[test]
fn the_new_day_of_a_change_is_the_checkin() {
    for (text, lang, old) in [
        (
            "tengo una reserva para el 15 y necesito cambiarla para el 20",
            Es,
            "el 15",
        ),
        ("tenía el 15, ¿se puede pasarla al 20?", Es, "el 15"),
        (
            "I have a booking for the 15th, can you move it to the 20th?",
            En,
            "the 15th",
        ),
        (
            "I booked the 15th, please change it to the 20th",
            En,
            "the 15th",
        ),
        (
            "tenho reserva para dia 15 e preciso mudar para dia 20",
            Pt,
            "dia 15",
        ),
        (
            "minha reserva é dia 15, dá pra passar para o dia 20?",
            Pt,
            "dia 15",
        ),
    ] {
        assert_eq!(stay(text, lang), (d("2026-03-20"), None), "{text}");
        assert_eq!(previous(text, lang), [old], "{text}");
    }
}

#[test]
fn the_new_stay_of_a_change_fills_the_slots() {
    for (text, lang, old) in [
        (
            "tengo una reserva para el 15 y necesito cambiarla para el 20 al 22",
            Es,
            "el 15",
        ),
        (
            "change my booking from the 15th-18th to the 20th-23rd",
            En,
            "from the 15th-18th",
        ),
        (
            "minha reserva é de 15 a 18, quero trocar para o dia 20 ao 22",
            Pt,
            "de 15 a 18",
        ),
    ] {
        let checkout = if lang == En {
            "2026-03-23"
        } else {
            "2026-03-22"
        };
        assert_eq!(stay(text, lang), (d("2026-03-20"), d(checkout)), "{text}");
        assert_eq!(previous(text, lang), [old], "{text}");
    }
}

#[test]
fn the_day_given_up_instead_of_another_is_previous() {
    for (text, lang, old) in [
        ("en vez del 15, el 20", Es, "15"),
        (
            "can we come on the 20th instead of the 15th?",
            En,
            "the 15th",
        ),
        (
            "we had the 15th but can we do the 20th instead?",
            En,
            "the 15th",
        ),
        ("em vez do dia 15, dia 20", Pt, "dia 15"),
    ] {
        assert_eq!(stay(text, lang), (d("2026-03-20"), None), "{text}");
        assert_eq!(previous(text, lang), [old], "{text}");
    }
    assert_eq!(stay("en vez del 15 el 20", Es), (d("2026-03-20"), None));
}

#[test]
fn a_message_without_a_change_has_no_previous_dates() {
    for (text, lang) in [
        ("del 15 al 18 para 2", Es),
        ("quiero cambiar de habitación el 15", Es),
        ("llego el 15 y me voy el 18", Es),
    ] {
        assert!(previous(text, lang).is_empty(), "{text}");
    }
}
