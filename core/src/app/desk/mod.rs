//! The staff desk: what staff do to conversations, composed from the
//! receptionist's state (bot or human mode) and the desk's own storage. HTTP
//! handlers call these and nothing else; every one is tested against SQLite.

mod build;
mod conversations;
mod hours;
mod knowledge;
mod metrics;
mod reply;

pub use crate::adapters::sqlite::desk::DeskError;
pub use conversations::ModeChange;
pub use hours::{HoursView, Week};
pub use metrics::{MetricsSummary, Percentiles};
pub use reply::StaffMessage;

use crate::adapters::sqlite::{SqliteHours, SqliteKnowledge};
use crate::ports::clock::Clock;
use crate::ports::dialogue_states::DialogueStates;
use chrono_tz::Tz;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct Desk {
    pub db: SqlitePool,
    /// The receptionist's states: takeover and hand back change the mode there.
    pub states: Arc<dyn DialogueStates>,
    pub clock: Arc<dyn Clock>,
    /// The knowledge the receptionist reads, whose snapshot edits invalidate.
    pub knowledge: Arc<SqliteKnowledge>,
    /// `whatsapp.reengagement_template` / `_language`, when configured: offered
    /// with the stored templates when the window is closed.
    pub configured_template: Option<(String, String)>,
    /// The hotel's time zone, for days in metrics.
    pub tz: Tz,
    /// The desk hours the receptionist reads; edits refresh its cache.
    pub hours: Arc<SqliteHours>,
}

#[cfg(test)]
mod tests;
