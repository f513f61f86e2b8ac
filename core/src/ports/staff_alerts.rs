//! What the receptionist tells staff while it answers: a conversation handed
//! to them (with the reason), or a note that needs a person (a booking the PMS
//! refused, a voice note it could not hear). The composition root connects it
//! to the event bus the admin API pushes to dashboards.

/// Something staff should look at now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAlert {
    /// The bot handed the conversation to staff (it is in `human` mode now).
    Handoff {
        conversation_id: i64,
        /// A `HandoffReason` in snake case ("guest_request", "urgent", …).
        reason: String,
    },
    /// The bot left a note for staff on the conversation.
    Note { conversation_id: i64, note: String },
}

pub trait StaffAlerts: Send + Sync {
    /// Never blocks and never fails: an alert nobody hears is dropped.
    fn alert(&self, alert: StaffAlert);
}

/// For compositions without dashboards (the terminal chat, tests).
pub struct NoAlerts;

impl StaffAlerts for NoAlerts {
    fn alert(&self, _: StaffAlert) {}
}
