//! The one connection every channel write goes through.
//!
//! SQLite lets one writer in at a time. When several connections of one
//! process race for the write lock, the losers wait in SQLite's busy handler,
//! which *sleeps* in steps of up to 100 ms before looking again: that, not the
//! work, was most of the webhook's tail latency. A pool of exactly one
//! connection turns the race into a queue: waiters are woken in order, the
//! moment the lock is free, and never see `SQLITE_BUSY` from each other.
//!
//! Two things keep that queue short for the webhook, whose answer waits in it:
//! - the writer never checkpoints the WAL (see [`checkpoints`]);
//! - background writers (the workers) take a [`BackgroundTurn`] first, so at
//!   most one of them is ever queued ahead of a webhook's commit.

use sqlx::SqlitePool;
use sqlx::sqlite::SqlitePoolOptions;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

/// A one-connection pool on the same database file and settings as `db`.
/// Lazy: the connection opens on first use. It stays open (no idle timeout),
/// so a quiet night does not cost the next guest a reconnect.
///
/// It does not checkpoint the WAL itself: in WAL mode with `synchronous =
/// NORMAL` a checkpoint is where SQLite writes the pages back and calls
/// `fsync` twice, and the automatic one runs inside whichever commit crossed
/// 1000 pages, holding up everything queued behind it. [`checkpoints`] does
/// that work on a connection of its own.
pub fn writer_pool(db: &SqlitePool) -> SqlitePool {
    let options = (*db.connect_options())
        .clone()
        .pragma("wal_autocheckpoint", "0");
    one_connection(options)
}

fn one_connection(options: sqlx::sqlite::SqliteConnectOptions) -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .idle_timeout(None)
        .max_lifetime(None)
        // A local file does not go stale like a network connection; pinging
        // it before every use would cost a round trip to its thread each time.
        .test_before_acquire(false)
        .connect_lazy_with(options)
}

/// How often the WAL is copied back into the database file.
pub const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Checkpoints the WAL every `every` until `stop` turns true, on a connection
/// of its own. PASSIVE: it copies what no reader still needs and never waits
/// for, nor blocks, the writer, which keeps appending meanwhile.
pub async fn checkpoints(db: SqlitePool, every: Duration, mut stop: watch::Receiver<bool>) {
    let own = one_connection((*db.connect_options()).clone());
    while !*stop.borrow() {
        if let Err(e) = checkpoint_once(&own).await {
            tracing::warn!(error = %e, "WAL checkpoint failed; will try again");
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
    // A last pass, so a clean stop leaves a short WAL behind.
    let _ = checkpoint_once(&own).await;
    own.close().await;
}

/// One PASSIVE checkpoint: (busy, frames in the WAL, frames copied back).
pub async fn checkpoint_once(db: &SqlitePool) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(db)
        .await
}

/// The turn a background writer takes before queueing on the writer; the
/// webhook's group commit takes none. FIFO among background writers.
#[derive(Clone, Default)]
pub struct BackgroundTurn(Arc<Mutex<()>>);

impl BackgroundTurn {
    pub async fn take(&self) -> OwnedMutexGuard<()> {
        self.0.clone().lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::sqlite::test_db;

    #[tokio::test]
    async fn the_writer_shares_the_file_and_its_settings() {
        let (_dir, db) = test_db::fresh().await;
        let writer = writer_pool(&db);
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&writer)
            .await
            .expect("create through the writer");
        sqlx::query("INSERT INTO t VALUES (7)")
            .execute(&writer)
            .await
            .expect("insert");
        let x: i64 = sqlx::query_scalar("SELECT x FROM t")
            .fetch_one(&db)
            .await
            .expect("the readers see it");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&writer)
            .await
            .expect("pragma");
        assert_eq!((x, fk), (7, 1));
    }

    #[tokio::test]
    async fn the_writer_leaves_checkpoints_to_the_background_task() {
        let (_dir, db) = test_db::fresh().await;
        let writer = writer_pool(&db);
        let auto: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&writer)
            .await
            .expect("pragma");
        assert_eq!(auto, 0, "the writer must never checkpoint in a commit");
        sqlx::query("CREATE TABLE t (x BLOB)")
            .execute(&writer)
            .await
            .expect("create");
        // Well past the 1000 pages at which SQLite would checkpoint on its own.
        for _ in 0..1200 {
            sqlx::query("INSERT INTO t VALUES (zeroblob(4000))")
                .execute(&writer)
                .await
                .expect("insert");
        }
        let (_, frames, copied) = checkpoint_once(&db).await.expect("checkpoint");
        assert!(frames > 1000, "nothing was checkpointed before: {frames}");
        assert_eq!(
            copied, frames,
            "a passive checkpoint with no reader copies all"
        );

        let (stop_tx, stop) = watch::channel(false);
        let task = tokio::spawn(checkpoints(db.clone(), Duration::from_millis(10), stop));
        sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&writer)
            .await
            .expect("insert");
        stop_tx.send(true).expect("stop");
        task.await.expect("the loop ends when told");
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&db)
            .await
            .expect("count");
        assert_eq!(n, 1201);
    }
}
