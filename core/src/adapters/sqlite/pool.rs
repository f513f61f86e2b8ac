//! Opening the database with the settings every connection needs.

use crate::config::StorageSettings;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot create data directory {}: {source}. Create it and make it writable by \
         the conserje user, or choose another with --data-dir",
        path.display()
    )]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open database {}: {source}", path.display())]
    Open { path: PathBuf, source: sqlx::Error },
    #[error(
        "database migration failed: {0}. The database may belong to a newer Conserje; \
         restore a backup or upgrade"
    )]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Opens (creating if needed) `conserje.db` in the data directory.
///
/// WAL lets the dashboard read while the workers write; `synchronous = NORMAL`
/// is durable across process crashes in WAL mode (only a power cut can lose the
/// last transactions), the usual trade-off for WAL.
pub async fn open(storage: &StorageSettings) -> Result<SqlitePool, StoreError> {
    let dir = storage.resolved_data_dir();
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::DataDir {
        path: dir.clone(),
        source,
    })?;
    let path = storage.database_path();
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Statement journals and sorters in memory: as files, the writer
        // opened, unlinked and closed a temporary file several times a
        // second under load, and each close (freeing its pages) cost about
        // a millisecond of the thread every webhook's commit waits for.
        .pragma("temp_store", "memory")
        .busy_timeout(Duration::from_millis(storage.busy_timeout_ms));
    SqlitePoolOptions::new()
        .max_connections(storage.max_connections)
        // A local file does not go stale like a network connection: no ping
        // (a round trip to the connection's thread) before every use.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .map_err(|source| StoreError::Open { path, source })
}

/// Applies the embedded migrations; a no-op when they are all applied.
pub async fn migrate(pool: &SqlitePool) -> Result<Vec<i64>, StoreError> {
    let migrator = sqlx::migrate!("./migrations");
    migrator.run(pool).await?;
    Ok(migrator.iter().map(|m| m.version).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_connection_has_wal_foreign_keys_busy_timeout_and_memory_temp_store() {
        let dir = tempfile::tempdir().expect("tmp");
        let storage = StorageSettings {
            data_dir: dir.path().join("nested/data"),
            busy_timeout_ms: 1234,
            max_connections: 2,
        };
        let pool = open(&storage)
            .await
            .expect("open creates the directory and file");
        assert!(storage.database_path().exists());
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        // 2 = MEMORY.
        let temp: i64 = sqlx::query_scalar("PRAGMA temp_store")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        assert_eq!((mode.as_str(), fk, busy, temp), ("wal", 1, 1234, 2));
        let applied = migrate(&pool).await.expect("migrate");
        assert_eq!(migrate(&pool).await.expect("again"), applied, "idempotent");
    }

    #[tokio::test]
    async fn an_unwritable_data_dir_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").expect("write");
        let storage = StorageSettings {
            data_dir: file.join("sub"),
            ..StorageSettings::default()
        };
        let err = open(&storage).await.expect_err("must fail");
        assert!(err.to_string().contains("--data-dir"), "{err}");
    }
}
