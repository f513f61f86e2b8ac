//! Speech for Conserje, in its own crate so the daemon's crate recompiles
//! without it: Whisper models imported from PyPI wheels (CTranslate2 → ggml),
//! guest audio decoded and resampled to 16 kHz mono, and whisper.cpp run on a
//! dedicated thread with a bounded queue.

pub mod audio;
pub mod catalog;
pub mod import;
pub mod whisper;
