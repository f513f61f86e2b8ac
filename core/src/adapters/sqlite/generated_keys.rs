//! Keys the daemon makes for itself once and keeps.

use sqlx::SqlitePool;

/// Returns the stored value of `name`, storing `fresh` first when there is none.
/// Two cores starting together both end up with the first one written.
pub async fn get_or_insert(
    db: &SqlitePool,
    name: &str,
    fresh: &str,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO generated_keys (name, value, created_at_ms) VALUES (?, ?, ?)",
    )
    .bind(name)
    .bind(fresh)
    .bind(now_ms)
    .execute(db)
    .await?;
    sqlx::query_scalar("SELECT value FROM generated_keys WHERE name = ?")
        .bind(name)
        .fetch_one(db)
        .await
}
