//! espeak-ng as a child process: the text on its stdin (never on the command
//! line, where a reply could be read as an option), WAV on its stdout.

use super::{TtsError, wav};
use crate::audio::to_16k;
use std::io::Write;
use std::process::{Command, Stdio};

/// The espeak-ng voice for a guest language: Latin American Spanish and
/// Brazilian Portuguese, the hotels' guests; US English.
pub fn voice_for(language: &str) -> Option<&'static str> {
    match language {
        "es" => Some("es-419"),
        "en" => Some("en-us"),
        "pt" => Some("pt-br"),
        _ => None,
    }
}

/// Words per minute: espeak's default (175) is hurried for a guest.
const SPEED: &str = "155";

/// `text` spoken in `language`, as 16 kHz mono f32.
pub fn speak(text: &str, language: &str) -> Result<Vec<f32>, TtsError> {
    let voice = voice_for(language).ok_or_else(|| TtsError::NoVoice(language.to_string()))?;
    if text.trim().is_empty() {
        return Err(TtsError::Empty);
    }
    let mut child = Command::new("espeak-ng")
        .args(["-v", voice, "-s", SPEED, "--stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| TtsError::NotInstalled(e.to_string()))?;
    // Written from another thread: a long reply fills the stdout pipe while
    // espeak-ng is still reading its input.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| TtsError::Synthesis("no stdin".into()))?;
    let owned = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(owned.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| TtsError::Synthesis(e.to_string()))?;
    writer
        .join()
        .map_err(|_| TtsError::Synthesis("stdin writer panicked".into()))?
        .map_err(|e| TtsError::Synthesis(format!("writing the text: {e}")))?;
    if !out.status.success() {
        return Err(TtsError::Synthesis(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let mono = wav::parse(&out.stdout)?;
    if mono.samples.is_empty() {
        return Err(TtsError::Empty);
    }
    to_16k(&mono).map_err(|e| TtsError::Synthesis(e.to_string()))
}
