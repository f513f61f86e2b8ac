//! Take over, hand back: the mode changes in the receptionist's state, then
//! the desk's bookkeeping (assignee, handoff queue) follows.

use super::Desk;
use crate::adapters::sqlite::desk::{DeskError, control};
use crate::engine::dialogue::{ConversationMode, StaffAction, apply_staff_action};
use crate::ports::dialogue_states::StateStoreError;

/// The mode before and after a staff action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ModeChange {
    pub was: ConversationMode,
    pub now: ConversationMode,
}

impl Desk {
    /// Staff answer from now on: the bot sends nothing until handed back (or
    /// the idle time returns it). Taking over a conversation already held
    /// makes `who` its assignee.
    pub async fn take_over(
        &self,
        conversation_id: i64,
        who: &str,
    ) -> Result<ModeChange, DeskError> {
        control::ensure_exists(&self.db, conversation_id).await?;
        let change = self
            .staff_action(conversation_id, StaffAction::TakeOver)
            .await?;
        control::took_over(&self.db, conversation_id, who, self.clock.now_ms()).await?;
        tracing::info!(conversation_id, staff = who, "conversation taken over");
        Ok(change)
    }

    /// The bot answers again from the guest's next message.
    pub async fn hand_back(
        &self,
        conversation_id: i64,
        who: &str,
    ) -> Result<ModeChange, DeskError> {
        control::ensure_exists(&self.db, conversation_id).await?;
        let change = self
            .staff_action(conversation_id, StaffAction::HandBack)
            .await?;
        control::handed_back(&self.db, conversation_id, self.clock.now_ms()).await?;
        tracing::info!(
            conversation_id,
            staff = who,
            "conversation handed back to the bot"
        );
        Ok(change)
    }

    pub(super) async fn staff_action(
        &self,
        conversation_id: i64,
        action: StaffAction,
    ) -> Result<ModeChange, DeskError> {
        let (was, now) = apply_staff_action(
            self.states.as_ref(),
            conversation_id,
            action,
            self.clock.now(),
        )
        .await
        .map_err(|e| match e {
            StateStoreError::Conflict(_) => DeskError::Conflict(
                "the bot is answering this conversation right now; try again".into(),
            ),
            StateStoreError::Store(s) => DeskError::State(s),
        })?;
        Ok(ModeChange { was, now })
    }
}
