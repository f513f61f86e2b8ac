//! axum: the public router (webhooks, health) and the admin router (API,
//! metrics, UI). Handlers are thin: they parse, call, and map the result.

pub mod admin;
mod health;
mod layers;
mod metrics;
mod public;
mod serve;
mod state;
pub mod webhooks;

pub use admin::admin_router;
pub use public::public_router;
pub use serve::{ServeError, serve_with_drain, shutdown_signal};
pub use state::{AppState, Mode};
