//! The `Speaker` port on espeak-ng (Debian's offline synthesiser) through the
//! speech crate: spoken, resampled and encoded as an Ogg/Opus voice note on a
//! blocking thread (espeak is a subprocess, the encoder is CPU work).

use crate::ports::messenger::UploadFile;
use crate::ports::speaker::{SpeakError, Speaker};
use async_trait::async_trait;
use conserje_speech::tts;

pub struct EspeakSpeaker;

#[async_trait]
impl Speaker for EspeakSpeaker {
    async fn speak(&self, text: &str, language: &str) -> Result<UploadFile, SpeakError> {
        let (text, language) = (text.to_string(), language.to_string());
        let note = tokio::task::spawn_blocking(move || tts::voice_note(&text, &language))
            .await
            .map_err(|e| SpeakError(format!("synthesis task: {e}")))?
            .map_err(|e| SpeakError(e.to_string()))?;
        Ok(UploadFile {
            bytes: note.bytes,
            mime_type: tts::MIME.to_string(),
            filename: "reply.ogg".into(),
        })
    }
}
