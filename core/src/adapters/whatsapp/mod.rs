//! WhatsApp Cloud API: webhook signatures and payloads in, Graph API out.

pub mod graph;
mod health;
mod message;
mod signature;
mod status;
mod webhook;

pub use health::WhatsAppCheck;
pub use signature::{SIGNATURE_HEADER, SignatureError, sign, verify};
pub use webhook::{PayloadError, WebhookBatch, WebhookEvent, WebhookItem, parse_webhook};

#[cfg(test)]
mod fixture_tests;
