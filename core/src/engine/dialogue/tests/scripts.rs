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
