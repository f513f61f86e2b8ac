//! A past day in a complaint or thanks is this year's; in a booking it rolls
//! to next year. Today is Thursday 5 March 2026.

use super::{EntityFlag, EntityValue, Nlu, NluContext, Parse};
use crate::domain::Language::{self, En, Es, Pt};
use chrono::NaiveDate;

fn parse(text: &str, lang: Language) -> Parse {
    let today = NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
    let ctx = NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires);
    Nlu::shared()
        .expect("nlu")
        .parse_with(text, &ctx, Some(lang), false)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The dates of the parse's date entities and whether any is flagged rolled.
fn dates(p: &Parse) -> (Vec<NaiveDate>, bool) {
    let days = p
        .entities
        .iter()
        .filter_map(|e| match e.value {
            EntityValue::Date(d) => Some(d),
            _ => None,
        })
        .collect();
    let rolled = p
        .entities
        .iter()
        .any(|e| e.flags.contains(&EntityFlag::RolledToNextYear));
    (days, rolled)
}

#[test]
fn a_past_day_in_a_complaint_is_this_years() {
    for (text, lang, day) in [
        ("el 3 de enero me cobraron de más", Es, "2026-01-03"),
        (
            "we stayed on Feb 2nd and the room was dirty",
            En,
            "2026-02-02",
        ),
        (
            "ficamos dia 2 de fevereiro e o quarto estava sujo",
            Pt,
            "2026-02-02",
        ),
    ] {
        let p = parse(text, lang);
        assert_eq!(dates(&p), (vec![d(day)], false), "{text}: {:?}", p.intents);
        assert_eq!(p.slots.checkin, Some(d(day)), "{text}");
    }
}

/// A stay said with its month rolls whole, and comes back whole.
#[test]
fn a_rolled_stay_comes_back_whole() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
    let ctx = NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires);
    let (mut ents, _) = super::entities::for_test("del 2 al 5 de febrero", Es, &ctx);
    super::entities::dates::past::unroll(&mut ents);
    let stays: Vec<_> = ents
        .iter()
        .filter_map(|e| match &e.value {
            EntityValue::Stay(s) => Some((s.checkin(), s.checkout(), e.flags.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(stays, [(d("2026-02-02"), d("2026-02-05"), vec![])]);
}

/// A guard: in a booking the same day still rolls to next year.
#[test]
fn a_past_day_in_a_booking_rolls_to_next_year() {
    for (text, lang, day) in [
        ("quiero reservar para el 3 de enero", Es, "2027-01-03"),
        ("do you have a room on Feb 2nd?", En, "2027-02-02"),
        ("tem quarto para dia 2 de fevereiro?", Pt, "2027-02-02"),
    ] {
        let p = parse(text, lang);
        assert_eq!(dates(&p), (vec![d(day)], true), "{text}: {:?}", p.intents);
    }
}
