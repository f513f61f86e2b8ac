//! Where the receptionist keeps each conversation's state between messages,
//! and what each turn leaves behind for staff (understanding, handoffs,
//! bookings made).

use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredState {
    /// The WhatsApp id of the last message processed.
    pub last_message_id: String,
    /// JSON of the state before and after that message.
    pub before: String,
    pub after: String,
    /// Bumped by every save; 0 when nothing was stored yet.
    pub version: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum StateStoreError {
    #[error("dialogue state store: {0}")]
    Store(String),
    /// Someone (staff taking over) saved the state after it was loaded; load
    /// it again and redo the change.
    #[error("dialogue state of conversation {0} changed while it was being updated")]
    Conflict(i64),
}

/// A booking the bot made during a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingMade {
    pub reference: String,
    pub room_type: String,
    pub checkin: String,
    pub checkout: String,
    pub total_minor: i64,
    pub currency: String,
    pub status: String,
}

/// What one guest message led to, beyond the replies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TurnRecord {
    /// The NLU's parse (JSON), its language and primary intent.
    pub parse: Option<String>,
    pub language: Option<String>,
    pub intent: Option<String>,
    /// The idle time with staff ran out: the conversation came back to the bot.
    pub returned_to_bot: bool,
    /// The bot handed the conversation to staff, for this reason (both can
    /// happen in one turn: back from idle, then handed off again).
    pub handed_off: Option<String>,
    pub bookings: Vec<BookingMade>,
}

#[async_trait]
pub trait DialogueStates: Send + Sync {
    async fn load(&self, conversation_id: i64) -> Result<Option<StoredState>, StateStoreError>;
    /// Saves only if the stored version is still `state.version` (what was
    /// loaded); otherwise [`StateStoreError::Conflict`].
    async fn save(&self, conversation_id: i64, state: &StoredState) -> Result<(), StateStoreError>;
    /// Idempotent per (conversation, message, note).
    async fn add_notes(
        &self,
        conversation_id: i64,
        message_id: &str,
        notes: &[String],
    ) -> Result<(), StateStoreError>;
    /// Idempotent per (conversation, message): a turn run again after a crash
    /// records nothing twice.
    async fn record_turn(
        &self,
        conversation_id: i64,
        message_id: &str,
        record: &TurnRecord,
        now_ms: i64,
    ) -> Result<(), StateStoreError>;
}
