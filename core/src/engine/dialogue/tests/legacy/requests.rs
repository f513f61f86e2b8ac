//! §13.2 cases 19–20: requests about an existing booking — late checkout in
//! two steps, a payment receipt sent as a picture.

use super::fakes::{Worker, bodies};
use crate::domain::{BookingRef, InboundContent, MediaRef};
use crate::engine::dialogue::tests::harness::{Harness, has, profile};
use crate::engine::dialogue::{HotelProfile, Step};

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
