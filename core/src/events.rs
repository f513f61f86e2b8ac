//! The in-process event bus: every change the channel makes is published here
//! as a typed event, so the admin API can push it to open dashboards.
//! Publishing never blocks and never fails; with nobody listening it is a no-op.

use crate::ports::health::{CheckStatus, HealthRegistry};
use crate::ports::staff_alerts::{StaffAlert, StaffAlerts};
use serde::Serialize;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

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
    /// The state of a conversation after staff changed it (took it over,
    /// handed it back, read, labelled, closed, replied…).
    ConversationUpdated {
        conversation_id: i64,
        /// "bot" or "human".
        mode: String,
        assignee: Option<String>,
        unread: i64,
        closed: bool,
        labels: Vec<String>,
    },
    /// A conversation needs a person: the bot handed it to staff (`reason`,
    /// and the conversation is in human mode now) or left staff a note that
    /// needs acting on (`reason` "staff_note", the note in `note`).
    HandoffRequested {
        conversation_id: i64,
        reason: String,
        note: Option<String>,
    },
    /// Readiness changed: whether the required checks pass, and which checks
    /// are down now.
    HealthChanged {
        ready: bool,
        down: Vec<String>,
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

impl StaffAlerts for EventBus {
    fn alert(&self, alert: StaffAlert) {
        self.publish(match alert {
            StaffAlert::Handoff {
                conversation_id,
                reason,
            } => Event::HandoffRequested {
                conversation_id,
                reason,
                note: None,
            },
            StaffAlert::Note {
                conversation_id,
                note,
            } => Event::HandoffRequested {
                conversation_id,
                reason: "staff_note".into(),
                note: Some(note),
            },
        });
    }
}

/// The receptionist is composed before the WhatsApp channel that owns the
/// bus; it gets this, connected to the bus once the channel exists (before
/// any worker runs). Alerts before that have nobody to reach anyway.
#[derive(Default)]
pub struct LateAlerts(OnceLock<EventBus>);

impl LateAlerts {
    pub fn connect(&self, bus: EventBus) {
        let _ = self.0.set(bus);
    }
}

impl StaffAlerts for LateAlerts {
    fn alert(&self, alert: StaffAlert) {
        if let Some(bus) = self.0.get() {
            bus.alert(alert);
        }
    }
}

/// Publishes [`Event::HealthChanged`] whenever readiness or the set of
/// checks that are down changes, checking every `every`, until `stop`.
pub async fn watch_health(
    health: Arc<HealthRegistry>,
    bus: EventBus,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut last: Option<(bool, Vec<String>)> = None;
    loop {
        let report = health.run().await;
        let down: Vec<String> = report
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Down)
            .map(|c| c.name.clone())
            .collect();
        let now = (report.ready, down);
        if last.as_ref() != Some(&now) {
            if last.is_some() {
                tracing::info!(ready = now.0, down = ?now.1, "health changed");
            }
            bus.publish(Event::HealthChanged {
                ready: now.0,
                down: now.1.clone(),
            });
            last = Some(now);
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}
