//! Every error of the admin API is JSON `{code, message}` with the right
//! status. `code` is stable for programs; `message` is for people.

use crate::auth::AuthError;
use crate::auth::lockout::LockedOut;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds, for 429 answers (`Retry-After`).
    pub retry_after: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable: `unauthenticated`, `forbidden`, `not_found`…
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// Input that parsed but makes no sense (422).
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// The cause is logged; the client gets a generic message, never internals.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "admin API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on the server; the details are in its log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                code: self.code.to_string(),
                message: self.message,
            }),
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        use AuthError as E;
        let msg = e.to_string();
        match e {
            E::BadCredentials => Self::new(StatusCode::UNAUTHORIZED, "bad_credentials", msg),
            E::Disabled => Self::new(StatusCode::FORBIDDEN, "account_disabled", msg),
            E::LockedOut(lock) => locked_out(lock),
            E::AccessExpired => Self::new(StatusCode::UNAUTHORIZED, "token_expired", msg),
            E::AccessInvalid => Self::unauthenticated(msg),
            E::SessionEnded => Self::new(StatusCode::UNAUTHORIZED, "session_ended", msg),
            E::RefreshInvalid => Self::new(StatusCode::UNAUTHORIZED, "refresh_invalid", msg),
            E::RefreshExpired => Self::new(StatusCode::UNAUTHORIZED, "refresh_expired", msg),
            E::RefreshReused => Self::new(StatusCode::UNAUTHORIZED, "refresh_reused", msg),
            E::SetupDone => Self::conflict("setup_done", msg),
            E::SetupTokenInvalid => Self::new(StatusCode::FORBIDDEN, "setup_token_invalid", msg),
            E::WeakPassword(_) => Self::invalid("weak_password", msg),
            E::InvalidUsername(_) => Self::invalid("invalid_username", msg),
            E::UsernameTaken(_) => Self::conflict("username_taken", msg),
            E::NoSuchUser(_) => Self::not_found(msg),
            E::LastAdmin => Self::conflict("last_admin", msg),
            E::Store(_) | E::Hash(_) | E::Random(_) => Self::internal(&e),
        }
    }
}

fn locked_out(lock: LockedOut) -> ApiError {
    let secs = lock.retry_after_secs();
    let minutes = (secs + 59) / 60;
    let what = match lock {
        LockedOut::Username { .. } => "this username",
        LockedOut::Address { .. } => "this address",
    };
    ApiError {
        retry_after: Some(secs),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "locked_out",
            format!(
                "too many failed sign-ins for {what}: try again in {minutes} minute{}",
                if minutes == 1 { "" } else { "s" }
            ),
        )
    }
}
