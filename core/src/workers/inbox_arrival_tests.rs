//! The inbox worker against rows that arrive while it holds a lane's later
//! rows, and against a row processed twice.

use super::inbox_tests::*;
use super::*;
use crate::adapters::sqlite::InboxStore;
use crate::adapters::whatsapp::parse_webhook;
use crate::domain::OutboundMessage;
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn};
use async_trait::async_trait;
use std::sync::{Arc, Mutex};

/// Ingests a guest's earlier message, delivered late, while the worker
/// answers "first": it then holds the guest's later rows from one read.
struct LateArrival {
    inbox: InboxStore,
    seen: Mutex<Vec<String>>,
}

#[async_trait]
impl ConversationEngine for LateArrival {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        let text = turn.message.content.text().unwrap_or("").to_string();
        self.seen.lock().expect("lock").push(text.clone());
        if text == "first" {
            let late = webhook(vec![crate::workers::inbox_tests::text(
                "wamid.2",
                "34600111222",
                200,
                "second",
            )]);
            let batch = parse_webhook(&late).expect("parses");
            self.inbox
                .ingest(&batch.items, "late", T0_MS, T0_MS, |_| true)
                .await
                .expect("ingest");
        }
        Ok(Vec::new())
    }
}

#[tokio::test]
async fn a_row_stored_while_later_rows_are_in_hand_still_goes_first() {
    let r = rig().await;
    let engine = Arc::new(LateArrival {
        inbox: r.inbox.clone(),
        seen: Mutex::default(),
    });
    let mut worker = r.worker.clone();
    worker.worker.engine = engine.clone();
    r.deliver(
        &webhook(vec![
            text("wamid.1", "34600111222", 100, "first"),
            text("wamid.3", "34600111222", 300, "third"),
        ]),
        0,
    )
    .await;
    r.run_until_idle_with(&worker).await;
    assert_eq!(
        *engine.seen.lock().expect("lock"),
        vec!["first", "second", "third"]
    );
}

#[tokio::test]
async fn a_row_processed_twice_stores_its_effects_once() {
    let r = rig().await;
    r.deliver(
        &webhook(vec![
            text("wamid.A", "34600111222", 100, "hola"),
            text("wamid.B", "34600111222", 200, "chau"),
        ]),
        0,
    )
    .await;
    let rows = r
        .inbox
        .next_in_lane("34600111222", T0_MS, 10)
        .await
        .expect("read");
    let (first, second) = (&rows[0], &rows[1]);
    r.worker.worker.process(first).await.expect("processed");
    // Another worker finished it meanwhile: the claim fails, the transaction
    // with the stored message and the reply is rolled back.
    let again = r.worker.worker.process(first).await;
    assert!(matches!(again, Err(ProcessError::AlreadyDone)), "{again:?}");
    // A row gone to dead letters is not processed either.
    sqlx::query("UPDATE wa_inbox SET state = 'dead' WHERE id = ?")
        .bind(second.id)
        .execute(&r.db)
        .await
        .expect("dead");
    let dead = r.worker.worker.process(second).await;
    assert!(matches!(dead, Err(ProcessError::AlreadyDone)), "{dead:?}");
    assert_eq!(r.outbox_bodies().await, vec!["re: hola"]);
    assert_eq!(
        r.count("SELECT count(*) FROM messages WHERE direction = 'in'")
            .await,
        1
    );
    let state: String = sqlx::query_scalar("SELECT state FROM wa_inbox WHERE id = ?")
        .bind(second.id)
        .fetch_one(&r.db)
        .await
        .expect("state");
    assert_eq!(state, "dead");
}
