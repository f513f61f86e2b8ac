//! Bookings the bot made, with the PMS reference, the value at booking time
//! and, for the built-in PMS, the status it has now.

use super::{DeskError, Page, clamp_limit};
use serde::Serialize;
use sqlx::{AssertSqlSafe, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct BookingView {
    pub reference: String,
    pub conversation_id: i64,
    pub guest_id: i64,
    pub guest_phone: String,
    pub room_type: String,
    pub checkin: String,
    pub checkout: String,
    pub total_minor: i64,
    pub currency: String,
    /// The status now when the built-in PMS holds it, else as booked.
    pub status: String,
    pub created_at_ms: i64,
}

const SELECT: &str = "SELECT b.reference, b.conversation_id, c.guest_id, g.phone AS guest_phone, \
     b.room_type, b.checkin, b.checkout, b.total_minor, b.currency, \
     coalesce(p.status, b.status) AS status, b.created_at_ms \
     FROM conversation_bookings b JOIN conversations c ON c.id = b.conversation_id \
     JOIN guests g ON g.id = c.guest_id LEFT JOIN pms_booking p ON p.reference = b.reference";

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingFilter {
    pub guest_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// The `created_at_ms` and reference of the last item seen.
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

pub async fn list(db: &SqlitePool, f: &BookingFilter) -> Result<Page<BookingView>, DeskError> {
    let limit = clamp_limit(f.limit, 50);
    let (at, reference) = match &f.cursor {
        None => (i64::MAX, String::new()),
        Some(raw) => raw
            .split_once('_')
            .and_then(|(a, r)| Some((a.parse().ok()?, r.to_string())))
            .ok_or_else(|| {
                DeskError::Invalid(format!("cursor {raw:?} is not one this API gave out"))
            })?,
    };
    let mut items: Vec<BookingView> = sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE (? IS NULL OR c.guest_id = ?) AND (? IS NULL OR b.conversation_id = ?) \
         AND b.created_at_ms >= ? AND b.created_at_ms < ? \
         AND (b.created_at_ms < ? OR (b.created_at_ms = ? AND (? = '' OR b.reference < ?))) \
         ORDER BY b.created_at_ms DESC, b.reference DESC LIMIT ?"
    )))
    .bind(f.guest_id)
    .bind(f.guest_id)
    .bind(f.conversation_id)
    .bind(f.conversation_id)
    .bind(f.from_ms.unwrap_or(i64::MIN))
    .bind(f.to_ms.unwrap_or(i64::MAX))
    .bind(at)
    .bind(at)
    .bind(&reference)
    .bind(&reference)
    .bind(limit + 1)
    .fetch_all(db)
    .await?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(usize::try_from(limit).unwrap_or(0));
        items
            .last()
            .map(|b| format!("{}_{}", b.created_at_ms, b.reference))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}
