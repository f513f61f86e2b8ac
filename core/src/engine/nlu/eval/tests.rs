use super::*;
use crate::engine::nlu::demo_room_types;

fn ctx() -> NluContext {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
    NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
        .with_room_types(demo_room_types())
}

fn eval(src: &str) -> Report {
    evaluate(Nlu::shared().expect("nlu"), &ctx(), src)
}

#[test]
fn a_line_without_slots_is_not_scored_for_slots() {
    for (text, lang) in [
        ("del 15 al 18 de marzo para 2", "es"),
        ("from the 15th to the 18th of march for 2", "en"),
        ("de 15 a 18 de março para 2", "pt"),
    ] {
        let line = format!(r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info""#);
        // Intent only: whatever slots the parse finds are not errors.
        let r = eval(&format!("{line}}}\n"));
        assert_eq!((r.lines, r.slot_lines), (1, 0), "{text}");
        assert!(
            r.slots.is_empty() && r.slot_errors.is_empty(),
            "{text}: {r:?}"
        );
        // `"slots": {}` expects none: every slot found is a false positive.
        let r = eval(&format!("{line},\"slots\":{{}}}}\n"));
        assert_eq!(r.slot_lines, 1, "{text}");
        assert!(
            r.slot_errors.iter().any(|e| e.slot == "checkin"),
            "{text}: {r:?}"
        );
        // Beside an annotated line, an intent-only line leaves its F1 alone.
        let annotated = format!(
            "{line},\"slots\":{{\"checkin\":\"2026-03-15\",\"checkout\":\"2026-03-18\",\"adults\":2}}}}"
        );
        let r = eval(&format!("{line}}}\n{annotated}\n{line}}}\n"));
        assert_eq!((r.lines, r.slot_lines), (3, 1), "{text}");
        assert_eq!(r.slot_f1, 1.0, "{text}: {:?}", r.slot_errors);
    }
}

#[test]
fn an_unknown_slot_or_subtopic_name_is_an_error_for_its_line() {
    let r = eval(concat!(
        r#"{"text":"del 15 al 18 de marzo","intent":"provide_info","slots":{"check_in":"2026-03-20","adultos":5}}"#,
        "\n",
        r#"{"text":"from the 15th to the 18th of march","intent":"provide_info","slots":{"checkin":"2026-03-15","guests":2}}"#,
        "\n",
        r#"{"text":"tem wifi?","intent":"hotel_info","subtopic":"wi-fi"}"#,
        "\n",
        r#"{"text":"quiero cancelar mi reserva","intent":"cancel_booking","slots":{}}"#,
        "\n",
    ));
    assert_eq!(r.lines, 1);
    assert_eq!(r.malformed.len(), 3, "{:?}", r.malformed);
    assert!(r.malformed[0].starts_with("line 1: unknown slot \"adultos\""));
    assert!(r.malformed[1].starts_with("line 2: unknown slot \"guests\""));
    assert!(r.malformed[2].starts_with("line 3: unknown subtopic \"wi-fi\""));
}

#[test]
fn a_file_with_nothing_to_score_says_why() {
    let empty = eval("");
    assert!(empty.unusable().is_some_and(|w| w.contains("empty")));
    assert!(eval("\n  \n// a comment\n").unusable().is_some());
    let unknown = eval(concat!(
        r#"{"text":"hola","intent":"saludo"}"#,
        "\n",
        r#"{"text":"oi","intent":"hello"}"#,
        "\n"
    ));
    assert!(
        unknown
            .unusable()
            .is_some_and(|w| w.contains("2 with an unknown intent")),
        "{unknown:?}"
    );
    let broken = eval("{broken\nnot json\n");
    assert!(
        broken
            .unusable()
            .is_some_and(|w| w.contains("2 malformed") && w.contains("line 2:")),
        "{broken:?}"
    );
    let one = eval("{broken\n{\"text\":\"hi\",\"intent\":\"greeting\"}\n");
    assert_eq!(one.unusable(), None);
    // No line has a `lang`: there is no language accuracy, not 0 %.
    assert_eq!(one.language_accuracy, None);
}

#[test]
fn child_ages_are_scored_like_the_other_slots() {
    for (text, lang) in [
        ("somos 2 adultos y 2 niños de 4 y 9 años", "es"),
        ("we are 2 adults and 2 kids aged 4 and 9", "en"),
        ("somos 2 adultos e 2 crianças de 4 e 9 anos", "pt"),
    ] {
        let line = |ages: &str| {
            format!(
                r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info","slots":{{"adults":2,"children":2,"child_ages":{ages}}}}}"#
            )
        };
        let right = eval(&line("[9, 4]"));
        assert_eq!(right.slots["child_ages"].tp, 1, "{text}: {right:?}");
        let wrong = eval(&line("[5,8]"));
        assert_eq!(
            (wrong.slots["child_ages"].fp, wrong.slots["child_ages"].fn_),
            (1, 1),
            "{text}"
        );
        assert!(wrong.slot_errors.iter().any(|e| e.slot == "child_ages"
            && e.expected.as_deref() == Some("[5,8]")
            && e.got.as_deref() == Some("[4,9]")));
        // A line that leaves ages out is not scored on them.
        let silent = eval(&format!(
            r#"{{"text":"{text}","lang":"{lang}","intent":"provide_info","slots":{{"adults":2,"children":2}}}}"#
        ));
        assert!(!silent.slots.contains_key("child_ages"), "{text}");
        assert_eq!(silent.slot_f1, 1.0, "{text}");
    }
}

#[test]
fn language_accuracy_counts_only_detected_lines() {
    let r = eval(concat!(
        r#"{"text":"ok","lang":"pt","intent":"affirm"}"#,
        "\n",
        r#"{"text":"ok","lang":"es","intent":"affirm"}"#,
        "\n",
        r#"{"text":"quiero cancelar mi reserva","lang":"es","intent":"cancel_booking"}"#,
        "\n",
        r#"{"text":"i want to cancel my booking","lang":"en","intent":"cancel_booking"}"#,
        "\n",
        r#"{"text":"quero cancelar minha reserva","lang":"pt","intent":"cancel_booking"}"#,
        "\n",
    ));
    assert_eq!((r.language_lines, r.language_fallback), (3, 2), "{r:?}");
    assert_eq!(r.language_accuracy, Some(1.0));
    // Only fallbacks: nothing measured detection.
    let r = eval(r#"{"text":"ok","lang":"en","intent":"affirm"}"#);
    assert_eq!((r.language_accuracy, r.language_fallback), (None, 1));
}

#[test]
fn the_order_of_intents_and_the_subtopic_are_scored() {
    let r = eval(concat!(
        r#"{"text":"hola, tienen lugar el finde? y aceptan mascotas?","intent":"check_availability","intents":["greeting","check_availability","hotel_info"],"subtopic":"pets"}"#,
        "\n",
        r#"{"text":"hi! do you have rooms this weekend? and is there parking?","intent":"check_availability","intents":["check_availability","greeting","hotel_info"]}"#,
        "\n",
        r#"{"text":"vocês aceitam cachorro?","intent":"hotel_info","subtopic":"wifi"}"#,
        "\n",
        r#"{"text":"is there wifi in the rooms?","intent":"hotel_info","subtopic":"wifi"}"#,
        "\n",
    ));
    assert_eq!((r.intent_order_lines, r.subtopic_lines), (2, 3));
    assert_eq!(r.intent_order_accuracy, Some(0.5));
    assert_eq!(r.order_errors.len(), 1);
    assert_eq!(r.order_errors[0].line, 2);
    assert_eq!(
        r.order_errors[0].got,
        [
            Intent::Greeting,
            Intent::CheckAvailability,
            Intent::HotelInfo
        ]
    );
    assert_eq!(
        r.subtopic_accuracy,
        Some(2.0 / 3.0),
        "{:?}",
        r.subtopic_errors
    );
    assert_eq!(r.subtopic_errors.len(), 1);
    assert_eq!(
        (r.subtopic_errors[0].line, r.subtopic_errors[0].got),
        (3, Some(InfoTopic::Pets))
    );
    // Without "intents" or "subtopic" there is nothing to score.
    let r = eval(r#"{"text":"hola","intent":"greeting"}"#);
    assert_eq!((r.intent_order_accuracy, r.subtopic_accuracy), (None, None));
}
