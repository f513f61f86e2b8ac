//! The real inbox worker against a real SQLite file, with a scripted engine.

use super::*;
use crate::adapters::sqlite::{self, InboxStore, OutboxStore, dead_letters};
use crate::adapters::whatsapp::parse_webhook;
use crate::config::StorageSettings;
use crate::domain::OutboundMessage;
use crate::events::EventBus;
use crate::ports::clock::ManualClock;
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn};
use async_trait::async_trait;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, watch};

pub(crate) const NUMBER: &str = "106540352242922";
pub(crate) const T0_MS: i64 = 1_764_410_000_000;

/// Replies "re: <text>"; fails every time for the text "boom".
#[derive(Default)]
pub(crate) struct Scripted {
    pub seen: Mutex<Vec<String>>,
}

#[async_trait]
impl ConversationEngine for Scripted {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        let text = turn.message.content.text().unwrap_or("").to_string();
        self.seen.lock().expect("lock").push(text.clone());
        if text == "boom" {
            return Err(EngineError::Unavailable("scripted failure".into()));
        }
        Ok(vec![OutboundMessage::text(format!("re: {text}"))])
    }
}

pub(crate) struct Rig {
    pub db: sqlx::SqlitePool,
    pub inbox: InboxStore,
    pub engine: Arc<Scripted>,
    pub clock: ManualClock,
    pub worker: InboxWorker,
    _dir: tempfile::TempDir,
}

pub(crate) async fn rig() -> Rig {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let db = sqlite::open(&storage).await.expect("open");
    sqlite::migrate(&db).await.expect("migrate");
    let engine = Arc::new(Scripted::default());
    let clock = ManualClock::at_ms(T0_MS);
    // Composed as the daemon does: reads on the pool, writes on one writer.
    let writer = sqlite::writer_pool(&db);
    let inbox = InboxStore::new(db.clone()).with_writer(writer.clone());
    let worker = InboxWorker {
        inbox: inbox.clone(),
        worker: ConversationWorker {
            db: db.clone(),
            writer,
            turn: sqlite::BackgroundTurn::default(),
            engine: engine.clone(),
            events: EventBus::default(),
            clock: Arc::new(clock.clone()),
            sender_wake: Arc::new(Notify::new()),
            media_wake: Arc::new(Notify::new()),
            voice: None,
        },
        concurrency: 4,
        max_attempts: 3,
        retry_base_ms: 10,
        retry_max_ms: 100,
        wake: Arc::new(Notify::new()),
    };
    Rig {
        db,
        inbox,
        engine,
        clock,
        worker,
        _dir: dir,
    }
}

pub(crate) fn text(id: &str, from: &str, ts: i64, body: &str) -> serde_json::Value {
    json!({"from": from, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}})
}

pub(crate) fn webhook(messages: Vec<serde_json::Value>) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": NUMBER, "display_phone_number": "1555"},
        "messages": messages}}]}]})
    .to_string()
    .into_bytes()
}

pub(crate) fn statuses(list: Vec<serde_json::Value>) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": NUMBER}, "statuses": list}}]}]})
    .to_string()
    .into_bytes()
}

impl Rig {
    pub async fn deliver(&self, body: &[u8], settle_ms: i64) {
        let batch = parse_webhook(body).expect("parses");
        let now = self.clock_now();
        self.inbox
            .ingest(&batch.items, "test", now, now + settle_ms, |n| n == NUMBER)
            .await
            .expect("ingest");
    }

    fn clock_now(&self) -> i64 {
        use crate::ports::clock::Clock;
        self.clock.now_ms()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db)
            .await
            .expect("count")
    }

    /// Runs the worker until no row is pending, advancing the manual clock
    /// so retries fall due; bounded so a bug fails instead of hanging.
    pub async fn run_until_idle(&self) {
        self.run_until_idle_with(&self.worker).await;
    }

    /// [`Self::run_until_idle`] with a worker of the test's own making.
    pub async fn run_until_idle_with(&self, worker: &InboxWorker) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(worker.clone().run(stop_rx));
        let deadline = Instant::now() + Duration::from_secs(20);
        while self
            .count("SELECT count(*) FROM wa_inbox WHERE state = 'pending'")
            .await
            > 0
        {
            assert!(Instant::now() < deadline, "inbox not drained");
            self.clock.advance_ms(50);
            worker.wake.notify_one();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stop_tx.send(true).expect("stop");
        task.await.expect("worker ends");
    }

    pub async fn outbox_bodies(&self) -> Vec<String> {
        sqlx::query_scalar(
            "SELECT m.body FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY o.id",
        )
        .fetch_all(&self.db)
        .await
        .expect("outbox")
    }
}

