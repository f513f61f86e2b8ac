//! Dead letters: work that failed for good, with the error as given.

use sqlx::SqliteConnection;

/// Inserted in the caller's transaction, together with the state change that
/// gave up on the work; a second insert for the same work is a no-op.
pub async fn insert(
    tx: &mut SqliteConnection,
    source: &str,
    source_id: i64,
    code: Option<i64>,
    title: &str,
    detail: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO dead_letters (source, source_id, error_code, error_title, detail, created_at_ms) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, source_id) DO NOTHING",
    )
    .bind(source)
    .bind(source_id)
    .bind(code)
    .bind(title)
    .bind(detail)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeadLetter {
    pub id: i64,
    pub source: String,
    pub source_id: i64,
    pub error_code: Option<i64>,
    pub error_title: String,
    pub detail: Option<String>,
}

pub async fn list(db: &sqlx::SqlitePool) -> Result<Vec<DeadLetter>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, source, source_id, error_code, error_title, detail FROM dead_letters ORDER BY id",
    )
    .fetch_all(db)
    .await
}
