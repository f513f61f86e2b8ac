//! Dead letters for staff: see why something failed for good, then retry it
//! (it goes back to its queue) or discard it (kept for the record).

use super::{DeskError, Page, clamp_limit};
use serde::Serialize;
use sqlx::{AssertSqlSafe, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DeadLetterView {
    pub id: i64,
    /// inbox, outbox or media.
    pub source: String,
    pub source_id: i64,
    pub error_code: Option<i64>,
    pub error_title: String,
    pub detail: Option<String>,
    pub created_at_ms: i64,
    /// The conversation it belongs to, when known.
    pub conversation_id: Option<i64>,
    pub discarded_at_ms: Option<i64>,
    pub discarded_by: Option<String>,
}

const SELECT: &str = "SELECT d.id, d.source, d.source_id, d.error_code, d.error_title, d.detail, \
     d.created_at_ms, CASE d.source \
       WHEN 'outbox' THEN (SELECT conversation_id FROM outbox WHERE id = d.source_id) \
       WHEN 'media' THEN (SELECT m.conversation_id FROM media md JOIN messages m ON m.id = md.message_id WHERE md.id = d.source_id) \
       ELSE NULL END AS conversation_id, d.discarded_at_ms, d.discarded_by \
     FROM dead_letters d";

/// Newest first; discarded ones only when asked for.
pub async fn list(
    db: &SqlitePool,
    include_discarded: bool,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<DeadLetterView>, DeskError> {
    let limit = clamp_limit(limit, 50);
    let before: i64 = match cursor {
        None => i64::MAX,
        Some(raw) => raw.parse().map_err(|_| {
            DeskError::Invalid(format!("cursor {raw:?} is not one this API gave out"))
        })?,
    };
    let mut items: Vec<DeadLetterView> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE d.id < ? AND (? OR d.discarded_at_ms IS NULL) ORDER BY d.id DESC LIMIT ?"
    )))
    .bind(before)
    .bind(include_discarded)
    .bind(limit + 1)
    .fetch_all(db)
    .await?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(usize::try_from(limit).unwrap_or(0));
        items.last().map(|d| d.id.to_string())
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

pub async fn get(db: &SqlitePool, id: i64) -> Result<DeadLetterView, DeskError> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE d.id = ?")))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DeskError::NotFound(format!("dead letter {id}")))
}

/// Puts the work back in its queue with fresh attempts and removes the dead
/// letter (a new failure adds a new one). Returns the source it went back to.
pub async fn retry(db: &SqlitePool, id: i64, now_ms: i64) -> Result<String, DeskError> {
    let d = get(db, id).await?;
    if d.discarded_at_ms.is_some() {
        return Err(DeskError::Conflict(format!(
            "dead letter {id} was discarded; it cannot be retried"
        )));
    }
    let mut tx = db.begin().await?;
    let moved = match d.source.as_str() {
        "outbox" => {
            let n = sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = ?, \
                 last_error = NULL WHERE id = ? AND state = 'dead'",
            )
            .bind(now_ms)
            .bind(d.source_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query(
                "UPDATE messages SET status = 'queued', status_rank = 0, error_code = NULL, \
                 error_title = NULL WHERE id = (SELECT message_id FROM outbox WHERE id = ?)",
            )
            .bind(d.source_id)
            .execute(&mut *tx)
            .await?;
            n
        }
        "inbox" => sqlx::query(
            "UPDATE wa_inbox SET state = 'pending', attempts = 0, not_before_ms = 0, \
             last_error = NULL WHERE id = ? AND state = 'dead'",
        )
        .bind(d.source_id)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        "media" => sqlx::query(
            "UPDATE media SET state = 'pending', attempts = 0, next_attempt_ms = ?, \
             last_error = NULL WHERE id = ? AND state = 'dead'",
        )
        .bind(now_ms)
        .bind(d.source_id)
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        other => {
            return Err(DeskError::Conflict(format!(
                "dead letter {id} comes from {other:?}, which cannot be retried"
            )));
        }
    };
    if moved == 0 {
        return Err(DeskError::Conflict(format!(
            "the {} row of dead letter {id} is no longer dead; nothing to retry",
            d.source
        )));
    }
    sqlx::query("DELETE FROM dead_letters WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(d.source)
}

pub async fn discard(db: &SqlitePool, id: i64, who: &str, now_ms: i64) -> Result<(), DeskError> {
    let done = sqlx::query(
        "UPDATE dead_letters SET discarded_at_ms = ?, discarded_by = ? \
         WHERE id = ? AND discarded_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(who)
    .bind(id)
    .execute(db)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    get(db, id).await?;
    Err(DeskError::Conflict(format!(
        "dead letter {id} is already discarded"
    )))
}
