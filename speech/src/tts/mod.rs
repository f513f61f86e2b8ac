//! Voice replies: the reply text spoken by espeak-ng (Debian's offline
//! synthesiser: intelligible, clearly robotic) in the guest's language,
//! resampled to 16 kHz and encoded as an Ogg/Opus voice note the way WhatsApp
//! shows one (`audio/ogg; codecs=opus`, at most 512 KB).

mod espeak;
mod ogg_opus;
mod wav;

pub use espeak::{speak, voice_for};
pub use ogg_opus::{MAX_VOICE_NOTE_BYTES, encode};

/// An Ogg/Opus voice note ready to upload.
#[derive(Debug, Clone)]
pub struct VoiceNote {
    pub bytes: Vec<u8>,
    pub seconds: f64,
}

pub const MIME: &str = "audio/ogg; codecs=opus";

#[derive(Debug, thiserror::Error)]
pub enum TtsError {
    #[error("no voice for language {0:?} (es, en and pt are spoken)")]
    NoVoice(String),
    #[error("espeak-ng cannot run ({0}); install it with scripts/setup.sh")]
    NotInstalled(String),
    #[error("espeak-ng failed: {0}")]
    Synthesis(String),
    #[error("nothing to say")]
    Empty,
    #[error("the voice note would be {bytes} bytes, over WhatsApp's {limit} for a voice note")]
    TooLarge { bytes: usize, limit: usize },
    #[error("opus encoder: {0}")]
    Encoder(String),
}

/// `text` in `language` (es, en, pt) as an Ogg/Opus voice note.
pub fn voice_note(text: &str, language: &str) -> Result<VoiceNote, TtsError> {
    let pcm = speak(text, language)?;
    let bytes = encode(&pcm)?;
    Ok(VoiceNote {
        bytes,
        seconds: pcm.len() as f64 / f64::from(crate::audio::WHISPER_RATE),
    })
}

#[cfg(test)]
mod tests;
