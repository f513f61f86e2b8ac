//! The WhatsApp inbox: what webhooks carried, stored durably before Meta gets
//! its 200, and handed to the conversation worker in order.

use crate::adapters::whatsapp::{WebhookEvent, WebhookItem};
use sqlx::{Sqlite, SqlitePool, Transaction};

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
    /// Where writes go: the same pool unless [`InboxStore::with_writer`] set
    /// the process's single writer connection.
    writer: SqlitePool,
}

impl InboxStore {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            writer: db.clone(),
            db,
        }
    }

    /// Sends every write through `writer` (see [`super::writer_pool`]).
    pub fn with_writer(mut self, writer: SqlitePool) -> Self {
        self.writer = writer;
        self
    }

    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Writes every item of one POST in a single transaction of its own; an
    /// item already stored (same message id, or same status of the same
    /// message) is skipped. `known` tells which of our numbers are configured.
    /// The webhook goes through [`super::GroupCommit`] instead, which shares
    /// one transaction among concurrent requests.
    pub async fn ingest(
        &self,
        items: &[WebhookItem],
        delivery_id: &str,
        now_ms: i64,
        not_before_ms: i64,
        known: impl Fn(&str) -> bool,
    ) -> Result<IngestOutcome, sqlx::Error> {
        let rows = NewRows::prepare(items, delivery_id, now_ms, not_before_ms, known)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let mut tx = self.writer.begin().await?;
        let out = rows.insert(&mut tx).await?;
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
        let mut tx = self.writer.begin().await?;
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

/// One POST's items, encoded and ready to insert. Encoding happens in the
/// request's own task, so the shared transaction only runs the inserts.
#[derive(Debug, Clone)]
pub struct NewRows {
    rows: Vec<NewRow>,
    unknown_numbers: Vec<String>,
}

#[derive(Debug, Clone)]
struct NewRow {
    kind: &'static str,
    wa_id: String,
    status: &'static str,
    phone_number_id: String,
    chat_key: String,
    provider_ts: i64,
    payload: String,
    received_at_ms: i64,
    delivery_id: String,
    state: &'static str,
    not_before_ms: i64,
}

impl NewRows {
    pub fn prepare(
        items: &[WebhookItem],
        delivery_id: &str,
        now_ms: i64,
        not_before_ms: i64,
        known: impl Fn(&str) -> bool,
    ) -> Result<Self, serde_json::Error> {
        let mut rows = Vec::with_capacity(items.len());
        let mut unknown_numbers: Vec<String> = Vec::new();
        for item in items {
            let (kind, wa_id, status, chat_key, ts, payload) = match &item.event {
                WebhookEvent::Message(m) => (
                    "message",
                    m.id.as_str(),
                    "",
                    m.from.as_str(),
                    m.timestamp,
                    serde_json::to_string(m)?,
                ),
                WebhookEvent::Status(s) => (
                    "status",
                    s.message_id.as_str(),
                    s.status.as_str(),
                    s.recipient_id.as_str(),
                    s.timestamp,
                    serde_json::to_string(s)?,
                ),
            };
            let routed = known(&item.phone_number_id);
            if !routed && !unknown_numbers.contains(&item.phone_number_id) {
                unknown_numbers.push(item.phone_number_id.clone());
            }
            rows.push(NewRow {
                kind,
                wa_id: wa_id.to_string(),
                status,
                phone_number_id: item.phone_number_id.clone(),
                chat_key: chat_key.to_string(),
                provider_ts: ts,
                payload,
                received_at_ms: now_ms,
                delivery_id: delivery_id.to_string(),
                state: if routed { "pending" } else { "unrouted" },
                not_before_ms,
            });
        }
        Ok(Self {
            rows,
            unknown_numbers,
        })
    }

    /// Inserts in the caller's transaction; a row already stored is counted
    /// as a duplicate and changes nothing.
    pub async fn insert(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
    ) -> Result<IngestOutcome, sqlx::Error> {
        let mut out = IngestOutcome {
            unknown_numbers: self.unknown_numbers.clone(),
            ..IngestOutcome::default()
        };
        for r in &self.rows {
            let done = sqlx::query(
                "INSERT INTO wa_inbox (kind, wa_id, status, phone_number_id, chat_key, provider_ts, \
                 payload, received_at_ms, delivery_id, state, not_before_ms) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (kind, wa_id, status) DO NOTHING",
            )
            .bind(r.kind)
            .bind(&r.wa_id)
            .bind(r.status)
            .bind(&r.phone_number_id)
            .bind(&r.chat_key)
            .bind(r.provider_ts)
            .bind(&r.payload)
            .bind(r.received_at_ms)
            .bind(&r.delivery_id)
            .bind(r.state)
            .bind(r.not_before_ms)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 1 {
                out.stored += 1;
            } else {
                out.duplicates += 1;
            }
        }
        Ok(out)
    }
}
