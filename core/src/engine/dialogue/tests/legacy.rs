//! The engine's share of the twenty behaviours of the old system
//! (`legacy-system.md` §13.2, cases 12–20), one named test each, against the
//! demo PMS with a fixed clock in the hotel's time zone (Montevideo, UTC-3).
//! Where our design deliberately differs, the test asserts ours and says why.

use super::harness::{Harness, has, profile, t};
use crate::domain::{
    BookingRef, InboundContent, InboundMessage, Language, MediaRef, OutboundMessage, PhoneE164,
    Topic, WaMessageId,
};
use crate::engine::dialogue::{
    DialogueState, HandoffReason, HotelProfile, Receptionist, ReceptionistEngine, Step,
};
use crate::engine::hours::{HoursPolicy, TimeRange, WeeklyHours};
use crate::engine::knowledge::Answer;
use crate::ports::dialogue_states::{DialogueStates, StateStoreError, StoredState, TurnRecord};
use crate::ports::engine::{ConversationEngine, GuestTurn};
use crate::ports::knowledge::{KnowledgeBase, KnowledgeError};
use crate::ports::pms::{self, Pms, PmsError};
use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The old system's desk: Monday to Friday 9:00–21:00, closed at weekends.
fn weekday_desk() -> HotelProfile {
    let p = profile();
    let day = vec![TimeRange {
        open: t("09:00"),
        close: t("21:00"),
    }];
    let weekly = WeeklyHours::new([
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        Vec::new(),
        Vec::new(),
    ])
    .expect("hours");
    HotelProfile {
        hours: HoursPolicy::new(p.tz, weekly, []),
        ..p
    }
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("time")
}

async fn desk_at(at: DateTime<Utc>) -> Harness {
    let h = Harness::custom(weekday_desk(), |p| p, |k| k).await;
    h.clock.set(at);
    h
}

// 12 ──────────────────────────────────────────────────────────────────────

/// Wednesday 22:00 in the hotel. What needs a person gets the after-hours
/// reply with the next opening computed from the hours, and the hint that
/// URGENTE reaches the staff on duty.
#[tokio::test]
async fn legacy_13_2_12_after_hours_needs_staff() {
    let mut h = desk_at(utc(2026, 12, 3, 1, 0)).await;
    let turn = h.turn("necesito hablar con alguien de recepción").await;
    assert_eq!(turn.handoff, Some(HandoffReason::Requested));
    has(
        &turn.replies[0].text,
        &["cerrada", "mañana a las 9:00", "URGENTE"],
    );
    assert!(h.is_human(), "queued for staff");
}

/// The old system answered "necesito una habitación" after hours with the
/// closed message and never looked at the PMS. Ours books without a person,
/// so the same message at the same hour starts the booking.
#[tokio::test]
async fn legacy_13_2_12_after_hours_a_room_request_is_still_served() {
    let mut h = desk_at(utc(2026, 12, 3, 1, 0)).await;
    let turn = h.turn("necesito una habitación").await;
    assert_eq!(turn.handoff, None);
    let text = &turn.replies[0].text;
    has(text, &["fechas"]);
    assert!(!text.contains("cerrada"), "{text}");
    assert!(!h.is_human());
}

// 13 ──────────────────────────────────────────────────────────────────────

#[tokio::test]
async fn legacy_13_2_13_urgent_after_hours_escalates_at_once() {
    let mut h = desk_at(utc(2026, 12, 3, 1, 0)).await;
    let turn = h.turn("Necesito disponibilidad URGENTE").await;
    assert_eq!(turn.handoff, Some(HandoffReason::Urgent));
    has(&turn.replies[0].text, &["urgencia", "+598 4249 1234"]);
    assert!(h.is_human());
    // The word alone, as the after-hours reply suggests, works too, even
    // while we wait for another answer.
    let mut h = desk_at(utc(2026, 12, 3, 1, 0)).await;
    h.say("quiero reservar").await;
    assert_eq!(h.turn("URGENTE").await.handoff, Some(HandoffReason::Urgent));
}

// 14 ──────────────────────────────────────────────────────────────────────

/// Sunday 23:00 in Montevideo is already Monday 02:00 UTC: judged in UTC the
/// desk would open "today"; in the hotel's zone it is the weekend and the
/// desk opens tomorrow, Monday.
#[tokio::test]
async fn legacy_13_2_14_weekend_in_the_hotel_time_zone() {
    let at = utc(2026, 12, 7, 2, 0);
    let mut h = desk_at(at).await;
    assert!(h.bot.deps().profile.hours.is_weekend(at));
    let text = h.say("quiero hablar con una persona").await;
    has(&text, &["cerrada", "mañana a las 9:00", "URGENTE"]);
    assert!(!text.contains("hoy"), "{text}");

    // Saturday noon: the weekend variant names Monday.
    let mut h = desk_at(utc(2026, 12, 5, 15, 0)).await;
    has(
        &h.say("quiero hablar con una persona").await,
        &["cerrada", "el lunes a las 9:00", "URGENTE"],
    );
}

