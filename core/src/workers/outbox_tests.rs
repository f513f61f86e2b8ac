//! The real sender against a real SQLite outbox, with a scripted Messenger.

use super::inbox_tests::{T0_MS, rig, text, webhook};
use super::*;
use crate::adapters::sqlite::{OutboxStore, dead_letters};
use crate::domain::{OutboundMessage, PhoneE164, WaMessageId};
use crate::events::EventBus;
use crate::ports::messenger::{Messenger, PermanentKind, SendError};
use async_trait::async_trait;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Default)]
pub(super) struct ScriptedMessenger {
    answers: Mutex<VecDeque<Result<WaMessageId, SendError>>>,
    calls: Mutex<Vec<OutboundMessage>>,
}

#[async_trait]
impl Messenger for ScriptedMessenger {
    async fn send(
        &self,
        _n: &str,
        _to: &PhoneE164,
        msg: &OutboundMessage,
    ) -> Result<WaMessageId, SendError> {
        let n = {
            let mut calls = self.calls.lock().expect("lock");
            calls.push(msg.clone());
            calls.len()
        };
        self.answers
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or_else(|| Ok(WaMessageId(format!("wamid.sent{n}"))))
    }
    async fn mark_read(&self, _n: &str, _m: &WaMessageId) -> Result<(), SendError> {
        Ok(())
    }
}

pub(super) struct Setup {
    pub r: super::inbox_tests::Rig,
    pub messenger: Arc<ScriptedMessenger>,
    pub sender: OutboxWorker,
}

/// One guest wrote `minutes_ago`; the scripted engine queued "re: hola".
pub(super) async fn setup(minutes_ago: i64, answers: Vec<Result<WaMessageId, SendError>>) -> Setup {
    let r = rig().await;
    let ts = (T0_MS / 1000) - minutes_ago * 60;
    r.deliver(
        &webhook(vec![text("wamid.in", "34600111222", ts, "hola")]),
        0,
    )
    .await;
    r.run_until_idle().await;
    let messenger = Arc::new(ScriptedMessenger {
        answers: Mutex::new(answers.into()),
        ..Default::default()
    });
    let sender = OutboxWorker {
        outbox: OutboxStore::new(r.db.clone()),
        messenger: messenger.clone(),
        throttle: Arc::new(Throttle::per_second(1000)),
        events: EventBus::default(),
        clock: Arc::new(r.clock.clone()),
        wake: Arc::new(Notify::new()),
        max_attempts: 3,
        retry_base_ms: 1_000,
        retry_max_ms: 10_000,
        reengagement: None,
    };
    Setup {
        r,
        messenger,
        sender,
    }
}

pub(super) fn calls(s: &Setup) -> usize {
    s.messenger.calls.lock().expect("lock").len()
}

pub(super) async fn outbox_state(s: &Setup) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT state, attempts, wa_message_id FROM outbox")
        .fetch_one(&s.r.db)
        .await
        .expect("row")
}

pub(super) fn retryable(
    code: Option<i64>,
    retry_after: Option<Duration>,
) -> Result<WaMessageId, SendError> {
    Err(SendError::Retryable {
        code,
        title: "Internal server error".into(),
        retry_after,
    })
}

#[tokio::test]
async fn a_send_failing_with_500_is_retried_after_backoff_then_delivered_once() {
    let s = setup(5, vec![retryable(None, None)]).await;
    assert!(s.sender.tick().await);
    assert_eq!(calls(&s), 1);
    assert_eq!(outbox_state(&s).await, ("pending".into(), 1, None));
    // Not due before the backoff has passed.
    assert!(!s.sender.tick().await);
    assert_eq!(calls(&s), 1);
    s.r.clock.advance_ms(1_000);
    assert!(s.sender.tick().await);
    assert_eq!(
        outbox_state(&s).await,
        ("sent".into(), 2, Some("wamid.sent2".into()))
    );
    s.r.clock.advance_ms(100_000);
    assert!(
        !s.sender.tick().await,
        "a row with a WhatsApp id is never sent again"
    );
    assert_eq!(calls(&s), 2);
    let status: String =
        sqlx::query_scalar("SELECT status FROM messages WHERE wa_message_id = 'wamid.sent2'")
            .fetch_one(&s.r.db)
            .await
            .expect("message");
    assert_eq!(status, "sent");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let s = setup(
        5,
        vec![retryable(Some(130429), Some(Duration::from_secs(30)))],
    )
    .await;
    s.sender.tick().await;
    s.r.clock.advance_ms(29_000);
    assert!(!s.sender.tick().await);
    s.r.clock.advance_ms(1_000);
    assert!(s.sender.tick().await);
    assert_eq!(outbox_state(&s).await.0, "sent");
}

