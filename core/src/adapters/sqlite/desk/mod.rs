//! What staff see and change in the dashboard, in SQLite: conversations and
//! their messages, takeovers, labels, notes, staff replies, guests, bookings,
//! dead letters, knowledge, canned responses and templates, metrics.
//! The HTTP handlers call these through `app::desk`.

pub mod annotations;
pub mod bookings;
pub mod control;
pub mod dead_letters;
pub mod detail;
pub mod guests;
pub mod knowledge;
pub mod library;
pub mod list;
pub mod metrics;
pub mod reply;

#[cfg(test)]
mod tests;

/// Why a staff request was not carried out. The HTTP layer maps each to a status.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// 404: the named thing does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// 422: the request breaks a rule; the message says which and how to fix it.
    #[error("{0}")]
    Invalid(String),
    /// 409: it clashes with what is stored (a duplicate name, a state that
    /// does not allow it).
    #[error("{0}")]
    Conflict(String),
    /// 409: free text cannot reach the guest now (the 24-hour window is
    /// closed); one of `templates` (name, language) can.
    #[error("{message}")]
    TemplateRequired {
        message: String,
        templates: Vec<TemplateChoice>,
    },
    /// 500: the receptionist's state could not be read or written.
    #[error("conversation state: {0}")]
    State(String),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
}

/// An approved WhatsApp template staff may send.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TemplateChoice {
    pub name: String,
    pub language: String,
}

/// Unique-key violations become a [`DeskError::Conflict`] with `what`.
pub(crate) fn on_unique(e: sqlx::Error, what: impl FnOnce() -> String) -> DeskError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => DeskError::Conflict(what()),
        _ => DeskError::Store(e),
    }
}

/// A page of results and the cursor for the next one (`None`: last page).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Page sizes staff may ask for; larger requests are clamped.
pub const MAX_PAGE: i64 = 200;

pub(crate) fn clamp_limit(limit: Option<i64>, default: i64) -> i64 {
    limit.unwrap_or(default).clamp(1, MAX_PAGE)
}
