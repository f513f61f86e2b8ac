//! Middleware shared by both listeners: request ids, tracing span, limits,
//! timeout, metrics; and the security headers of the admin listener.

use super::metrics::{Listener, track};
use crate::config::ServerSettings;
use crate::telemetry::Metrics;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use std::sync::Arc;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Layers run outside-in: the request id is set first so every later layer
/// (span, metrics, timeout) sees it, and propagated onto the response last.
pub fn common(
    router: Router,
    listener: &'static str,
    server: &ServerSettings,
    metrics: Arc<Metrics>,
) -> Router {
    let body_limit = usize::try_from(server.body_limit_bytes).unwrap_or(usize::MAX);
    router
        .layer(axum::middleware::from_fn_with_state(
            Listener(listener, metrics),
            track,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(server.request_timeout_secs),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(move |req: &Request| {
            let id = req
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            // Health probes arrive every few seconds: keep them out of info logs.
            if route.starts_with("/health") {
                tracing::debug_span!("request", listener, method = %req.method(), route, request_id = id)
            } else {
                tracing::info_span!("request", listener, method = %req.method(), route, request_id = id)
            }
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Headers for everything staff load in a browser or webview.
pub fn security_headers(router: Router) -> Router {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'; object-src 'none'",
        ))
        // The dashboard needs no device but the microphone (staff dictation),
        // so a page injected into it cannot reach the others.
        .layer(set(
            HeaderName::from_static("permissions-policy"),
            "camera=(), geolocation=(), payment=(), usb=(), microphone=(self)",
        ))
        .layer(set(header::CACHE_CONTROL, "no-store"))
}
