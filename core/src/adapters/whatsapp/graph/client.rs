//! The Graph API client: one per daemon, shared by the sender and the media
//! fetcher. Limits are checked before any request; errors are classified.

use super::errors::classify;
use super::wire::{mark_read_body, message_body};
use crate::config::{Secret, WhatsAppSettings};
use crate::domain::{OutboundMessage, PhoneE164, WaMessageId};
use crate::ports::messenger::{MediaError, MediaFetcher, MediaFile, Messenger, SendError};
use async_trait::async_trait;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub struct GraphClient {
    pub(super) http: reqwest::Client,
    pub(super) base: String,
    pub(super) token: Secret,
    media_max_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot build the Graph API HTTP client: {0}")]
pub struct ClientBuildError(#[from] reqwest::Error);

impl GraphClient {
    pub fn new(settings: &WhatsAppSettings) -> Result<Self, ClientBuildError> {
        crate::adapters::tls::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.graph_timeout_secs))
            .connect_timeout(Duration::from_secs(settings.graph_timeout_secs.min(5)))
            .user_agent(concat!("conserje/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            base: format!(
                "{}/{}",
                settings.graph_url.trim_end_matches('/'),
                settings.api_version.trim_matches('/')
            ),
            token: settings.access_token.clone(),
            media_max_bytes: settings.media_max_bytes,
        })
    }

    async fn post(&self, url: String, body: Value) -> Result<Value, SendError> {
        let response = self
            .http
            .post(url)
            .bearer_auth(self.token.expose())
            .json(&body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.map_err(transport)?;
        if !status.is_success() {
            return Err(classify(status, &headers, &text));
        }
        serde_json::from_str(&text).map_err(|e| SendError::Retryable {
            code: None,
            title: format!("unreadable answer from the Graph API: {e}"),
            retry_after: None,
        })
    }
}

impl GraphClient {
    async fn send_with(
        &self,
        phone_number_id: &str,
        to: &PhoneE164,
        msg: &OutboundMessage,
        tracking: Option<&str>,
    ) -> Result<WaMessageId, SendError> {
        msg.check_limits()?;
        let mut body = message_body(to, msg);
        if let Some(tag) = tracking {
            body["biz_opaque_callback_data"] = Value::String(tag.to_string());
        }
        let answer = self
            .post(format!("{}/{phone_number_id}/messages", self.base), body)
            .await?;
        answer["messages"][0]["id"]
            .as_str()
            .map(|id| WaMessageId(id.to_string()))
            // A 200 without an id may still have sent: do not retry blindly,
            // report it for staff instead.
            .ok_or_else(|| SendError::Permanent {
                code: None,
                title: "Graph API accepted the message but returned no id".into(),
                details: Some(answer.to_string()),
                kind: crate::ports::messenger::PermanentKind::Other,
            })
    }
}

/// Timeouts and connection failures are worth retrying.
pub(super) fn transport(e: reqwest::Error) -> SendError {
    SendError::Retryable {
        code: None,
        title: if e.is_timeout() {
            "Graph API request timed out".into()
        } else {
            format!("Graph API unreachable: {e}")
        },
        retry_after: None,
    }
}

#[async_trait]
impl Messenger for GraphClient {
    async fn send(
        &self,
        phone_number_id: &str,
        to: &PhoneE164,
        msg: &OutboundMessage,
    ) -> Result<WaMessageId, SendError> {
        self.send_with(phone_number_id, to, msg, None).await
    }

    async fn send_tracked(
        &self,
        phone_number_id: &str,
        to: &PhoneE164,
        msg: &OutboundMessage,
        tracking: &str,
    ) -> Result<WaMessageId, SendError> {
        self.send_with(phone_number_id, to, msg, Some(tracking))
            .await
    }

    async fn mark_read(
        &self,
        phone_number_id: &str,
        message: &WaMessageId,
    ) -> Result<(), SendError> {
        self.post(
            format!("{}/{phone_number_id}/messages", self.base),
            mark_read_body(message),
        )
        .await
        .map(|_| ())
    }
}

#[async_trait]
impl MediaFetcher for GraphClient {
    /// `GET /{media-id}` for a short-lived URL, then `GET url`, both with the
    /// bearer token (the URL alone does not serve the file).
    async fn fetch(&self, phone_number_id: &str, media_id: &str) -> Result<MediaFile, MediaError> {
        // Both ids end up in the URL path and query: Meta's are digits.
        let safe = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        if !safe(media_id) || !safe(phone_number_id) {
            return Err(MediaError::Permanent(format!(
                "media id {media_id:?} is not a Graph API id"
            )));
        }
        let info = self
            .http
            .get(format!(
                "{}/{media_id}?phone_number_id={phone_number_id}",
                self.base
            ))
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| MediaError::Retryable(e.to_string()))?;
        let status = info.status();
        let text = info
            .text()
            .await
            .map_err(|e| MediaError::Retryable(e.to_string()))?;
        if !status.is_success() {
            return Err(media_status(status, &text));
        }
        let info: Value = serde_json::from_str(&text)
            .map_err(|e| MediaError::Retryable(format!("unreadable media info: {e}")))?;
        if let Some(size) = info["file_size"].as_u64() {
            if size > self.media_max_bytes {
                return Err(MediaError::TooLarge {
                    size,
                    max: self.media_max_bytes,
                });
            }
        }
        let url = info["url"]
            .as_str()
            .ok_or_else(|| MediaError::Permanent("media info has no url".into()))?;
        let mut download = self
            .http
            .get(url)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| MediaError::Retryable(e.to_string()))?;
        if !download.status().is_success() {
            return Err(media_status(download.status(), ""));
        }
        let mut bytes = Vec::new();
        // Streamed, so a lying or missing Content-Length cannot make us hold
        // more than the cap.
        while let Some(chunk) = download
            .chunk()
            .await
            .map_err(|e| MediaError::Retryable(e.to_string()))?
        {
            let size = (bytes.len() + chunk.len()) as u64;
            if size > self.media_max_bytes {
                return Err(MediaError::TooLarge {
                    size,
                    max: self.media_max_bytes,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(MediaFile {
            sha256_hex: hex::encode(Sha256::digest(&bytes)),
            mime_type: info["mime_type"].as_str().map(str::to_string),
            bytes,
        })
    }
}

fn media_status(status: reqwest::StatusCode, body: &str) -> MediaError {
    let msg = format!(
        "HTTP {status} {}",
        body.chars().take(200).collect::<String>()
    );
    if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        MediaError::Retryable(msg)
    } else {
        MediaError::Permanent(msg)
    }
}
