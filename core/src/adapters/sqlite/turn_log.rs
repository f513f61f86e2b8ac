//! What a bot turn leaves for staff: how it understood the message, handoffs
//! started or ended, bookings made. Every insert is keyed by the message, so
//! a turn run again after a crash adds nothing.

use crate::ports::dialogue_states::TurnRecord;
use sqlx::SqlitePool;

pub async fn record(
    db: &SqlitePool,
    conversation_id: i64,
    message_id: &str,
    r: &TurnRecord,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    if let Some(parse) = &r.parse {
        sqlx::query(
            "INSERT OR IGNORE INTO message_understanding \
             (wa_message_id, conversation_id, language, intent, parse, created_at_ms) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(message_id)
        .bind(conversation_id)
        .bind(&r.language)
        .bind(&r.intent)
        .bind(parse)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    if r.returned_to_bot {
        super::desk::control::end_handoffs(&mut tx, conversation_id, now_ms).await?;
    }
    if let Some(reason) = &r.handed_off {
        sqlx::query(
            "INSERT OR IGNORE INTO handoffs (conversation_id, trigger, reason, started_at_ms) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(conversation_id)
        .bind(message_id)
        .bind(reason)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    for b in &r.bookings {
        sqlx::query(
            "INSERT OR IGNORE INTO conversation_bookings (reference, conversation_id, room_type, \
             checkin, checkout, total_minor, currency, status, created_at_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&b.reference)
        .bind(conversation_id)
        .bind(&b.room_type)
        .bind(&b.checkin)
        .bind(&b.checkout)
        .bind(b.total_minor)
        .bind(&b.currency)
        .bind(&b.status)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
