//! Engines the daemon can run before the receptionist exists. Neither invents
//! guest-facing text.

use crate::domain::{InboundContent, OutboundMessage};
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn};
use async_trait::async_trait;

/// `whatsapp.engine = "none"`: messages are stored and shown to staff; the
/// bot sends nothing.
pub struct NoReply;

#[async_trait]
impl ConversationEngine for NoReply {
    async fn respond(&self, _turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        Ok(Vec::new())
    }
}

/// `whatsapp.engine = "echo-for-tests"`: sends a guest's text back verbatim,
/// so end-to-end tests can observe replies through the real binary. Not for
/// guests: it is refused by nothing but documented as test-only.
pub struct EchoForTests;

#[async_trait]
impl ConversationEngine for EchoForTests {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        Ok(match &turn.message.content {
            InboundContent::Text { body } => vec![OutboundMessage::text(body.clone())],
            _ => Vec::new(),
        })
    }
}
