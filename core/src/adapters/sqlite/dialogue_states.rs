//! Dialogue states and staff notes in SQLite.

use crate::ports::dialogue_states::{DialogueStates, StateStoreError, StoredState};
use async_trait::async_trait;
use sqlx::SqlitePool;

pub struct SqliteDialogueStates(pub SqlitePool);

fn err(e: sqlx::Error) -> StateStoreError {
    StateStoreError(e.to_string())
}

#[async_trait]
impl DialogueStates for SqliteDialogueStates {
    async fn load(&self, conversation_id: i64) -> Result<Option<StoredState>, StateStoreError> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT last_message_id, state_before, state_after FROM dialogue_states WHERE conversation_id = ?")
                .bind(conversation_id)
                .fetch_optional(&self.0)
                .await
                .map_err(err)?;
        Ok(row.map(|(last_message_id, before, after)| StoredState {
            last_message_id,
            before,
            after,
        }))
    }

    async fn save(&self, conversation_id: i64, s: &StoredState) -> Result<(), StateStoreError> {
        sqlx::query(
            "INSERT INTO dialogue_states (conversation_id, last_message_id, state_before, state_after, updated_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (conversation_id) DO UPDATE SET last_message_id = excluded.last_message_id,
                 state_before = excluded.state_before, state_after = excluded.state_after, updated_at = excluded.updated_at",
        )
        .bind(conversation_id)
        .bind(&s.last_message_id)
        .bind(&s.before)
        .bind(&s.after)
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(&self.0)
        .await
        .map_err(err)?;
        Ok(())
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
}
