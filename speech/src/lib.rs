//! Speech for Conserje, in its own crate so the daemon's crate recompiles
//! without it: Whisper models imported from PyPI wheels (CTranslate2 → ggml),
//! guest audio decoded and resampled to 16 kHz mono, and whisper.cpp run on a
//! dedicated thread with a bounded queue. Also the other direction: reply
//! text spoken by espeak-ng as an Ogg/Opus voice note, and (feature `mic`)
//! push-to-talk capture from the microphone.

pub mod audio;
#[cfg(feature = "mic")]
pub mod capture;
pub mod catalog;
pub mod import;
pub mod tts;
pub mod whisper;
