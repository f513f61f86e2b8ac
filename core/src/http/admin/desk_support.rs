//! What the staff-desk areas share: the desk's errors as `{code, message}`
//! and times for people.

use super::error::ApiError;
use crate::app::desk::DeskError;

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> Self {
        match e {
            DeskError::NotFound(_) => ApiError::not_found(e.to_string()),
            DeskError::Invalid(m) => ApiError::invalid("invalid", m),
            DeskError::Conflict(m) => ApiError::conflict("conflict", m),
            // The message names the template choice and lists the templates;
            // GET /conversations/{id}/reply-options gives them as data.
            DeskError::TemplateRequired { message, .. } => {
                ApiError::conflict("template_required", message)
            }
            DeskError::State(_) | DeskError::Store(_) => ApiError::internal(&e),
        }
    }
}

/// Milliseconds since the epoch as RFC 3339 (UTC), for people and programs.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
