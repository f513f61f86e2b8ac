//! Speech to text, as the conversation worker sees it: 16 kHz mono audio in,
//! text out. The whisper adapter runs it on its own thread; a busy
//! transcriber says so at once instead of queueing without bound.

use async_trait::async_trait;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct TranscribeRequest {
    /// ISO 639-1 hint (the conversation's language); `None`: detect.
    pub language: Option<String>,
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Transcript {
    pub text: String,
    /// Given or detected, ISO 639-1.
    pub language: Option<String>,
    /// 0..1, mean probability of the text tokens.
    pub confidence: f32,
    pub processing_s: f64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TranscribeError {
    /// Back-pressure: the queue is full; try again later, nothing was taken.
    #[error("the transcriber is busy")]
    Busy,
    #[error("transcription timed out")]
    TimedOut,
    /// No model loaded (disabled, missing or unreadable).
    #[error("no speech model: {0}")]
    Unavailable(String),
    #[error("transcription failed: {0}")]
    Failed(String),
}

#[async_trait]
pub trait Transcriber: Send + Sync {
    async fn transcribe(
        &self,
        pcm: Vec<f32>,
        request: TranscribeRequest,
    ) -> Result<Transcript, TranscribeError>;

    /// The model in use, for health and logs; `None` when none is loaded.
    fn model(&self) -> Option<String>;
}
