//! The outbox: replies waiting to be sent, written in the same transaction as
//! the state that produced them, and their fate (sent, dead, held).

use super::batch::{Batch, Stmt};
use super::conversations::flag_window_closed;
use crate::domain::{OutboundMessage, PhoneE164};
use sqlx::{SqliteConnection, SqlitePool};

/// A reply due for sending, with what the sender needs to decide.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub message_id: i64,
    pub conversation_id: i64,
    pub phone_number_id: String,
    pub to_phone: String,
    pub payload: String,
    pub attempts: i64,
    /// The guest's last message (Meta's unix seconds): the 24-hour window.
    pub last_inbound_ts: i64,
}

/// Where a reply comes from, so reprocessing the same inbox row after a crash
/// cannot queue it twice.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub inbox_id: Option<i64>,
    pub seq: i64,
}

/// Queues a reply: its outbound message and its outbox row. The returned
/// statement's row is the outbox row's id.
pub fn push_queue(
    b: &mut Batch,
    conversation_id: i64,
    origin: Origin,
    phone_number_id: &str,
    to: &PhoneE164,
    msg: &OutboundMessage,
    now_ms: i64,
) -> Result<Stmt, sqlx::Error> {
    let payload = serde_json::to_string(msg).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let body = match msg {
        OutboundMessage::Text { body, .. } => Some(body.as_str()),
        _ => None,
    };
    let kind = serde_json::to_value(msg)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default();
    b.push(
        "INSERT INTO messages (conversation_id, direction, kind, body, content, status, created_at_ms) \
         VALUES (?, 'out', ?, ?, ?, 'queued', ?)",
    )
    .bind(conversation_id)
    .bind(kind)
    .bind(body)
    .bind(&payload)
    .bind(now_ms);
    // `last_insert_rowid()`: the message just stored, by the statement above
    // on this connection, so both go in one visit.
    Ok(b.push(
        "INSERT INTO outbox (message_id, conversation_id, inbox_id, seq, phone_number_id, \
             to_phone, payload, state, created_at_ms) \
             VALUES (last_insert_rowid(), ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
    )
    .bind(conversation_id)
    .bind(origin.inbox_id)
    .bind(origin.seq)
    .bind(phone_number_id)
    .bind(to.as_str())
    .bind(payload)
    .bind(now_ms)
    .id())
}

/// [`push_queue`] on its own, in the caller's transaction: the outbox id.
pub async fn queue(
    conn: &mut SqliteConnection,
    conversation_id: i64,
    origin: Origin,
    phone_number_id: &str,
    to: &PhoneE164,
    msg: &OutboundMessage,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    let mut b = Batch::new();
    let stmt = push_queue(
        &mut b,
        conversation_id,
        origin,
        phone_number_id,
        to,
        msg,
        now_ms,
    )?;
    b.run(conn).await?.scalar(stmt)
}

#[derive(Clone)]
pub struct OutboxStore {
    db: SqlitePool,
    /// Where the polling reads go: the same pool unless [`Self::with_reader`].
    reader: SqlitePool,
}

impl OutboxStore {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            reader: db.clone(),
            db,
        }
    }

    /// Polls for due rows on `reader` (the shared pool) rather than on the
    /// writer `new` was given, so polling never queues with the writes.
    pub fn with_reader(mut self, reader: SqlitePool) -> Self {
        self.reader = reader;
        self
    }

    pub(super) fn db(&self) -> &SqlitePool {
        &self.db
    }

    /// Due rows, at most one per conversation (its oldest unsent one), so a
    /// guest gets replies in the order they were queued.
    pub async fn due(&self, now_ms: i64, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT o.id, o.message_id, o.conversation_id, o.phone_number_id, o.to_phone, o.payload, \
             o.attempts, g.last_inbound_ts FROM outbox o \
             JOIN conversations c ON c.id = o.conversation_id JOIN guests g ON g.id = c.guest_id \
             WHERE o.state = 'pending' AND o.next_attempt_ms <= ? AND NOT EXISTS ( \
               SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id \
               AND e.state IN ('pending', 'sending') AND e.id < o.id) \
             ORDER BY o.id LIMIT CAST(? AS INTEGER)",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.reader)
        .await
    }

    /// The earliest time a pending row becomes due, to sleep until then.
    pub async fn next_due_ms(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending'")
            .fetch_one(&self.reader)
            .await
    }

    /// Records Meta's id: from here on the row is never sent again. Statuses
    /// that arrived before we knew the id are applied now.
    pub async fn mark_sent(
        &self,
        row: &OutboxRow,
        wa_message_id: &str,
        sent_as: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'sent', wa_message_id = ?, sent_as = ?, attempts = attempts + 1 \
             WHERE id = ? AND state IN ('pending', 'sending')",
        )
        .bind(wa_message_id)
        .bind(sent_as)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE messages SET wa_message_id = ?, status = 'sent', status_rank = 1 WHERE id = ?",
        )
        .bind(wa_message_id)
        .bind(row.message_id)
        .execute(&mut *tx)
        .await?;
        super::outbox_in_flight::replay_statuses(&mut tx, wa_message_id).await?;
        tx.commit().await
    }

    pub async fn mark_retry(
        &self,
        row: &OutboxRow,
        next_attempt_ms: i64,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE outbox SET state = 'pending', attempts = attempts + 1, next_attempt_ms = ?, \
             last_error = ? WHERE id = ? AND state IN ('pending', 'sending')",
        )
        .bind(next_attempt_ms)
        .bind(error)
        .bind(row.id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Gives up on a reply: dead letter with Meta's code and title, message
    /// marked failed, and the conversation flagged when the window was the cause.
    pub async fn mark_dead(
        &self,
        row: &OutboxRow,
        code: Option<i64>,
        title: &str,
        detail: Option<&str>,
        window_closed: bool,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? \
             WHERE id = ? AND state IN ('pending', 'sending')",
        )
        .bind(title)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE messages SET status = 'failed', status_rank = 9, error_code = ?, error_title = ? \
             WHERE id = ?",
        )
        .bind(code)
        .bind(title)
        .bind(row.message_id)
        .execute(&mut *tx)
        .await?;
        super::dead_letters::insert(&mut tx, "outbox", row.id, code, title, detail, now_ms).await?;
        if window_closed {
            flag_window_closed(&mut tx, row.conversation_id, now_ms).await?;
        }
        tx.commit().await
    }

    /// Holds a reply for staff: the window is closed and no re-engagement
    /// template is configured. Never silently dropped.
    pub async fn mark_held(
        &self,
        row: &OutboxRow,
        reason: &str,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'held', last_error = ? WHERE id = ? AND state = 'pending'",
        )
        .bind(reason)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE messages SET status = 'held' WHERE id = ?")
            .bind(row.message_id)
            .execute(&mut *tx)
            .await?;
        flag_window_closed(&mut tx, row.conversation_id, now_ms).await?;
        tx.commit().await
    }
}

impl OutboxStore {
    /// Flags the row's conversation: the window was closed when it was sent.
    pub async fn flag_window_closed(
        &self,
        row: &OutboxRow,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        flag_window_closed(&mut tx, row.conversation_id, now_ms).await?;
        tx.commit().await
    }
}
