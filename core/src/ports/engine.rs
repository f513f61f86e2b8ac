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
}
