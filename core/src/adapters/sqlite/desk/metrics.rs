//! The raw numbers behind the metrics summary, over [from_ms, to_ms). The app
//! layer turns them into hotel-local days and percentiles.

use super::DeskError;
use sqlx::SqlitePool;

/// Messages per UTC hour (its start, ms), direction and our number.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HourCount {
    pub hour_ms: i64,
    pub direction: String,
    pub channel: String,
    pub count: i64,
}

pub async fn messages_per_hour(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<HourCount>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT (m.created_at_ms / 3600000) * 3600000 AS hour_ms, m.direction, \
           c.phone_number_id AS channel, count(*) AS count \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.created_at_ms >= ? AND m.created_at_ms < ? \
         GROUP BY hour_ms, m.direction, c.phone_number_id ORDER BY hour_ms",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// For each guest message in the range that the bot answered: milliseconds
/// until its first reply was queued.
pub async fn bot_response_ms(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<i64>, DeskError> {
    Ok(sqlx::query_scalar(
        "SELECT r.created_at_ms - i.created_at_ms FROM messages i \
         JOIN messages r ON r.id = (SELECT min(o.id) FROM messages o \
            WHERE o.conversation_id = i.conversation_id AND o.direction = 'out' AND o.id > i.id \
              AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = i.conversation_id \
                 AND n.direction = 'in' AND n.id > i.id AND n.id < o.id)) \
         WHERE i.direction = 'in' AND r.staff_user IS NULL \
           AND i.created_at_ms >= ? AND i.created_at_ms < ?",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// For each handoff started in the range: milliseconds until the first staff
/// reply in that conversation (only handoffs staff replied to).
pub async fn staff_response_ms(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<i64>, DeskError> {
    Ok(sqlx::query_scalar(
        "SELECT (SELECT min(m.created_at_ms) FROM messages m WHERE m.conversation_id = h.conversation_id \
            AND m.staff_user IS NOT NULL AND m.created_at_ms >= h.started_at_ms) - h.started_at_ms AS ms \
         FROM handoffs h WHERE h.started_at_ms >= ? AND h.started_at_ms < ? AND ms IS NOT NULL",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HandoffRow {
    pub reason: String,
    /// Until staff answered; `None` while nobody has.
    pub waited_ms: Option<i64>,
}

/// Handoffs the bot started in the range (staff takeovers are not a wait).
pub async fn handoffs(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<HandoffRow>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT reason, answered_at_ms - started_at_ms AS waited_ms FROM handoffs \
         WHERE reason <> 'staff' AND started_at_ms >= ? AND started_at_ms < ?",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// Bookings made and their value, per currency: (currency, count, total).
pub async fn bookings(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<(String, i64, i64)>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT currency, count(*), sum(total_minor) FROM conversation_bookings \
         WHERE created_at_ms >= ? AND created_at_ms < ? GROUP BY currency ORDER BY currency",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// Primary intents of guest messages: (intent, count), most frequent first.
pub async fn intents(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<(String, i64)>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT intent, count(*) AS n FROM message_understanding \
         WHERE intent IS NOT NULL AND created_at_ms >= ? AND created_at_ms < ? \
         GROUP BY intent ORDER BY n DESC, intent",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// Dead letters per source: (source, count).
pub async fn dead_letters(
    db: &SqlitePool,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<(String, i64)>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT source, count(*) FROM dead_letters WHERE created_at_ms >= ? AND created_at_ms < ? \
         GROUP BY source ORDER BY source",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db)
    .await?)
}

/// Voice notes guests sent in the range.
pub async fn voice_notes(db: &SqlitePool, from_ms: i64, to_ms: i64) -> Result<i64, DeskError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM messages WHERE direction = 'in' AND kind IN ('voice', 'audio') \
         AND created_at_ms >= ? AND created_at_ms < ?",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_one(db)
    .await?)
}
