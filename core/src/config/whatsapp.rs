//! The `[whatsapp]` section: Meta credentials, the numbers we answer on, and
//! the limits of the webhook, the workers and the sender.

use super::Secret;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WhatsAppSettings {
    /// Signs every webhook (`X-Hub-Signature-256`). Demo mode without one uses
    /// a random demo secret printed at start.
    pub app_secret: Secret,
    /// Bearer token for the Graph API (sending, media download).
    pub access_token: Secret,
    /// Compared with `hub.verify_token` in Meta's subscription handshake.
    pub verify_token: String,
    pub graph_url: String,
    pub api_version: String,
    /// The WhatsApp numbers this hotel answers on.
    pub numbers: Vec<WhatsAppNumber>,
    pub webhook_body_limit_bytes: u64,
    /// Signature failures allowed per source IP per minute before they are
    /// answered with 429 (valid requests are never refused).
    pub signature_failures_per_minute: u32,
    pub media_max_bytes: u64,
    /// Graph API request timeout.
    pub graph_timeout_secs: u64,
    /// Messages sent per second per number (Meta's default cap is 80).
    pub max_sends_per_second: u32,
    pub send_max_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// Different conversations processed at the same time.
    pub worker_concurrency: usize,
    /// Failures after which an inbox row goes to dead letters.
    pub inbox_max_attempts: u32,
    /// How long a new inbox row waits for earlier messages of the same guest
    /// that Meta may deliver late, before it is processed.
    pub settle_ms: u64,
    /// Template sent when a reply falls outside the 24-hour window. Empty: the
    /// reply is held and flagged for staff instead.
    pub reengagement_template: String,
    pub reengagement_language: String,
    /// Which conversation engine answers guests: "receptionist" (the bot),
    /// "none" (store and show to staff, never reply), or "echo-for-tests",
    /// which repeats the guest's text and exists only for end-to-end tests.
    pub engine: String,
    /// Mark each guest message read (blue ticks) once the bot has processed
    /// it. Needs `access_token`.
    pub mark_read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppNumber {
    pub phone_number_id: String,
    pub display_phone_number: String,
}

impl Default for WhatsAppSettings {
    fn default() -> Self {
        Self {
            app_secret: Secret::default(),
            access_token: Secret::default(),
            verify_token: String::new(),
            graph_url: "https://graph.facebook.com".into(),
            api_version: "v23.0".into(),
            numbers: Vec::new(),
            // Meta documents payloads up to 3 MB.
            webhook_body_limit_bytes: 3 * 1024 * 1024,
            signature_failures_per_minute: 30,
            // WhatsApp's own cap for audio and video.
            media_max_bytes: 16 * 1024 * 1024,
            graph_timeout_secs: 10,
            max_sends_per_second: 80,
            send_max_attempts: 8,
            retry_base_ms: 500,
            retry_max_ms: 60_000,
            worker_concurrency: 8,
            inbox_max_attempts: 5,
            settle_ms: 0,
            reengagement_template: String::new(),
            reengagement_language: "es".into(),
            engine: "receptionist".into(),
            mark_read: true,
        }
    }
}

impl WhatsAppSettings {
    pub fn number(&self, phone_number_id: &str) -> Option<&WhatsAppNumber> {
        self.numbers
            .iter()
            .find(|n| n.phone_number_id == phone_number_id)
    }
}

pub(super) fn validate(
    w: &WhatsAppSettings,
    invalid: &impl Fn(&str, String, &str) -> super::ConfigError,
) -> Result<(), super::ConfigError> {
    if !matches!(
        w.engine.as_str(),
        "receptionist" | "none" | "echo-for-tests"
    ) {
        return Err(invalid(
            "whatsapp.engine",
            format!("{:?}", w.engine),
            "is not a known engine",
        ));
    }
    if !(w.graph_url.starts_with("https://") || w.graph_url.starts_with("http://")) {
        return Err(invalid(
            "whatsapp.graph_url",
            format!("{:?}", w.graph_url),
            "is not an http(s) URL",
        ));
    }
    if let Some(n) = w
        .numbers
        .iter()
        .find(|n| n.phone_number_id.trim().is_empty())
    {
        return Err(invalid(
            "whatsapp.numbers",
            format!("{:?}", n.display_phone_number),
            "has an entry without phone_number_id",
        ));
    }
    for (key, v) in [
        (
            "whatsapp.max_sends_per_second",
            u64::from(w.max_sends_per_second),
        ),
        ("whatsapp.send_max_attempts", u64::from(w.send_max_attempts)),
        (
            "whatsapp.inbox_max_attempts",
            u64::from(w.inbox_max_attempts),
        ),
        ("whatsapp.worker_concurrency", w.worker_concurrency as u64),
        ("whatsapp.graph_timeout_secs", w.graph_timeout_secs),
        (
            "whatsapp.webhook_body_limit_bytes",
            w.webhook_body_limit_bytes,
        ),
        ("whatsapp.media_max_bytes", w.media_max_bytes),
        ("whatsapp.retry_base_ms", w.retry_base_ms),
    ] {
        if v == 0 {
            return Err(invalid(key, "0".into(), "must be at least 1"));
        }
    }
    Ok(())
}
