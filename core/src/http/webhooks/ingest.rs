//! `POST /webhooks/whatsapp`: content type, size, signature, parse, store, 200.
//! Nothing slow happens before the answer: processing is the worker's job.

use super::WebhookContext;
use super::client_ip::client_ip;
use super::rate_limit::Verdict;
use crate::adapters::sqlite::NewRows;
use crate::adapters::whatsapp::{SIGNATURE_HEADER, SignatureError, parse_webhook, verify};
use crate::events::Event;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

pub async fn receive(State(ctx): State<Arc<WebhookContext>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let delivery_id = delivery_id(&parts.headers);
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());

    if !is_json(&parts.headers) {
        tracing::warn!(%delivery_id, "webhook refused: content type is not application/json");
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content type must be application/json",
        )
            .into_response();
    }
    let body = match axum::body::to_bytes(body, ctx.body_limit).await {
        Ok(b) => b,
        Err(_) => {
            tracing::warn!(%delivery_id, limit = ctx.body_limit, "webhook refused: body too large");
            return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response();
        }
    };

    let header = parts
        .headers
        .get(SIGNATURE_HEADER)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    if let Err(e) = verify(ctx.secret.expose().as_bytes(), header, &body) {
        let ip = client_ip(peer, &parts.headers, &ctx.trusted_proxies);
        return refuse_signature(&ctx, e, ip, &delivery_id);
    }

    let batch = match parse_webhook(&body) {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(%delivery_id, error = %e, "signed webhook refused: cannot parse it");
            return (StatusCode::BAD_REQUEST, e.to_string()).into_response();
        }
    };
    if !batch.other_fields.is_empty() {
        tracing::info!(%delivery_id, fields = ?batch.other_fields, "webhook fields acknowledged, nothing to store");
    }

    let now = ctx.clock.now_ms();
    let numbers = ctx.numbers.clone();
    let rows = match NewRows::prepare(
        &batch.items,
        &delivery_id,
        now,
        now.saturating_add(ctx.settle_ms),
        |id| numbers.contains(id),
    ) {
        Ok(rows) => rows,
        Err(e) => {
            // Our own types failed to encode: a bug, not Meta's; a 5xx makes
            // Meta retry once it is fixed.
            tracing::error!(%delivery_id, error = %e, "webhook not stored: cannot encode it");
            return (StatusCode::INTERNAL_SERVER_ERROR, "not stored").into_response();
        }
    };
    let outcome = ctx.commit.ingest(rows).await;
    match outcome {
        Ok(o) => {
            for number in &o.unknown_numbers {
                tracing::warn!(%delivery_id, phone_number_id = %number,
                    "webhook for a WhatsApp number this hotel does not serve: stored, not processed; \
                     add it to whatsapp.numbers if it is ours");
                ctx.events.publish(Event::UnknownNumber {
                    phone_number_id: number.clone(),
                });
            }
            tracing::info!(%delivery_id, stored = o.stored, duplicates = o.duplicates, "webhook stored");
            ctx.events.publish(Event::WebhookStored {
                delivery_id,
                stored: o.stored,
                duplicates: o.duplicates,
            });
            if o.stored > 0 {
                ctx.wake.notify_one();
            }
            (StatusCode::OK, "ok").into_response()
        }
        Err(e) => {
            // Not stored, so Meta must retry: a 5xx makes it do so.
            tracing::error!(%delivery_id, error = %e, "webhook not stored: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "not stored, retry later").into_response()
        }
    }
}

fn refuse_signature(
    ctx: &WebhookContext,
    e: SignatureError,
    ip: IpAddr,
    delivery_id: &str,
) -> Response {
    if e == SignatureError::NoSecret {
        tracing::error!(%delivery_id, "webhook refused: whatsapp.app_secret is not set, so no signature can be checked");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "WhatsApp is not configured on this server",
        )
            .into_response();
    }
    match ctx.limiter.failure(ip, Instant::now()) {
        Verdict::Report => {
            tracing::warn!(%delivery_id, %ip, reason = %e, "webhook refused: bad signature");
            (StatusCode::UNAUTHORIZED, e.to_string()).into_response()
        }
        Verdict::Throttle { first } => {
            if first {
                tracing::warn!(%ip, "too many bad webhook signatures from this address; answering 429 for a minute");
            }
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    header::RETRY_AFTER,
                    ctx.limiter.retry_after_secs().to_string(),
                )],
                "too many bad signatures",
            )
                .into_response()
        }
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// The request id the middleware set: it names this delivery in every log line.
fn delivery_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}
