//! The single `instance` row.

use sqlx::SqlitePool;

/// Returns this installation's id, creating it on first start.
pub async fn ensure_instance(pool: &SqlitePool, now: &str) -> Result<String, sqlx::Error> {
    let fresh = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT OR IGNORE INTO instance (id, install_id, created_at) VALUES (1, ?, ?)")
        .bind(&fresh)
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT install_id FROM instance WHERE id = 1")
        .fetch_one(pool)
        .await
}
