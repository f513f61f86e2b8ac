//! A fresh, migrated database in a temp directory, for tests of the adapters
//! and of what is built on them.

use crate::config::StorageSettings;
use sqlx::SqlitePool;

pub async fn fresh() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let pool = super::open(&storage).await.expect("open");
    super::migrate(&pool).await.expect("migrate");
    (dir, pool)
}
