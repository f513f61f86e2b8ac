//! `/health/live` and `/health/ready`.

use super::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

/// Liveness: the process runs and its runtime answers. Never touches a dependency,
/// so a slow database cannot get a healthy process restarted.
pub async fn live() -> impl IntoResponse {
    Json(json!({ "status": "alive" }))
}

/// Readiness: one entry per dependency; 503 when a required one is down.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let report = state.health.run().await;
    let status = if report.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if report.ready { "ready" } else { "not_ready" },
            "mode": state.mode,
            "version": env!("CARGO_PKG_VERSION"),
            "checks": report.checks,
        })),
    )
}
