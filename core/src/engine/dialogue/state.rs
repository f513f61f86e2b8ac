//! Where a conversation stands, persisted between messages as JSON.

use crate::domain::Language;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationMode {
    #[default]
    Bot,
    /// Staff answer; the bot sends nothing at all.
    Human,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    Requested,
    NotUnderstood,
    Complaint,
    Urgent,
    PmsDown,
    InfoMissing,
    BookingFailed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagePurpose {
    Cancel,
    Modify,
    Status,
    LateCheckout,
    EarlyCheckin,
}

/// The question we are waiting for an answer to, if any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    #[default]
    Idle,
    AskDates,
    AskCheckout,
    AskGuests,
    ChooseOffer,
    AskName,
    AskEmail,
    ConfirmBooking,
    AskBookingRef {
        purpose: ManagePurpose,
    },
    ConfirmCancel,
    AskModification,
    ConfirmModify,
    ConfirmLate {
        purpose: ManagePurpose,
    },
    OfferHandoff,
}

/// What the guest has told us about the stay they want.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub checkin: Option<NaiveDate>,
    pub checkout: Option<NaiveDate>,
    pub nights: Option<u32>,
    pub adults: Option<u8>,
    pub children: Option<u8>,
    pub child_ages: Vec<u8>,
    pub rooms: Option<u32>,
    pub room_type: Option<String>,
}

/// An offer as shown to the guest, so "the second one" can be resolved later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub room_type: String,
    pub name: String,
    pub total_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DialogueState {
    pub lang: Option<Language>,
    pub mode: ConversationMode,
    pub handoff_reason: Option<HandoffReason>,
    pub human_since: Option<DateTime<Utc>>,
    pub step: Step,
    /// Consecutive messages we did not understand; the second one hands off.
    pub misunderstood: u8,
    pub draft: Draft,
    pub offers: Vec<OfferView>,
    pub chosen: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// An existing booking the guest is asking about.
    pub booking_ref: Option<String>,
    /// Changes proposed for that booking, waiting for a yes.
    pub pending_change: Option<Draft>,
    /// Bookings this conversation has made (reference numbers).
    pub made: Vec<String>,
}

impl DialogueState {
    /// Forgets the stay being worked out (after a booking, or "olvidalo").
    pub fn reset_flow(&mut self) {
        self.step = Step::Idle;
        self.draft = Draft::default();
        self.offers.clear();
        self.chosen = None;
        self.pending_change = None;
    }

    pub fn hand_off(&mut self, reason: HandoffReason, now: DateTime<Utc>) {
        self.mode = ConversationMode::Human;
        self.handoff_reason = Some(reason);
        self.human_since = Some(now);
        self.step = Step::Idle;
        self.misunderstood = 0;
    }

    /// Staff take the conversation: the bot goes silent. A reason the bot
    /// gave when it handed off is kept; the idle time counts from now.
    pub fn take_over(&mut self, now: DateTime<Utc>) {
        self.mode = ConversationMode::Human;
        self.human_since = Some(now);
        self.step = Step::Idle;
        self.misunderstood = 0;
    }

    /// Staff hand back, or the idle time ran out.
    pub fn hand_back(&mut self) {
        self.mode = ConversationMode::Bot;
        self.handoff_reason = None;
        self.human_since = None;
    }
}
