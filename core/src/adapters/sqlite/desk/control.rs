//! Staff's bookkeeping around a conversation: who has it, the handoff queue,
//! closed or open, read or not. The bot/human mode itself lives in the
//! receptionist's state (`engine::dialogue::apply_staff_action`).

use super::DeskError;
use sqlx::{Sqlite, SqlitePool, Transaction};

/// `NotFound` unless the conversation exists.
pub async fn ensure_exists(db: &SqlitePool, id: i64) -> Result<(), DeskError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM conversations WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| DeskError::NotFound(format!("conversation {id}")))
}

/// Ends every open handoff: the conversation is back with the bot.
pub async fn end_handoffs(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE handoffs SET ended_at_ms = ? WHERE conversation_id = ? AND ended_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(conversation_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE conversations SET assignee = NULL WHERE id = ?")
        .bind(conversation_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Staff answered (took over or replied): an open handoff the bot started is
/// answered now; without one, a staff takeover starts and is answered at once.
pub async fn staff_engaged(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: i64,
    who: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let answered = sqlx::query(
        "UPDATE handoffs SET answered_at_ms = coalesce(answered_at_ms, ?), \
           answered_by = coalesce(answered_by, ?) \
         WHERE conversation_id = ? AND ended_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(who)
    .bind(conversation_id)
    .execute(&mut **tx)
    .await?;
    if answered.rows_affected() == 0 {
        sqlx::query(
            "INSERT OR IGNORE INTO handoffs (conversation_id, trigger, reason, started_at_ms, \
             answered_at_ms, answered_by) VALUES (?, ?, 'staff', ?, ?, ?)",
        )
        .bind(conversation_id)
        .bind(format!("staff:{now_ms}"))
        .bind(now_ms)
        .bind(now_ms)
        .bind(who)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE conversations SET assignee = ? WHERE id = ?")
        .bind(who)
        .bind(conversation_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn took_over(
    db: &SqlitePool,
    conversation_id: i64,
    who: &str,
    now_ms: i64,
) -> Result<(), DeskError> {
    let mut tx = db.begin().await?;
    staff_engaged(&mut tx, conversation_id, who, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn handed_back(
    db: &SqlitePool,
    conversation_id: i64,
    now_ms: i64,
) -> Result<(), DeskError> {
    let mut tx = db.begin().await?;
    end_handoffs(&mut tx, conversation_id, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes (`true`) or reopens. A guest writing after a close reopens it by
/// itself: the list compares the close with the last activity.
pub async fn set_closed(
    db: &SqlitePool,
    conversation_id: i64,
    closed: bool,
    now_ms: i64,
) -> Result<(), DeskError> {
    ensure_exists(db, conversation_id).await?;
    // The close time must not be before the last activity, or the
    // conversation would look reopened at once.
    sqlx::query(
        "UPDATE conversations SET closed_at_ms = CASE WHEN ? THEN max(?, updated_at_ms) ELSE NULL END \
         WHERE id = ?",
    )
    .bind(closed)
    .bind(now_ms)
    .bind(conversation_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Marks messages up to `up_to` (a message id; default: all) read. Never
/// moves backwards.
pub async fn mark_read(
    db: &SqlitePool,
    conversation_id: i64,
    up_to: Option<i64>,
) -> Result<i64, DeskError> {
    ensure_exists(db, conversation_id).await?;
    let last: i64 =
        sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM messages WHERE conversation_id = ?")
            .bind(conversation_id)
            .fetch_one(db)
            .await?;
    let target = up_to.map_or(last, |u| u.min(last));
    sqlx::query("UPDATE conversations SET read_up_to_id = max(read_up_to_id, ?) WHERE id = ?")
        .bind(target)
        .bind(conversation_id)
        .execute(db)
        .await?;
    Ok(target)
}
