//! Guest media rows: queued by the conversation worker, filled in by the
//! media fetcher.

use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaRow {
    pub id: i64,
    pub message_id: i64,
    pub media_id: String,
    pub phone_number_id: String,
    pub mime_type: Option<String>,
    pub expected_sha256: Option<String>,
    pub attempts: i64,
}

#[derive(Clone)]
pub struct MediaStore {
    db: SqlitePool,
    /// Where the polling reads go: the same pool unless [`Self::with_reader`].
    reader: SqlitePool,
}

impl MediaStore {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            reader: db.clone(),
            db,
        }
    }

    /// Polls on `reader` (the shared pool), not on the writer `new` was given.
    pub fn with_reader(mut self, reader: SqlitePool) -> Self {
        self.reader = reader;
        self
    }

    pub async fn due(&self, now_ms: i64, limit: i64) -> Result<Vec<MediaRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, message_id, media_id, phone_number_id, mime_type, expected_sha256, attempts \
             FROM media WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY id LIMIT CAST(? AS INTEGER)",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.reader)
        .await
    }

    pub async fn mark_stored(
        &self,
        row: &MediaRow,
        path: &str,
        size: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE media SET state = 'stored', path = ?, size_bytes = ?, attempts = attempts + 1, \
             last_error = NULL WHERE id = ? AND state = 'pending'",
        )
        .bind(path)
        .bind(size)
        .bind(row.id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    pub async fn mark_retry(
        &self,
        row: &MediaRow,
        next_ms: i64,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE media SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(next_ms)
        .bind(error)
        .bind(row.id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    pub async fn mark_dead(
        &self,
        row: &MediaRow,
        error: &str,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE media SET state = 'dead', attempts = attempts + 1, last_error = ? \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(error)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        super::dead_letters::insert(
            &mut tx,
            "media",
            row.id,
            None,
            "media download failed",
            Some(error),
            now_ms,
        )
        .await?;
        tx.commit().await
    }
}
