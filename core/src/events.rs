//! The in-process event bus: every change the channel makes is published here
//! as a typed event, so the admin API can push it to open dashboards.
//! Publishing never blocks and never fails; with nobody listening it is a no-op.

use serde::Serialize;
use tokio::sync::broadcast;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    WebhookStored {
        delivery_id: String,
        stored: usize,
        duplicates: usize,
    },
    UnknownNumber {
        phone_number_id: String,
    },
    MessageReceived {
        conversation_id: i64,
        message_id: i64,
        kind: String,
    },
    ReplyQueued {
        conversation_id: i64,
        outbox_id: i64,
    },
    ReplySent {
        outbox_id: i64,
        wa_message_id: String,
        sent_as: String,
    },
    /// A reply that cannot go out without staff: the 24-hour window is closed.
    ReplyHeld {
        conversation_id: i64,
        outbox_id: i64,
        reason: String,
    },
    MessageStatus {
        wa_message_id: String,
        status: String,
    },
    DeadLetter {
        source: String,
        source_id: i64,
        code: Option<i64>,
        title: String,
    },
    MediaStored {
        message_id: i64,
        bytes: u64,
    },
}

#[derive(Clone)]
pub struct EventBus(broadcast::Sender<Event>);

impl EventBus {
    /// `capacity` events are kept for slow subscribers; one that falls further
    /// behind gets `Lagged` and should reload its view.
    pub fn new(capacity: usize) -> Self {
        Self(broadcast::channel(capacity.max(1)).0)
    }

    pub fn publish(&self, event: Event) {
        // An error only means nobody is subscribed right now.
        let _ = self.0.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(1024)
    }
}
