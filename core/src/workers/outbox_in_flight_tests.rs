//! Never twice: a reply whose fate is unknown (the daemon stopped mid-send, or
//! an attempt timed out) is not sent again unless nothing says it went out,
//! and a status naming it settles it.

use super::inbox_tests::statuses;
use super::outbox_tests::{calls, outbox_state, retryable, setup};
use crate::adapters::sqlite::dead_letters;
use crate::adapters::sqlite::outbox_in_flight::tracking_tag;
use serde_json::json;

fn status_naming(row: i64, wa_id: &str, status: &str) -> Vec<u8> {
    statuses(vec![
        json!({"id": wa_id, "status": status, "timestamp": "1764410100",
        "recipient_id": "34600111222", "biz_opaque_callback_data": tracking_tag(row)}),
    ])
}

async fn outbox_id(s: &super::outbox_tests::Setup) -> i64 {
    s.r.count("SELECT id FROM outbox").await
}

#[tokio::test]
async fn a_timed_out_attempt_that_a_status_proves_sent_is_not_sent_again() {
    let s = setup(5, vec![retryable(None, None)]).await;
    assert!(s.sender.tick().await);
    assert_eq!(outbox_state(&s).await, ("pending".into(), 1, None));
    // Meta did take it: its status arrives (stored, not yet processed)
    // before the retry falls due.
    let id = outbox_id(&s).await;
    s.r.deliver(&status_naming(id, "wamid.LATE", "delivered"), 0)
        .await;
    s.r.clock.advance_ms(1_000);
    s.sender.tick().await;
    assert_eq!(calls(&s), 1, "not sent a second time");
    assert_eq!(
        outbox_state(&s).await,
        ("sent".into(), 2, Some("wamid.LATE".into()))
    );
    assert_eq!(
        s.r.count("SELECT count(*) FROM messages WHERE wa_message_id = 'wamid.LATE' AND status = 'delivered'")
            .await,
        1,
        "the status that proved it also applies"
    );
    // Processing that status later changes nothing more.
    s.r.run_until_idle().await;
    assert_eq!(
        outbox_state(&s).await,
        ("sent".into(), 2, Some("wamid.LATE".into()))
    );
}

#[tokio::test]
async fn a_timed_out_attempt_with_no_word_from_meta_is_retried() {
    let s = setup(5, vec![retryable(None, None)]).await;
    s.sender.tick().await;
    s.r.clock.advance_ms(1_000);
    s.sender.tick().await;
    assert_eq!(calls(&s), 2);
    assert_eq!(outbox_state(&s).await.0, "sent");
}

#[tokio::test]
async fn a_status_processed_before_the_retry_settles_the_row() {
    let s = setup(5, vec![retryable(None, None)]).await;
    s.sender.tick().await;
    let id = outbox_id(&s).await;
    s.r.deliver(&status_naming(id, "wamid.SEEN", "read"), 0)
        .await;
    s.r.run_until_idle().await;
    assert_eq!(
        outbox_state(&s).await,
        ("sent".into(), 2, Some("wamid.SEEN".into()))
    );
    s.r.clock.advance_ms(60_000);
    assert!(!s.sender.tick().await, "nothing left to send");
    assert_eq!(calls(&s), 1);
}

#[tokio::test]
async fn a_row_left_sending_by_a_dead_process_becomes_uncertain_and_is_never_resent() {
    let s = setup(5, vec![]).await;
    let row = s.sender.outbox.due(0, 1).await.expect("due").remove(0);
    // What a process that died mid-call leaves behind.
    assert!(s.sender.outbox.mark_sending(&row, 0).await.expect("mark"));
    s.sender.recover().await;
    assert_eq!(outbox_state(&s).await.0, "uncertain");
    let dead = dead_letters::list(&s.r.db).await.expect("list");
    assert_eq!(dead.len(), 1);
    assert!(dead[0].error_title.starts_with("uncertain:"), "{dead:?}");
    assert_eq!(
        s.r.count("SELECT count(*) FROM messages WHERE status = 'uncertain'")
            .await,
        1
    );
    s.r.clock.advance_ms(600_000);
    assert!(!s.sender.tick().await);
    assert_eq!(calls(&s), 0, "never sent blindly");
}

#[tokio::test]
async fn a_row_left_sending_whose_status_arrived_meanwhile_is_confirmed_at_start() {
    let s = setup(5, vec![]).await;
    let row = s.sender.outbox.due(0, 1).await.expect("due").remove(0);
    assert!(s.sender.outbox.mark_sending(&row, 0).await.expect("mark"));
    s.r.deliver(&status_naming(row.id, "wamid.OK", "sent"), 0)
        .await;
    s.sender.recover().await;
    assert_eq!(
        outbox_state(&s).await,
        ("sent".into(), 1, Some("wamid.OK".into()))
    );
    assert!(dead_letters::list(&s.r.db).await.expect("list").is_empty());
    s.sender.tick().await;
    assert_eq!(calls(&s), 0);
}
