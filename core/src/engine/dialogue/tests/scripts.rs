//! Conversations as guests have them, one test per behaviour.

use super::harness::{Harness, has};
use crate::domain::Email;
use crate::engine::dialogue::{ConversationMode, HandoffReason, Step};
use crate::ports::pms::{GuestLookup, Pms};
use chrono::{TimeZone, Utc};

async fn bookings_of(pms: &dyn Pms, email: &str) -> usize {
    pms.find_bookings(&GuestLookup::Email(Email::parse(email).expect("email")))
        .await
        .expect("find")
        .len()
}

/// Drives a Spanish booking up to the read-back.
async fn to_readback(h: &mut Harness) -> String {
    h.say("hola! tienen lugar del 15 al 18 de marzo?").await;
    h.say("somos 2").await;
    h.say("1").await;
    h.say("Ana Pérez").await;
    h.say("ana@example.com").await
}

#[tokio::test]
async fn es_booking_from_greeting_to_confirmation_with_the_pms_reference() {
    let mut h = Harness::new().await;
    has(&h.say("hola").await, &["Hotel Costa Serena"]);
    has(
        &h.say("tienen lugar del 15 al 18 de marzo?").await,
        &["personas"],
    );
    let offers = h.say("somos 2").await;
    has(
        &offers,
        &[
            "Habitación Estándar: US$ 88 por noche, total US$ 264",
            "Habitación Twin",
            "impuestos incluidos",
        ],
    );
    has(&h.say("la primera").await, &["nombre"]);
    has(&h.say("Ana Pérez").await, &["email"]);
    let readback = h.say("ana@example.com").await;
    has(
        &readback,
        &[
            "Habitación Estándar",
            "lunes 15 de marzo",
            "jueves 18 de marzo",
            "3 noches",
            "2 adultos",
            "Ana Pérez",
            "US$ 264",
            "¿Confirmo",
        ],
    );
    let done = h.say("sí").await;
    has(&done, &["reserva confirmada", "lunes 15 de marzo", "14:00"]);
    assert_eq!(h.state.made.len(), 1);
    assert!(
        done.contains(&h.state.made[0]),
        "the PMS reference is given: {done}"
    );
    assert_eq!(bookings_of(h.pms.as_ref(), "ana@example.com").await, 1);
    assert_eq!(h.state.step, Step::Idle);
}

#[tokio::test]
async fn saying_yes_twice_or_a_redelivered_yes_books_once() {
    let mut h = Harness::new().await;
    to_readback(&mut h).await;
    let before_yes = h.state.clone();
    has(&h.say("sí").await, &["reserva confirmada"]);
    h.say("sí").await;
    // The worker processing the same message again after a crash starts from the old state.
    h.state = before_yes;
    has(&h.say("sí").await, &["reserva confirmada"]);
    assert_eq!(bookings_of(h.pms.as_ref(), "ana@example.com").await, 1);
}

#[tokio::test]
async fn corrections_during_the_read_back_update_and_confirm_again() {
    let mut h = Harness::new().await;
    to_readback(&mut h).await;
    let again = h.say("no, mejor desde el 20").await;
    has(
        &again,
        &[
            "sábado 20 de marzo",
            "martes 23 de marzo",
            "3 noches",
            "¿Confirmo",
        ],
    );
    let bigger = h.say("somos 3 adultos").await;
    assert!(
        !bigger.contains("Habitación Estándar:"),
        "a standard room does not take 3 adults: {bigger}"
    );
    has(&bigger, &["3 adultos"]);
}

#[tokio::test]
async fn forget_it_abandons_the_booking() {
    let mut h = Harness::new().await;
    h.say("quiero reservar del 15 al 18 de marzo para 2").await;
    has(&h.say("olvidalo").await, &["dejo la reserva sin hacer"]);
    assert_eq!(h.state.step, Step::Idle);
    assert!(h.state.offers.is_empty());
}

#[tokio::test]
async fn a_side_question_mid_flow_is_answered_and_the_flow_resumes() {
    let mut h = Harness::new().await;
    has(
        &h.say("tienen disponibilidad del 15 al 18 de marzo?").await,
        &["personas"],
    );
    let side = h.say("tienen estacionamiento?").await;
    has(&side, &["estacionamiento cubierto", "personas"]);
    assert_eq!(h.state.step, Step::AskGuests);
    has(&h.say("2 adultos").await, &["Habitación Estándar"]);
}

#[tokio::test]
async fn en_availability_with_prices_per_night_and_total() {
    let mut h = Harness::new().await;
    let offers = h
        .say("Hi, do you have a room from March 15 to 18 for 2 adults?")
        .await;
    has(
        &offers,
        &[
            "Standard Room: US$88 per night, US$264 in total",
            "Superior Sea View",
            "taxes included",
        ],
    );
}