// 15 ──────────────────────────────────────────────────────────────────────

/// Information, prices and location need no person: answered at any hour
/// from the hotel's own facts, without handing off.
#[tokio::test]
async fn legacy_13_2_15_information_is_answered_24_7() {
    let mut h = desk_at(utc(2026, 12, 7, 2, 0)).await;
    for (question, expected) in [
        ("aceptan mascotas?", "mascotas pequeñas"),
        ("a qué hora es el check in?", "14:00"),
        ("cuál es la política de cancelación?", "48 horas"),
    ] {
        let turn = h.turn(question).await;
        assert_eq!(turn.handoff, None, "{question}");
        has(&turn.replies[0].text, &[expected]);
    }
    let turn = h.turn("dónde están ubicados?").await;
    assert!(turn.replies[0].location.is_some());
    let prices = h
        .say("cuánto sale del 15 al 18 de marzo para 2 adultos?")
        .await;
    has(&prices, &["por noche", "total"]);
    assert!(!h.is_human());
}

// 16 ──────────────────────────────────────────────────────────────────────

/// Nothing the classifier is sure of: a specific clarification with the
/// options (as buttons and in the text), in the conversation's language.
#[tokio::test]
async fn legacy_13_2_16_low_confidence_asks_to_rephrase_with_options() {
    for (lang, expected) in [
        (Language::Es, "disponibilidad"),
        (Language::En, "availability"),
        (Language::Pt, "disponibilidade"),
    ] {
        let mut h = Harness::new().await;
        h.state.lang = Some(lang);
        let turn = h.turn("asdkjh qwpoeiru zmxn").await;
        assert_eq!(turn.handoff, None);
        has(&turn.replies[0].text, &[expected]);
        assert!(
            !turn.replies[0].buttons.is_empty(),
            "options as buttons too"
        );
        assert_eq!(h.state.misunderstood, 1);
    }
}

// 17 ──────────────────────────────────────────────────────────────────────

/// A knowledge store that cannot be read.
struct BrokenKnowledge;

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
struct MemoryStates {
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

struct Worker {
    engine: ReceptionistEngine,
    states: Arc<MemoryStates>,
    next: u32,
}

impl Worker {
    fn new(h: &Harness) -> Self {
        let states = Arc::new(MemoryStates::default());
        let bot = Receptionist::new(h.bot.deps().clone()).expect("receptionist");
        Self {
            engine: ReceptionistEngine::new(bot, states.clone()),
            states,
            next: 0,
        }
    }

