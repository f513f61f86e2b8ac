//! §13.2 cases 12–15: business hours decide what the bot promises about a
//! person, never whether it answers.

use crate::engine::dialogue::HandoffReason;
use crate::engine::dialogue::HotelProfile;
use crate::engine::dialogue::tests::harness::{Harness, has, profile, t};
use crate::engine::hours::{HoursPolicy, TimeRange, WeeklyHours};
use chrono::{DateTime, TimeZone, Utc};

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
/// reply with the desk's hours, the next opening computed from them, and the
/// hint that URGENTE reaches the staff on duty.
#[tokio::test]
async fn legacy_13_2_12_after_hours_needs_staff() {
    let mut h = desk_at(utc(2026, 12, 3, 1, 0)).await;
    let turn = h.turn("necesito hablar con alguien de recepción").await;
    assert_eq!(turn.handoff, Some(HandoffReason::Requested));
    has(
        &turn.replies[0].text,
        &["cerrada", "9:00 - 21:00", "mañana a las 9:00", "URGENTE"],
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