#[tokio::test]
async fn pt_booking_flow() {
    let mut h = Harness::new().await;
    has(
        &h.say("Olá, quero reservar de 15 a 18 de março para 2 pessoas")
            .await,
        &["Quarto Standard", "por noite"],
    );
    has(&h.say("1").await, &["nome"]);
    has(&h.say("João Silva").await, &["e-mail"]);
    has(
        &h.say("joao@example.com").await,
        &["Confirmo a reserva?", "segunda-feira, 15 de março"],
    );
    has(&h.say("sim").await, &["reserva confirmada"]);
    assert_eq!(bookings_of(h.pms.as_ref(), "joao@example.com").await, 1);
}

#[tokio::test]
async fn nothing_free_offers_the_nearest_dates_from_the_pms() {
    let mut h = Harness::new().await;
    // The penthouse is a single unit: book it, then ask for it again for 4 guests.
    let big = h
        .say("tienen algo del 15 al 18 de marzo para 2 adultos y 2 niños de 5 y 7?")
        .await;
    has(&big, &["Penthouse"]);
}

#[tokio::test]
async fn hotel_information_comes_from_the_knowledge_base() {
    let mut h = Harness::new().await;
    has(&h.say("aceptan mascotas?").await, &["mascotas pequeñas"]);
    let turn = h.turn("dónde están ubicados?").await;
    assert!(
        turn.replies[0]
            .text
            .contains("Rambla Lorenzo Batlle Pacheco")
    );
    assert!(
        turn.replies[0].location.is_some(),
        "location sent as a WhatsApp location too"
    );
    has(&h.say("a qué hora es el check in?").await, &["14:00"]);
}

#[tokio::test]
async fn asking_for_a_person_hands_off_and_the_bot_then_stays_silent() {
    let mut h = Harness::new().await;
    let turn = h.turn("quiero hablar con una persona").await;
    assert_eq!(turn.handoff, Some(HandoffReason::Requested));
    has(&turn.replies[0].text, &["persona de recepción"]);
    assert_eq!(h.state.mode, ConversationMode::Human);
    assert!(
        h.turn("hola?").await.replies.is_empty(),
        "human mode: the bot sends nothing"
    );
    h.state.hand_back();
    assert!(!h.turn("hola").await.replies.is_empty());
}

#[tokio::test]
async fn after_hours_handoff_says_when_the_desk_opens_in_the_hotel_zone() {
    let mut h = Harness::new().await;
    // 23:00 in Montevideo is already 02:00 UTC of the next day.
    h.clock.set(
        Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0)
            .single()
            .expect("time"),
    );
    has(
        &h.say("quiero hablar con alguien de recepción").await,
        &["cerrada", "mañana a las 8:00"],
    );
    assert!(h.is_human());
}

#[tokio::test]
async fn urgent_messages_escalate_at_once_with_the_hotel_phone() {
    let mut h = Harness::new().await;
    let turn = h
        .turn("URGENTE se está inundando el baño de la habitación")
        .await;
    assert_eq!(turn.handoff, Some(HandoffReason::Urgent));
    has(&turn.replies[0].text, &["urgencia", "+598 4249 1234"]);
}

#[tokio::test]
async fn not_understood_twice_hands_off() {
    let mut h = Harness::new().await;
    has(&h.say("asdkjh qwpoeiru zmxn").await, &["no te entendí"]);
    assert!(!h.is_human());
    let turn = h.turn("qwe rty uiop asd").await;
    assert_eq!(turn.handoff, Some(HandoffReason::NotUnderstood));
}

#[tokio::test]
async fn cancel_states_the_policy_then_cancels_after_yes() {
    let mut h = Harness::new().await;
    to_readback(&mut h).await;
    h.say("sí").await;
    let r = h.state.made[0].clone();
    let ask = h.say("quiero cancelar mi reserva").await;
    has(&ask, &[&r, "política", "48 horas", "¿Confirmás"]);
    has(&h.say("sí").await, &["quedó cancelada"]);
    let b = h
        .pms
        .get_booking(&crate::domain::BookingRef::parse(&r).expect("ref"))
        .await
        .expect("booking");
    assert!(!b.status.is_active());
}

#[tokio::test]
async fn late_checkout_is_two_steps_and_recorded_for_staff() {
    let mut h = Harness::new().await;
    to_readback(&mut h).await;
    h.say("sí").await;
    let offer = h.say("puedo hacer late checkout?").await;
    has(&offer, &["salida tardía", "15:00", "¿Lo confirmo?"]);
    let turn = h.turn("sí").await;
    has(&turn.replies[0].text, &["registrado"]);
    assert!(
        turn.staff_notes.iter().any(|n| n.contains("LateCheckout")),
        "{:?}",
        turn.staff_notes
    );
}

