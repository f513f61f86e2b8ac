//! Composing the receptionist (PMS, room holds, knowledge, clock, hotel
//! profile) and the conversation engine the WhatsApp worker calls.

use crate::adapters::sqlite::{
    DEMO_KNOWLEDGE, Holiday, SqliteDialogueStates, SqliteHours, SqliteKnowledge, seed_if_empty,
};
use crate::config::Settings;
use crate::engine::dialogue::{Deps, Receptionist, ReceptionistEngine, profile_from_settings};
use crate::http::Mode;
use crate::ports::clock::{Clock, SystemClock};
use crate::ports::engine::ConversationEngine;
use crate::ports::locks::Locks;
use crate::ports::pms::Pms;
use crate::workers::{EchoForTests, NoReply};
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;

pub async fn build_receptionist(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    clock: Arc<dyn Clock>,
    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
) -> anyhow::Result<Receptionist> {
    if mode == Mode::Demo {
        let seeded = seed_if_empty(db, DEMO_KNOWLEDGE, &clock.now().to_rfc3339())
            .await
            .context("cannot seed the demo hotel's knowledge")?;
        if seeded > 0 {
            tracing::info!(entries = seeded, "seeded the demo hotel's knowledge base");
        }
    }
    let profile = profile_from_settings(
        &settings.hotel,
        std::time::Duration::from_secs(settings.locks.hold_secs),
    )?;
    let hours = Arc::new(SqliteHours::new(db.clone(), profile.tz));
    seed_hours(&hours, &profile.hours, &clock.now().to_rfc3339()).await?;
    let knowledge = Arc::new(SqliteKnowledge::new(db.clone()));
    Ok(Receptionist::new(Deps {
        pms,
        locks,
        knowledge,
        hours,
        clock,
        profile,
    })?)
}

/// The receptionist with the desk's knowledge and hours, so staff edits
/// reach its caches at once.
async fn build_for_desk(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
    desk: &crate::app::desk::Desk,
) -> anyhow::Result<Receptionist> {
    let mut bot = build_receptionist(settings, mode, db, Arc::new(SystemClock), pms, locks).await?;
    let mut deps = bot.deps().clone();
    deps.knowledge = desk.knowledge.clone();
    deps.hours = desk.hours.clone();
    bot = Receptionist::new(deps)?;
    Ok(bot)
}

/// The `[hotel]` hours become the stored hours on first start; after that
/// staff edit them and the settings are only the seed of a new install.
pub async fn seed_hours(
    hours: &SqliteHours,
    configured: &crate::engine::hours::HoursPolicy,
    now: &str,
) -> anyhow::Result<()> {
    let holidays: Vec<Holiday> = configured
        .holidays()
        .map(|date| Holiday {
            date,
            name: String::new(),
        })
        .collect();
    if hours
        .seed_if_unset(configured.weekly(), &holidays, now)
        .await
        .context("cannot store the business hours")?
    {
        tracing::info!(
            "business hours stored from the [hotel] settings; edit them in the dashboard"
        );
    }
    Ok(())
}

/// `whatsapp.engine`: the receptionist (default), or one of the two engines
/// that send no guest-facing text of their own.
pub async fn build_engine(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    pms: Arc<dyn Pms>,
    locks: Arc<dyn Locks>,
    desk: &crate::app::desk::Desk,
) -> anyhow::Result<Arc<dyn ConversationEngine>> {
    Ok(match settings.whatsapp.engine.as_str() {
        "echo-for-tests" => {
            tracing::warn!(
                "whatsapp.engine = \"echo-for-tests\": guests' texts are sent back verbatim; for end-to-end tests only"
            );
            Arc::new(EchoForTests)
        }
        "none" => {
            tracing::info!(
                "whatsapp.engine = \"none\": guest messages are stored and shown to staff; the bot does not reply"
            );
            Arc::new(NoReply)
        }
        _ => {
            let bot = build_for_desk(settings, mode, db, pms, locks, desk).await?;
            Arc::new(ReceptionistEngine::new(
                bot,
                Arc::new(SqliteDialogueStates(db.clone())),
            ))
        }
    })
}
