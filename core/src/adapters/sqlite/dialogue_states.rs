//! Dialogue states, staff notes and what each turn leaves for staff, in SQLite.

use crate::ports::dialogue_states::{DialogueStates, StateStoreError, StoredState, TurnRecord};
use async_trait::async_trait;
use sqlx::SqlitePool;

pub struct SqliteDialogueStates(pub SqlitePool);

fn err(e: sqlx::Error) -> StateStoreError {
    StateStoreError::Store(e.to_string())
}

#[async_trait]
impl DialogueStates for SqliteDialogueStates {
    async fn load(&self, conversation_id: i64) -> Result<Option<StoredState>, StateStoreError> {
        let row: Option<(String, String, String, i64)> = sqlx::query_as(
            "SELECT last_message_id, state_before, state_after, version FROM dialogue_states \
             WHERE conversation_id = ?",
        )
        .bind(conversation_id)
        .fetch_optional(&self.0)
        .await
        .map_err(err)?;
        Ok(
            row.map(|(last_message_id, before, after, version)| StoredState {
                last_message_id,
                before,
                after,
                version,
            }),
        )
    }

    async fn save(&self, conversation_id: i64, s: &StoredState) -> Result<(), StateStoreError> {
        let done = sqlx::query(
            "INSERT INTO dialogue_states (conversation_id, last_message_id, state_before, state_after, updated_at, version)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (conversation_id) DO UPDATE SET last_message_id = excluded.last_message_id,
                 state_before = excluded.state_before, state_after = excluded.state_after,
                 updated_at = excluded.updated_at, version = excluded.version
             WHERE dialogue_states.version = ?",
        )
        .bind(conversation_id)
        .bind(&s.last_message_id)
        .bind(&s.before)
        .bind(&s.after)
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(s.version + 1)
        .bind(s.version)
        .execute(&self.0)
        .await
        .map_err(err)?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StateStoreError::Conflict(conversation_id))
        }
    }

    async fn add_notes(
        &self,
        conversation_id: i64,
        message_id: &str,
        notes: &[String],
    ) -> Result<(), StateStoreError> {
        for note in notes {
            sqlx::query("INSERT OR IGNORE INTO staff_notes (conversation_id, message_id, note, created_at) VALUES (?, ?, ?, ?)")
                .bind(conversation_id)
                .bind(message_id)
                .bind(note)
                .bind(chrono::Utc::now().to_rfc3339())
                .execute(&self.0)
                .await
                .map_err(err)?;
        }
        Ok(())
    }

    async fn record_turn(
        &self,
        conversation_id: i64,
        message_id: &str,
        r: &TurnRecord,
        now_ms: i64,
    ) -> Result<(), StateStoreError> {
        super::turn_log::record(&self.0, conversation_id, message_id, r, now_ms)
            .await
            .map_err(err)
    }
}
