use super::*;
use crate::adapters::sqlite::desk::list::{self, ConversationFilter};
use crate::engine::dialogue::ConversationMode;

const GUEST: &str = "59899123456";

fn filter(mode: &str) -> ConversationFilter {
    ConversationFilter {
        mode: Some(mode.into()),
        ..ConversationFilter::default()
    }
}

#[tokio::test]
async fn while_staff_hold_a_conversation_the_bot_is_silent_and_hand_back_restores_it() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola! aceptan mascotas?").await;
    let replies = f.outbox().await.len();
    assert!(replies >= 1, "the bot answers first");

    let change = f.desk.take_over(c, "ana").await.expect("take over");
    assert_eq!(change.now, ConversationMode::Human);
    let human = list::list(&f.db, &filter("human")).await.expect("list");
    assert_eq!(human.items.len(), 1);
    assert_eq!(human.items[0].assignee.as_deref(), Some("ana"));

    f.guest_writes(GUEST, "aceptan mascotas?").await;
    assert_eq!(f.outbox().await.len(), replies, "human mode: no bot reply");

    let change = f.desk.hand_back(c, "ana").await.expect("hand back");
    assert_eq!(change.was, ConversationMode::Human);
    assert_eq!(change.now, ConversationMode::Bot);
    f.guest_writes(GUEST, "aceptan mascotas?").await;
    let out = f.outbox().await;
    assert!(out.len() > replies, "the bot answers again");
    assert!(
        out.last().is_some_and(|t| t.contains("mascotas")),
        "{out:?}"
    );
    let bot = list::list(&f.db, &filter("bot")).await.expect("list");
    assert_eq!(bot.items.len(), 1);
    assert_eq!(bot.items[0].assignee, None);
    assert_eq!(
        f.count("SELECT count(*) FROM handoffs WHERE reason = 'staff' AND ended_at_ms IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn a_bot_handoff_waits_in_the_queue_until_staff_take_it() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "quiero hablar con una persona").await;
    let waiting = ConversationFilter {
        waiting: Some(true),
        ..ConversationFilter::default()
    };
    let page = list::list(&f.db, &waiting).await.expect("list");
    assert_eq!(page.items.len(), 1);
    let s = &page.items[0];
    assert_eq!(s.mode, "human");
    assert_eq!(s.handoff_reason.as_deref(), Some("requested"));
    assert_eq!(s.waiting_since_ms, Some(f.clock.now_ms()));

    f.clock.advance_ms(90_000);
    f.desk.take_over(c, "ana").await.expect("take over");
    assert!(
        list::list(&f.db, &waiting)
            .await
            .expect("list")
            .items
            .is_empty()
    );
    let waited: i64 = sqlx::query_scalar(
        "SELECT answered_at_ms - started_at_ms FROM handoffs WHERE reason = 'requested'",
    )
    .fetch_one(&f.db)
    .await
    .expect("handoff");
    assert_eq!(waited, 90_000);
}

#[tokio::test]
async fn the_idle_time_returns_a_conversation_to_the_bot_and_ends_the_handoff() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola").await;
    f.desk.take_over(c, "ana").await.expect("take over");
    // hotel.human_idle_return_minutes defaults to 12 hours.
    f.clock.advance_ms(13 * 3_600_000);
    let before = f.outbox().await.len();
    f.guest_writes(GUEST, "aceptan mascotas?").await;
    assert!(f.outbox().await.len() > before, "back with the bot");
    assert_eq!(
        f.count("SELECT count(*) FROM handoffs WHERE ended_at_ms IS NULL")
            .await,
        0
    );
    let s = list::summary(&f.db, c).await.expect("summary");
    assert_eq!((s.mode.as_str(), s.assignee), ("bot", None));
}

#[tokio::test]
async fn the_bots_understanding_of_each_guest_message_is_kept() {
    let f = fx().await;
    let c = f.guest_writes(GUEST, "hola! aceptan mascotas?").await;
    let page = crate::adapters::sqlite::desk::detail::messages(&f.db, c, None, None)
        .await
        .expect("messages");
    let inbound = page
        .items
        .iter()
        .find(|m| m.direction == "in")
        .expect("inbound");
    assert_eq!(inbound.author, "guest");
    let u = inbound.understanding_json().expect("understanding");
    assert_eq!(u["language"], "es");
    let intents: Vec<&str> = u["intents"]
        .as_array()
        .expect("intents")
        .iter()
        .filter_map(|i| i["intent"].as_str())
        .collect();
    assert!(intents.contains(&"hotel_info"), "{u}");
    let outbound = page
        .items
        .iter()
        .find(|m| m.direction == "out")
        .expect("reply");
    assert_eq!(
        (outbound.author.as_str(), outbound.understanding.as_deref()),
        ("bot", None)
    );
}

#[tokio::test]
async fn unknown_conversations_are_not_found() {
    let f = fx().await;
    let err = f.desk.take_over(99, "ana").await.expect_err("missing");
    assert!(matches!(err, DeskError::NotFound(_)), "{err}");
    assert_eq!(err.to_string(), "conversation 99 not found");
}
