//! One conversation's messages, newest first, in pages; each with what staff
//! need: who wrote it, its delivery, its media and how the bot understood it.

use super::{DeskError, Page, clamp_limit};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MessageView {
    pub id: i64,
    /// "in" (the guest) or "out".
    pub direction: String,
    /// "guest", "bot" or "staff".
    pub author: String,
    pub staff_user: Option<String>,
    pub kind: String,
    /// The text, or a voice note's transcript once speech lands.
    pub text: Option<String>,
    /// The typed message as stored (JSON): buttons, locations, captions…
    #[serde(skip)]
    pub content: String,
    pub wa_message_id: Option<String>,
    /// queued, held, sent, delivered, read, failed ('' for inbound).
    pub status: String,
    pub error_code: Option<i64>,
    pub error_title: Option<String>,
    pub created_at_ms: i64,
    pub provider_ts: Option<i64>,
    /// pending, stored or dead, when the message carries media.
    pub media_state: Option<String>,
    pub media_mime: Option<String>,
    pub media_bytes: Option<i64>,
    /// The bot's parse (language, intents, entities), JSON, for inbound text.
    #[serde(skip)]
    pub understanding: Option<String>,
}

impl MessageView {
    pub fn content_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.content).unwrap_or(serde_json::Value::Null)
    }

    pub fn understanding_json(&self) -> Option<serde_json::Value> {
        self.understanding
            .as_deref()
            .and_then(|u| serde_json::from_str(u).ok())
    }
}

/// Messages older than `before` (a message id), newest first.
pub async fn messages(
    db: &SqlitePool,
    conversation_id: i64,
    before: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<MessageView>, DeskError> {
    let limit = clamp_limit(limit, 50);
    let before = match before {
        None => i64::MAX,
        Some(raw) => raw.parse().map_err(|_| {
            DeskError::Invalid(format!(
                "cursor {raw:?} is not one this API gave out: use next_cursor from the previous page"
            ))
        })?,
    };
    let mut items: Vec<MessageView> = sqlx::query_as(
        "SELECT m.id, m.direction, \
           CASE WHEN m.direction = 'in' THEN 'guest' WHEN m.staff_user IS NOT NULL THEN 'staff' \
                ELSE 'bot' END AS author, \
           m.staff_user, m.kind, m.body AS text, m.content, m.wa_message_id, m.status, \
           m.error_code, m.error_title, m.created_at_ms, m.provider_ts, \
           md.state AS media_state, md.mime_type AS media_mime, md.size_bytes AS media_bytes, \
           u.parse AS understanding \
         FROM messages m LEFT JOIN media md ON md.message_id = m.id \
         LEFT JOIN message_understanding u ON u.wa_message_id = m.wa_message_id AND m.direction = 'in' \
         WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?",
    )
    .bind(conversation_id)
    .bind(before)
    .bind(limit + 1)
    .fetch_all(db)
    .await?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(usize::try_from(limit).unwrap_or(0));
        items.last().map(|m| m.id.to_string())
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// A note on the conversation: written by staff, or left by the bot (a
/// booking it made, a failure to check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct NoteView {
    /// "staff" or "bot".
    pub source: String,
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    /// Bot notes keep their RFC 3339 time; staff notes their milliseconds.
    pub created_at: String,
}

pub async fn notes(db: &SqlitePool, conversation_id: i64) -> Result<Vec<NoteView>, DeskError> {
    Ok(sqlx::query_as(
        "SELECT 'staff' AS source, id, author, body, \
           strftime('%Y-%m-%dT%H:%M:%fZ', created_at_ms / 1000.0, 'unixepoch') AS created_at \
         FROM conversation_notes WHERE conversation_id = ? \
         UNION ALL SELECT 'bot', id, NULL, note, created_at FROM staff_notes WHERE conversation_id = ? \
         ORDER BY created_at, id",
    )
    .bind(conversation_id)
    .bind(conversation_id)
    .fetch_all(db)
    .await?)
}

/// Media of one message, for download: where it is stored and its type.
pub async fn media_file(
    db: &SqlitePool,
    conversation_id: i64,
    message_id: i64,
) -> Result<(String, Option<String>), DeskError> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT md.path, md.mime_type FROM media md JOIN messages m ON m.id = md.message_id \
         WHERE m.conversation_id = ? AND m.id = ? AND md.state = 'stored'",
    )
    .bind(conversation_id)
    .bind(message_id)
    .fetch_optional(db)
    .await?;
    match row {
        Some((Some(path), mime)) => Ok((path, mime)),
        _ => Err(DeskError::NotFound(format!(
            "stored media of message {message_id}"
        ))),
    }
}
