//! The listener Meta reaches: webhooks (with their issue) and health.

use super::state::AppState;
use super::{health, layers};
use axum::Router;
use axum::routing::get;

/// `extra` routes get the same middleware (used by test fixtures).
pub fn public_router(state: AppState, extra: Router) -> Router {
    let server = state.settings.server.clone();
    let metrics = state.metrics.clone();
    let router = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .with_state(state)
        .merge(extra);
    layers::common(router, "public", &server, metrics)
}
