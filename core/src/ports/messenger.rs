//! Sending to guests on WhatsApp, and fetching what they sent us. The Graph
//! API adapter implements both; the sender and media workers use only this.

use crate::domain::{LimitError, OutboundMessage, PhoneE164, WaMessageId};
use async_trait::async_trait;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermanentKind {
    /// 131047: more than 24 hours since the guest last wrote.
    WindowClosed,
    /// 131053 and friends: the media was refused.
    Media,
    /// The recipient is not a WhatsApp user or not a valid number.
    InvalidNumber,
    Other,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SendError {
    /// Refused before any HTTP call.
    #[error("message breaks WhatsApp limits: {0}")]
    Limit(#[from] LimitError),
    /// Timeouts, 429/130429, 131056 (pair rate limit), 5xx: try again later.
    #[error("temporary failure ({code:?}): {title}")]
    Retryable {
        code: Option<i64>,
        title: String,
        retry_after: Option<Duration>,
    },
    /// 4xx and errors that will never succeed as sent.
    #[error("refused by WhatsApp ({code:?}): {title}")]
    Permanent {
        code: Option<i64>,
        title: String,
        details: Option<String>,
        kind: PermanentKind,
    },
}

#[async_trait]
pub trait Messenger: Send + Sync {
    /// Sends `msg` from our number `phone_number_id` to `to`; returns Meta's id.
    async fn send(
        &self,
        phone_number_id: &str,
        to: &PhoneE164,
        msg: &OutboundMessage,
    ) -> Result<WaMessageId, SendError>;

    /// Like [`Messenger::send`], attaching `tracking` so that Meta's status
    /// webhooks for this message carry it back (`biz_opaque_callback_data`).
    /// The default ignores it, for messengers that have no such field.
    async fn send_tracked(
        &self,
        phone_number_id: &str,
        to: &PhoneE164,
        msg: &OutboundMessage,
        tracking: &str,
    ) -> Result<WaMessageId, SendError> {
        let _ = tracking;
        self.send(phone_number_id, to, msg).await
    }

    /// Marks a guest's message read (blue ticks).
    async fn mark_read(
        &self,
        phone_number_id: &str,
        message: &WaMessageId,
    ) -> Result<(), SendError>;
}

/// A downloaded media file, checked against the caps before it is kept.
#[derive(Debug, Clone)]
pub struct MediaFile {
    pub bytes: Vec<u8>,
    pub mime_type: Option<String>,
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256_hex: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MediaError {
    #[error("media is {size} bytes; the limit is {max} (whatsapp.media_max_bytes)")]
    TooLarge { size: u64, max: u64 },
    #[error("temporary failure fetching media: {0}")]
    Retryable(String),
    #[error("media cannot be fetched: {0}")]
    Permanent(String),
}

#[async_trait]
pub trait MediaFetcher: Send + Sync {
    async fn fetch(&self, phone_number_id: &str, media_id: &str) -> Result<MediaFile, MediaError>;
}

/// A file to send by media id (a voice reply, a photo of the room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadFile {
    pub bytes: Vec<u8>,
    /// As WhatsApp expects it, e.g. `audio/ogg; codecs=opus` for voice notes
    /// (`audio/opus` is refused with 131053).
    pub mime_type: String,
    pub filename: String,
}

/// Uploading our own media: `POST /{phone_number_id}/media`. The id it
/// returns goes in `OutboundMessage::Media` as `MediaSource::Id`; Meta keeps
/// uploads for 30 days.
#[async_trait]
pub trait MediaUploader: Send + Sync {
    async fn upload(&self, phone_number_id: &str, file: &UploadFile) -> Result<String, SendError>;
}
