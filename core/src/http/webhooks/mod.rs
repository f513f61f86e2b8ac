//! `/webhooks/whatsapp` on the public listener: Meta's subscription handshake
//! (GET) and message delivery (POST). Thin: verify, parse, store, answer.

mod client_ip;
mod ingest;
mod rate_limit;
mod verify;

use crate::adapters::sqlite::{GroupCommit, InboxStore};
use crate::config::{IpCidr, Secret, WhatsAppSettings};
use crate::events::EventBus;
use crate::ports::clock::Clock;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
pub use rate_limit::FailureLimiter;
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::Notify;

/// What the webhook handlers need, built once at composition.
#[derive(Clone)]
pub struct WebhookContext {
    /// The app secret in force (the configured one, or demo mode's).
    pub secret: Secret,
    pub verify_token: String,
    pub numbers: Arc<HashSet<String>>,
    pub body_limit: usize,
    pub settle_ms: i64,
    pub inbox: InboxStore,
    /// The inbox writer task: concurrent requests share its transactions.
    pub commit: GroupCommit,
    pub limiter: Arc<FailureLimiter>,
    pub events: EventBus,
    pub clock: Arc<dyn Clock>,
    /// Woken after each commit so the worker picks new rows up at once.
    pub wake: Arc<Notify>,
    /// Proxies whose `X-Forwarded-For` names the client (`server.trusted_proxies`).
    pub trusted_proxies: Arc<[IpCidr]>,
}

impl WebhookContext {
    /// Starts the inbox writer task, so it must run inside a Tokio runtime.
    pub fn new(
        settings: &WhatsAppSettings,
        secret: Secret,
        inbox: InboxStore,
        events: EventBus,
        clock: Arc<dyn Clock>,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            secret,
            verify_token: settings.verify_token.clone(),
            numbers: Arc::new(
                settings
                    .numbers
                    .iter()
                    .map(|n| n.phone_number_id.clone())
                    .collect(),
            ),
            body_limit: usize::try_from(settings.webhook_body_limit_bytes).unwrap_or(usize::MAX),
            settle_ms: i64::try_from(settings.settle_ms).unwrap_or(i64::MAX),
            commit: GroupCommit::start(&inbox),
            inbox,
            limiter: Arc::new(FailureLimiter::new(settings.signature_failures_per_minute)),
            events,
            clock,
            wake,
            trusted_proxies: Arc::from(Vec::new()),
        }
    }

    /// Believes `X-Forwarded-For` from these peers (already validated).
    pub fn with_trusted_proxies(mut self, proxies: Vec<IpCidr>) -> Self {
        self.trusted_proxies = Arc::from(proxies);
        self
    }
}

pub fn router(ctx: WebhookContext) -> Router {
    let limit = ctx.body_limit;
    Router::new()
        .route(
            "/webhooks/whatsapp",
            get(verify::handshake).post(ingest::receive),
        )
        // The handler reads the body itself with this limit; disable axum's
        // default so the configured one is the only one.
        .layer(DefaultBodyLimit::max(limit))
        // Shared, not cloned per request: the context holds pools, strings
        // and handles whose clone and drop showed in the ingest profile.
        .with_state(Arc::new(ctx))
}

#[cfg(test)]
mod proxy_tests;
#[cfg(test)]
mod tests;
