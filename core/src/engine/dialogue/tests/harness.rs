use crate::adapters::demo_pms::DemoPms;
use crate::adapters::locks::InProcessLocks;
use crate::adapters::sqlite::{self, DEMO_KNOWLEDGE, SqliteKnowledge};
use crate::config::StorageSettings;
use crate::domain::{Language, PhoneE164};
use crate::engine::dialogue::{
    ConversationMode, Deps, DialogueState, HotelProfile, Receptionist, Turn,
};
use crate::engine::hours::{HoursPolicy, TimeRange, WeeklyHours};
use crate::ports::clock::ManualClock;
use crate::ports::knowledge::KnowledgeBase;
use crate::ports::pms::Pms;
use chrono::{NaiveTime, TimeZone, Utc};
use std::sync::Arc;
use std::time::Duration;

pub fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").expect("time")
}

/// The demo hotel is in Punta del Este: Montevideo time (UTC-3).
pub fn profile() -> HotelProfile {
    let tz = HoursPolicy::parse_tz("America/Montevideo").expect("tz");
    HotelProfile {
        property: "demo".into(),
        tz,
        default_language: Language::Es,
        calling_code: "598".into(),
        hours: HoursPolicy::new(
            tz,
            WeeklyHours::every_day(vec![TimeRange {
                open: t("08:00"),
                close: t("20:00"),
            }])
            .expect("hours"),
            [],
        ),
        hold_ttl: Duration::from_secs(300),
        late_checkout_until: t("15:00"),
        early_checkin_from: t("10:00"),
        late_fee_percent: 50,
        human_idle_return: chrono::Duration::hours(12),
    }
}

pub struct Harness {
    _dir: Option<tempfile::TempDir>,
    pub pms: Arc<dyn Pms>,
    pub clock: Arc<ManualClock>,
    pub bot: Receptionist,
    pub state: DialogueState,
    pub conversation: String,
    pub phone: PhoneE164,
}

impl Harness {
    /// Monday 30 November 2026, noon in the hotel (desk open).
    pub async fn new() -> Self {
        Self::with_pms(|p| p).await
    }

    pub async fn with_pms(wrap: impl FnOnce(Arc<dyn Pms>) -> Arc<dyn Pms>) -> Self {
        Self::custom(profile(), wrap, |k| k).await
    }

    /// Any hotel profile, PMS and knowledge base (wrapped to fail, say).
    pub async fn custom(
        profile: HotelProfile,
        wrap: impl FnOnce(Arc<dyn Pms>) -> Arc<dyn Pms>,
        wrap_knowledge: impl FnOnce(Arc<dyn KnowledgeBase>) -> Arc<dyn KnowledgeBase>,
    ) -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let storage = StorageSettings {
            data_dir: dir.path().to_path_buf(),
            ..StorageSettings::default()
        };
        let pool = sqlite::open(&storage).await.expect("open");
        sqlite::migrate(&pool).await.expect("migrate");
        sqlite::seed_if_empty(&pool, DEMO_KNOWLEDGE, "t")
            .await
            .expect("seed knowledge");
        let pms: Arc<dyn Pms> = wrap(Arc::new(
            DemoPms::open(pool.clone()).await.expect("demo pms"),
        ));
        let clock = Arc::new(ManualClock::at(
            Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
                .single()
                .expect("time"),
        ));
        let deps = Deps {
            pms: pms.clone(),
            locks: Arc::new(InProcessLocks::default()),
            knowledge: wrap_knowledge(Arc::new(SqliteKnowledge::new(pool))),
            hours: Arc::new(profile.hours.clone()),
            clock: clock.clone(),
            profile,
        };
        Self {
            _dir: Some(dir),
            pms,
            clock,
            bot: Receptionist::new(deps).expect("receptionist"),
            state: DialogueState::default(),
            conversation: "conv-1".into(),
            phone: PhoneE164::parse("+59899123456").expect("phone"),
        }
    }

    /// A second guest of the same hotel: same PMS, holds and knowledge.
    pub async fn with_shared(other: &Harness) -> Self {
        Self {
            _dir: None,
            pms: other.pms.clone(),
            clock: other.clock.clone(),
            bot: Receptionist::new(other.bot.deps().clone()).expect("receptionist"),
            state: DialogueState::default(),
            conversation: "conv-2".into(),
            phone: PhoneE164::parse("+59899654321").expect("phone"),
        }
    }

    pub async fn turn(&mut self, text: &str) -> Turn {
        let phone = self.phone.clone();
        self.bot
            .turn(&self.conversation, &mut self.state, text, Some(&phone))
            .await
            .expect("turn")
    }

    /// The guest writes; the bot's replies come back as one text.
    pub async fn say(&mut self, text: &str) -> String {
        let turn = self.turn(text).await;
        turn.replies
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn is_human(&self) -> bool {
        self.state.mode == ConversationMode::Human
    }
}

/// Asserts that `text` contains every one of `parts`, naming what is missing.
#[track_caller]
pub fn has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "expected {p:?} in:\n{text}");
    }
}
