//! Labels and internal notes staff put on a conversation.

use super::DeskError;
use super::control::ensure_exists;
use sqlx::SqlitePool;

/// Trimmed, 1 to 40 characters, no control characters.
pub fn parse_label(raw: &str) -> Result<String, DeskError> {
    let label = raw.trim();
    let n = label.chars().count();
    if n == 0 || n > 40 || label.chars().any(char::is_control) {
        return Err(DeskError::Invalid(format!(
            "label {raw:?} is not valid: use 1 to 40 characters, without line breaks"
        )));
    }
    Ok(label.to_string())
}

/// Replaces the conversation's labels; returns them sorted.
pub async fn set_labels(
    db: &SqlitePool,
    conversation_id: i64,
    labels: &[String],
) -> Result<Vec<String>, DeskError> {
    ensure_exists(db, conversation_id).await?;
    let mut clean = labels
        .iter()
        .map(|l| parse_label(l))
        .collect::<Result<Vec<_>, _>>()?;
    clean.sort();
    clean.dedup();
    if clean.len() > 20 {
        return Err(DeskError::Invalid(
            "a conversation takes at most 20 labels".into(),
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM conversation_labels WHERE conversation_id = ?")
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?;
    for l in &clean {
        sqlx::query("INSERT INTO conversation_labels (conversation_id, label) VALUES (?, ?)")
            .bind(conversation_id)
            .bind(l)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(clean)
}

/// Every label in use, with how many conversations carry it.
pub async fn all_labels(db: &SqlitePool) -> Result<Vec<(String, i64)>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT label, count(*) FROM conversation_labels GROUP BY label ORDER BY label",
    )
    .fetch_all(db)
    .await?)
}

pub const NOTE_MAX_CHARS: usize = 4000;

/// Adds an internal note (never sent to the guest); returns its id.
pub async fn add_note(
    db: &SqlitePool,
    conversation_id: i64,
    author: &str,
    body: &str,
    now_ms: i64,
) -> Result<i64, DeskError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > NOTE_MAX_CHARS {
        return Err(DeskError::Invalid(format!(
            "a note needs 1 to {NOTE_MAX_CHARS} characters"
        )));
    }
    ensure_exists(db, conversation_id).await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO conversation_notes (conversation_id, author, body, created_at_ms) \
         VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(conversation_id)
    .bind(author)
    .bind(body)
    .bind(now_ms)
    .fetch_one(db)
    .await?)
}
