//! Voice replies waiting to be spoken, uploaded and queued (see the
//! migration `voice_replies` for the states and why each step is safe to
//! repeat after a crash).

use super::outbox::{self, Origin};
use crate::domain::{MediaKind, MediaSource, OutboundMessage, PhoneE164};
use sqlx::{SqliteConnection, SqlitePool};

/// The audio's place among the replies to one inbox row: after any text
/// reply the engine could give (their `seq` counts from 0).
pub const VOICE_SEQ: i64 = 1_000;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoiceReplyRow {
    pub id: i64,
    pub inbox_id: i64,
    pub conversation_id: i64,
    pub phone_number_id: String,
    pub to_phone: String,
    pub language: String,
    pub text: String,
    pub media_id: Option<String>,
    pub attempts: i64,
}

/// What to say, in the transaction that queues the text replies.
pub struct NewVoiceReply<'a> {
    pub inbox_id: i64,
    pub conversation_id: i64,
    pub phone_number_id: &'a str,
    pub to: &'a PhoneE164,
    pub language: &'a str,
    pub text: &'a str,
}

pub async fn insert(
    tx: &mut SqliteConnection,
    r: &NewVoiceReply<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO voice_replies (inbox_id, conversation_id, phone_number_id, to_phone, language, \
         text, state, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) \
         ON CONFLICT (inbox_id) DO NOTHING",
    )
    .bind(r.inbox_id)
    .bind(r.conversation_id)
    .bind(r.phone_number_id)
    .bind(r.to.as_str())
    .bind(r.language)
    .bind(r.text)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(Clone)]
pub struct VoiceReplyStore {
    db: SqlitePool,
}

impl VoiceReplyStore {
    pub fn new(db: SqlitePool) -> Self {
        Self { db }
    }

    pub async fn due(&self, now_ms: i64, limit: i64) -> Result<Vec<VoiceReplyRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, inbox_id, conversation_id, phone_number_id, to_phone, language, text, \
             media_id, attempts FROM voice_replies \
             WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY id LIMIT CAST(? AS INTEGER)",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.db)
        .await
    }

    /// Committed as soon as Meta answers the upload, so a later retry of
    /// this row sends the same file instead of uploading it again.
    pub async fn mark_uploaded(&self, id: i64, media_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE voice_replies SET media_id = ? WHERE id = ? AND state = 'pending'")
            .bind(media_id)
            .bind(id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Queues the audio message and marks the row queued in one transaction;
    /// `None` when the row was no longer pending (nothing queued).
    pub async fn queue_audio(
        &self,
        row: &VoiceReplyRow,
        to: &PhoneE164,
        media_id: &str,
        now_ms: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let claimed = sqlx::query(
            "UPDATE voice_replies SET state = 'queued', last_error = NULL \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(row.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let msg = OutboundMessage::Media {
            media: MediaKind::Audio,
            source: MediaSource::Id(media_id.to_string()),
            caption: None,
            filename: None,
        };
        let origin = Origin {
            inbox_id: Some(row.inbox_id),
            seq: VOICE_SEQ,
        };
        let outbox_id = outbox::queue(
            &mut tx,
            row.conversation_id,
            origin,
            &row.phone_number_id,
            to,
            &msg,
            now_ms,
        )
        .await?;
        sqlx::query("UPDATE voice_replies SET outbox_id = ? WHERE id = ?")
            .bind(outbox_id)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(outbox_id))
    }

    pub async fn mark_retry(
        &self,
        row: &VoiceReplyRow,
        next_attempt_ms: i64,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE voice_replies SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(next_attempt_ms)
        .bind(error)
        .bind(row.id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    pub async fn mark_failed(&self, row: &VoiceReplyRow, error: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE voice_replies SET state = 'failed', attempts = attempts + 1, last_error = ? \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(error)
        .bind(row.id)
        .execute(&self.db)
        .await?;
        Ok(())
    }
}
