//! Properties of the date grammar over many dates.

use super::format::{Style, format, format_stay};
use crate::domain::Language;
use crate::engine::nlu::entities::{for_test, test_ctx};
use crate::engine::nlu::output::EntityValue;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

const TODAY: &str = "2026-03-05";

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    // Every day from today to about five years on.
    (0u64..1800).prop_map(|n| NaiveDate::from_ymd_opt(2026, 3, 5).expect("today") + Days::new(n))
}

fn lang_strategy() -> impl Strategy<Value = Language> {
    prop_oneof![Just(Language::Es), Just(Language::En), Just(Language::Pt)]
}

fn style_strategy() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Numeric), Just(Style::Long), Just(Style::Iso)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_formatted_date_parses_back_to_itself(date in date_strategy(), lang in lang_strategy(), style in style_strategy()) {
        let text = format(date, lang, style);
        let (ents, _) = for_test(&text, lang, &test_ctx(TODAY));
        prop_assert_eq!(ents.len(), 1, "{}", text);
        prop_assert_eq!(&ents[0].value, &EntityValue::Date(date), "{}", text);
    }

    #[test]
    fn every_stay_has_checkin_before_checkout(date in date_strategy(), nights in 1u64..60, lang in lang_strategy()) {
        let checkout = date + Days::new(nights);
        let text = format_stay(date, checkout, lang);
        let (_, slots) = for_test(&text, lang, &test_ctx(TODAY));
        prop_assert_eq!((slots.checkin, slots.checkout), (Some(date), Some(checkout)), "{}", text);
    }

    #[test]
    fn any_text_gives_stays_with_checkin_before_checkout(text in "[a-z0-9 /\\-]{0,40}", lang in lang_strategy()) {
        let (ents, _) = for_test(&text, lang, &test_ctx(TODAY));
        for e in ents {
            if let EntityValue::Stay(s) = e.value {
                prop_assert!(s.checkin() < s.checkout(), "{}", text);
            }
        }
    }

    #[test]
    fn written_ranges_without_year_are_never_in_the_past(day_a in 1u32..20, len in 1u32..9, month in 1u32..=12, lang in lang_strategy()) {
        let month_name = crate::engine::nlu::entities::vocab::month_name(lang, month);
        let text = match lang {
            Language::Es => format!("del {} al {} de {}", day_a, day_a + len, month_name),
            Language::En => format!("{} {} to {}", month_name, day_a, day_a + len),
            Language::Pt => format!("de {} a {} de {}", day_a, day_a + len, month_name),
        };
        let (_, slots) = for_test(&text, lang, &test_ctx(TODAY));
        let checkin = slots.checkin.expect("checkin");
        prop_assert!(checkin >= NaiveDate::from_ymd_opt(2026, 3, 5).expect("today"), "{}", text);
        prop_assert!(slots.checkout > slots.checkin, "{}", text);
    }
}
