//! The staff listener (loopback by default): metrics now; API, events and UI
//! with their issues.

use super::state::AppState;
use super::{health, layers, metrics};
use axum::Router;
use axum::routing::get;

pub fn admin_router(state: AppState) -> Router {
    let server = state.settings.server.clone();
    let m = state.metrics.clone();
    let router = Router::new()
        .route("/metrics", get(metrics::export))
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .with_state(state);
    layers::security_headers(layers::common(router, "admin", &server, m))
}
