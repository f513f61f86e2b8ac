//! Area `dictation` (any signed-in staff): a short recording in, its
//! transcript out, through the daemon's one loaded Whisper model and its
//! speech thread (the same queue guest voice notes use). For the desktop app.
//!
//! Accepted bodies, by `Content-Type`: `audio/ogg` (Opus or Vorbis),
//! `audio/opus`, `audio/wav` (`audio/x-wav`, `audio/wave`), `audio/mpeg` and
//! `audio/mp4`. `audio/webm` is refused with 415: we have no WebM demuxer.
//!
//! Not written to the audit log: it reads nothing of the hotel's and changes
//! nothing (the recording and its transcript are not kept).

use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiJson;
use crate::http::AppState;
use crate::ports::transcriber::{TranscribeError, TranscribeRequest};
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use conserje_speech::audio::{self, AudioError, Limits};
use serde::Serialize;
use std::time::{Duration, Instant};
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post("/dictation", Access::Staff, dictate)
            .tag("dictation")
            // Audio in, text out: nothing changes, and the trail would buffer
            // (and refuse) a recording bigger than the JSON bodies it records.
            .not_audited()
            .summary(
                "Transcribe a short recording. Body: the audio itself, Content-Type audio/ogg \
                 (Opus or Vorbis), audio/opus, audio/wav, audio/mpeg or audio/mp4 (not audio/webm); \
                 limits from [speech]. Optional ?lang=es|en|pt|auto",
            )
            .returns::<Dictation>(200),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct Dictation {
    pub text: String,
    /// ISO 639-1, given or detected.
    pub language: Option<String>,
    /// Length of the recording.
    pub duration_s: f64,
    /// Decoding and transcription time on this machine.
    pub processing_s: f64,
}

async fn dictate(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Body,
) -> Result<ApiJson<Dictation>, ApiError> {
    // The listener answers 408 once `server.request_timeout_secs` has
    // passed, from about now; whisper is stopped before that so the answer
    // says why and the speech thread is not left working for nobody.
    let arrived = Instant::now();
    accepted_type(&headers)?;
    let language = language(query.as_deref())?;
    let speech = &state.settings.speech;
    let transcriber = state.transcriber.clone().ok_or_else(|| {
        unavailable("speech is disabled on this daemon (speech.enabled = false)".into())
    })?;
    if transcriber.model().is_none() {
        // The request is refused before its body is read: nothing to wait for.
        return Err(unavailable(
            "the speech model is not loaded; see /api/health".into(),
        ));
    }
    let limits = Limits {
        max_bytes: speech.max_bytes,
        max_seconds: speech.max_duration_secs as f64,
    };
    // The whole body is read (the listener's `server.body_limit_bytes` caps
    // it) before `speech.max_bytes` is checked: answering while the client is
    // still sending would close the connection under it, and a browser or
    // the desktop app would see a network error instead of this answer.
    let listener_cap =
        usize::try_from(state.settings.server.body_limit_bytes).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(body, listener_cap)
        .await
        .map_err(|_| {
            too_large(
                state.settings.server.body_limit_bytes,
                "server.body_limit_bytes",
            )
        })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(limits.max_bytes, "speech.max_bytes"));
    }
    let started = Instant::now();
    let pcm = tokio::task::spawn_blocking(move || audio::decode(&bytes, limits))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(audio_error)?;
    let duration_s = pcm.seconds();
    let limit = Limit::for_dictation(
        speech.timeout(),
        Duration::from_secs(state.settings.server.request_timeout_secs),
        arrived.elapsed(),
    );
    let request = TranscribeRequest {
        language: language.or_else(|| speech.language.code().map(str::to_string)),
        timeout: Some(limit.time),
    };
    // Whisper's own deadline runs from when the speech thread takes the
    // job; a job that waited in the queue behind voice notes would answer
    // after the listener's 408, so the wait is bounded here too.
    let t = tokio::time::timeout(limit.time, transcriber.transcribe(pcm.samples, request))
        .await
        .unwrap_or(Err(TranscribeError::TimedOut))
        .map_err(|e| match e {
            TranscribeError::Busy => {
                let mut e = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "speech_busy",
                    "the speech queue is full; try again in a few seconds",
                );
                e.retry_after = Some(5);
                e
            }
            TranscribeError::TimedOut => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "speech_timeout",
                limit.exceeded(
                    speech.timeout_secs,
                    state.settings.server.request_timeout_secs,
                ),
            ),
            TranscribeError::Unavailable(why) => unavailable(why),
            TranscribeError::Failed(why) => ApiError::internal(&why),
        })?;
    Ok(ApiJson(Dictation {
        text: t.text,
        language: t.language,
        duration_s,
        processing_s: started.elapsed().as_secs_f64(),
    }))
}

