//! The Graph API: sending every kind of message, marking read, fetching media.

mod client;
mod errors;
mod wire;

pub use client::{ClientBuildError, GraphClient};
pub use errors::WINDOW_CLOSED;
pub use wire::message_body;
