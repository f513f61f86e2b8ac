//! Staff actions against the real SQLite state store.

use super::*;
use crate::adapters::sqlite::{SqliteDialogueStates, test_db};
use crate::engine::dialogue::HandoffReason;
use chrono::TimeZone;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, h, 0, 0)
        .single()
        .expect("time")
}

async fn stored(states: &SqliteDialogueStates, id: i64) -> (DialogueState, DialogueState, i64) {
    let s = states.load(id).await.expect("load").expect("stored");
    (
        serde_json::from_str(&s.before).expect("before"),
        serde_json::from_str(&s.after).expect("after"),
        s.version,
    )
}

#[tokio::test]
async fn take_over_and_hand_back_change_both_stored_states() {
    let (_dir, db) = test_db::fresh().await;
    let states = SqliteDialogueStates(db);
    let bot = DialogueState {
        misunderstood: 1,
        ..DialogueState::default()
    };
    let json = serde_json::to_string(&bot).expect("json");
    states
        .save(
            7,
            &StoredState {
                last_message_id: "wamid.1".into(),
                before: json.clone(),
                after: json,
                version: 0,
            },
        )
        .await
        .expect("save");

    let (was, now) = apply_staff_action(&states, 7, StaffAction::TakeOver, at(12))
        .await
        .expect("take over");
    assert_eq!((was, now), (ConversationMode::Bot, ConversationMode::Human));
    let (before, after, version) = stored(&states, 7).await;
    assert_eq!(version, 2);
    for s in [&before, &after] {
        assert_eq!(s.mode, ConversationMode::Human);
        assert_eq!(s.human_since, Some(at(12)));
        assert_eq!(s.misunderstood, 0);
    }

    let (was, now) = apply_staff_action(&states, 7, StaffAction::HandBack, at(13))
        .await
        .expect("hand back");
    assert_eq!((was, now), (ConversationMode::Human, ConversationMode::Bot));
    let (before, after, _) = stored(&states, 7).await;
    assert_eq!(before.mode, ConversationMode::Bot);
    assert_eq!(after.mode, ConversationMode::Bot);
    assert_eq!(after.human_since, None);
}

#[tokio::test]
async fn a_takeover_keeps_the_bots_handoff_reason_and_activity_restarts_the_idle_time() {
    let (_dir, db) = test_db::fresh().await;
    let states = SqliteDialogueStates(db);
    let mut s = DialogueState::default();
    s.hand_off(HandoffReason::Complaint, at(10));
    let json = serde_json::to_string(&s).expect("json");
    states
        .save(
            3,
            &StoredState {
                last_message_id: "wamid.9".into(),
                before: json.clone(),
                after: json,
                version: 0,
            },
        )
        .await
        .expect("save");
    apply_staff_action(&states, 3, StaffAction::TakeOver, at(11))
        .await
        .expect("take over");
    let (_, after, _) = stored(&states, 3).await;
    assert_eq!(after.handoff_reason, Some(HandoffReason::Complaint));
    apply_staff_action(&states, 3, StaffAction::Active, at(15))
        .await
        .expect("active");
    let (_, after, _) = stored(&states, 3).await;
    assert_eq!(after.human_since, Some(at(15)));
}

#[tokio::test]
async fn a_conversation_without_state_can_be_taken_over() {
    let (_dir, db) = test_db::fresh().await;
    let states = SqliteDialogueStates(db);
    let (was, now) = apply_staff_action(&states, 5, StaffAction::TakeOver, at(9))
        .await
        .expect("take over");
    assert_eq!((was, now), (ConversationMode::Bot, ConversationMode::Human));
    let s = states.load(5).await.expect("load").expect("stored");
    assert_eq!(s.last_message_id, "");
    let after: DialogueState = serde_json::from_str(&s.after).expect("after");
    assert_eq!(after.mode, ConversationMode::Human);
}

/// A bot turn loaded the state, staff took over, then the turn tried to save:
/// its save is refused, so the takeover stands.
#[tokio::test]
async fn a_bot_turn_that_loaded_before_a_takeover_cannot_overwrite_it() {
    let (_dir, db) = test_db::fresh().await;
    let states = SqliteDialogueStates(db);
    let json = serde_json::to_string(&DialogueState::default()).expect("json");
    let first = StoredState {
        last_message_id: "wamid.1".into(),
        before: json.clone(),
        after: json.clone(),
        version: 0,
    };
    states.save(1, &first).await.expect("save");
    let loaded_by_bot = states.load(1).await.expect("load").expect("stored");
    apply_staff_action(&states, 1, StaffAction::TakeOver, at(12))
        .await
        .expect("take over");
    let bot_save = StoredState {
        last_message_id: "wamid.2".into(),
        before: json.clone(),
        after: json,
        version: loaded_by_bot.version,
    };
    let err = states.save(1, &bot_save).await.expect_err("stale save");
    assert!(matches!(err, StateStoreError::Conflict(1)), "{err}");
    let (_, after, _) = stored(&states, 1).await;
    assert_eq!(after.mode, ConversationMode::Human);
}