/// How long whisper may take on a dictation: `speech.timeout_secs`, or what
/// is left of the request's own deadline less a second to answer in,
/// whichever ends first.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Limit {
    time: Duration,
    by_request: bool,
}

impl Limit {
    const TO_ANSWER: Duration = Duration::from_secs(1);

    fn for_dictation(speech: Duration, request: Duration, elapsed: Duration) -> Self {
        let left = request
            .saturating_sub(elapsed)
            .saturating_sub(Self::TO_ANSWER);
        if left < speech {
            Self {
                time: left,
                by_request: true,
            }
        } else {
            Self {
                time: speech,
                by_request: false,
            }
        }
    }

    fn exceeded(self, speech_secs: f64, request_secs: u64) -> String {
        if self.by_request {
            format!(
                "transcription would take longer than this request may ({request_secs} s, \
                 server.request_timeout_secs): send a shorter recording or raise it"
            )
        } else {
            format!("transcription took longer than {speech_secs} s (speech.timeout_secs)")
        }
    }
}

fn too_large(limit: u64, setting: &str) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the recording is larger than {limit} bytes ({setting})"),
    )
}

fn unavailable(message: String) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "speech_unavailable",
        message,
    )
}

const TYPES: &[&str] = &[
    "audio/ogg",
    "audio/opus",
    "audio/wav",
    "audio/x-wav",
    "audio/wave",
    "audio/vnd.wave",
    "audio/mpeg",
    "audio/mp4",
];

fn accepted_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // `audio/ogg; codecs=opus` → `audio/ogg`.
    let essence = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if TYPES.contains(&essence.as_str()) {
        return Ok(());
    }
    let hint = if essence == "audio/webm" {
        "WebM cannot be decoded here; record Ogg/Opus or WAV"
    } else {
        "send the recording itself as the body"
    };
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!(
            "Content-Type {declared:?} is not accepted ({hint}); accepted: {}",
            TYPES.join(", ")
        ),
    ))
}

/// `?lang=xx`: a two- or three-letter Whisper language code, or `auto`.
fn language(query: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(value) = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
    else {
        return Ok(None);
    };
    if value == "auto" {
        return Ok(None);
    }
    if (2..=3).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(Some(value.to_string()));
    }
    Err(ApiError::invalid(
        "invalid_language",
        format!("lang={value:?}: expected a language code such as es, en, pt, or auto"),
    ))
}

fn audio_error(e: AudioError) -> ApiError {
    let message = e.to_string();
    match e {
        AudioError::TooLarge { .. } => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
        }
        AudioError::TooLong { .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_long",
            format!("{message} (speech.max_duration_secs)"),
        ),
        AudioError::Empty => ApiError::invalid("empty_audio", message),
        AudioError::Corrupt(_) => ApiError::invalid("corrupt_audio", message),
        AudioError::Unsupported(_) => ApiError::invalid("unsupported_audio", message),
    }
}

#[cfg(test)]
mod tests {
    use super::Limit;
    use std::time::Duration;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn whisper_stops_a_second_before_the_request_would_time_out() {
        // Defaults: speech.timeout_secs 120, server.request_timeout_secs 30.
        let limit = Limit::for_dictation(S(120), S(30), S(2));
        assert_eq!(
            limit,
            Limit {
                time: S(27),
                by_request: true
            }
        );
        assert_eq!(
            limit.exceeded(120.0, 30),
            "transcription would take longer than this request may (30 s, \
             server.request_timeout_secs): send a shorter recording or raise it"
        );
        // The speech deadline ends first.
        let limit = Limit::for_dictation(S(10), S(600), S(2));
        assert_eq!(
            limit,
            Limit {
                time: S(10),
                by_request: false
            }
        );
        assert!(limit.exceeded(10.0, 600).contains("speech.timeout_secs"));
        // The upload took all the time there was.
        let limit = Limit::for_dictation(S(120), S(30), S(31));
        assert_eq!(
            limit,
            Limit {
                time: S(0),
                by_request: true
            }
        );
    }
}
