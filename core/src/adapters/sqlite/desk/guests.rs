//! Guests as staff see them: profile, language, conversations.

use super::list::{ConversationSummary, SUMMARY_SELECT, like_pattern};
use super::{DeskError, Page, clamp_limit};
use serde::Serialize;
use sqlx::{AssertSqlSafe, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct GuestView {
    pub id: i64,
    pub phone: String,
    pub name: Option<String>,
    /// The language the receptionist last spoke with them (es, en, pt).
    pub language: Option<String>,
    pub last_inbound_ts: i64,
    pub created_at_ms: i64,
    pub conversations: i64,
}

const GUEST_SELECT: &str = "SELECT g.id, g.phone, g.profile_name AS name, \
     (SELECT json_extract(d.state_after, '$.lang') FROM conversations c \
        JOIN dialogue_states d ON d.conversation_id = c.id WHERE c.guest_id = g.id \
        ORDER BY c.updated_at_ms DESC LIMIT 1) AS language, \
     g.last_inbound_ts, g.created_at_ms, \
     (SELECT count(*) FROM conversations c WHERE c.guest_id = g.id) AS conversations \
     FROM guests g";

/// Guests by name or number (`q`), most recent first; cursor = a guest id.
pub async fn list(
    db: &SqlitePool,
    q: Option<&str>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<GuestView>, DeskError> {
    let limit = clamp_limit(limit, 50);
    let before: i64 = match cursor {
        None => i64::MAX,
        Some(raw) => raw.parse().map_err(|_| {
            DeskError::Invalid(format!("cursor {raw:?} is not one this API gave out"))
        })?,
    };
    let pat = like_pattern(q.map(str::trim).unwrap_or(""));
    let mut items: Vec<GuestView> = sqlx::query_as(AssertSqlSafe(format!(
        "{GUEST_SELECT} WHERE g.id < ? AND (coalesce(g.profile_name, '') LIKE ? ESCAPE '\\' \
         OR g.phone LIKE ? ESCAPE '\\') ORDER BY g.id DESC LIMIT ?"
    )))
    .bind(before)
    .bind(&pat)
    .bind(&pat)
    .bind(limit + 1)
    .fetch_all(db)
    .await?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(usize::try_from(limit).unwrap_or(0));
        items.last().map(|g| g.id.to_string())
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

pub async fn get(db: &SqlitePool, id: i64) -> Result<GuestView, DeskError> {
    sqlx::query_as(AssertSqlSafe(format!("{GUEST_SELECT} WHERE g.id = ?")))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DeskError::NotFound(format!("guest {id}")))
}

pub async fn conversations(
    db: &SqlitePool,
    guest_id: i64,
) -> Result<Vec<ConversationSummary>, DeskError> {
    Ok(sqlx::query_as(AssertSqlSafe(format!(
        "{SUMMARY_SELECT} WHERE c.guest_id = ? ORDER BY c.updated_at_ms DESC, c.id DESC"
    )))
    .bind(guest_id)
    .fetch_all(db)
    .await?)
}
