//! Guest audio to what Whisper wants: 16 kHz mono f32. WhatsApp voice notes
//! are Ogg/Opus (libopus); AAC/MP4, MP3, WAV and Ogg/Vorbis go through
//! symphonia. AMR has no maintained Rust decoder and is refused as
//! unsupported, like anything we do not recognise.

mod error;
mod opus_ogg;
mod resample;
mod symphonia_decode;

pub use error::AudioError;
pub use resample::to_16k;

pub const WHISPER_RATE: u32 = 16_000;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_seconds: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 16 * 1024 * 1024,
            max_seconds: 300.0,
        }
    }
}

/// Decoded audio, mixed down to mono, at its own rate.
#[derive(Debug, Clone)]
pub struct Mono {
    pub rate: u32,
    pub samples: Vec<f32>,
}

impl Mono {
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate.max(1))
    }
}

/// Audio ready for Whisper.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm16k {
    pub samples: Vec<f32>,
    /// The source's name for its format, e.g. `ogg/opus`.
    pub format: &'static str,
}

impl Pcm16k {
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(WHISPER_RATE)
    }
}

/// Decodes, checks the limits, mixes to mono and resamples to 16 kHz.
pub fn decode(bytes: &[u8], limits: Limits) -> Result<Pcm16k, AudioError> {
    if bytes.is_empty() {
        return Err(AudioError::Empty);
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(AudioError::TooLarge {
            bytes: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let (mono, format) = match sniff(bytes) {
        Sniffed::Opus => (opus_ogg::decode(bytes, limits.max_seconds)?, "ogg/opus"),
        Sniffed::Amr => {
            return Err(AudioError::Unsupported(
                "AMR (no maintained Rust decoder; ask the guest for a voice note or text)".into(),
            ));
        }
        Sniffed::Other => symphonia_decode::decode(bytes, limits.max_seconds)?,
    };
    if mono.samples.is_empty() {
        return Err(AudioError::Empty);
    }
    let samples = to_16k(&mono)?;
    Ok(Pcm16k { samples, format })
}

enum Sniffed {
    Opus,
    Amr,
    Other,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"#!AMR") {
        return Sniffed::Amr;
    }
    // An Ogg stream's first page carries the codec header: OpusHead for Opus.
    if bytes.starts_with(b"OggS") && bytes.windows(8).take(200).any(|w| w == b"OpusHead") {
        return Sniffed::Opus;
    }
    Sniffed::Other
}

#[cfg(test)]
mod tests;
