//! Blue ticks: each guest message the conversation worker has processed is
//! marked read through the Messenger port (`whatsapp.mark_read`).
//!
//! Driven by the event bus, after the commit that processed the message. A
//! read receipt is a courtesy, not a promise: one lost to a crash or to a
//! subscriber that fell behind is logged, not retried, and never holds up a
//! conversation (this runs beside the inbox lanes, not inside them).

use crate::domain::WaMessageId;
use crate::events::Event;
use crate::ports::messenger::Messenger;
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

#[derive(Clone)]
pub struct ReadReceipts {
    pub db: SqlitePool,
    pub messenger: Arc<dyn Messenger>,
}

impl ReadReceipts {
    /// `events` must be subscribed before the conversation worker starts, so
    /// no message processed at start-up is missed.
    pub async fn run(
        self,
        mut events: broadcast::Receiver<Event>,
        mut stop: watch::Receiver<bool>,
    ) {
        loop {
            let event = tokio::select! {
                e = events.recv() => e,
                _ = stop.changed() => return,
            };
            match event {
                Ok(Event::MessageReceived { message_id, .. }) => self.mark(message_id).await,
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(
                        skipped = n,
                        "read receipts fell behind; some guest messages stay unmarked"
                    );
                }
                Err(RecvError::Closed) => return,
            }
        }
    }

    async fn mark(&self, message_id: i64) {
        let found: Result<Option<(String, String)>, sqlx::Error> = sqlx::query_as(
            "SELECT m.wa_message_id, c.phone_number_id FROM messages m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE m.id = ? AND m.direction = 'in' AND m.wa_message_id IS NOT NULL",
        )
        .bind(message_id)
        .fetch_optional(&self.db)
        .await;
        let (wa_id, number) = match found {
            Ok(Some(row)) => row,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(message_id, error = %e, "cannot look up a message to mark it read");
                return;
            }
        };
        if let Err(e) = self.messenger.mark_read(&number, &WaMessageId(wa_id)).await {
            tracing::warn!(message_id, error = %e, "could not mark a guest message read");
        }
    }
}
