//! Properties of the forms said rather than written: days in words, the
//! weekend of a day, weekdays of next week.

use crate::domain::Language;
use crate::engine::nlu::entities::vocab::month_name;
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::EntityValue;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 5).expect("today")
}

fn lang_strategy() -> impl Strategy<Value = Language> {
    prop_oneof![Just(Language::Es), Just(Language::En), Just(Language::Pt)]
}

const ES_UNITS: [&str; 10] = [
    "", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
];
const ES_TEENS: [&str; 10] = [
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
];
const PT_UNITS: [&str; 10] = [
    "", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove",
];
const PT_TEENS: [&str; 10] = [
    "dez",
    "onze",
    "doze",
    "treze",
    "catorze",
    "quinze",
    "dezesseis",
    "dezessete",
    "dezoito",
    "dezenove",
];
const EN_ORDINALS: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// A day of the month as guests say it: "veintidós", "vinte e dois", "twenty-second".
fn spelled(lang: Language, day: u32) -> String {
    let (t, u) = ((day / 10) as usize, (day % 10) as usize);
    match lang {
        Language::Es => match (t, u) {
            (0, 1) => "primero".to_string(),
            (0, _) => ES_UNITS[u].to_string(),
            (1, _) => ES_TEENS[u].to_string(),
            (2, 0) => "veinte".to_string(),
            // "veintidós", "veintitrés", "veintiséis" keep their accent.
            (2, _) => format!("veinti{}", ES_UNITS[u])
                .replace("veintidos", "veintidós")
                .replace("veintitres", "veintitrés")
                .replace("veintiseis", "veintiséis"),
            (_, 0) => "treinta".to_string(),
            _ => format!("treinta y {}", ES_UNITS[u]),
        },
        Language::Pt => match (t, u) {
            (0, 1) => "primeiro".to_string(),
            (0, _) => PT_UNITS[u].to_string(),
            (1, _) => PT_TEENS[u].to_string(),
            (2, 0) => "vinte".to_string(),
            (2, _) => format!("vinte e {}", PT_UNITS[u]),
            (_, 0) => "trinta".to_string(),
            _ => format!("trinta e {}", PT_UNITS[u]),
        },
        Language::En => match (t, u) {
            (0 | 1, _) => EN_ORDINALS[day as usize].to_string(),
            (2, 0) => "twentieth".to_string(),
            (2, _) => format!("twenty-{}", EN_ORDINALS[u]),
            (_, 0) => "thirtieth".to_string(),
            _ => format!("thirty-{}", EN_ORDINALS[u]),
        },
    }
}

fn weekday_name(lang: Language, day: Weekday) -> &'static str {
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const PT: [&str; 7] = [
        "segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo",
    ];
    let i = day.num_days_from_monday() as usize;
    match lang {
        Language::Es => ES[i],
        Language::En => EN[i],
        Language::Pt => PT[i],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_date_in_words_parses_back_to_itself(n in 0u64..1800, lang in lang_strategy()) {
        let date = base() + Days::new(n);
        let (day, month, year) = (spelled(lang, date.day()), month_name(lang, date.month()), date.year());
        let text = match lang {
            Language::En => format!("{month} {day}, {year}"),
            _ => format!("{day} de {month} de {year}"),
        };
        let (ents, _) = for_test(&text, lang, &test_ctx("2026-03-05"));
        prop_assert_eq!(ents.len(), 1, "{}", text);
        prop_assert_eq!(&ents[0].value, &EntityValue::Date(date), "{}", text);
    }

    #[test]
    fn a_stay_in_words_has_checkin_before_checkout(n in 0u64..330, nights in 1u64..20, lang in lang_strategy()) {
        let checkin = base() + Days::new(n);
        let checkout = checkin + Days::new(nights);
        let (a, b) = (spelled(lang, checkin.day()), spelled(lang, checkout.day()));
        let (ma, mb) = (month_name(lang, checkin.month()), month_name(lang, checkout.month()));
        let text = match lang {
            Language::Es => format!("del {a} de {ma} al {b} de {mb}"),
            Language::En => format!("from the {a} of {ma} to the {b} of {mb}"),
            Language::Pt => format!("de {a} de {ma} a {b} de {mb}"),
        };
        let (_, slots) = for_test(&text, lang, &test_ctx("2026-03-05"));
        prop_assert_eq!((slots.checkin, slots.checkout), (Some(checkin), Some(checkout)), "{}", text);
    }

    #[test]
    fn the_weekend_of_a_day_holds_it_or_follows_it(n in 0u64..330, lang in lang_strategy()) {
        let date = base() + Days::new(n);
        let (d, month) = (date.day(), month_name(lang, date.month()));
        let text = match lang {
            Language::Es => format!("el finde del {d} de {month}"),
            Language::En => format!("the weekend of {month} {d}"),
            Language::Pt => format!("o fim de semana do dia {d} de {month}"),
        };
        let (_, s) = for_test(&text, lang, &test_ctx("2026-03-05"));
        let (checkin, checkout) = (s.checkin.expect("checkin"), s.checkout.expect("checkout"));
        prop_assert!(checkin < checkout, "{}", text);
        prop_assert_eq!(checkout.weekday(), Weekday::Sun, "{}", text);
        prop_assert!(date <= checkout && checkout - date <= chrono::TimeDelta::days(6), "{}", text);
    }

    #[test]
    fn weekdays_of_next_week_are_a_stay_after_today(n in 0u64..60, a in 0u8..7, b in 0u8..7, lang in lang_strategy()) {
        let today = base() + Days::new(n);
        let day = |k: u8| Weekday::try_from(k).expect("weekday");
        let (first, last) = (weekday_name(lang, day(a)), weekday_name(lang, day(b)));
        let text = match lang {
            Language::Es => format!("la semana que viene de {first} a {last}"),
            Language::En => format!("next week from {first} to {last}"),
            Language::Pt => format!("semana que vem de {first} a {last}"),
        };
        let (_, s) = for_test(&text, lang, &test_ctx(&today.to_string()));
        let (checkin, checkout) = (s.checkin.expect("checkin"), s.checkout.expect("checkout"));
        prop_assert!(today < checkin && checkin < checkout, "{}", text);
        prop_assert_eq!(checkin.weekday(), day(a), "{}", text);
        prop_assert!(checkout - checkin <= chrono::TimeDelta::days(7), "{}", text);
    }
}
