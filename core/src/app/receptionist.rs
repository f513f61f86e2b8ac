//! Composing the receptionist: PMS, room holds, knowledge, clock and the
//! hotel profile from settings.

use super::pms::{build_locks, build_pms};
use crate::adapters::sqlite::{DEMO_KNOWLEDGE, SqliteKnowledge, seed_if_empty};
use crate::config::Settings;
use crate::engine::dialogue::{Deps, Receptionist, profile_from_settings};
use crate::http::Mode;
use crate::ports::clock::Clock;
use crate::ports::health::HealthRegistry;
use crate::telemetry::Metrics;
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;

pub async fn build_receptionist(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    clock: Arc<dyn Clock>,
    health: &mut HealthRegistry,
    metrics: &Metrics,
) -> anyhow::Result<Receptionist> {
    if mode == Mode::Demo {
        seed_if_empty(db, DEMO_KNOWLEDGE, &clock.now().to_rfc3339())
            .await
            .context("cannot seed the demo hotel's knowledge")?;
    }
    let deps = Deps {
        pms: build_pms(settings, mode, db, health, metrics).await?,
        locks: build_locks(settings).await?,
        knowledge: Arc::new(SqliteKnowledge::new(db.clone())),
        clock,
        profile: profile_from_settings(&settings.hotel)?,
    };
    Ok(Receptionist::new(deps)?)
}
