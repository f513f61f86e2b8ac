//! Group commit for webhook ingest: one task owns the inbox writes, and the
//! rows of every request that arrived while the previous transaction ran are
//! committed together in the next one.
//!
//! Each request still learns the outcome of *its* rows only after the commit
//! that made them durable, so "200 only after the rows are stored" holds; what
//! is shared is the cost of BEGIN/COMMIT and of waiting for the write lock.
//! Under light load a batch is one request and nothing waits for company: the
//! task never sleeps to collect more. It only lets the requests that are
//! already runnable on its thread reach the queue first (one yield): under a
//! burst they would otherwise each pay a commit of their own a moment later.

use super::inbox_arrivals::Arrivals;
use super::wa_inbox::{InboxStore, IngestOutcome, NewRows, insert_all};
use sqlx::SqlitePool;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// More requests than this wait for the next transaction, so one commit never
/// grows without bound.
const MAX_BATCH: usize = 256;
/// Requests waiting for the writer, beyond which senders wait for room.
const QUEUE: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum GroupCommitError {
    #[error("database: {0}")]
    Database(String),
    #[error("the inbox writer has stopped")]
    Stopped,
}

struct Job {
    rows: NewRows,
    done: oneshot::Sender<Result<IngestOutcome, GroupCommitError>>,
}

/// Handle to the inbox writer task; cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
    queue: IngestQueue,
}

/// Webhook requests inside [`GroupCommit::ingest`] from which the inbox counts
/// as flooded (a burst of deliveries, such as Meta replaying a backlog after an
/// outage). Fifty guests chatting at once keep it at 0 to 2.
pub const FLOODED: usize = 8;

/// How many requests are inside [`GroupCommit::ingest`] (queued or being
/// committed): how hard webhooks are pressing on the inbox right now.
#[derive(Clone, Default)]
pub struct IngestQueue(Arc<QueueState>);

#[derive(Default)]
struct QueueState {
    len: AtomicUsize,
    /// When a request last entered a flooded queue: ms since [`EPOCH`], plus
    /// one (0: never).
    last_flood: AtomicU64,
}

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn now_ms() -> u64 {
    u64::try_from(EPOCH.elapsed().as_millis())
        .unwrap_or(u64::MAX - 1)
        .saturating_add(1)
}

impl IngestQueue {
    pub fn len(&self) -> usize {
        self.0.len.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether webhooks flood the inbox: [`FLOODED`] requests are inside now,
    /// or were within `calm`. A burst's queue dips below the mark between
    /// commits; without the memory, every dip let all waiting work through.
    pub fn flooded(&self, calm: Duration) -> bool {
        if self.len() >= FLOODED {
            return true;
        }
        let last = self.0.last_flood.load(Ordering::Relaxed);
        let calm = u64::try_from(calm.as_millis()).unwrap_or(u64::MAX);
        last != 0 && now_ms().saturating_sub(last) < calm
    }

    /// Counts one request in until the guard is dropped.
    pub fn enter(&self) -> Entered<'_> {
        if self.0.len.fetch_add(1, Ordering::Relaxed) + 1 >= FLOODED {
            self.0.last_flood.store(now_ms(), Ordering::Relaxed);
        }
        Entered(self)
    }
}

/// Leaves the queue when dropped, also when the request is cancelled.
pub struct Entered<'q>(&'q IngestQueue);

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        self.0.0.len.fetch_sub(1, Ordering::Relaxed);
    }
}

impl GroupCommit {
    /// Starts the writer task on the current runtime, writing through the
    /// inbox's writer and telling its arrivals. It ends when every handle is
    /// dropped, after finishing the requests already queued.
    pub fn start(inbox: &InboxStore) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(inbox.writer().clone(), inbox.arrivals().clone(), rx));
        Self {
            jobs,
            queue: inbox.ingest_queue().clone(),
        }
    }

    /// Stores one request's rows; returns once they are committed.
    pub async fn ingest(&self, rows: NewRows) -> Result<IngestOutcome, GroupCommitError> {
        let _in_queue = self.queue.enter();
        let (done, outcome) = oneshot::channel();
        self.jobs
            .send(Job { rows, done })
            .await
            .map_err(|_| GroupCommitError::Stopped)?;
        outcome.await.map_err(|_| GroupCommitError::Stopped)?
    }
}

async fn run(writer: SqlitePool, arrivals: Arrivals, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        tokio::task::yield_now().await;
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match commit_all(&writer, &batch).await {
            Ok(outcomes) => {
                for (job, outcome) in batch.drain(..).zip(outcomes) {
                    job.rows.note_arrivals(&arrivals);
                    let _ = job.done.send(Ok(outcome));
                }
            }
            Err(e) => {
                // One request's bad row must not fail its neighbours: each
                // gets its own transaction and its own answer.
                tracing::warn!(error = %e, requests = batch.len(), "group commit failed; committing each request alone");
                for job in batch.drain(..) {
                    let result = commit_all(&writer, std::slice::from_ref(&job))
                        .await
                        .map(|mut o| o.pop().unwrap_or_default())
                        .map_err(|e| GroupCommitError::Database(e.to_string()));
                    if result.is_ok() {
                        job.rows.note_arrivals(&arrivals);
                    }
                    let _ = job.done.send(result);
                }
            }
        }
    }
}

