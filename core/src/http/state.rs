//! The state every handler shares, built once at composition.

use crate::auth::Auth;
use crate::config::Settings;
use crate::ports::health::HealthRegistry;
use crate::ports::locks::Locks;
use crate::ports::pms::Pms;
use crate::ports::transcriber::Transcriber;
use crate::telemetry::Metrics;
use serde::Serialize;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Built-in demo hotel and simulated guests; no Meta or PMS credentials needed.
    Demo,
    Production,
}

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub mode: Mode,
    pub db: SqlitePool,
    pub health: Arc<HealthRegistry>,
    pub metrics: Arc<Metrics>,
    /// The hotel's PMS (or the built-in one), behind cache and circuit breaker.
    pub pms: Arc<dyn Pms>,
    /// Room holds while a guest confirms.
    pub locks: Arc<dyn Locks>,
    /// Staff sign-in and the admin API's tokens.
    pub auth: Arc<Auth>,
    /// The loaded Whisper model's speech thread, for staff dictation; `None`
    /// when `speech.enabled` is off.
    pub transcriber: Option<Arc<dyn Transcriber>>,
    /// What staff do to conversations, knowledge, hours and the rest.
    pub desk: Arc<crate::app::desk::Desk>,
    /// Changes the workers publish, pushed to dashboards over `/api/events`.
    pub events: crate::events::EventBus,
}
