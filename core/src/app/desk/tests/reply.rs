use super::*;
use crate::adapters::sqlite::desk::library::{self, CannedInput, TemplateInput};
use crate::adapters::sqlite::desk::{detail, list};
use crate::engine::dialogue::ConversationMode;

const GUEST: &str = "59899123456";

fn text(t: &str) -> StaffMessage {
    StaffMessage::Text { text: t.into() }
}

#[tokio::test]
async fn a_staff_reply_inside_the_window_is_queued_once_as_staff_and_takes_over() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "quiero hablar con una persona").await;
    f.clock.advance_ms(30_000);
    let q = f
        .desk
        .reply(c, "ana", &text("  Hola Lucía, soy Ana de recepción.  "))
        .await
        .expect("reply");
    let (state, body, staff): (String, String, Option<String>) = sqlx::query_as(
        "SELECT o.state, m.body, m.staff_user FROM outbox o JOIN messages m ON m.id = o.message_id \
         WHERE o.id = ?",
    )
    .bind(q.outbox_id)
    .fetch_one(&f.db)
    .await
    .expect("row");
    assert_eq!(state, "pending", "the outbox worker sends it");
    assert_eq!(body, "Hola Lucía, soy Ana de recepción.");
    assert_eq!(staff.as_deref(), Some("ana"));

    let s = list::summary(&f.db, c).await.expect("summary");
    assert_eq!(s.mode, "human");
    assert_eq!(s.waiting_since_ms, None, "answered");
    assert_eq!(s.unread, 0, "replying reads the conversation");
    let page = detail::messages(&f.db, c, None, Some(1))
        .await
        .expect("messages");
    assert_eq!(page.items[0].author, "staff");
    assert_eq!(page.items[0].status, "queued");

    // The bot stays silent after a staff reply.
    let before = f.outbox().await.len();
    f.guest_writes(GUEST, "gracias!").await;
    assert_eq!(f.outbox().await.len(), before);
}

#[tokio::test]
async fn a_staff_reply_in_bot_mode_takes_the_conversation_over() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola").await;
    f.desk.reply(c, "ana", &text("Hola!")).await.expect("reply");
    let s = list::summary(&f.db, c).await.expect("summary");
    assert_eq!(
        (s.mode.as_str(), s.assignee.as_deref()),
        ("human", Some("ana"))
    );
    let change = f.desk.hand_back(c, "ana").await.expect("hand back");
    assert_eq!(change.now, ConversationMode::Bot);
}

#[tokio::test]
async fn outside_the_window_free_text_is_refused_naming_the_template_choice() {
    let f = fx_with_template(Some(("seguimiento_reserva", "es"))).await;
    library::save_template(
        &f.db,
        None,
        &TemplateInput {
            name: "hotel_update".into(),
            language: "en_US".into(),
            description: "News about a stay".into(),
        },
        1,
    )
    .await
    .expect("template");
    let c = f.guest_writes(GUEST, "hola").await;
    let queued = f.outbox().await.len();
    f.clock.advance_ms(25 * 3_600_000);

    let err = f
        .desk
        .reply(c, "ana", &text("¿Sigue interesada?"))
        .await
        .expect_err("closed");
    let DeskError::TemplateRequired { message, templates } = &err else {
        panic!("expected TemplateRequired, got {err:?}");
    };
    assert!(message.contains("24-hour window is closed"), "{message}");
    assert!(message.contains("send a template instead"), "{message}");
    assert!(message.contains("hotel_update (en_US)"), "{message}");
    assert!(message.contains("seguimiento_reserva (es)"), "{message}");
    assert_eq!(templates.len(), 2);
    assert_eq!(f.outbox().await.len(), queued, "nothing queued");

    // A canned response is free text too.
    let canned = library::save_canned(
        &f.db,
        None,
        &CannedInput {
            title: "Saludo".into(),
            lang: "es".into(),
            body: "Hola!".into(),
        },
        1,
    )
    .await
    .expect("canned");
    let err = f
        .desk
        .reply(c, "ana", &StaffMessage::Canned { id: canned.id })
        .await
        .expect_err("closed");
    assert!(matches!(err, DeskError::TemplateRequired { .. }));

    // One of the offered templates goes out.
    f.desk
        .reply(
            c,
            "ana",
            &StaffMessage::Template {
                name: "hotel_update".into(),
                language: "en_US".into(),
            },
        )
        .await
        .expect("template reply");
    assert_eq!(
        f.outbox().await.last().map(String::as_str),
        Some("template")
    );
    // A template nobody approved is refused.
    let err = f
        .desk
        .reply(
            c,
            "ana",
            &StaffMessage::Template {
                name: "made_up".into(),
                language: "es".into(),
            },
        )
        .await
        .expect_err("unknown template");
    assert!(matches!(err, DeskError::Invalid(_)), "{err}");
}

#[tokio::test]
async fn outside_the_window_without_templates_the_error_says_to_add_one() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola").await;
    f.clock.advance_ms(24 * 3_600_000 + 1_000);
    let err = f
        .desk
        .reply(c, "ana", &text("hola"))
        .await
        .expect_err("closed");
    let DeskError::TemplateRequired { message, templates } = err else {
        panic!("expected TemplateRequired");
    };
    assert!(templates.is_empty());
    assert!(message.contains("no template is configured"), "{message}");
}

#[tokio::test]
async fn a_canned_response_is_sent_as_its_text_and_bad_replies_are_refused() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola").await;
    let canned = library::save_canned(
        &f.db,
        None,
        &CannedInput {
            title: "Horario".into(),
            lang: "es".into(),
            body: "Recepción atiende de 8 a 20.".into(),
        },
        1,
    )
    .await
    .expect("canned");
    f.desk
        .reply(c, "ana", &StaffMessage::Canned { id: canned.id })
        .await
        .expect("reply");
    assert_eq!(
        f.outbox().await.last().map(String::as_str),
        Some("Recepción atiende de 8 a 20.")
    );
    for (msg, want) in [(text("   "), "empty"), (text(&"x".repeat(5000)), "limits")] {
        let err = f.desk.reply(c, "ana", &msg).await.expect_err("refused");
        assert!(err.to_string().contains(want), "{err}");
    }
    let err = f
        .desk
        .reply(c, "ana", &StaffMessage::Canned { id: 999 })
        .await
        .expect_err("missing");
    assert!(matches!(err, DeskError::NotFound(_)));
}
