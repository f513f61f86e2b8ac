//! §13.2 cases 16–18: what the guest and the staff get when the bot does not
//! understand, or a store or the PMS fails inside an answer.

use super::fakes::{BrokenKnowledge, QuotesDown, Worker};
use crate::domain::Language;
use crate::engine::dialogue::HandoffReason;
use crate::engine::dialogue::tests::harness::{Harness, has, profile};
use crate::ports::staff_alerts::StaffAlert;
use std::sync::Arc;

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
    // …and the note reaches the dashboards at once, not only the desk.
    assert_eq!(
        w.alerts(),
        vec![StaffAlert::Note {
            conversation_id: 7,
            note: notes[0].clone()
        }]
    );
}

// 18 ──────────────────────────────────────────────────────────────────────

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

/// Through the engine port, as the daemon runs it: the handoff and its staff
/// note are both pushed to staff (the admin API turns them into
/// `handoff_requested` events), after they are stored.
#[tokio::test]
async fn legacy_13_2_18_staff_are_alerted_of_the_handoff_and_the_note() {
    let h = Harness::with_pms(|p| Arc::new(QuotesDown(p))).await;
    let mut w = Worker::new(&h);
    w.text("tienen lugar del 15 al 18 de marzo para 2 adultos?")
        .await;
    let alerts = w.alerts();
    assert_eq!(
        alerts.first(),
        Some(&StaffAlert::Handoff {
            conversation_id: 7,
            reason: "pms_down".into()
        }),
        "{alerts:?}"
    );
    assert!(
        alerts
            .iter()
            .any(|a| matches!(a, StaffAlert::Note { note, .. } if note.contains("circuit open"))),
        "{alerts:?}"
    );
    assert_eq!(
        w.notes().len(),
        alerts.len() - 1,
        "every stored note is alerted"
    );
}
