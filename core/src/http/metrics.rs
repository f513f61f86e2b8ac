//! `/metrics` and the middleware that measures every request.

use super::state::AppState;
use crate::telemetry::{HttpLabels, Metrics};
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Instant;

pub async fn export(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
}

/// Which listener a request came through, for the `listener` label.
#[derive(Clone)]
pub struct Listener(pub &'static str, pub Arc<Metrics>);

pub async fn track(
    State(Listener(listener, metrics)): State<Listener>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    // Unmatched paths share one label value so scanners cannot blow up cardinality.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    metrics.observe_http(
        HttpLabels {
            listener,
            method,
            route,
            status: response.status().as_u16(),
        },
        started.elapsed().as_secs_f64(),
    );
    response
}