async fn commit_all(writer: &SqlitePool, jobs: &[Job]) -> Result<Vec<IngestOutcome>, sqlx::Error> {
    let requests: Vec<&NewRows> = jobs.iter().map(|j| &j.rows).collect();
    insert_all(writer, &requests).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::sqlite::{InboxStore, test_db, writer_pool};
    use crate::adapters::whatsapp::parse_webhook;

    /// A fresh database and a group commit on its writer.
    async fn started() -> (tempfile::TempDir, SqlitePool, GroupCommit) {
        let (dir, db) = test_db::fresh().await;
        let gc = GroupCommit::start(&InboxStore::new(db.clone()).with_writer(writer_pool(&db)));
        (dir, db, gc)
    }

    fn rows(ids: &[&str]) -> NewRows {
        let messages: Vec<_> = ids
            .iter()
            .map(|id| {
                serde_json::json!({"from": "5491155550000", "id": id, "timestamp": "1764410000",
                "type": "text", "text": {"body": "hola"}})
            })
            .collect();
        let body = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1",
            "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
            "metadata": {"phone_number_id": "1065"}, "messages": messages}}]}]});
        let batch = parse_webhook(body.to_string().as_bytes()).expect("parse");
        NewRows::prepare(&batch.items, "d", 1, 1, |_| true).expect("encode")
    }

    #[test]
    fn a_flood_is_remembered_for_the_calm_period_after_it() {
        let queue = IngestQueue::default();
        let below: Vec<_> = (1..FLOODED).map(|_| queue.enter()).collect();
        assert!(
            !queue.flooded(Duration::from_secs(60)),
            "never reached the mark"
        );
        let at_mark = queue.enter();
        assert!(queue.flooded(Duration::ZERO), "at the mark now");
        drop(at_mark);
        assert_eq!(queue.len(), FLOODED - 1);
        assert!(
            queue.flooded(Duration::from_secs(60)),
            "within the calm period"
        );
        assert!(!queue.flooded(Duration::ZERO), "no calm period asked");
        drop(below);
        assert!(queue.is_empty());
    }

    #[tokio::test]
    async fn concurrent_requests_each_get_their_own_outcome_after_the_commit() {
        let (_dir, db, gc) = started().await;
        let mut tasks = Vec::new();
        for n in 0..40 {
            let (gc, db) = (gc.clone(), db.clone());
            // Every request repeats wamid.shared: exactly one of them stores it.
            let ids = [format!("wamid.{n}"), "wamid.shared".to_string()];
            tasks.push(tokio::spawn(async move {
                let rows = rows(&[ids[0].as_str(), ids[1].as_str()]);
                let outcome = gc.ingest(rows).await.expect("stored");
                // Read through another connection: only committed rows show.
                let seen: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM wa_inbox WHERE wa_id IN (?, ?)")
                        .bind(&ids[0])
                        .bind(&ids[1])
                        .fetch_one(&db)
                        .await
                        .expect("count");
                assert_eq!(seen, 2, "answered before the commit of {}", ids[0]);
                outcome
            }));
        }
        let mut stored = 0;
        let mut duplicates = 0;
        for t in tasks {
            let o = t.await.expect("join");
            assert!(o.stored >= 1, "each request stores its own message: {o:?}");
            stored += o.stored;
            duplicates += o.duplicates;
        }
        assert_eq!((stored, duplicates), (41, 39));
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM wa_inbox")
            .fetch_one(&db)
            .await
            .expect("count");
        assert_eq!(n, 41);
    }

    #[tokio::test]
    async fn a_request_is_answered_only_after_its_rows_are_readable() {
        let (_dir, db, gc) = started().await;
        for n in 0..5 {
            let id = format!("wamid.seq{n}");
            gc.ingest(rows(&[id.as_str()])).await.expect("stored");
            let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM wa_inbox WHERE wa_id = ?")
                .bind(&id)
                .fetch_one(&db)
                .await
                .expect("count");
            assert_eq!(seen, 1, "{id} must be committed before ingest returns");
        }
    }

    #[tokio::test]
    async fn a_batch_stores_each_row_once_for_the_first_request_that_carried_it() {
        // One statement for the batch, and one per row: the same answers.
        for statement_bytes in [usize::MAX, 1] {
            let (_dir, db) = test_db::fresh().await;
            insert_all(&db, &[&rows(&["wamid.old"])])
                .await
                .expect("insert");
            let (a, b, c) = (
                rows(&["wamid.x", "wamid.y", "wamid.old"]),
                rows(&["wamid.y", "wamid.z"]),
                rows(&["wamid.x", "wamid.x"]),
            );
            let out = super::super::wa_inbox::insert_chunked(&db, &[&a, &b, &c], statement_bytes)
                .await
                .expect("insert");
            let counts: Vec<_> = out.iter().map(|o| (o.stored, o.duplicates)).collect();
            assert_eq!(
                counts,
                [(2, 1), (1, 1), (0, 2)],
                "split at {statement_bytes}"
            );
            let stored: Vec<String> = sqlx::query_scalar("SELECT wa_id FROM wa_inbox ORDER BY id")
                .fetch_all(&db)
                .await
                .expect("rows");
            assert_eq!(stored, ["wamid.old", "wamid.x", "wamid.y", "wamid.z"]);
        }
    }
}
