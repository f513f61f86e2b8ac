use super::*;
use chrono::TimeZone;

fn f(lang: Language) -> Formatter<'static> {
    Formatter::new(Catalog::builtin().expect("catalog"), lang)
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("time")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn money_per_language_and_currency() {
    assert_eq!(f(Language::Es).money(1_200_000, "ARS"), "$ 12.000");
    assert_eq!(f(Language::Es).money(123_450, "ARS"), "$ 1.234,50");
    assert_eq!(f(Language::Pt).money(45_990, "BRL"), "R$ 459,90");
    assert_eq!(f(Language::En).money(1_234_505, "USD"), "US$12,345.05");
    assert_eq!(
        f(Language::Es).money(85_000, "CLP"),
        "$ 85.000",
        "pesos chilenos have no cents"
    );
    assert_eq!(f(Language::En).money(-500, "EUR"), "-€5");
}

#[test]
fn desk_hours_are_written_per_language() {
    use crate::engine::hours::TimeRange;
    let split = [
        TimeRange {
            open: t("09:00"),
            close: t("13:00"),
        },
        TimeRange {
            open: t("16:00"),
            close: t("21:00"),
        },
    ];
    assert_eq!(
        f(Language::Es).ranges(&split),
        "9:00 - 13:00, 16:00 - 21:00"
    );
    assert_eq!(f(Language::En).ranges(&split[1..]), "4:00 PM - 9:00 PM");
    assert_eq!(f(Language::Pt).ranges(&[]), "");
}

#[test]
fn times_and_at_time_forms() {
    assert_eq!(f(Language::Es).time(t("14:30")), "14:30");
    assert_eq!(f(Language::En).time(t("14:30")), "2:30 PM");
    assert_eq!(f(Language::En).time(t("00:05")), "12:05 AM");
    assert_eq!(f(Language::Es).at_time(t("09:00")), Ok("a las 9:00".into()));
    assert_eq!(f(Language::Es).at_time(t("01:00")), Ok("a la 1:00".into()));
    assert_eq!(
        f(Language::Es).at_time(t("13:00")),
        Ok("a las 13:00".into())
    );
    assert_eq!(f(Language::Pt).at_time(t("01:30")), Ok("à 1:30".into()));
    assert_eq!(f(Language::Pt).at_time(t("09:00")), Ok("às 9:00".into()));
}

#[test]
fn long_and_short_dates() {
    let day = d("2027-03-19");
    assert_eq!(
        f(Language::Es).long_date(day),
        Ok("viernes 19 de marzo".into())
    );
    assert_eq!(
        f(Language::En).long_date(day),
        Ok("Friday, March 19".into())
    );
    assert_eq!(
        f(Language::Pt).long_date(day),
        Ok("sexta-feira, 19 de março".into())
    );
    assert_eq!(f(Language::Es).short_date(day), Ok("19/03".into()));
    assert_eq!(f(Language::En).short_date(day), Ok("March 19".into()));
}

#[test]
fn next_opening_phrases_are_computed_per_language() {
    let tz = chrono_tz::America::Argentina::Buenos_Aires;
    let at = tz
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .expect("time");
    let mk = |day| Opening {
        at,
        day,
        time: t("09:00"),
    };
    let es = f(Language::Es);
    assert_eq!(
        es.opening(Some(&mk(OpeningDay::Today))),
        Ok("hoy a las 9:00".into())
    );
    assert_eq!(
        es.opening(Some(&mk(OpeningDay::Tomorrow))),
        Ok("mañana a las 9:00".into())
    );
    assert_eq!(
        es.opening(Some(&mk(OpeningDay::ThisWeek(Weekday::Mon)))),
        Ok("el lunes a las 9:00".into())
    );
    assert_eq!(
        es.opening(Some(&mk(OpeningDay::Date(d("2026-12-11"))))),
        Ok("el 11/12 a las 9:00".into())
    );
    assert_eq!(
        f(Language::En).opening(Some(&mk(OpeningDay::ThisWeek(Weekday::Sat)))),
        Ok("on Saturday at 9:00 AM".into())
    );
    assert_eq!(
        f(Language::Pt).opening(Some(&mk(OpeningDay::ThisWeek(Weekday::Sat)))),
        Ok("no sábado às 9:00".into())
    );
    assert_eq!(
        f(Language::Pt).opening(Some(&mk(OpeningDay::ThisWeek(Weekday::Mon)))),
        Ok("na segunda-feira às 9:00".into())
    );
    assert!(es.opening(None).is_ok_and(|s| s.contains("recepción")));
}
