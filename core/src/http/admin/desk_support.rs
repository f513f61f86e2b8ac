//! What the staff-desk areas share: the desk's errors as `{code, message}`,
//! and query strings with their rejections in the same shape.

use super::error::ApiError;
use crate::app::desk::DeskError;
use axum::extract::FromRequestParts;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;

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

/// `axum::extract::Query` with its rejection turned into `{code, message}`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text())
    }
}

/// Milliseconds since the epoch as RFC 3339 (UTC), for people and programs.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
