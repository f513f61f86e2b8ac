//! The WhatsApp inbox: what webhooks carried, stored durably before Meta gets
//! its 200, and handed to the conversation worker in order.

use crate::adapters::whatsapp::{WebhookEvent, WebhookItem};
use sqlx::SqlitePool;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestOutcome {
    pub stored: usize,
    pub duplicates: usize,
    /// `phone_number_id`s we do not serve that this batch was sent to.
    pub unknown_numbers: Vec<String>,
}

/// A stored row, as the worker reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboxRow {
    pub id: i64,
    pub kind: String,
    pub wa_id: String,
    pub phone_number_id: String,
    pub chat_key: String,
    pub provider_ts: i64,
    pub payload: String,
    pub attempts: i64,
    pub not_before_ms: i64,
}

#[derive(Clone)]
pub struct InboxStore {
    db: SqlitePool,
}

impl InboxStore {
    pub fn new(db: SqlitePool) -> Self {
        Self { db }
    }

    /// Writes every item of one POST in a single transaction; an item already
    /// stored (same message id, or same status of the same message) is
    /// skipped. `known` tells which of our numbers are configured.
    pub async fn ingest(
        &self,
        items: &[WebhookItem],
        delivery_id: &str,
        now_ms: i64,
        not_before_ms: i64,
        known: impl Fn(&str) -> bool,
    ) -> Result<IngestOutcome, sqlx::Error> {
        let mut out = IngestOutcome::default();
        let mut tx = self.db.begin().await?;
        for item in items {
            let (kind, wa_id, status, chat_key, ts, payload) = match &item.event {
                WebhookEvent::Message(m) => (
                    "message",
                    m.id.as_str(),
                    "",
                    m.from.as_str(),
                    m.timestamp,
                    serde_json::to_string(m),
                ),
                WebhookEvent::Status(s) => (
                    "status",
                    s.message_id.as_str(),
                    s.status.as_str(),
                    s.recipient_id.as_str(),
                    s.timestamp,
                    serde_json::to_string(s),
                ),
            };
            let payload = payload.map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            let routed = known(&item.phone_number_id);
            if !routed && !out.unknown_numbers.contains(&item.phone_number_id) {
                out.unknown_numbers.push(item.phone_number_id.clone());
            }
            let done = sqlx::query(
                "INSERT INTO wa_inbox (kind, wa_id, status, phone_number_id, chat_key, provider_ts, \
                 payload, received_at_ms, delivery_id, state, not_before_ms) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (kind, wa_id, status) DO NOTHING",
            )
            .bind(kind)
            .bind(wa_id)
            .bind(status)
            .bind(&item.phone_number_id)
            .bind(chat_key)
            .bind(ts)
            .bind(payload)
            .bind(now_ms)
            .bind(delivery_id)
            .bind(if routed { "pending" } else { "unrouted" })
            .bind(not_before_ms)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                out.stored += 1;
            } else {
                out.duplicates += 1;
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Chat lanes with a pending row that is due, oldest first.
    pub async fn due_lanes(&self, now_ms: i64, limit: i64) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT chat_key FROM wa_inbox WHERE state = 'pending' \
             GROUP BY chat_key HAVING min(not_before_ms) <= ? \
             ORDER BY min(id) LIMIT ?",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.db)
        .await
    }

    /// The next row of one lane: earliest provider timestamp, ties by arrival.
    /// A row waiting for its retry time blocks its lane, so order holds.
    pub async fn next_in_lane(
        &self,
        chat_key: &str,
        now_ms: i64,
    ) -> Result<Option<InboxRow>, sqlx::Error> {
        let row: Option<InboxRow> = sqlx::query_as(
            "SELECT id, kind, wa_id, phone_number_id, chat_key, provider_ts, payload, attempts, \
             not_before_ms FROM wa_inbox WHERE state = 'pending' AND chat_key = ? \
             ORDER BY provider_ts, id LIMIT 1",
        )
        .bind(chat_key)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.filter(|r| r.not_before_ms <= now_ms))
    }

    /// Records a failure; after `max_attempts` the row goes to dead letters
    /// (in the same transaction) so its lane moves on.
    pub async fn record_failure(
        &self,
        row: &InboxRow,
        error: &str,
        now_ms: i64,
        retry_at_ms: i64,
        max_attempts: u32,
    ) -> Result<bool, sqlx::Error> {
        let attempts = row.attempts + 1;
        let dead = attempts >= i64::from(max_attempts);
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE wa_inbox SET attempts = ?, last_error = ?, not_before_ms = ?, \
             state = CASE WHEN ? THEN 'dead' ELSE state END WHERE id = ? AND state = 'pending'",
        )
        .bind(attempts)
        .bind(error)
        .bind(retry_at_ms)
        .bind(dead)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        if dead {
            super::dead_letters::insert(
                &mut tx,
                "inbox",
                row.id,
                None,
                "processing failed",
                Some(error),
                now_ms,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(dead)
    }

    /// `phone_number_id`s of stored rows that no configured number serves.
    pub async fn unrouted_numbers(&self) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT phone_number_id, count(*) FROM wa_inbox WHERE state = 'unrouted' \
             GROUP BY phone_number_id ORDER BY phone_number_id",
        )
        .fetch_all(&self.db)
        .await
    }
}
