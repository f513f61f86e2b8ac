use super::*;
use crate::adapters::sqlite::desk::knowledge::{self, KnowledgeInput};
use crate::adapters::sqlite::desk::library::{self, CannedInput, TemplateInput};
use crate::domain::{Language, Topic};
use crate::ports::knowledge::KnowledgeBase;

fn fact(topic: &str, lang: &str, answer: &str) -> KnowledgeInput {
    KnowledgeInput {
        topic: Some(topic.into()),
        lang: lang.into(),
        question: None,
        answer: answer.into(),
    }
}

#[tokio::test]
async fn knowledge_edits_reach_the_receptionist_and_bad_entries_say_why() {
    let f = fx().await;
    let parking = knowledge::list(&f.db, Some("es"), Some("parking"))
        .await
        .expect("list");
    assert_eq!(parking.len(), 1, "the demo seed has one main fact");
    // The receptionist has read (and cached) the old text.
    let old = f
        .desk
        .knowledge
        .topic(Topic::Parking, Language::Es)
        .await
        .expect("read");
    assert!(old.is_some());
    f.desk
        .save_knowledge(
            Some(parking[0].id),
            &fact("parking", "es", "Estacionamiento gratis en la puerta."),
        )
        .await
        .expect("edit");
    let new = f
        .desk
        .knowledge
        .topic(Topic::Parking, Language::Es)
        .await
        .expect("read")
        .expect("answer");
    assert_eq!(new.text, "Estacionamiento gratis en la puerta.");

    let dup = f
        .desk
        .save_knowledge(None, &fact("parking", "es", "Otra"))
        .await
        .expect_err("second main fact");
    assert!(matches!(dup, DeskError::Conflict(_)), "{dup}");
    assert!(dup.to_string().contains("edit that one"), "{dup}");
    let bad = f
        .desk
        .save_knowledge(None, &fact("spa", "es", "Sí"))
        .await
        .expect_err("unknown topic");
    assert!(bad.to_string().contains("known topics: "), "{bad}");
    let bad = f
        .desk
        .save_knowledge(
            None,
            &KnowledgeInput {
                topic: None,
                lang: "es".into(),
                question: None,
                answer: "x".into(),
            },
        )
        .await
        .expect_err("neither topic nor question");
    assert!(bad.to_string().contains("needs a topic"), "{bad}");

    let faq = f
        .desk
        .save_knowledge(
            None,
            &KnowledgeInput {
                topic: None,
                lang: "en".into(),
                question: Some("Do you have a sauna?".into()),
                answer: "Yes, on the top floor, 8 to 22.".into(),
            },
        )
        .await
        .expect("faq");
    f.desk.delete_knowledge(faq.id).await.expect("delete");
    let gone = f.desk.delete_knowledge(faq.id).await.expect_err("gone");
    assert!(matches!(gone, DeskError::NotFound(_)));
}

#[tokio::test]
async fn canned_responses_and_templates_are_validated_and_unique() {
    let f = fx().await;
    let c = CannedInput {
        title: "Saludo".into(),
        lang: "es".into(),
        body: "Hola!".into(),
    };
    let saved = library::save_canned(&f.db, None, &c, 5)
        .await
        .expect("create");
    let dup = library::save_canned(&f.db, None, &c, 6)
        .await
        .expect_err("dup");
    assert!(matches!(dup, DeskError::Conflict(_)), "{dup}");
    let bad_lang = library::save_canned(
        &f.db,
        None,
        &CannedInput {
            lang: "fr".into(),
            ..c.clone()
        },
        6,
    )
    .await
    .expect_err("lang");
    assert!(matches!(bad_lang, DeskError::Invalid(_)));
    let edited = library::save_canned(
        &f.db,
        Some(saved.id),
        &CannedInput {
            body: "¡Hola! ¿En qué le ayudo?".into(),
            ..c.clone()
        },
        7,
    )
    .await
    .expect("edit");
    assert_eq!(
        (edited.body.as_str(), edited.updated_at_ms),
        ("¡Hola! ¿En qué le ayudo?", 7)
    );
    assert_eq!(
        library::list_canned(&f.db, Some("en"))
            .await
            .expect("list")
            .len(),
        0
    );
    library::delete_canned(&f.db, saved.id)
        .await
        .expect("delete");

    for (name, language) in [("Hotel Update", "es"), ("hotel_update", "spanish")] {
        let err = library::save_template(
            &f.db,
            None,
            &TemplateInput {
                name: name.into(),
                language: language.into(),
                description: String::new(),
            },
            1,
        )
        .await
        .expect_err("invalid");
        assert!(err.to_string().contains("Meta"), "{err}");
    }
    assert_eq!(f.desk.template_choices().await.expect("choices"), vec![]);
}

#[tokio::test]
async fn hours_are_replaced_whole_overlaps_refused_and_the_receptionist_uses_them() {
    let f = fx().await;
    let mut v = f.desk.hours().await.expect("hours");
    assert_eq!(v.timezone, "America/Montevideo");
    assert_eq!(
        v.week.monday,
        vec!["08:00-20:00".to_string()],
        "seeded from [hotel]"
    );

    v.week.monday = vec!["09:00-13:00".into(), "12:00-18:00".into()];
    let err = f.desk.set_hours(&v, "ana").await.expect_err("overlap");
    assert_eq!(
        err.to_string(),
        "the hours were not saved: Mon: 09:00–13:00 and 12:00–18:00 overlap"
    );
    v.week.monday = vec!["8 to 20".into()];
    let err = f.desk.set_hours(&v, "ana").await.expect_err("format");
    assert!(err.to_string().contains("\"HH:MM-HH:MM\""), "{err}");
    v.week.monday = vec!["08:00-20:00".into()];
    let xmas = crate::adapters::sqlite::Holiday {
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 25).expect("date"),
        name: "Navidad".into(),
    };
    v.holidays = vec![xmas.clone(), xmas];
    let err = f.desk.set_hours(&v, "ana").await.expect_err("twice");
    assert!(err.to_string().contains("listed twice"), "{err}");

    // The fixture's clock is Monday noon: close Mondays and the bot's
    // handoff says the desk is closed.
    v.holidays.truncate(1);
    v.week.monday = Vec::new();
    let saved = f.desk.set_hours(&v, "ana").await.expect("save");
    assert!(saved.week.monday.is_empty());
    assert_eq!(saved.holidays.len(), 1);
    f.guest_writes("59899000009", "quiero hablar con una persona")
        .await;
    let last = f.outbox().await.pop().expect("reply");
    assert!(last.contains("recepción está cerrada"), "{last}");
}
