//! Staff taking a conversation over and handing it back. The mode lives in the
//! receptionist's own state, so the change is made there, under the same
//! version check as a bot turn: neither can overwrite the other.

use super::state::{ConversationMode, DialogueState};
use crate::ports::dialogue_states::{DialogueStates, StateStoreError, StoredState};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// Staff answer from now on; the bot sends nothing.
    TakeOver,
    /// The bot answers again.
    HandBack,
    /// Staff did something in a conversation they hold (a reply): the idle
    /// return to the bot counts from now. No effect in bot mode.
    Active,
}

/// Attempts before giving up when bot turns keep saving in between.
const ATTEMPTS: usize = 5;

/// Applies `action`; returns the mode before and after.
pub async fn apply_staff_action(
    states: &dyn DialogueStates,
    conversation_id: i64,
    action: StaffAction,
    now: DateTime<Utc>,
) -> Result<(ConversationMode, ConversationMode), StateStoreError> {
    let mut last = StateStoreError::Conflict(conversation_id);
    for _ in 0..ATTEMPTS {
        let stored = states.load(conversation_id).await?;
        let (mut after, before_text, message_id, version) = match &stored {
            Some(s) => (
                read(conversation_id, &s.after),
                Some(s.before.as_str()),
                s.last_message_id.clone(),
                s.version,
            ),
            None => (DialogueState::default(), None, String::new(), 0),
        };
        let was = after.mode;
        apply(&mut after, action, now);
        // The state before the last message gets the same change: if the
        // worker runs that message again (a crash before it committed), it
        // starts from there and must see the new mode too.
        let mut before = before_text.map_or_else(|| after.clone(), |t| read(conversation_id, t));
        apply(&mut before, action, now);
        let to_json = |s: &DialogueState| {
            serde_json::to_string(s).map_err(|e| StateStoreError::Store(e.to_string()))
        };
        let new = StoredState {
            last_message_id: message_id,
            before: to_json(&before)?,
            after: to_json(&after)?,
            version,
        };
        match states.save(conversation_id, &new).await {
            Ok(()) => return Ok((was, after.mode)),
            Err(e @ StateStoreError::Conflict(_)) => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

fn apply(state: &mut DialogueState, action: StaffAction, now: DateTime<Utc>) {
    match action {
        StaffAction::TakeOver => state.take_over(now),
        StaffAction::HandBack => state.hand_back(),
        StaffAction::Active if state.mode == ConversationMode::Human => {
            state.human_since = Some(now);
        }
        StaffAction::Active => {}
    }
}

fn read(conversation_id: i64, text: &str) -> DialogueState {
    if text.is_empty() {
        return DialogueState::default();
    }
    serde_json::from_str(text).unwrap_or_else(|e| {
        tracing::warn!(conversation_id, error = %e, "unreadable dialogue state; staff change starts afresh");
        DialogueState::default()
    })
}

#[cfg(test)]
mod tests;
