//! Area `reports` (admin, manager): the metrics summary for the charts.

use super::authz::Actor;
use super::endpoint::{ADMIN_MANAGER, Endpoint};
use super::error::ApiError;
use super::extract::ApiJson;
use super::extract::ApiQuery;
use crate::app::desk::MetricsSummary;
use crate::http::AppState;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/reports/summary", ADMIN_MANAGER, summary)
            .tag("reports")
            .summary("Volume per hour and day, response times, handoffs, bookings, intents, dead letters over [from, to) (RFC 3339)")
            .returns::<MetricsSummary>(200),
    ]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// RFC 3339, e.g. 2026-11-01T00:00:00-03:00
    pub from: String,
    pub to: String,
}

fn instant(name: &str, raw: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::invalid(
                "invalid",
                format!("{name} {raw:?} is not an RFC 3339 time, e.g. 2026-11-01T00:00:00-03:00"),
            )
        })
}

async fn summary(
    State(s): State<AppState>,
    _actor: Actor,
    ApiQuery(r): ApiQuery<Range>,
) -> Result<ApiJson<MetricsSummary>, ApiError> {
    let (from, to) = (instant("from", &r.from)?, instant("to", &r.to)?);
    Ok(ApiJson(s.desk.metrics(from, to).await?))
}
