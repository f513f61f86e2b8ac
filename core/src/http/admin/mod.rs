//! The staff listener (loopback by default): `/metrics`, health, and the admin
//! API under `/api`.
//!
//! # Adding an endpoint
//!
//! Every API endpoint is one [`Endpoint`] declaration in an *area* module
//! (`session.rs`, `users.rs`, `health.rs`, …). An area is a file with a
//! `pub fn endpoints() -> Vec<Endpoint>` listed in [`endpoints`] below. The
//! declaration is the only place that says who may call the endpoint: the
//! router, the authorization layer, the authorization matrix test and
//! `/api/openapi.json` are all built from it.
//!
//! ```ignore
//! // In core/src/http/admin/conversations.rs
//! pub fn endpoints() -> Vec<Endpoint> {
//!     vec![
//!         Endpoint::post("/conversations/{id}/takeover", Access::Staff, take_over)
//!             .tag("conversations")
//!             .summary("A staff member takes the conversation from the bot")
//!             .body::<TakeOver>()           // request body schema (ToSchema), if any
//!             .returns::<ConversationView>(200), // or .no_content()
//!     ]
//! }
//!
//! async fn take_over(
//!     State(state): State<AppState>,
//!     actor: Actor,                      // who, with role and address: for the audit log
//!     ApiPath(id): ApiPath<i64>,         // path/JSON rejections become {code, message}
//!     ApiJson(body): ApiJson<TakeOver>,
//! ) -> Result<ApiJson<ConversationView>, ApiError> { … }
//! ```
//!
//! Then add `conversations::endpoints()` to [`endpoints`] (and `mod conversations;`).
//!
//! - Access is [`Access::Public`], [`Access::Staff`] (any role) or
//!   [`Access::Roles`] (`ADMIN`, `ADMIN_MANAGER`, or your own `&[Role::…]`).
//!   The layer answers 401 `{code: "unauthenticated"}` without a valid token
//!   and 403 `{code: "forbidden"}` for other roles before the handler runs, so
//!   handlers never check roles. An `Actor` argument is always present on
//!   non-public endpoints.
//! - Return `Result<_, ApiError>`; build errors with `ApiError::not_found`,
//!   `::conflict(code, msg)`, `::invalid(code, msg)` (422), `::internal(&e)`
//!   (logged, generic message to the client). Never put secrets in a response.
//! - Request and response types derive `serde` and `utoipa::ToSchema`.
//! - Every successful call of a staff endpoint that is not GET is appended to
//!   the audit log by the API's trail (`trail.rs`: action `tag.verb`, the
//!   path, the request body scrubbed of secrets). A handler that knows a
//!   better before/after declares `.audited_in_handler()` and calls
//!   `audit::record(&state, &actor, "area.verb", "thing:id", before, after)`
//!   after it succeeded; `.not_audited()` for calls that change no data.
//!   Query parameters: `ApiQuery<T>`.
//! - The matrix test (`tests/matrix.rs`) calls every declared endpoint as
//!   every role and anonymously; it needs no change for a new endpoint.

pub mod audit;
mod authz;
mod catalog;
mod conversations;
mod dead_letters;
mod desk_support;
mod dictation;
mod endpoint;
mod error;
mod extract;
mod guests;
mod health;
mod live;
mod media;
mod openapi;
mod reports;
mod session;
mod settings;
mod settings_edit;
mod trail;
mod users;

#[cfg(test)]
mod tests;

pub use authz::{Actor, ClientAddress};
pub use endpoint::{ADMIN, ADMIN_MANAGER, Access, Audit, Endpoint};
pub use error::ApiError;
pub use extract::{ApiJson, ApiPath, ApiQuery};

use super::state::AppState;
use super::{health as probes, layers, metrics};
use axum::Router;
use axum::http::{Method, Uri};
use axum::routing::get;

/// Every endpoint of the admin API, area by area.
pub fn endpoints() -> Vec<Endpoint> {
    [
        session::endpoints(),
        users::endpoints(),
        health::endpoints(),
        dictation::endpoints(),
        audit::endpoints(),
        live::endpoints(),
        conversations::endpoints(),
        media::endpoints(),
        guests::endpoints(),
        dead_letters::endpoints(),
        catalog::endpoints(),
        reports::endpoints(),
        settings::endpoints(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The policy table: who may call what, as declared.
pub fn policy() -> Vec<(Method, String, Access)> {
    endpoints()
        .iter()
        .map(|e| (e.method.clone(), e.full_path(), e.access))
        .collect()
}

pub fn admin_router(state: AppState) -> Router {
    let server = state.settings.server.clone();
    let m = state.metrics.clone();
    let router = Router::new()
        .route("/metrics", get(metrics::export))
        .route("/health/live", get(probes::live))
        .route("/health/ready", get(probes::ready))
        .nest("/api", api_router(&state, endpoints()))
        .with_state(state);
    layers::security_headers(layers::common(router, "admin", &server, m))
}

/// The `/api` routes: each declared endpoint behind the authorization layer
/// with its own declared access, plus the OpenAPI document.
fn api_router(state: &AppState, endpoints: Vec<Endpoint>) -> Router<AppState> {
    let doc = openapi::document(&endpoints);
    let mut router = Router::new().route(
        "/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { axum::Json(doc) }
        }),
    );
    for e in endpoints {
        let action = e.action();
        let mut route = e.route;
        if e.audit == Audit::Trail && e.access != Access::Public {
            // Leaked once per endpoint at start: the name lives as long as
            // the router.
            let action: &'static str = Box::leak(action.into_boxed_str());
            route = route.route_layer(axum::middleware::from_fn_with_state(
                (state.clone(), action),
                trail::trail,
            ));
        }
        // Added last, so it runs first: the trail sees the signed-in actor.
        let layer =
            axum::middleware::from_fn_with_state((state.clone(), e.access), authz::authorize);
        router = router.route(e.path, route.route_layer(layer));
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}", uri.path()),
    )
}
