//! Meta's error answers into retry-or-give-up decisions.

use crate::ports::messenger::{PermanentKind, SendError};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde_json::Value;
use std::time::Duration;

/// Codes Meta documents as temporary: throughput (130429), pair rate limit
/// (131056), app/API rate limits (4, 80007), and "try again" server errors.
const RETRYABLE_CODES: &[i64] = &[4, 130429, 131056, 80007, 131000, 131016, 133004, 2];
const INVALID_NUMBER_CODES: &[i64] = &[131026, 131030, 131021, 133010];
const MEDIA_CODES: &[i64] = &[131053, 131052];
pub const WINDOW_CLOSED: i64 = 131047;

/// Classifies a non-2xx answer from the Graph API.
pub fn classify(status: StatusCode, headers: &HeaderMap, body: &str) -> SendError {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let err = &json["error"];
    let code = err["code"].as_i64();
    let title = err["error_user_title"]
        .as_str()
        .or_else(|| err["message"].as_str())
        .map_or_else(|| format!("HTTP {status}"), str::to_string);
    let details = err["error_data"]["details"]
        .as_str()
        .or_else(|| err["error_user_msg"].as_str())
        .map(str::to_string);
    let retry_after = retry_after(headers);

    let retryable = status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
        || code.is_some_and(|c| RETRYABLE_CODES.contains(&c));
    if retryable {
        return SendError::Retryable {
            code,
            title,
            retry_after,
        };
    }
    let kind = match code {
        Some(WINDOW_CLOSED) => PermanentKind::WindowClosed,
        Some(c) if MEDIA_CODES.contains(&c) => PermanentKind::Media,
        Some(c) if INVALID_NUMBER_CODES.contains(&c) => PermanentKind::InvalidNumber,
        _ => PermanentKind::Other,
    };
    SendError::Permanent {
        code,
        title,
        details,
        kind,
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by Meta).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn meta(code: i64, title: &str) -> String {
        serde_json::json!({"error": {"message": title, "type": "OAuthException", "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": "d"}, "fbtrace_id": "x"}})
        .to_string()
    }

    #[test]
    fn rate_limits_and_server_errors_are_retried_with_retry_after() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        match classify(
            StatusCode::TOO_MANY_REQUESTS,
            &h,
            &meta(130429, "Rate limit hit"),
        ) {
            SendError::Retryable {
                code, retry_after, ..
            } => {
                assert_eq!(code, Some(130429));
                assert_eq!(retry_after, Some(Duration::from_secs(7)));
            }
            other => panic!("{other:?}"),
        }
        let none = HeaderMap::new();
        assert!(matches!(
            classify(StatusCode::BAD_REQUEST, &none, &meta(131056, "pair")),
            SendError::Retryable { .. }
        ));
        assert!(matches!(
            classify(StatusCode::BAD_GATEWAY, &none, "<html>"),
            SendError::Retryable { code: None, .. }
        ));
    }

    #[test]
    fn window_media_and_number_errors_are_permanent_with_metas_code_and_title() {
        let none = HeaderMap::new();
        match classify(
            StatusCode::BAD_REQUEST,
            &none,
            &meta(131047, "Re-engagement message"),
        ) {
            SendError::Permanent {
                code,
                title,
                kind,
                details,
            } => {
                assert_eq!(code, Some(131047));
                assert_eq!(title, "Re-engagement message");
                assert_eq!(kind, PermanentKind::WindowClosed);
                assert_eq!(details.as_deref(), Some("d"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify(
                StatusCode::BAD_REQUEST,
                &none,
                &meta(131053, "Media upload error")
            ),
            SendError::Permanent {
                kind: PermanentKind::Media,
                ..
            }
        ));
        assert!(matches!(
            classify(
                StatusCode::BAD_REQUEST,
                &none,
                &meta(131026, "Message undeliverable")
            ),
            SendError::Permanent {
                kind: PermanentKind::InvalidNumber,
                ..
            }
        ));
        assert!(matches!(
            classify(
                StatusCode::UNAUTHORIZED,
                &none,
                &meta(190, "Invalid OAuth access token")
            ),
            SendError::Permanent {
                kind: PermanentKind::Other,
                ..
            }
        ));
    }
}