#[tokio::test]
async fn repeated_temporary_failures_end_in_dead_letters_after_max_attempts() {
    let s = setup(
        5,
        vec![
            retryable(Some(131056), None),
            retryable(Some(131056), None),
            retryable(Some(131056), None),
        ],
    )
    .await;
    for _ in 0..3 {
        s.sender.tick().await;
        s.r.clock.advance_ms(60_000);
    }
    assert_eq!(calls(&s), 3);
    assert_eq!(outbox_state(&s).await.0, "dead");
    let dead = dead_letters::list(&s.r.db).await.expect("list");
    assert_eq!(dead[0].error_code, Some(131056));
}

#[tokio::test]
async fn window_closed_from_meta_is_a_dead_letter_and_flags_the_conversation() {
    let s = setup(
        5,
        vec![Err(SendError::Permanent {
            code: Some(131047),
            title: "Re-engagement message".into(),
            details: Some("more than 24 hours".into()),
            kind: PermanentKind::WindowClosed,
        })],
    )
    .await;
    s.sender.tick().await;
    assert_eq!(outbox_state(&s).await.0, "dead");
    let dead = dead_letters::list(&s.r.db).await.expect("list");
    assert_eq!(
        (dead[0].source.as_str(), dead[0].error_code),
        ("outbox", Some(131047))
    );
    assert_eq!(dead[0].error_title, "Re-engagement message");
    assert_eq!(
        s.r.count("SELECT count(*) FROM conversations WHERE window_closed_at_ms IS NOT NULL")
            .await,
        1
    );
    s.r.clock.advance_ms(100_000);
    s.sender.tick().await;
    assert_eq!(calls(&s), 1, "permanent errors are not retried");
}

#[tokio::test]
async fn outside_the_window_a_reply_is_held_for_staff_without_any_call() {
    let s = setup(25 * 60, vec![]).await;
    s.sender.tick().await;
    assert_eq!(calls(&s), 0);
    assert_eq!(outbox_state(&s).await.0, "held");
    assert_eq!(
        s.r.count("SELECT count(*) FROM conversations WHERE window_closed_at_ms IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        s.r.count("SELECT count(*) FROM messages WHERE status = 'held'")
            .await,
        1
    );
}

#[tokio::test]
async fn outside_the_window_the_reengagement_template_goes_instead() {
    let mut s = setup(25 * 60, vec![]).await;
    s.sender.reengagement = Some(("volvamos_a_hablar".into(), "es".into()));
    s.sender.tick().await;
    let sent = s.messenger.calls.lock().expect("lock").clone();
    assert_eq!(
        sent,
        vec![OutboundMessage::Template {
            name: "volvamos_a_hablar".into(),
            language: "es".into(),
            components: serde_json::json!([]),
        }]
    );
    let sent_as: String = sqlx::query_scalar("SELECT sent_as FROM outbox")
        .fetch_one(&s.r.db)
        .await
        .expect("row");
    assert_eq!(sent_as, "reengagement_template");
    assert_eq!(
        s.r.count("SELECT count(*) FROM conversations WHERE window_closed_at_ms IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn just_inside_the_window_the_reply_itself_is_sent() {
    let s = setup(24 * 60 - 1, vec![]).await;
    s.sender.tick().await;
    assert_eq!(
        *s.messenger.calls.lock().expect("lock"),
        vec![OutboundMessage::text("re: hola")]
    );
}
