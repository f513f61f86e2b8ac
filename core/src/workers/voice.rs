//! A guest's voice note, heard before the engine answers: fetched from the
//! Graph API, kept in the media folder, decoded and resampled (off the async
//! runtime), transcribed by the speech thread, cached by the audio's SHA-256.
//!
//! A busy speech thread is a retry of the inbox row, so a burst of voice
//! notes waits in the inbox instead of being dropped.

use super::conversation::ProcessError;
use crate::adapters::sqlite::voice_replies::{self, NewVoiceReply};
use crate::config::SpeechLanguage;
use crate::domain::{OutboundMessage, PhoneE164};
use crate::ports::engine::VoiceOutcome;
use crate::ports::messenger::{MediaError, MediaFetcher};
use crate::ports::transcriber::{TranscribeError, TranscribeRequest, Transcriber, Transcript};
use conserje_speech::audio::{self, Limits};
use sqlx::SqlitePool;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct VoicePipeline {
    pub fetcher: Arc<dyn MediaFetcher>,
    pub transcriber: Arc<dyn Transcriber>,
    pub db: SqlitePool,
    pub media_dir: PathBuf,
    pub limits: Limits,
    pub language: SpeechLanguage,
    pub timeout: Duration,
    pub min_confidence: f32,
    /// `speech.voice_replies`: the voice reply worker's wake-up, `None` when
    /// replies to voice notes are text only.
    pub replies: Option<Arc<tokio::sync::Notify>>,
}

/// What hearing one voice note produced, stored with the message.
#[derive(Debug, Clone)]
pub struct Heard {
    pub outcome: VoiceOutcome,
    pub transcript: Option<Transcript>,
    /// The kept file and its size, when the download worked.
    pub file: Option<(String, i64)>,
}

impl VoicePipeline {
    pub async fn hear(
        &self,
        phone_number_id: &str,
        media_ref: &crate::domain::MediaRef,
        hint: Option<String>,
    ) -> Result<Heard, ProcessError> {
        let unusable = |code: &str, detail: String, file: Option<(String, i64)>| Heard {
            outcome: VoiceOutcome::Unusable {
                code: code.into(),
                detail,
            },
            transcript: None,
            file,
        };
        let media = match self
            .fetcher
            .fetch(phone_number_id, &media_ref.media_id)
            .await
        {
            Ok(m) => m,
            Err(MediaError::Retryable(e)) => {
                return Err(ProcessError::Retry(format!("voice note download: {e}")));
            }
            Err(e @ MediaError::TooLarge { .. }) => {
                return Ok(unusable("too_large", e.to_string(), None));
            }
            Err(e @ MediaError::Permanent(_)) => {
                return Ok(unusable("unavailable", e.to_string(), None));
            }
        };
        super::media_worker::check_sha(media_ref.sha256.as_deref(), &media.sha256_hex)
            .map_err(|e| ProcessError::Retry(format!("voice note download: {e}")))?;
        let file = self.keep(&media.bytes, &media.sha256_hex).await?;
        let transcript = match self.cached(&media.sha256_hex).await? {
            Some(t) => t,
            None => {
                let limits = self.limits;
                let bytes = media.bytes;
                let decoded = tokio::task::spawn_blocking(move || audio::decode(&bytes, limits))
                    .await
                    .map_err(|e| ProcessError::Retry(format!("audio decoder task: {e}")))?;
                let pcm = match decoded {
                    Ok(p) => p,
                    Err(e) => return Ok(unusable(e.code(), e.to_string(), Some(file))),
                };
                let request = TranscribeRequest {
                    language: self.language.code().map(str::to_string).or(hint),
                    timeout: Some(self.timeout),
                };
                let seconds = pcm.seconds();
                match self.transcriber.transcribe(pcm.samples, request).await {
                    Ok(t) => {
                        tracing::info!(
                            audio_s = seconds,
                            processing_s = t.processing_s,
                            language = t.language.as_deref().unwrap_or("?"),
                            confidence = t.confidence,
                            "voice note transcribed"
                        );
                        self.remember(&media.sha256_hex, &t, seconds).await?;
                        t
                    }
                    Err(TranscribeError::Busy) => {
                        return Err(ProcessError::Retry(
                            "speech queue full; the voice note waits".into(),
                        ));
                    }
                    Err(e @ TranscribeError::TimedOut) => {
                        return Ok(unusable("timeout", e.to_string(), Some(file)));
                    }
                    Err(e @ TranscribeError::Unavailable(_)) => {
                        return Ok(unusable("no_model", e.to_string(), Some(file)));
                    }
                    Err(e @ TranscribeError::Failed(_)) => {
                        return Ok(unusable("failed", e.to_string(), Some(file)));
                    }
                }
            }
        };
        let outcome =
            if transcript.text.trim().is_empty() || transcript.confidence < self.min_confidence {
                VoiceOutcome::Unclear {
                    text: transcript.text.clone(),
                    confidence: transcript.confidence,
                }
            } else {
                VoiceOutcome::Heard {
                    text: transcript.text.clone(),
                    language: transcript.language.clone(),
                    confidence: transcript.confidence,
                }
            };
        Ok(Heard {
            outcome,
            transcript: Some(transcript),
            file: Some(file),
        })
    }

