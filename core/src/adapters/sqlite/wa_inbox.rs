//! The WhatsApp inbox: what webhooks carried, stored durably before Meta gets
//! its 200, and handed to the conversation worker in order.

use super::batch::{Batch, run_committed};
use super::group_commit::IngestQueue;
use super::inbox_arrivals::Arrivals;
use crate::adapters::whatsapp::{WebhookEvent, WebhookItem};
use sqlx::{Row, SqlitePool};
use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

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
    arrivals: Arrivals,
    ingest_queue: IngestQueue,
}

impl InboxStore {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            writer: db.clone(),
            db,
            arrivals: Arrivals::default(),
            ingest_queue: IngestQueue::default(),
        }
    }

    /// Webhook requests inside the group commit made from this store.
    pub fn ingest_queue(&self) -> &IngestQueue {
        &self.ingest_queue
    }

    /// Counts, per lane, the commits that stored rows in it; every clone of
    /// this store and of its [`super::GroupCommit`] shares them.
    pub fn arrivals(&self) -> &Arrivals {
        &self.arrivals
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
        let mut out = insert_all(&self.writer, &[&rows]).await?;
        rows.note_arrivals(&self.arrivals);
        Ok(out.pop().unwrap_or_default())
    }

    /// Chat lanes with a pending row that is due, oldest first.
    pub async fn due_lanes(&self, now_ms: i64, limit: i64) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT chat_key FROM wa_inbox WHERE state = 'pending' \
             GROUP BY chat_key HAVING min(not_before_ms) <= ? \
             ORDER BY min(id) LIMIT CAST(? AS INTEGER)",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.db)
        .await
    }

    /// The next rows of one lane, at most `limit`: earliest provider
    /// timestamp first, ties by arrival. They end before the first row
    /// waiting for its retry time: that row blocks its lane, so order holds.
    pub async fn next_in_lane(
        &self,
        chat_key: &str,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<InboxRow>, sqlx::Error> {
        let mut rows: Vec<InboxRow> = sqlx::query_as(
            "SELECT id, kind, wa_id, phone_number_id, chat_key, provider_ts, payload, attempts, \
             not_before_ms FROM wa_inbox WHERE state = 'pending' AND chat_key = ? \
             ORDER BY provider_ts, id LIMIT CAST(? AS INTEGER)",
        )
        .bind(chat_key)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        if let Some(waiting) = rows.iter().position(|r| r.not_before_ms > now_ms) {
            rows.truncate(waiting);
        }
        Ok(rows)
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

/// Text fields are `Arc<str>` because sqlx copies a bound `String` or `&str`
/// into a new allocation and binds an `Arc<str>` by reference count: ingest
/// binds every field of every row, and the copies showed in its profile.
#[derive(Debug, Clone)]
struct NewRow {
    kind: &'static str,
    wa_id: Arc<str>,
    status: &'static str,
    phone_number_id: Arc<str>,
    chat_key: Arc<str>,
    provider_ts: i64,
    payload: Arc<str>,
    received_at_ms: i64,
    delivery_id: Arc<str>,
    state: &'static str,
    not_before_ms: i64,
}

/// The fixed words rows carry (kind, status, state), allocated once.
fn word(w: &'static str) -> Arc<str> {
    static WORDS: LazyLock<Vec<Arc<str>>> = LazyLock::new(|| {
        [
            "message",
            "status",
            "",
            "sent",
            "delivered",
            "read",
            "played",
            "failed",
            "pending",
            "unrouted",
        ]
        .into_iter()
        .map(Arc::from)
        .collect()
    });
    WORDS
        .iter()
        .find(|known| ***known == *w)
        .cloned()
        .unwrap_or_else(|| Arc::from(w))
}

impl NewRows {
    /// Tells `arrivals` which lanes these rows joined, once they are committed.
    pub fn note_arrivals(&self, arrivals: &Arrivals) {
        for row in self.rows.iter().filter(|r| r.state == "pending") {
            arrivals.note(&row.chat_key);
        }
    }

    pub fn prepare(
        items: &[WebhookItem],
        delivery_id: &str,
        now_ms: i64,
        not_before_ms: i64,
        known: impl Fn(&str) -> bool,
    ) -> Result<Self, serde_json::Error> {
        let mut rows = Vec::with_capacity(items.len());
        let mut unknown_numbers: Vec<String> = Vec::new();
        let delivery_id: Arc<str> = Arc::from(delivery_id);
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
                wa_id: Arc::from(wa_id),
                status,
                phone_number_id: Arc::from(item.phone_number_id.as_str()),
                chat_key: Arc::from(chat_key),
                provider_ts: ts,
                payload: Arc::from(payload),
                received_at_ms: now_ms,
                delivery_id: delivery_id.clone(),
                state: if routed { "pending" } else { "unrouted" },
                not_before_ms,
            });
        }
        Ok(Self {
            rows,
            unknown_numbers,
        })
    }
}

