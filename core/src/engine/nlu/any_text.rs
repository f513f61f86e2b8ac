//! Whatever a guest types, the parse comes back whole: no panic, and every
//! span points at the text it names.

use super::{Nlu, NluContext};
use proptest::prelude::*;

fn ctx() -> NluContext {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
    NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
        .with_room_types(super::demo_room_types())
}

fn assert_whole(text: &str) {
    let p = Nlu::shared().expect("nlu").parse(text, &ctx());
    for e in &p.entities {
        assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()), "{text:?}");
    }
    for h in &p.intents {
        assert!(text.get(h.start..h.end).is_some(), "{text:?}");
    }
}

#[test]
fn multi_byte_characters_around_an_address_are_stepped_over() {
    for text in [
        "josé@x.com",
        "¿ana@x.com?",
        "“ana@x.com”",
        "📧ana@x.com",
        "mi mail es: «ana@x.com»",
        "¿tod@s bien?",
        "correo ana.gómez@gmail.com",
        "mi mail es İrem@gmail.com",
    ] {
        assert_whole(text);
    }
    let p = Nlu::shared().expect("nlu").parse("¿ana@x.com?", &ctx());
    assert_eq!(p.slots.email.as_deref(), Some("ana@x.com"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    // Letters, digits and the punctuation grammars look at, mixed with
    // accents, inverted marks, smart quotes and emoji.
    #[test]
    fn any_text_parses_whole(text in "[a-zA-Z0-9 @+./:,;¿?¡!()'’“”«»#$%-áéíóúñçãõÁÉÑİẞ€😀📧👍]{0,60}") {
        assert_whole(&text);
    }
}
