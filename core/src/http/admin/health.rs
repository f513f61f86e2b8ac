//! Area `health`: the readiness checks of `/health/ready`, for staff, with
//! each dependency's detail and latency.

use super::endpoint::{Access, Endpoint};
use super::extract::ApiJson;
use crate::http::AppState;
use crate::ports::health::CheckStatus;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/health", Access::Staff, health)
            .tag("health")
            .summary("Every dependency's check, with detail")
            .returns::<HealthView>(200),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct HealthView {
    /// False when a required dependency is down (the daemon answers 503 on /health/ready).
    pub ready: bool,
    /// "demo" or "production".
    pub mode: String,
    pub version: String,
    pub checks: Vec<CheckView>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckView {
    pub name: String,
    pub required: bool,
    /// "up" or "down".
    pub status: String,
    pub detail: Option<String>,
    pub latency_ms: u64,
}

async fn health(State(state): State<AppState>) -> ApiJson<HealthView> {
    let report = state.health.run().await;
    ApiJson(HealthView {
        ready: report.ready,
        mode: match state.mode {
            crate::http::Mode::Demo => "demo",
            crate::http::Mode::Production => "production",
        }
        .into(),
        version: env!("CARGO_PKG_VERSION").into(),
        checks: report
            .checks
            .into_iter()
            .map(|c| CheckView {
                name: c.name,
                required: c.required,
                status: match c.status {
                    CheckStatus::Up => "up",
                    CheckStatus::Down => "down",
                }
                .into(),
                detail: c.detail,
                latency_ms: c.latency_ms,
            })
            .collect(),
    })
}