    /// Same naming idea as the media worker: written aside, then renamed.
    async fn keep(&self, bytes: &[u8], sha: &str) -> Result<(String, i64), ProcessError> {
        let io =
            |e: std::io::Error| ProcessError::Retry(format!("cannot keep the voice note: {e}"));
        tokio::fs::create_dir_all(&self.media_dir)
            .await
            .map_err(io)?;
        let path = self
            .media_dir
            .join(format!("voice-{}.ogg", &sha[..16.min(sha.len())]));
        let tmp = path.with_extension("part");
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io)?;
        Ok((
            path.to_string_lossy().into_owned(),
            i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        ))
    }

    async fn cached(&self, sha: &str) -> Result<Option<Transcript>, ProcessError> {
        let row: Option<(String, Option<String>, f64)> = sqlx::query_as(
            "SELECT text, language, confidence FROM speech_transcripts WHERE sha256 = ?",
        )
        .bind(sha)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(|(text, language, confidence)| Transcript {
            text,
            language,
            confidence: confidence as f32,
            processing_s: 0.0,
        }))
    }

    async fn remember(&self, sha: &str, t: &Transcript, seconds: f64) -> Result<(), ProcessError> {
        sqlx::query(
            "INSERT INTO speech_transcripts (sha256, text, language, confidence, duration_s, \
             processing_s, model, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha)
        .bind(&t.text)
        .bind(&t.language)
        .bind(f64::from(t.confidence))
        .bind(seconds)
        .bind(t.processing_s)
        .bind(self.transcriber.model().unwrap_or_default())
        .bind(chrono::Utc::now().timestamp_millis())
        .execute(&self.db)
        .await?;
        Ok(())
    }
}

/// The words of a reply a voice reply speaks (buttons and list rows are
/// choices to tap, not to hear).
pub fn spoken(reply: &OutboundMessage) -> Option<&str> {
    match reply {
        OutboundMessage::Text { body, .. }
        | OutboundMessage::Buttons { body, .. }
        | OutboundMessage::List { body, .. } => Some(body.as_str()),
        _ => None,
    }
}

impl VoicePipeline {
    /// With voice replies on, a voice note that was heard gets the text of
    /// its replies spoken too: queued here, in the transaction that queues
    /// the text replies, for the voice reply worker. True when queued.
    #[allow(clippy::too_many_arguments)]
    pub async fn queue_reply(
        &self,
        tx: &mut sqlx::SqliteConnection,
        row: &crate::adapters::sqlite::InboxRow,
        conversation_id: i64,
        guest: &PhoneE164,
        heard: &Heard,
        conversation_language: Option<String>,
        said: &[String],
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        // Unclear or unusable notes get "please write": no voice for that.
        let VoiceOutcome::Heard { language, .. } = &heard.outcome else {
            return Ok(false);
        };
        if self.replies.is_none() || said.is_empty() {
            return Ok(false);
        }
        // The replies are written in the conversation's language; the note's
        // detected language stands in when the engine keeps none.
        let Some(language) = conversation_language.or_else(|| language.clone()) else {
            tracing::warn!(
                conversation_id,
                "voice reply skipped: the reply's language is unknown"
            );
            return Ok(false);
        };
        voice_replies::insert(
            tx,
            &NewVoiceReply {
                inbox_id: row.id,
                conversation_id,
                phone_number_id: &row.phone_number_id,
                to: guest,
                language: &language,
                text: &said.join("\n"),
            },
            now_ms,
        )
        .await?;
        Ok(true)
    }
}

/// Stores what was heard on the message, inside the worker's transaction,
/// and marks its media as already downloaded (the media worker skips it).
pub async fn record(
    tx: &mut sqlx::SqliteConnection,
    message_id: i64,
    heard: &Heard,
) -> Result<(), sqlx::Error> {
    let (state, detail) = match &heard.outcome {
        VoiceOutcome::Heard { .. } => ("heard", None),
        VoiceOutcome::Unclear { .. } => ("unclear", None),
        VoiceOutcome::Unusable { code, detail } => (code.as_str(), Some(detail.as_str())),
    };
    sqlx::query(
        "UPDATE messages SET transcript = ?, transcript_confidence = ?, transcript_language = ?, \
         voice_state = ?, voice_error = ? WHERE id = ?",
    )
    .bind(heard.transcript.as_ref().map(|t| t.text.as_str()))
    .bind(heard.transcript.as_ref().map(|t| f64::from(t.confidence)))
    .bind(
        heard
            .transcript
            .as_ref()
            .and_then(|t| t.language.as_deref()),
    )
    .bind(state)
    .bind(detail)
    .bind(message_id)
    .execute(&mut *tx)
    .await?;
    if let Some((path, size)) = &heard.file {
        sqlx::query(
            "UPDATE media SET state = 'stored', path = ?, size_bytes = ?, attempts = attempts + 1 \
             WHERE message_id = ? AND state = 'pending'",
        )
        .bind(path)
        .bind(size)
        .bind(message_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
