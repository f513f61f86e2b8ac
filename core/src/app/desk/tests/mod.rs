//! The desk against the real stack: SQLite, the conversation worker and the
//! receptionist (demo PMS, seeded knowledge), with a manual clock.

mod catalog;
mod lists;
mod metrics;
mod reply;
mod takeover;

use super::*;
use crate::adapters::demo_pms::DemoPms;
use crate::adapters::locks::InProcessLocks;
use crate::adapters::sqlite::{
    self, DEMO_KNOWLEDGE, InboxRow, SqliteDialogueStates, SqliteHours, SqliteKnowledge, test_db,
};
use crate::config::HotelSettings;
use crate::engine::dialogue::{Deps, Receptionist, ReceptionistEngine, profile_from_settings};
use crate::events::EventBus;
use crate::ports::clock::ManualClock;
use crate::workers::ConversationWorker;
use chrono::{TimeZone, Utc};
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};
use tokio::sync::Notify;

pub(super) const NUMBER: &str = "106540352242922";

pub(super) struct Fx {
    pub db: SqlitePool,
    pub desk: Desk,
    pub clock: ManualClock,
    worker: ConversationWorker,
    seq: AtomicI64,
    _dir: tempfile::TempDir,
}

/// Monday 30 November 2026, noon in the hotel (Montevideo, UTC-3).
pub(super) async fn fx() -> Fx {
    fx_with_template(None).await
}

pub(super) async fn fx_with_template(template: Option<(&str, &str)>) -> Fx {
    let (dir, db) = test_db::fresh().await;
    sqlite::seed_if_empty(&db, DEMO_KNOWLEDGE, "t")
        .await
        .expect("seed knowledge");
    let clock = ManualClock::at(
        Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
            .single()
            .expect("time"),
    );
    let knowledge = Arc::new(SqliteKnowledge::new(db.clone()));
    let hotel = HotelSettings::default();
    let profile =
        profile_from_settings(&hotel, std::time::Duration::from_secs(300)).expect("profile");
    let hours = Arc::new(SqliteHours::new(db.clone(), profile.tz));
    crate::app::receptionist::seed_hours(&hours, &profile.hours, "t")
        .await
        .expect("seed hours");
    let deps = Deps {
        pms: Arc::new(DemoPms::open(db.clone()).await.expect("demo pms")),
        locks: Arc::new(InProcessLocks::default()),
        knowledge: knowledge.clone(),
        hours: hours.clone(),
        clock: Arc::new(clock.clone()),
        profile,
    };
    let states: Arc<dyn DialogueStates> = Arc::new(SqliteDialogueStates(db.clone()));
    let engine = ReceptionistEngine::new(Receptionist::new(deps).expect("bot"), states.clone());
    let worker = ConversationWorker {
        db: db.clone(),
        writer: db.clone(),
        turn: crate::adapters::sqlite::BackgroundTurn::default(),
        engine: Arc::new(engine),
        events: EventBus::default(),
        clock: Arc::new(clock.clone()),
        sender_wake: Arc::new(Notify::new()),
        media_wake: Arc::new(Notify::new()),
        voice: None,
    };
    let desk = Desk {
        hours,
        db: db.clone(),
        states,
        clock: Arc::new(clock.clone()),
        knowledge,
        configured_template: template.map(|(n, l)| (n.to_string(), l.to_string())),
        tz: hotel.timezone.parse().expect("tz"),
    };
    Fx {
        db,
        desk,
        clock,
        worker,
        seq: AtomicI64::new(0),
        _dir: dir,
    }
}

impl Fx {
    /// `guest` (digits) writes `text` now; the real worker and receptionist
    /// process it. Returns the conversation id.
    pub async fn guest_writes(&self, guest: &str, text: &str) -> i64 {
        let n = self.seq.fetch_add(1, Ordering::SeqCst);
        let ts = self.clock.now_ms() / 1000;
        let payload = json!({"id": format!("wamid.T{n}"), "from": guest, "timestamp": ts,
            "profile_name": "Lucía", "context": null, "referral": null,
            "content": {"type": "text", "body": text}})
        .to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO wa_inbox (kind, wa_id, phone_number_id, chat_key, provider_ts, payload, \
             received_at_ms, delivery_id, state) VALUES ('message', ?, ?, ?, ?, ?, ?, 't', 'pending') \
             RETURNING id",
        )
        .bind(format!("wamid.T{n}"))
        .bind(NUMBER)
        .bind(guest)
        .bind(ts)
        .bind(&payload)
        .bind(self.clock.now_ms())
        .fetch_one(&self.db)
        .await
        .expect("inbox row");
        let row = InboxRow {
            id,
            kind: "message".into(),
            wa_id: format!("wamid.T{n}"),
            phone_number_id: NUMBER.into(),
            chat_key: guest.into(),
            provider_ts: ts,
            payload,
            attempts: 0,
            not_before_ms: 0,
        };
        self.worker.process(&row).await.expect("processed");
        sqlx::query_scalar(
            "SELECT c.id FROM conversations c JOIN guests g ON g.id = c.guest_id WHERE g.phone = ?",
        )
        .bind(format!("+{guest}"))
        .fetch_one(&self.db)
        .await
        .expect("conversation")
    }

    /// Texts in the outbox, oldest first.
    pub async fn outbox(&self) -> Vec<String> {
        sqlx::query_scalar(
            "SELECT coalesce(m.body, m.kind) FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY o.id",
        )
        .fetch_all(&self.db)
        .await
        .expect("outbox")
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db)
            .await
            .expect("count")
    }
}
