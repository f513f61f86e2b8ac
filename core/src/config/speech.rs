//! The `[speech]` section: guest voice notes transcribed on this machine.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpeechSettings {
    /// Off: voice notes get the "please write" reply, no model is loaded.
    pub enabled: bool,
    /// A model name in `<data dir>/models` (`base`, `tiny.en`) or a path to a
    /// ggml file. Names are also looked up in the system data directory, where
    /// `scripts/setup.sh` imports them.
    pub model: String,
    /// CPU threads whisper uses for one voice note.
    pub threads: usize,
    /// auto (the conversation's language when known, else detected), es, en or pt.
    pub language: SpeechLanguage,
    /// clip: with the language known, Whisper's encoder reads only as much
    /// audio as the note holds (about 3x faster on a 10 s note); detection
    /// keeps the full window. full: always its 30 s window.
    pub window: SpeechWindow,
    pub max_bytes: u64,
    pub max_duration_secs: u64,
    /// Voice notes waiting for the speech thread; more are retried later.
    pub queue: usize,
    /// Longest one transcription may take (including its wait in the queue);
    /// fractions allowed (tests use a few milliseconds).
    pub timeout_secs: f64,
    /// Below this mean token probability the guest is asked to repeat or write.
    pub min_confidence: f32,
    /// Answer a voice note with a voice note too (espeak-ng, robotic), sent
    /// after the text reply; the text is always sent.
    pub voice_replies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeechLanguage {
    Auto,
    Es,
    En,
    Pt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SpeechWindow {
    Clip,
    Full,
}

impl SpeechWindow {
    pub fn whisper(self) -> conserje_speech::whisper::Window {
        match self {
            Self::Clip => conserje_speech::whisper::Window::Clip,
            Self::Full => conserje_speech::whisper::Window::Full,
        }
    }
}

impl SpeechLanguage {
    pub fn code(self) -> Option<&'static str> {
        match self {
            Self::Auto => None,
            Self::Es => Some("es"),
            Self::En => Some("en"),
            Self::Pt => Some("pt"),
        }
    }
}

impl SpeechSettings {
    /// `timeout_secs` as a duration (validation keeps it positive and finite).
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::try_from_secs_f64(self.timeout_secs)
            .unwrap_or(std::time::Duration::from_secs(120))
    }
}

impl Default for SpeechSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            model: "base".into(),
            threads: 2,
            language: SpeechLanguage::Auto,
            window: SpeechWindow::Clip,
            max_bytes: 16 * 1024 * 1024,
            max_duration_secs: 300,
            queue: 4,
            timeout_secs: 120.0,
            min_confidence: 0.45,
            voice_replies: false,
        }
    }
}

pub(super) fn validate(
    s: &SpeechSettings,
    invalid: &dyn Fn(&str, String, &str) -> super::ConfigError,
) -> Result<(), super::ConfigError> {
    if s.model.trim().is_empty() {
        return Err(invalid(
            "speech.model",
            "\"\"".into(),
            "needs a model name or a path",
        ));
    }
    if s.threads == 0 || s.queue == 0 {
        return Err(invalid(
            "speech.threads",
            format!("threads {}, queue {}", s.threads, s.queue),
            "threads and queue must be at least 1",
        ));
    }
    if !(0.0..=1.0).contains(&s.min_confidence) {
        return Err(invalid(
            "speech.min_confidence",
            s.min_confidence.to_string(),
            "must be between 0 and 1",
        ));
    }
    if !(s.timeout_secs.is_finite() && s.timeout_secs > 0.0) {
        return Err(invalid(
            "speech.timeout_secs",
            s.timeout_secs.to_string(),
            "must be a positive number of seconds",
        ));
    }
    Ok(())
}