/// A PMS that creates the booking but answers as if it were down, the first
/// time only (QloApps' 500-after-create): the guest hears the truth, staff
/// get a note, and saying "sí" again books nothing twice.
struct FailsFirstCreate {
    inner: std::sync::Arc<dyn Pms>,
    failed: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl crate::ports::pms::PmsCatalog for FailsFirstCreate {
    async fn hotel_info(
        &self,
    ) -> Result<crate::ports::pms::Fetched<crate::ports::pms::HotelInfo>, crate::ports::pms::PmsError>
    {
        self.inner.hotel_info().await
    }
    async fn room_types(
        &self,
    ) -> Result<
        crate::ports::pms::Fetched<Vec<crate::ports::pms::RoomType>>,
        crate::ports::pms::PmsError,
    > {
        self.inner.room_types().await
    }
}

#[async_trait::async_trait]
impl crate::ports::pms::PmsAvailability for FailsFirstCreate {
    async fn quote(
        &self,
        r: &crate::ports::pms::QuoteRequest,
    ) -> Result<crate::ports::pms::Quote, crate::ports::pms::PmsError> {
        self.inner.quote(r).await
    }
}

#[async_trait::async_trait]
impl crate::ports::pms::PmsBookings for FailsFirstCreate {
    async fn create_booking(
        &self,
        r: &crate::ports::pms::BookingRequest,
    ) -> Result<crate::ports::pms::Booking, crate::ports::pms::PmsError> {
        let booked = self.inner.create_booking(r).await?;
        if !self.failed.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Err(crate::ports::pms::PmsError::Down(
                "500 after the order was created".into(),
            ));
        }
        Ok(booked)
    }
    async fn get_booking(
        &self,
        r: &crate::domain::BookingRef,
    ) -> Result<crate::ports::pms::Booking, crate::ports::pms::PmsError> {
        self.inner.get_booking(r).await
    }
    async fn find_bookings(
        &self,
        g: &GuestLookup,
    ) -> Result<Vec<crate::ports::pms::Booking>, crate::ports::pms::PmsError> {
        self.inner.find_bookings(g).await
    }
    async fn cancel_booking(
        &self,
        r: &crate::domain::BookingRef,
    ) -> Result<crate::ports::pms::Booking, crate::ports::pms::PmsError> {
        self.inner.cancel_booking(r).await
    }
    async fn modify_booking(
        &self,
        r: &crate::domain::BookingRef,
        c: &crate::ports::pms::BookingChange,
    ) -> Result<crate::ports::pms::Booking, crate::ports::pms::PmsError> {
        self.inner.modify_booking(r, c).await
    }
}

impl Pms for FailsFirstCreate {
    fn capabilities(&self) -> crate::ports::pms::Capabilities {
        self.inner.capabilities()
    }
}

#[tokio::test]
async fn a_pms_failing_at_create_gets_the_truth_a_staff_note_and_no_double_booking() {
    let mut h = Harness::with_pms(|inner| {
        std::sync::Arc::new(FailsFirstCreate {
            inner,
            failed: std::sync::atomic::AtomicBool::new(false),
        })
    })
    .await;
    to_readback(&mut h).await;
    let before_yes = h.state.clone();
    let turn = h.turn("sí").await;
    assert_eq!(turn.handoff, Some(HandoffReason::BookingFailed));
    has(
        &turn.replies[0].text,
        &["No pude confirmar la reserva", "No la pidas de nuevo"],
    );
    assert!(
        turn.staff_notes
            .iter()
            .any(|n| n.contains("idempotency key")),
        "{:?}",
        turn.staff_notes
    );
    assert!(
        h.turn("sí").await.replies.is_empty(),
        "staff have it now: the bot is silent"
    );

    // The same message processed again (redelivery) sends the same key: still one booking.
    h.state = before_yes;
    has(&h.say("sí").await, &["reserva confirmada"]);
    assert_eq!(bookings_of(h.pms.as_ref(), "ana@example.com").await, 1);
}

#[tokio::test]
async fn two_guests_confirming_the_last_room_get_one_booking_and_one_just_taken() {
    let mut a = Harness::new().await;
    // Both conversations share one hotel: the second guest talks to the same PMS.
    let mut b = Harness::with_shared(&a).await;
    for (h, email) in [(&mut a, "a@example.com"), (&mut b, "b@example.com")] {
        h.say("quiero reservar el penthouse del 15 al 18 de marzo para 2 adultos")
            .await;
        h.say("Penthouse").await;
        h.say("Guest Uno").await;
        has(&h.say(email).await, &["Penthouse", "¿Confirmo"]);
    }
    has(&a.say("sí").await, &["reserva confirmada"]);
    let second = b.say("sí").await;
    has(&second, &["se acaba de ocupar"]);
    assert_eq!(
        bookings_of(a.pms.as_ref(), "a@example.com").await
            + bookings_of(a.pms.as_ref(), "b@example.com").await,
        1
    );
}