#[tokio::test]
async fn the_same_payload_three_times_is_processed_once_with_one_reply() {
    let r = rig().await;
    let body = webhook(vec![text("wamid.A", "34600111222", 100, "hola")]);
    for _ in 0..3 {
        r.deliver(&body, 0).await;
    }
    r.run_until_idle().await;
    r.deliver(&body, 0).await;
    r.run_until_idle().await;
    assert_eq!(*r.engine.seen.lock().expect("lock"), vec!["hola"]);
    assert_eq!(r.outbox_bodies().await, vec!["re: hola"]);
    assert_eq!(
        r.count("SELECT count(*) FROM messages WHERE direction = 'in'")
            .await,
        1
    );
    assert_eq!(r.count("SELECT count(*) FROM guests").await, 1);
}

#[tokio::test]
async fn one_guests_messages_are_processed_in_timestamp_order_whatever_the_arrival() {
    let r = rig().await;
    // One batch listing them backwards.
    r.deliver(
        &webhook(vec![
            text("wamid.2", "34600111222", 200, "second"),
            text("wamid.1", "34600111222", 100, "first"),
        ]),
        0,
    )
    .await;
    r.run_until_idle().await;
    // Two deliveries, later one first, within the settle time.
    r.deliver(
        &webhook(vec![text("wamid.4", "34600111222", 400, "fourth")]),
        1_000,
    )
    .await;
    r.deliver(
        &webhook(vec![text("wamid.3", "34600111222", 300, "third")]),
        1_000,
    )
    .await;
    r.run_until_idle().await;
    assert_eq!(
        *r.engine.seen.lock().expect("lock"),
        vec!["first", "second", "third", "fourth"]
    );
    assert_eq!(
        r.outbox_bodies().await,
        vec!["re: first", "re: second", "re: third", "re: fourth"]
    );
}

#[tokio::test]
async fn ties_on_timestamp_go_by_arrival_and_guests_are_independent() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![
            text("wamid.x1", "34600111222", 100, "a1"),
            text("wamid.y1", "5491155551234", 50, "b1"),
            text("wamid.x2", "34600111222", 100, "a2"),
        ]),
        0,
    )
    .await;
    r.run_until_idle().await;
    let seen = r.engine.seen.lock().expect("lock").clone();
    let a: Vec<&String> = seen.iter().filter(|s| s.starts_with('a')).collect();
    assert_eq!(a, vec!["a1", "a2"]);
    assert!(seen.contains(&"b1".to_string()));
    assert_eq!(r.count("SELECT count(*) FROM conversations").await, 2);
}

#[tokio::test]
async fn a_poison_row_goes_to_dead_letters_and_its_lane_moves_on() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![
            text("wamid.p1", "34600111222", 100, "boom"),
            text("wamid.p2", "34600111222", 200, "after"),
        ]),
        0,
    )
    .await;
    r.run_until_idle().await;
    let seen = r.engine.seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        vec!["boom", "boom", "boom", "after"],
        "3 attempts, then the next row"
    );
    let dead = dead_letters::list(&r.db).await.expect("list");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].source, "inbox");
    assert!(
        dead[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("scripted failure")
    );
    assert_eq!(
        r.count("SELECT count(*) FROM wa_inbox WHERE state = 'dead'")
            .await,
        1
    );
    assert_eq!(r.outbox_bodies().await, vec!["re: after"]);
}

