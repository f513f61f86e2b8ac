//! Text to speech for voice replies: a reply's text in, a voice note ready to
//! upload out. The espeak-ng adapter runs off the async runtime.

use crate::ports::messenger::UploadFile;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot speak the reply: {0}")]
pub struct SpeakError(pub String);

#[async_trait]
pub trait Speaker: Send + Sync {
    /// `text` spoken in `language` (ISO 639-1) as an upload-ready voice note.
    async fn speak(&self, text: &str, language: &str) -> Result<UploadFile, SpeakError>;
}