/// Most bytes of row data sent to SQLite in one statement; a batch above it
/// is split into several statements of the same transaction.
const STATEMENT_BYTES: usize = 4 << 20;
/// Most rows in one statement: 11 values each stays far below SQLite's
/// 32,766 bound parameters.
const STATEMENT_ROWS: usize = 500;

/// Stores the rows of several requests in one transaction, committed in one
/// visit to the writer's thread, and tells each request what became of its
/// own rows: a row is stored for the first request that carried it, a
/// duplicate for the rest.
pub async fn insert_all(
    writer: &SqlitePool,
    requests: &[&NewRows],
) -> Result<Vec<IngestOutcome>, sqlx::Error> {
    insert_chunked(writer, requests, STATEMENT_BYTES).await
}

pub(super) async fn insert_chunked(
    writer: &SqlitePool,
    requests: &[&NewRows],
    statement_bytes: usize,
) -> Result<Vec<IngestOutcome>, sqlx::Error> {
    let rows: Vec<&NewRow> = requests.iter().flat_map(|r| r.rows.iter()).collect();
    let mut batch = Batch::transaction();
    let mut statements = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < rows.len()
            && end - start < STATEMENT_ROWS
            && (end == start || bytes + rows[end].size() <= statement_bytes)
        {
            bytes += rows[end].size();
            end += 1;
        }
        // One statement for many rows, each value bound (SQLite inserts the
        // VALUES rows in order, so the first copy of a row is the one kept).
        // Binding beats encoding the rows as one JSON array for `json_each`:
        // SQLite parsed that array and unescaped every payload again, a
        // quarter of the writer thread's time under load (perf).
        let mut stmt = batch.push_rows(
            "INSERT INTO wa_inbox (kind, wa_id, status, phone_number_id, chat_key, provider_ts, \
             payload, received_at_ms, delivery_id, state, not_before_ms) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            end - start,
            " ON CONFLICT (kind, wa_id, status) DO NOTHING RETURNING kind, wa_id, status",
        );
        for row in &rows[start..end] {
            stmt = stmt
                .bind(word(row.kind))
                .bind(row.wa_id.clone())
                .bind(word(row.status))
                .bind(row.phone_number_id.clone())
                .bind(row.chat_key.clone())
                .bind(row.provider_ts)
                .bind(row.payload.clone())
                .bind(row.received_at_ms)
                .bind(row.delivery_id.clone())
                .bind(word(row.state))
                .bind(row.not_before_ms);
        }
        statements.push(stmt.id());
        start = end;
    }
    let done = run_committed(writer, batch).await?;
    // Borrowed from the returned rows: no copy per row.
    let mut inserted: HashSet<(&str, &str, &str)> = HashSet::new();
    for stmt in statements {
        for row in &done.get(stmt).rows {
            inserted.insert((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?));
        }
    }
    Ok(requests
        .iter()
        .map(|r| {
            let mut out = IngestOutcome {
                unknown_numbers: r.unknown_numbers.clone(),
                ..IngestOutcome::default()
            };
            for row in &r.rows {
                // Claimed by the first request that carried it.
                if inserted.remove(&row.key()) {
                    out.stored += 1;
                } else {
                    out.duplicates += 1;
                }
            }
            out
        })
        .collect())
}

impl NewRow {
    fn key(&self) -> (&str, &str, &str) {
        (self.kind, &self.wa_id, self.status)
    }

    /// Roughly what the row's bound values weigh, for [`STATEMENT_BYTES`].
    fn size(&self) -> usize {
        self.payload.len() + self.wa_id.len() + self.delivery_id.len() + 200
    }
}
