//! The receptionist as the WhatsApp worker's conversation engine: load the
//! conversation's state, answer, store the new state, hand back the replies.
//!
//! The state before each message is kept, so when the worker processes the
//! same message again (a crash before it committed the replies) the answer is
//! computed from the same state and comes out the same; bookings carry an
//! idempotency key, so the PMS is never asked twice for a second booking.

use super::receptionist::Receptionist;
use super::reply::Reply;
use super::state::{ConversationMode, DialogueState};
use crate::domain::{Choice, InboundContent, OutboundMessage};
use crate::ports::dialogue_states::{DialogueStates, StoredState};
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn, VoiceOutcome};
use async_trait::async_trait;
use std::sync::Arc;

pub struct ReceptionistEngine {
    bot: Receptionist,
    states: Arc<dyn DialogueStates>,
}

impl ReceptionistEngine {
    pub fn new(bot: Receptionist, states: Arc<dyn DialogueStates>) -> Self {
        Self { bot, states }
    }
}

/// The text a message carries for the receptionist: typed text, or the id of
/// a button or list row we sent (so "yes" / "offer:2" route exactly).
fn text_of(content: &InboundContent) -> Option<&str> {
    match content {
        InboundContent::Text { body } => Some(body),
        InboundContent::ButtonReply { id, .. } | InboundContent::ListReply { id, .. } => Some(id),
        InboundContent::TemplateButton { text, .. } => Some(text),
        InboundContent::FlowReply { body: Some(b), .. } => Some(b),
        _ => None,
    }
}

/// One reply as WhatsApp messages: buttons when it has them, a location pin after its text.
pub fn to_outbound(r: &Reply) -> Vec<OutboundMessage> {
    let mut out = Vec::new();
    if r.buttons.is_empty() {
        out.push(OutboundMessage::text(r.text.clone()));
    } else {
        out.push(OutboundMessage::Buttons {
            body: r.text.clone(),
            buttons: r
                .buttons
                .iter()
                .map(|b| Choice {
                    id: b.id.clone(),
                    title: b.title.clone(),
                    description: None,
                })
                .collect(),
            footer: None,
        });
    }
    if let Some(l) = &r.location {
        out.push(OutboundMessage::Location {
            latitude: l.latitude,
            longitude: l.longitude,
            name: Some(l.name.clone()),
            address: Some(l.address.clone()),
        });
    }
    out
}

#[async_trait]
impl ConversationEngine for ReceptionistEngine {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        let unavailable = |e: String| EngineError::Unavailable(e);
        let message_id = turn.message.id.as_str();
        let stored = self
            .states
            .load(turn.conversation_id)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        let start = match &stored {
            Some(s) if s.last_message_id == message_id => s.before.clone(),
            Some(s) => s.after.clone(),
            None => String::new(),
        };
        let mut state: DialogueState = if start.is_empty() {
            DialogueState::default()
        } else {
            serde_json::from_str(&start).unwrap_or_else(|e| {
                tracing::warn!(conversation_id = turn.conversation_id, error = %e, "unreadable dialogue state; starting afresh");
                DialogueState::default()
            })
        };
        let before =
            serde_json::to_string(&state).map_err(|e| EngineError::Failed(e.to_string()))?;

        // A voice note heard clearly is answered like the same words typed.
        let heard = match &turn.voice {
            Some(VoiceOutcome::Heard { text, .. }) => Some(text.as_str()),
            _ => None,
        };
        let (replies, notes) = match heard.or_else(|| text_of(&turn.message.content)) {
            Some(text) => {
                let t = self
                    .bot
                    .turn(
                        &format!("wa-{}", turn.conversation_id),
                        &mut state,
                        text,
                        Some(&turn.guest),
                    )
                    .await
                    .map_err(|e| EngineError::Failed(e.to_string()))?;
                (t.replies, t.staff_notes)
            }
            None if state.mode == ConversationMode::Human => (Vec::new(), Vec::new()),
            None if turn.voice.is_some() => {
                let (key, note) = voice_problem(turn.voice.as_ref());
                let text = self
                    .bot
                    .render_plain(state.lang, key)
                    .map_err(|e| EngineError::Failed(e.to_string()))?;
                (vec![Reply::text(text)], vec![note])
            }
            None => {
                let voice = matches!(turn.message.content, InboundContent::Audio { .. });
                let key = if voice { "media.voice" } else { "media.other" };
                let text = self
                    .bot
                    .render_plain(state.lang, key)
                    .map_err(|e| EngineError::Failed(e.to_string()))?;
                (vec![Reply::text(text)], Vec::new())
            }
        };

        let after =
            serde_json::to_string(&state).map_err(|e| EngineError::Failed(e.to_string()))?;
        self.states
            .save(
                turn.conversation_id,
                &StoredState {
                    last_message_id: message_id.to_string(),
                    before,
                    after,
                },
            )
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        self.states
            .add_notes(turn.conversation_id, message_id, &notes)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        Ok(replies.iter().flat_map(to_outbound).collect())
    }

    async fn language_hint(&self, conversation_id: i64) -> Option<String> {
        let stored = self.states.load(conversation_id).await.ok()??;
        let state: DialogueState = serde_json::from_str(&stored.after).ok()?;
        state.lang.map(|l| l.code().to_string())
    }
}

/// The reply template and the staff note for a voice note we could not use.
fn voice_problem(voice: Option<&VoiceOutcome>) -> (&'static str, String) {
    match voice {
        Some(VoiceOutcome::Unclear { confidence, .. }) => (
            "media.voice_unclear",
            format!(
                "Voice note not understood (confidence {confidence:.2}); the guest was asked to repeat or write. Listen to it in the conversation."
            ),
        ),
        Some(VoiceOutcome::Unusable { code, detail }) => (
            if code == "too_long" {
                "media.voice_too_long"
            } else {
                "media.voice_unusable"
            },
            format!("Voice note could not be transcribed ({code}): {detail}"),
        ),
        Some(VoiceOutcome::Heard { .. }) | None => ("media.voice", String::new()),
    }
}
