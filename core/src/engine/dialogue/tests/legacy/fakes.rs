//! Test doubles for the legacy cases: stores that fail, the PMS with
//! availability down, and an in-memory worker that drives the engine through
//! its port as the conversation worker does (state and staff notes kept).

use crate::domain::{
    BookingRef, InboundContent, InboundMessage, Language, OutboundMessage, PhoneE164, Topic,
    WaMessageId,
};
use crate::engine::dialogue::tests::harness::Harness;
use crate::engine::dialogue::{DialogueState, Receptionist, ReceptionistEngine};
use crate::engine::knowledge::Answer;
use crate::ports::dialogue_states::{DialogueStates, StateStoreError, StoredState, TurnRecord};
use crate::ports::engine::{ConversationEngine, GuestTurn};
use crate::ports::knowledge::{KnowledgeBase, KnowledgeError};
use crate::ports::pms::{self, Pms, PmsError};
use crate::ports::staff_alerts::{StaffAlert, StaffAlerts};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A knowledge store that cannot be read.
pub(super) struct BrokenKnowledge;

#[async_trait]
impl KnowledgeBase for BrokenKnowledge {
    async fn topic(&self, _: Topic, _: Language) -> Result<Option<Answer>, KnowledgeError> {
        Err(KnowledgeError::Store("disk I/O error".into()))
    }
    async fn search(&self, _: &str, _: Language) -> Result<Option<Answer>, KnowledgeError> {
        Err(KnowledgeError::Store("disk I/O error".into()))
    }
}

/// Dialogue states in memory, for driving the engine as the worker does.
#[derive(Default)]
pub(super) struct MemoryStates {
    states: Mutex<HashMap<i64, StoredState>>,
    notes: Mutex<Vec<String>>,
}

#[async_trait]
impl DialogueStates for MemoryStates {
    async fn load(&self, id: i64) -> Result<Option<StoredState>, StateStoreError> {
        Ok(self.states.lock().expect("lock").get(&id).cloned())
    }
    async fn save(&self, id: i64, s: &StoredState) -> Result<(), StateStoreError> {
        self.states.lock().expect("lock").insert(id, s.clone());
        Ok(())
    }
    async fn add_notes(&self, _: i64, _: &str, notes: &[String]) -> Result<(), StateStoreError> {
        self.notes.lock().expect("lock").extend_from_slice(notes);
        Ok(())
    }
    async fn record_turn(
        &self,
        _: i64,
        _: &str,
        _: &TurnRecord,
        _: i64,
    ) -> Result<(), StateStoreError> {
        Ok(())
    }
}

/// What the engine told staff, in order (the dashboard's bus in the daemon).
#[derive(Default)]
pub(super) struct RecordedAlerts(Mutex<Vec<StaffAlert>>);

impl StaffAlerts for RecordedAlerts {
    fn alert(&self, alert: StaffAlert) {
        self.0.lock().expect("lock").push(alert);
    }
}

pub(super) struct Worker {
    engine: ReceptionistEngine,
    states: Arc<MemoryStates>,
    alerts: Arc<RecordedAlerts>,
    next: u32,
}

impl Worker {
    pub(super) fn new(h: &Harness) -> Self {
        let states = Arc::new(MemoryStates::default());
        let bot = Receptionist::new(h.bot.deps().clone()).expect("receptionist");
        let alerts = Arc::new(RecordedAlerts::default());
        Self {
            engine: ReceptionistEngine::new(bot, states.clone()).with_alerts(alerts.clone()),
            states,
            alerts,
            next: 0,
        }
    }

    pub(super) async fn send(&mut self, content: InboundContent) -> (String, Vec<OutboundMessage>) {
        self.next += 1;
        let id = format!("wamid.L{}", self.next);
        let turn = GuestTurn {
            conversation_id: 7,
            guest: PhoneE164::parse("+59899123456").expect("phone"),
            guest_name: None,
            phone_number_id: "106540352242922".into(),
            message: InboundMessage {
                id: WaMessageId(id.clone()),
                from: "59899123456".into(),
                timestamp: 1_795_000_000 + i64::from(self.next),
                profile_name: None,
                context: None,
                referral: None,
                content,
            },
            voice: None,
        };
        let out = self.engine.respond(&turn).await.expect("respond");
        (id, out)
    }

    pub(super) async fn text(&mut self, body: &str) -> String {
        let (_, out) = self
            .send(InboundContent::Text {
                body: body.to_string(),
            })
            .await;
        bodies(&out)
    }

    pub(super) fn notes(&self) -> Vec<String> {
        self.states.notes.lock().expect("lock").clone()
    }

    pub(super) fn alerts(&self) -> Vec<StaffAlert> {
        self.alerts.0.lock().expect("lock").clone()
    }

    /// The conversation's state as the engine stored it.
    pub(super) fn state(&self) -> DialogueState {
        let stored = self.states.states.lock().expect("lock");
        let after = &stored.get(&7).expect("stored state").after;
        serde_json::from_str(after).expect("state json")
    }
}

pub(super) fn bodies(out: &[OutboundMessage]) -> String {
    out.iter()
        .filter_map(|m| match m {
            OutboundMessage::Text { body, .. } | OutboundMessage::Buttons { body, .. } => {
                Some(body.as_str())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The demo PMS with availability down (timeouts, 5xx, breaker open).
pub(super) struct QuotesDown(pub(super) Arc<dyn Pms>);

#[async_trait]
impl pms::PmsCatalog for QuotesDown {
    async fn hotel_info(&self) -> Result<pms::Fetched<pms::HotelInfo>, PmsError> {
        self.0.hotel_info().await
    }
    async fn room_types(&self) -> Result<pms::Fetched<Vec<pms::RoomType>>, PmsError> {
        self.0.room_types().await
    }
}

#[async_trait]
impl pms::PmsAvailability for QuotesDown {
    async fn quote(&self, _: &pms::QuoteRequest) -> Result<pms::Quote, PmsError> {
        Err(PmsError::Down("circuit open".into()))
    }
}

#[async_trait]
impl pms::PmsBookings for QuotesDown {
    async fn create_booking(&self, r: &pms::BookingRequest) -> Result<pms::Booking, PmsError> {
        self.0.create_booking(r).await
    }
    async fn get_booking(&self, r: &BookingRef) -> Result<pms::Booking, PmsError> {
        self.0.get_booking(r).await
    }
    async fn find_bookings(&self, g: &pms::GuestLookup) -> Result<Vec<pms::Booking>, PmsError> {
        self.0.find_bookings(g).await
    }
    async fn cancel_booking(&self, r: &BookingRef) -> Result<pms::Booking, PmsError> {
        self.0.cancel_booking(r).await
    }
    async fn modify_booking(
        &self,
        r: &BookingRef,
        c: &pms::BookingChange,
    ) -> Result<pms::Booking, PmsError> {
        self.0.modify_booking(r, c).await
    }
}

impl Pms for QuotesDown {
    fn capabilities(&self) -> pms::Capabilities {
        self.0.capabilities()
    }
}
