//! How much of Whisper's 30 s encoder window a clip is given, for
//! transcribing and for detecting its language.

/// The encoder's window. Whisper's encoder always reads 30 s of audio
/// (silence after the clip) unless told otherwise, and the encoder is most of
/// the work for a voice note on a CPU. A window sized to the clip made 8–12 s
/// notes about three times faster and heard short and medium notes in es, en
/// and pt as well or better (BENCHMARKS.md, speech bench, 2026-11-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// Sized to the clip ([`clip_audio_ctx`]); the language is detected
    /// on the first [`DETECT_FRAMES`].
    #[default]
    Clip,
    /// Whisper's full 30 s, as it was trained.
    Full,
    /// This many encoder frames (50 a second), for benches and tests.
    Frames(i32),
}

/// The window the language is detected in with [`Window::Clip`]: the first
/// 5 s. Among es, en and pt it picked what the full window picks on all 12
/// notes of the detection bench (short and long, six voices), in 0.35 s
/// instead of 0.8 s for the clip's window and 3.3 s for the full one
/// (BENCHMARKS.md, 2026-11-30). Among all of Whisper's languages a short
/// window once took a 2.5 s Spanish note for Japanese; among the candidates
/// it is not given the chance.
pub const DETECT_FRAMES: i32 = 250;

impl Window {
    /// The encoder context for `samples` at 16 kHz; `None` for the full
    /// window.
    pub fn audio_ctx(self, samples: usize) -> Option<i32> {
        match self {
            Self::Clip => Some(clip_audio_ctx(
                samples as f64 / f64::from(crate::audio::WHISPER_RATE),
            )),
            Self::Full => None,
            Self::Frames(n) => Some(n),
        }
    }

    /// The encoder context the language is detected in; `None` for the full
    /// window.
    pub fn detect_ctx(self) -> Option<i32> {
        match self {
            Self::Clip => Some(DETECT_FRAMES),
            Self::Full => None,
            Self::Frames(n) => Some(n),
        }
    }
}

/// An encoder window sized to a clip of `seconds` (Whisper's encoder sees 50
/// frames a second and always 30 s unless told), with a margin so the clip's
/// last words are not cut, and never under 10 s: Whisper was trained on 30 s
/// windows and short ones are where it starts to invent words. A note under
/// 5 s keeps the full window: it is quick either way, and it is where a
/// narrow window heard worst ("Hola, ¿a qué hora es el desayuno?" came out as
/// "ahora, a que se les ayuno" in a 10 s or 15 s window and with "desayuno"
/// in the full one, 2026-11-30). Clips of 28.7 s and more get the full window.
pub fn clip_audio_ctx(seconds: f64) -> i32 {
    const FULL: f64 = 1500.0;
    const SHORTEST: f64 = 500.0;
    const SHORT_NOTE_S: f64 = 5.0;
    const MARGIN: f64 = 64.0;
    let seconds = seconds.max(0.0);
    if seconds < SHORT_NOTE_S {
        return FULL as i32;
    }
    let frames = (seconds * 50.0).ceil() + MARGIN;
    frames.clamp(SHORTEST, FULL) as i32
}

#[cfg(test)]
mod tests {
    use super::{Window, clip_audio_ctx};

    #[test]
    fn the_encoder_window_follows_the_clip_within_bounds() {
        assert_eq!(clip_audio_ctx(0.0), 1500, "a short note: 30 s");
        assert_eq!(clip_audio_ctx(4.9), 1500);
        assert_eq!(clip_audio_ctx(5.0), 500, "never under 10 s");
        assert_eq!(clip_audio_ctx(8.0), 500);
        assert_eq!(clip_audio_ctx(12.0), 600 + 64);
        assert_eq!(clip_audio_ctx(29.0), 1500, "never over 30 s");
        assert_eq!(clip_audio_ctx(300.0), 1500);
    }

    #[test]
    fn the_default_window_is_sized_to_the_clip() {
        // 12 s at 16 kHz.
        assert_eq!(Window::Clip.audio_ctx(192_000), Some(664));
        assert_eq!(Window::Full.audio_ctx(192_000), None);
        assert_eq!(Window::Frames(64).audio_ctx(192_000), Some(64));
        // The language is heard in the first 5 s, whatever the clip's length.
        assert_eq!(Window::Clip.detect_ctx(), Some(250));
        assert_eq!(Window::Full.detect_ctx(), None);
        assert_eq!(Window::Frames(64).detect_ctx(), Some(64));
    }
}
