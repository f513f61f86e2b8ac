//! Building the desk once at start, with the knowledge and hours the
//! receptionist shares (edits must reach its caches).

use super::Desk;
use crate::adapters::sqlite::{SqliteDialogueStates, SqliteHours, SqliteKnowledge};
use crate::config::Settings;
use crate::engine::dialogue::profile_from_settings;
use crate::ports::clock::{Clock, SystemClock};
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;

impl Desk {
    /// Stores the `[hotel]` hours on first start (see `app::receptionist::seed_hours`).
    pub async fn build(settings: &Settings, db: &SqlitePool) -> anyhow::Result<Desk> {
        let profile = profile_from_settings(
            &settings.hotel,
            std::time::Duration::from_secs(settings.locks.hold_secs),
        )?;
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let hours = Arc::new(SqliteHours::new(db.clone(), profile.tz));
        crate::app::receptionist::seed_hours(&hours, &profile.hours, &clock.now().to_rfc3339())
            .await
            .context("cannot prepare the business hours")?;
        let w = &settings.whatsapp;
        Ok(Desk {
            db: db.clone(),
            states: Arc::new(SqliteDialogueStates(db.clone())),
            clock,
            knowledge: Arc::new(SqliteKnowledge::new(db.clone())),
            configured_template: (!w.reengagement_template.trim().is_empty()).then(|| {
                (
                    w.reengagement_template.clone(),
                    w.reengagement_language.clone(),
                )
            }),
            tz: profile.tz,
            hours,
        })
    }
}
