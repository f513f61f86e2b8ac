//! `GET /webhooks/whatsapp`: Meta's subscription handshake.

use super::WebhookContext;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// `hub.mode=subscribe` with our verify token → 200 and the challenge as
/// plain text. Anything else, including an unset token, → 403.
pub async fn handshake(
    State(ctx): State<Arc<WebhookContext>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mode = q.get("hub.mode").map(String::as_str);
    let token = q.get("hub.verify_token").map(String::as_str);
    let challenge = q.get("hub.challenge");
    let token_ok = !ctx.verify_token.is_empty()
        && token.is_some_and(|t| constant_time_eq(t.as_bytes(), ctx.verify_token.as_bytes()));
    match (mode, token_ok, challenge) {
        (Some("subscribe"), true, Some(challenge)) => {
            tracing::info!("WhatsApp webhook subscription verified");
            (
                StatusCode::OK,
                [(
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                )],
                challenge.clone(),
            )
                .into_response()
        }
        _ => {
            tracing::warn!(
                mode = mode.unwrap_or(""),
                token_matches = token_ok,
                "WhatsApp webhook verification refused"
            );
            (StatusCode::FORBIDDEN, "verification failed").into_response()
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