    async fn send(&mut self, content: InboundContent) -> (String, Vec<OutboundMessage>) {
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

    async fn text(&mut self, body: &str) -> String {
        let (_, out) = self
            .send(InboundContent::Text {
                body: body.to_string(),
            })
            .await;
        bodies(&out)
    }

    fn notes(&self) -> Vec<String> {
        self.states.notes.lock().expect("lock").clone()
    }

    /// The conversation's state as the engine stored it.
    fn state(&self) -> DialogueState {
        let stored = self.states.states.lock().expect("lock");
        let after = &stored.get(&7).expect("stored state").after;
        serde_json::from_str(after).expect("state json")
    }
}

fn bodies(out: &[OutboundMessage]) -> String {
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

/// Our understanding runs in process and cannot be "down" as the old NLP
/// service could; what can fail inside an answer is the knowledge store. The
/// guest still gets a helpful message and staff get the message with the
/// reason (our staff note plays the old dead-letter queue's part here).
#[tokio::test]
async fn legacy_13_2_17_failure_inside_the_answer_degrades_and_tells_staff() {
    let h = Harness::custom(profile(), |p| p, |_| Arc::new(BrokenKnowledge)).await;
    let mut w = Worker::new(&h);
    let reply = w.text("hola asdf, aceptan mascotas?").await;
    has(&reply, &["problema técnico", "disponibilidad"]);
    let notes = w.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("knowledge store"), "{notes:?}");
}

// 18 ──────────────────────────────────────────────────────────────────────

/// The demo PMS with availability down (timeouts, 5xx, breaker open).
struct QuotesDown(Arc<dyn Pms>);

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

#[tokio::test]
async fn legacy_13_2_18_pms_down_while_checking_availability_degrades_and_tells_staff() {
    let mut h = Harness::with_pms(|p| Arc::new(QuotesDown(p))).await;
    let turn = h
        .turn("tienen lugar del 15 al 18 de marzo para 2 adultos?")
        .await;
    assert_eq!(turn.handoff, Some(HandoffReason::PmsDown));
    has(
        &turn.replies[0].text,
        &["no puedo consultar el sistema de reservas"],
    );
    assert!(
        turn.staff_notes.iter().any(|n| n.contains("circuit open")),
        "{:?}",
        turn.staff_notes
    );
    assert!(h.is_human(), "in the staff queue");
}

// 19 ──────────────────────────────────────────────────────────────────────

/// Books 15–18 March through the conversation; returns the PMS reference.
async fn booked(h: &mut Harness) -> String {
    h.say("hola! tienen lugar del 15 al 18 de marzo?").await;
    h.say("somos 2").await;
    h.say("1").await;
    h.say("Ana Pérez").await;
    h.say("ana@example.com").await;
    has(&h.say("sí").await, &["reserva confirmada"]);
    h.state.made[0].clone()
}

#[tokio::test]
async fn legacy_13_2_19_late_checkout_offer_then_yes_is_recorded_once() {
    let mut h = Harness::new().await;
    let r = booked(&mut h).await;
    let offer = h.say("necesito late checkout").await;
    has(&offer, &["salida tardía", "15:00", "US$", "¿Lo confirmo?"]);
    assert!(matches!(h.state.step, Step::ConfirmLate { .. }));
    let turn = h.turn("sí, confirmo").await;
    has(&turn.replies[0].text, &["registrado", &r]);
    assert_eq!(
        turn.staff_notes
            .iter()
            .filter(|n| n.contains("LateCheckout"))
            .count(),
        1
    );
    assert_eq!(h.state.step, Step::Idle, "the pending request is cleared");
    let again = h.turn("sí").await;
    assert!(
        !again.staff_notes.iter().any(|n| n.contains("LateCheckout")),
        "a second yes records nothing more"
    );
}

#[tokio::test]
async fn legacy_13_2_19_late_checkout_no_cancelar_drops_the_request_not_the_booking() {
    let mut h = Harness::new().await;
    let r = booked(&mut h).await;
    h.say("necesito late checkout").await;
    let turn = h.turn("no, cancelar").await;
    let text = &turn.replies[0].text;
    has(text, &["cancelé la solicitud", &r]);
    assert!(
        !text.contains("política"),
        "no cancellation of the stay: {text}"
    );
    assert_eq!(h.state.step, Step::Idle);
    let b = h
        .pms
        .get_booking(&BookingRef::parse(&r).expect("ref"))
        .await
        .expect("booking");
    assert!(b.status.is_active(), "the booking itself is untouched");
}

#[tokio::test]
async fn legacy_13_2_19_late_checkout_without_a_booking_asks_for_its_number() {
    let mut booker = Harness::new().await;
    let r = booked(&mut booker).await;
    // Another guest, writing from a phone with no booking.
    let mut h = Harness::with_shared(&booker).await;
    has(
        &h.say("necesito late checkout").await,
        &["número de reserva"],
    );
    assert!(matches!(h.state.step, Step::AskBookingRef { .. }));
    // The awaited answer is consumed on the next message.
    has(&h.say(&r).await, &["salida tardía", "¿Lo confirmo?"]);
}

#[tokio::test]
async fn legacy_13_2_19_late_checkout_fee_zero_is_no_charge() {
    let free = HotelProfile {
        late_fee_percent: 0,
        ..profile()
    };
    let mut h = Harness::custom(free, |p| p, |k| k).await;
    booked(&mut h).await;
    let offer = h.say("necesito late checkout").await;
    has(&offer, &["sin cargo adicional", "15:00"]);
    assert!(!offer.contains("US$"), "{offer}");
}

// 20 ──────────────────────────────────────────────────────────────────────

fn image() -> InboundContent {
    InboundContent::Image {
        media: MediaRef {
            media_id: "1234567890".into(),
            mime_type: Some("image/jpeg".into()),
            sha256: None,
            caption: None,
            filename: None,
        },
    }
}

/// The old system answered a receipt with a QR code; we take no payments,
/// so the receipt is acknowledged with the booking reference and staff are
/// told to check it.
#[tokio::test]
async fn legacy_13_2_20_payment_proof_with_a_booking_is_acknowledged_for_staff() {
    let h = Harness::new().await;
    let mut w = Worker::new(&h);
    w.text("hola! tienen lugar del 15 al 18 de marzo?").await;
    w.text("somos 2").await;
    w.text("1").await;
    w.text("Ana Pérez").await;
    w.text("ana@example.com").await;
    let done = w.text("sí").await;
    has(&done, &["reserva confirmada"]);
    let reference = w.state().made[0].clone();
    let (_, out) = w.send(image()).await;
    has(&bodies(&out), &["comprobante", &reference]);
    let notes = w.notes();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("payment receipt") && n.contains(&reference)),
        "{notes:?}"
    );
}

/// Without a booking, the old system reacted 👍. A reaction alone would leave
/// the guest thinking we read the picture; we say we read text only.
#[tokio::test]
async fn legacy_13_2_20_an_image_without_a_booking_asks_for_text() {
    let h = Harness::new().await;
    let mut w = Worker::new(&h);
    let (_, out) = w.send(image()).await;
    has(&bodies(&out), &["mensajes escritos"]);
    assert!(w.notes().is_empty());
}
