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
use crate::domain::{Choice, InboundContent, ListSection, MediaKind, MediaSource, OutboundMessage};
use crate::engine::replies::Vars;
use crate::ports::dialogue_states::{
    BookingMade, DialogueStates, StateStoreError, StoredState, TurnRecord,
};
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn, VoiceOutcome};
use crate::ports::staff_alerts::{NoAlerts, StaffAlert, StaffAlerts};
use async_trait::async_trait;
use std::sync::Arc;

pub struct ReceptionistEngine {
    bot: Receptionist,
    states: Arc<dyn DialogueStates>,
    /// Told of handoffs and notes for staff once they are stored.
    alerts: Arc<dyn StaffAlerts>,
}

impl ReceptionistEngine {
    pub fn new(bot: Receptionist, states: Arc<dyn DialogueStates>) -> Self {
        Self {
            bot,
            states,
            alerts: Arc::new(NoAlerts),
        }
    }

    pub fn with_alerts(mut self, alerts: Arc<dyn StaffAlerts>) -> Self {
        self.alerts = alerts;
        self
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

/// One reply as WhatsApp messages: a picture with the text as caption, a
/// list or buttons when it has them, a location pin after its text.
pub fn to_outbound(r: &Reply) -> Vec<OutboundMessage> {
    let mut out = Vec::new();
    let choice = |b: &super::Button| Choice {
        id: b.id.clone(),
        title: b.title.clone(),
        description: None,
    };
    if let Some(url) = &r.image {
        out.push(OutboundMessage::Media {
            media: MediaKind::Image,
            source: MediaSource::Link(url.clone()),
            caption: Some(r.text.clone()),
            filename: None,
        });
    } else if let Some(list) = &r.list {
        out.push(OutboundMessage::List {
            body: r.text.clone(),
            button: list.label.clone(),
            sections: vec![ListSection {
                title: None,
                rows: list.rows.iter().map(choice).collect(),
            }],
        });
    } else if r.buttons.is_empty() {
        out.push(OutboundMessage::text(r.text.clone()));
    } else {
        out.push(OutboundMessage::Buttons {
            body: r.text.clone(),
            buttons: r.buttons.iter().map(choice).collect(),
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

impl ReceptionistEngine {
    /// A message without text. An image or document right after the guest
    /// booked with us is most likely the payment receipt: acknowledge it with
    /// the booking reference and tell staff to check it.
    fn media(
        &self,
        content: &InboundContent,
        state: &DialogueState,
    ) -> Result<(Vec<Reply>, Vec<String>), EngineError> {
        let failed = |e: crate::engine::replies::CatalogError| EngineError::Failed(e.to_string());
        let proof = matches!(
            content,
            InboundContent::Image { .. } | InboundContent::Document { .. }
        );
        if let (true, Some(reference)) = (proof, state.made.last()) {
            let text = self
                .bot
                .render(
                    state.lang,
                    "media.proof",
                    &Vars::new().set("reference", reference),
                )
                .map_err(failed)?;
            let note = format!(
                "The guest sent an image or document after booking {reference}: probably the payment receipt; check it."
            );
            return Ok((vec![Reply::text(text)], vec![note]));
        }
        let voice = matches!(content, InboundContent::Audio { .. });
        let key = if voice { "media.voice" } else { "media.other" };
        let text = self.bot.render_plain(state.lang, key).map_err(failed)?;
        Ok((vec![Reply::text(text)], Vec::new()))
    }
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
        let version = stored.as_ref().map_or(0, |s| s.version);
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
        let was = (state.mode, state.human_since);
        let mut record = TurnRecord::default();
        let (replies, notes) = match heard.or_else(|| text_of(&turn.message.content)) {
            Some(text) => {
                let result = self
                    .bot
                    .turn(
                        &format!("wa-{}", turn.conversation_id),
                        &mut state,
                        text,
                        Some(&turn.guest),
                    )
                    .await;
                match result {
                    Ok(t) => {
                        if let Some(p) = &t.parse {
                            record.parse = serde_json::to_string(p).ok();
                            record.language = Some(p.language.code().to_string());
                            record.intent = Some(p.primary().intent.as_str().to_string());
                        }
                        record.handed_off = t.handoff.and_then(|r| {
                            serde_json::to_value(r)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                        });
                        record.bookings = t.bookings.iter().map(booking_made).collect();
                        (t.replies, t.staff_notes)
                    }
                    Err(e) => {
                        // Something inside the answer failed (the knowledge
                        // store, a template): the guest still hears from us,
                        // and staff get the message with the reason.
                        tracing::error!(conversation_id = turn.conversation_id, error = %e, "the receptionist could not answer; degraded reply sent");
                        let text = self
                            .bot
                            .render_plain(state.lang, "fallback.degraded")
                            .map_err(|c| EngineError::Failed(format!("{e}; then {c}")))?;
                        (
                            vec![Reply::text(text)],
                            vec![format!(
                                "The bot could not answer this message ({e}); please answer it."
                            )],
                        )
                    }
                }
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
            None => self.media(&turn.message.content, &state)?,
        };

        // Back from idle with staff: the mode left human, or a new handoff
        // started in the same turn.
        record.returned_to_bot = was.0 == ConversationMode::Human
            && (state.mode == ConversationMode::Bot || state.human_since != was.1);
        let after =
            serde_json::to_string(&state).map_err(|e| EngineError::Failed(e.to_string()))?;
        // A conflict means staff changed the conversation (took it over)
        // while this turn ran: nothing of it is kept, and the worker runs the
        // message again from the state staff left.
        self.states
            .save(
                turn.conversation_id,
                &StoredState {
                    last_message_id: message_id.to_string(),
                    before,
                    after,
                    version,
                },
            )
            .await
            .map_err(|e| match e {
                StateStoreError::Conflict(_) => unavailable(format!("{e}; will run again")),
                other => unavailable(other.to_string()),
            })?;
        self.states
            .record_turn(
                turn.conversation_id,
                message_id,
                &record,
                self.bot.deps().clock.now_ms(),
            )
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        self.states
            .add_notes(turn.conversation_id, message_id, &notes)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        // Stored first: staff who react to the alert find the handoff and notes.
        if let Some(reason) = record.handed_off.clone() {
            self.alerts.alert(StaffAlert::Handoff {
                conversation_id: turn.conversation_id,
                reason,
            });
        }
        for note in notes.iter().filter(|n| !n.is_empty()) {
            self.alerts.alert(StaffAlert::Note {
                conversation_id: turn.conversation_id,
                note: note.clone(),
            });
        }
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
            match code.as_str() {
                "too_long" => "media.voice_too_long",
                // Sending it again would time out again: ask for text only.
                "timeout" => "media.voice_timeout",
                _ => "media.voice_unusable",
            },
            format!("Voice note could not be transcribed ({code}): {detail}"),
        ),
        Some(VoiceOutcome::Heard { .. }) | None => ("media.voice", String::new()),
    }
}

fn booking_made(b: &crate::ports::pms::Booking) -> BookingMade {
    BookingMade {
        reference: b.reference.as_str().to_string(),
        room_type: b.room_type.as_str().to_string(),
        checkin: b.stay.checkin().to_string(),
        checkout: b.stay.checkout().to_string(),
        total_minor: b.total_incl_tax.minor(),
        currency: b.total_incl_tax.currency().to_string(),
        status: serde_json::to_value(b.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    }
}
