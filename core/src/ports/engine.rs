//! The conversation engine, as the conversation worker sees it: one guest
//! message in, the replies to send out. The receptionist (its own issue)
//! implements it; the worker stores whatever it returns in the same
//! transaction that marks the message processed.

use crate::domain::{InboundMessage, OutboundMessage, PhoneE164};
use async_trait::async_trait;

/// One guest message with what the worker knows about its conversation.
#[derive(Debug, Clone)]
pub struct GuestTurn {
    pub conversation_id: i64,
    pub guest: PhoneE164,
    pub guest_name: Option<String>,
    /// The WhatsApp number (`phone_number_id`) the guest wrote to.
    pub phone_number_id: String,
    pub message: InboundMessage,
    /// For a voice note, what the speech worker made of it (`None`: speech
    /// is off, or the message is not audio).
    pub voice: Option<VoiceOutcome>,
}

/// What the speech worker made of a guest's voice note.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceOutcome {
    /// Understood well enough: answered like the same words typed.
    Heard {
        text: String,
        language: Option<String>,
        confidence: f32,
    },
    /// Nothing said, or below `speech.min_confidence`: ask to repeat or write.
    Unclear { text: String, confidence: f32 },
    /// Audio we cannot use: `code` is `unsupported`, `corrupt`, `empty`,
    /// `too_large`, `too_long`, `timeout`, `no_model` or `failed`.
    Unusable { code: String, detail: String },
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Worth retrying later (a dependency is down); after the configured
    /// attempts the message goes to dead letters.
    #[error("engine temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("engine failed: {0}")]
    Failed(String),
}

#[async_trait]
pub trait ConversationEngine: Send + Sync {
    /// May be called more than once for the same message (after a crash
    /// before the worker committed): side effects must be idempotent.
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError>;

    /// The conversation's language (ISO 639-1) when the engine knows it: a
    /// hint for transcribing the guest's voice notes.
    async fn language_hint(&self, _conversation_id: i64) -> Option<String> {
        None
    }
}
