//! The Graph API: sending every kind of message, marking read, fetching media.

mod client;
mod errors;
mod upload;
mod wire;

pub use client::{ClientBuildError, GraphClient};
pub use errors::WINDOW_CLOSED;
pub use upload::{multipart_body, upload_limit};
pub use wire::message_body;
