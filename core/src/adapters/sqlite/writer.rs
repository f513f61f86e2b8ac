//! The one connection every channel write goes through.
//!
//! SQLite lets one writer in at a time. When several connections of one
//! process race for the write lock, the losers wait in SQLite's busy handler,
//! which *sleeps* in steps of up to 100 ms before looking again: that, not the
//! work, was most of the webhook's tail latency. A pool of exactly one
//! connection turns the race into a queue: waiters are woken in order, the
//! moment the lock is free, and never see `SQLITE_BUSY` from each other.

use sqlx::SqlitePool;
use sqlx::sqlite::SqlitePoolOptions;

/// A one-connection pool on the same database file and settings as `db`.
/// Lazy: the connection opens on first use. It stays open (no idle timeout),
/// so a quiet night does not cost the next guest a reconnect.
pub fn writer_pool(db: &SqlitePool) -> SqlitePool {
    let options = (*db.connect_options()).clone();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::StorageSettings;

    #[tokio::test]
    async fn the_writer_shares_the_file_and_its_settings() {
        let dir = tempfile::tempdir().expect("tmp");
        let storage = StorageSettings {
            data_dir: dir.path().to_path_buf(),
            ..StorageSettings::default()
        };
        let db = super::super::open(&storage).await.expect("open");
        super::super::migrate(&db).await.expect("migrate");
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
}
