//! The audit trail of the API: every successful change a staff member makes
//! through a declared endpoint is appended to the audit log, without each
//! handler having to remember it. The record says who (the signed-in actor and
//! their address), what (the endpoint's action, e.g. `knowledge.update`), on
//! what (the path, e.g. `knowledge/12`), and the request's JSON as the "after"
//! summary with secrets scrubbed. Handlers that know a better before/after
//! (takeover: the mode) record it themselves and declare so
//! ([`Endpoint::audited_in_handler`]).

use super::audit;
use super::authz::Actor;
use crate::http::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Request bodies of the API are small JSON documents; the admin listener
/// limits them before this anyway.
const MAX_BODY: usize = 1024 * 1024;

pub async fn trail(
    State((state, action)): State<(AppState, &'static str)>,
    req: Request,
    next: Next,
) -> Response {
    let Some(actor) = req.extensions().get::<Actor>().cloned() else {
        return next.run(req).await;
    };
    let target = req
        .uri()
        .path()
        .trim_start_matches('/')
        .trim_start_matches("api/")
        .to_string();
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return super::ApiError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the request body is over {MAX_BODY} bytes"),
            )
            .into_response();
        }
    };
    let after = serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null);
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if res.status().is_success() {
        audit::record(&state, &actor, action, &target, Value::Null, after).await;
    }
    res
}

/// `conversations.takeover` for `POST /conversations/{id}/takeover`,
/// `knowledge.create` for `POST /knowledge`, `knowledge.update` for
/// `PUT /knowledge/{id}`: the tag, then the last literal segment after an
/// id, or what the method does to a collection.
pub fn action_name(tag: &str, method: &axum::http::Method, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let verb = match segments.last() {
        Some(last) if !last.starts_with('{') && segments.len() > 1 => (*last).to_string(),
        _ => match *method {
            axum::http::Method::POST => "create".into(),
            axum::http::Method::DELETE => "delete".into(),
            _ => "update".into(),
        },
    };
    format!("{tag}.{verb}")
}