#[tokio::test]
async fn a_sender_that_is_not_a_phone_number_is_dead_at_once() {
    let r = rig().await;
    r.deliver(&webhook(vec![text("wamid.bad", "12", 100, "x")]), 0)
        .await;
    r.run_until_idle().await;
    assert!(r.engine.seen.lock().expect("lock").is_empty());
    let dead = dead_letters::list(&r.db).await.expect("list");
    assert!(
        dead[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("not a phone number")
    );
}

#[tokio::test]
async fn statuses_only_move_forward_and_early_ones_wait_for_the_id() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![text("wamid.in", "34600111222", 100, "hola")]),
        0,
    )
    .await;
    r.run_until_idle().await;
    let outbox = OutboxStore::new(r.db.clone());
    let row = outbox
        .due(T0_MS + 10_000_000, 10)
        .await
        .expect("due")
        .remove(0);

    // Read arrives before delivered, and even before we recorded the id.
    let st = |s: &str, ts: i64| json!({"id": "wamid.out", "status": s, "timestamp": ts.to_string(), "recipient_id": "34600111222"});
    r.deliver(&statuses(vec![st("read", 300)]), 0).await;
    r.run_until_idle().await;
    outbox
        .mark_sent(&row, "wamid.out", "reply")
        .await
        .expect("sent");
    let status = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT status FROM messages WHERE wa_message_id = 'wamid.out'",
        )
        .fetch_one(&r.db)
        .await
        .expect("status")
    };
    assert_eq!(status().await, "read");
    r.deliver(
        &statuses(vec![st("delivered", 200), st("sent", 150), st("read", 300)]),
        0,
    )
    .await;
    r.run_until_idle().await;
    assert_eq!(
        status().await,
        "read",
        "late delivered/sent do not move it back"
    );

    let failed = json!({"id": "wamid.out", "status": "failed", "timestamp": "400", "recipient_id": "34600111222",
        "errors": [{"code": 131026, "title": "Message undeliverable"}]});
    r.deliver(&statuses(vec![failed]), 0).await;
    r.run_until_idle().await;
    assert_eq!(status().await, "failed");
    r.deliver(&statuses(vec![st("played", 500)]), 0).await;
    r.run_until_idle().await;
    assert_eq!(status().await, "failed", "failed is terminal");
    let (code, title): (i64, String) = sqlx::query_as(
        "SELECT error_code, error_title FROM messages WHERE wa_message_id = 'wamid.out'",
    )
    .fetch_one(&r.db)
    .await
    .expect("error");
    assert_eq!((code, title.as_str()), (131026, "Message undeliverable"));
}

#[tokio::test]
async fn long_replies_are_split_and_limit_violations_never_reach_the_outbox_as_pending() {
    struct Long;
    #[async_trait]
    impl ConversationEngine for Long {
        async fn respond(&self, _t: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
            Ok(vec![
                OutboundMessage::text("Una frase bastante larga. ".repeat(300)),
                OutboundMessage::Buttons {
                    body: "Elija".into(),
                    buttons: (0..4)
                        .map(|i| crate::domain::Choice {
                            id: format!("b{i}"),
                            title: "Sí".into(),
                            description: None,
                        })
                        .collect(),
                    footer: None,
                },
            ])
        }
    }
    let mut r = rig().await;
    r.worker.worker.engine = Arc::new(Long);
    r.deliver(
        &webhook(vec![text("wamid.L", "34600111222", 100, "info")]),
        0,
    )
    .await;
    r.run_until_idle().await;
    assert_eq!(
        r.count("SELECT count(*) FROM outbox WHERE state = 'pending'")
            .await,
        2
    );
    assert_eq!(
        r.count("SELECT count(*) FROM outbox WHERE state = 'dead'")
            .await,
        1
    );
    let dead = dead_letters::list(&r.db).await.expect("list");
    assert!(
        dead[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("buttons has 4 entries"),
        "{dead:?}"
    );
}

#[tokio::test]
async fn a_limit_breaking_reply_between_two_valid_ones_is_dead_and_the_order_is_kept() {
    struct Sandwich;
    #[async_trait]
    impl ConversationEngine for Sandwich {
        async fn respond(&self, _t: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
            Ok(vec![
                OutboundMessage::text("Primero"),
                OutboundMessage::Buttons {
                    body: "Elija una".into(),
                    buttons: (0..4)
                        .map(|i| crate::domain::Choice {
                            id: format!("b{i}"),
                            title: format!("Opción {i}"),
                            description: None,
                        })
                        .collect(),
                    footer: None,
                },
                OutboundMessage::text("Tercero"),
            ])
        }
    }
    let mut r = rig().await;
    r.worker.worker.engine = Arc::new(Sandwich);
    r.deliver(
        &webhook(vec![text("wamid.S", "34600111222", 100, "hola")]),
        0,
    )
    .await;
    r.run_until_idle().await;
    // In the order the engine gave them: the middle one dead, never pending,
    // the other two waiting for the sender around it.
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT o.state, m.kind, m.body FROM outbox o JOIN messages m ON m.id = o.message_id \
         ORDER BY o.id",
    )
    .fetch_all(&r.db)
    .await
    .expect("outbox");
    let got: Vec<(&str, &str, Option<&str>)> = rows
        .iter()
        .map(|(s, k, b)| (s.as_str(), k.as_str(), b.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("pending", "text", Some("Primero")),
            ("dead", "buttons", None),
            ("pending", "text", Some("Tercero")),
        ]
    );
    let dead = dead_letters::list(&r.db).await.expect("list");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert!(
        dead[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("buttons has 4 entries"),
        "{dead:?}"
    );
    // The inbound row is done: the dead reply does not make it a poison row.
    assert_eq!(
        r.count("SELECT count(*) FROM wa_inbox WHERE state = 'done'")
            .await,
        1
    );
}
