//! Where the receptionist keeps each conversation's state between messages.

use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredState {
    /// The WhatsApp id of the last message processed.
    pub last_message_id: String,
    /// JSON of the state before and after that message.
    pub before: String,
    pub after: String,
}

#[derive(Debug, thiserror::Error)]
#[error("dialogue state store: {0}")]
pub struct StateStoreError(pub String);

#[async_trait]
pub trait DialogueStates: Send + Sync {
    async fn load(&self, conversation_id: i64) -> Result<Option<StoredState>, StateStoreError>;
    async fn save(&self, conversation_id: i64, state: &StoredState) -> Result<(), StateStoreError>;
    /// Idempotent per (conversation, message, note).
    async fn add_notes(
        &self,
        conversation_id: i64,
        message_id: &str,
        notes: &[String],
    ) -> Result<(), StateStoreError>;
}
