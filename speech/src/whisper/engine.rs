//! One Whisper model in memory and how a clip is run through it.

use super::SpeechError;
use std::path::Path;
use std::time::{Duration, Instant};
use whisper_rs::{
    FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
};

pub struct Engine {
    ctx: WhisperContext,
    /// whisper.cpp's working memory (KV caches, compute buffers), made once
    /// and reused by every job: allocating it per job cost time on each
    /// voice note and doubled the daemon's peak memory while it ran. Taken
    /// out while a job runs, so a job that panics leaves none behind and the
    /// next job starts from a fresh one.
    state: Option<WhisperState>,
    /// Whether the state's last run narrowed the encoder window. whisper.cpp
    /// detects a job's language *before* it applies the job's window, with
    /// the one the previous run left in the state; so after a narrowed run
    /// a job that detects gets a fresh state (full window), and detection
    /// never depends on which note came before.
    narrowed: bool,
    threads: i32,
    multilingual: bool,
}

#[derive(Debug, Clone, Default)]
pub struct JobOptions {
    /// ISO 639-1 code; `None` lets a multilingual model detect it.
    pub language: Option<String>,
    /// How much of Whisper's 30 s encoder window the clip is given.
    pub window: Window,
    pub timeout: Option<Duration>,
}

/// The encoder's window. Whisper's encoder always reads 30 s of audio
/// (silence after the clip) unless told otherwise, and the encoder is most of
/// the work for a voice note on a CPU. With the language known, a window sized
/// to the clip made 8–12 s notes about three times faster and heard short and
/// medium notes in es, en and pt as well or better; but detecting the language
/// in a short window once took a 2.5 s Spanish note for Japanese, so detection
/// keeps the full window (BENCHMARKS.md, speech bench, 2026-11-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// Sized to the clip ([`clip_audio_ctx`]) when the language is given;
    /// the full 30 s when Whisper must detect it.
    #[default]
    Clip,
    /// Whisper's full 30 s, as it was trained.
    Full,
    /// This many encoder frames (50 a second), for benches and tests.
    Frames(i32),
}

impl Window {
    /// The encoder context for `samples` at 16 kHz, `detecting` the language
    /// or not; `None` for the full window.
    pub fn audio_ctx(self, samples: usize, detecting: bool) -> Option<i32> {
        match self {
            Self::Clip if detecting => None,
            Self::Clip => Some(clip_audio_ctx(
                samples as f64 / f64::from(crate::audio::WHISPER_RATE),
            )),
            Self::Full => None,
            Self::Frames(n) => Some(n),
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Transcript {
    pub text: String,
    /// The language Whisper used (given or detected).
    pub language: Option<String>,
    /// Mean probability of the text tokens, 0..1 (0 when there is no text).
    pub confidence: f32,
    /// Whisper's own estimate that the clip holds no speech.
    pub no_speech: f32,
    pub processing_s: f64,
}

impl Engine {
    pub fn load(path: &Path, threads: usize) -> Result<Self, SpeechError> {
        let load_err = |reason: String| SpeechError::Load {
            path: path.display().to_string(),
            reason,
        };
        if !path.is_file() {
            return Err(load_err("no such file".into()));
        }
        whisper_rs::install_logging_hooks();
        let ctx = WhisperContext::new_with_params(path, WhisperContextParameters::default())
            .map_err(|e| load_err(e.to_string()))?;
        let multilingual = ctx.is_multilingual();
        let state = ctx
            .create_state()
            .map_err(|e| load_err(format!("cannot allocate whisper's state: {e}")))?;
        Ok(Self {
            ctx,
            state: Some(state),
            narrowed: false,
            threads: i32::try_from(threads.max(1)).unwrap_or(1),
            multilingual,
        })
    }

    pub fn multilingual(&self) -> bool {
        self.multilingual
    }

    /// `pcm`: 16 kHz mono f32. Runs on the calling thread (the worker's).
    pub fn transcribe(
        &mut self,
        pcm: &[f32],
        opts: &JobOptions,
    ) -> Result<Transcript, SpeechError> {
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        let language = if self.multilingual {
            opts.language.clone().unwrap_or_else(|| "auto".into())
        } else {
            "en".into()
        };
        let detecting = language == "auto";
        if detecting && self.narrowed {
            // Freed before the new one is made, so memory does not double.
            self.state = None;
            self.narrowed = false;
        }
        let mut state = match self.state.take() {
            Some(state) => state,
            None => self.ctx.create_state().map_err(engine)?,
        };
        let audio_ctx = opts.window.audio_ctx(pcm.len(), detecting);
        let result = self.run(&mut state, pcm, opts, &language, audio_ctx);
        // A run that set a window leaves it in the state, whatever its
        // outcome; one with the full window clears it only if it got there.
        if audio_ctx.is_some() {
            self.narrowed = true;
        } else if result.is_ok() {
            self.narrowed = false;
        }
        // A stopped or failed run leaves the state reusable: whisper.cpp
        // resets it at the start of every run.
        self.state = Some(state);
        result
    }

    fn run(
        &self,
        state: &mut WhisperState,
        pcm: &[f32],
        opts: &JobOptions,
        language: &str,
        audio_ctx: Option<i32>,
    ) -> Result<Transcript, SpeechError> {
        let started = Instant::now();
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads);
        params.set_language(Some(language));
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_no_context(true);
        params.set_suppress_blank(true);
        if let Some(ctx) = audio_ctx {
            params.set_audio_ctx(ctx);
        }
        let deadline = opts.timeout.map(|limit| started + limit);
        if deadline.is_some() {
            params.set_abort_callback_safe(past_deadline);
        }
        JOB.with(|j| {
            j.set(Job {
                deadline,
                stopped: false,
            });
        });
        let run = state.full(params, pcm);
        // The deadline is cleared; `stopped` stays until the next job.
        let stopped = JOB.with(|j| {
            let job = j.get();
            j.set(Job {
                deadline: None,
                ..job
            });
            job.stopped
        });
        // A result that arrives after the deadline (whisper.cpp only looks at
        // the callback between steps) is a timeout all the same, so the
        // caller's outcome never depends on when whisper noticed.
        if let Some(limit) = opts.timeout
            && started.elapsed() > limit
        {
            if !stopped {
                tracing::warn!(
                    ?limit,
                    "whisper finished after its deadline; answered as a timeout"
                );
            }
            return Err(SpeechError::TimedOut(limit));
        }
        run.map_err(engine)?;
        let eot = self.ctx.token_eot();
        let (mut text, mut probs, mut no_speech) = (String::new(), Vec::new(), 0f32);
        for (i, seg) in state.as_iter().enumerate() {
            if i == 0 {
                no_speech = seg.no_speech_probability();
            }
            text.push_str(&seg.to_str_lossy().map_err(engine)?);
            for t in 0..seg.n_tokens() {
                if let Some(tok) = seg.get_token(t)
                    && tok.token_id() < eot
                {
                    probs.push(tok.token_probability());
                }
            }
        }
        let lang_id = state.full_lang_id_from_state();
        let language = whisper_rs::get_lang_str(lang_id).map(str::to_string);
        let confidence = if probs.is_empty() {
            0.0
        } else {
            probs.iter().sum::<f32>() / probs.len() as f32
        };
        let text = without_annotations(&text);
        if text.is_empty() {
            probs.clear();
        }
        Ok(Transcript {
            text,
            language,
            confidence,
            no_speech,
            processing_s: started.elapsed().as_secs_f64(),
        })
    }
}

/// An encoder window sized to a clip of `seconds` (Whisper's encoder sees 50
/// frames a second and always 30 s unless told), with a margin so the clip's
/// last words are not cut, and never under 10 s: Whisper was trained on 30 s
/// windows and very short ones are where it starts to invent words. Clips of
/// 28.7 s and more get the full window.
pub fn clip_audio_ctx(seconds: f64) -> i32 {
    const FULL: f64 = 1500.0;
    const SHORTEST: f64 = 500.0;
    const MARGIN: f64 = 64.0;
    let frames = (seconds.max(0.0) * 50.0).ceil() + MARGIN;
    frames.clamp(SHORTEST, FULL) as i32
}

/// The running job's deadline, for whisper.cpp's abort callback.
///
/// whisper-rs 0.16's `set_abort_callback_safe` boxes the closure as a trait
/// object but calls it as the concrete closure type, so a closure that
/// captures a value (the deadline) reads garbage instead: observed as a 5 ms
/// deadline never stopping whisper. A closure that captures nothing has no
/// data to misread; the deadline lives here instead. whisper.cpp calls the
/// callback on the thread that runs the job (ggml's compute thread 0 is the
/// caller), hence a thread-local: engines on other threads do not share it.
/// (whisper-rs never frees the boxed callback: 16 bytes per job.)
#[derive(Clone, Copy, Default)]
struct Job {
    deadline: Option<Instant>,
    /// The callback told whisper to stop.
    stopped: bool,
}

thread_local! {
    static JOB: std::cell::Cell<Job> = const {
        std::cell::Cell::new(Job {
            deadline: None,
            stopped: false,
        })
    };
}

fn past_deadline() -> bool {
    JOB.with(|j| {
        let mut job = j.get();
        let past = job.deadline.is_some_and(|d| Instant::now() > d);
        if past {
            job.stopped = true;
            j.set(job);
        }
        past
    })
}

/// Whisper writes non-speech as annotations: `[BLANK_AUDIO]`, `[Music]`,
/// `(risas)`. They are not words the guest said.
fn without_annotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' if depth > 0 => depth -= 1,
            '♪' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{Engine, JobOptions, SpeechError, Window};
    use std::path::PathBuf;
    use std::time::Duration;

    /// The base model `scripts/setup.sh` installs; missing fails, naming it.
    fn base_model() -> PathBuf {
        let dir = std::env::var_os("CONSERJE_MODELS_DIR")
            .map_or_else(|| PathBuf::from("/var/lib/conserje/models"), PathBuf::from);
        let path = dir.join("ggml-base.bin");
        assert!(
            path.is_file(),
            "the Whisper base model is missing at {}: run scripts/setup.sh (or scripts/speech-models.sh)",
            path.display()
        );
        path
    }

    /// whisper.cpp may finish a job whose abort callback already asked it to
    /// stop: the late transcript must still come back as a timeout.
    #[test]
    fn a_result_after_the_deadline_is_a_timeout() {
        let mut engine = Engine::load(&base_model(), 1).expect("load the base model");
        let limit = Duration::from_micros(1);
        let opts = JobOptions {
            language: Some("en".into()),
            window: Window::Frames(64),
            timeout: Some(limit),
        };
        let tone: Vec<f32> = (0..16_000u16)
            .map(|i| (f32::from(i) * 0.05).sin() * 0.2)
            .collect();
        assert_eq!(
            engine.transcribe(&tone, &opts),
            Err(SpeechError::TimedOut(limit))
        );
        // The deadline had passed before whisper's first step: it was told
        // to stop there, not left to run the clip to the end.
        let job = super::JOB.with(std::cell::Cell::get);
        assert!(job.stopped, "whisper was stopped by its deadline");
        assert!(
            job.deadline.is_none(),
            "the deadline is cleared after the run"
        );
        // The same clip without a deadline is transcribed: the engine works.
        let opts = JobOptions {
            timeout: None,
            ..opts
        };
        assert!(engine.transcribe(&tone, &opts).is_ok());
        assert!(!super::JOB.with(std::cell::Cell::get).stopped);
    }

    /// `text` spoken by espeak-ng in `voice`, through Ogg/Opus as WhatsApp
    /// sends it, decoded to 16 kHz.
    fn spoken(dir: &std::path::Path, voice: &str, text: &str) -> Vec<f32> {
        let wav = dir.join(format!("{voice}.wav"));
        let ogg = wav.with_extension("ogg");
        let run = |cmd: &mut std::process::Command| {
            let ok = cmd.status().map(|s| s.success()).unwrap_or(false);
            assert!(
                ok,
                "{cmd:?} failed: install espeak-ng and opus-tools (scripts/setup.sh)"
            );
        };
        run(std::process::Command::new("espeak-ng")
            .args(["-v", voice, "-s", "150", "-w"])
            .arg(&wav)
            .arg(text));
        run(std::process::Command::new("opusenc")
            .args(["--quiet", "--bitrate", "24"])
            .arg(&wav)
            .arg(&ogg));
        let bytes = std::fs::read(&ogg).expect("opusenc output");
        crate::audio::decode(&bytes, crate::audio::Limits::default())
            .expect("decodes")
            .samples
    }

    /// whisper.cpp detects the language with the encoder window the state's
    /// previous run left; the engine gives a detecting job a fresh state
    /// after a narrowed run, so what it detects does not depend on the job
    /// before (in the speech bench, a 10 s window once heard this note as
    /// Japanese).
    #[test]
    fn detection_after_a_clip_window_job_hears_what_a_fresh_engine_hears() {
        let dir = tempfile::tempdir().expect("tmp");
        let english = spoken(dir.path(), "en-us", "Hi, can I bring my dog to the hotel?");
        let spanish = spoken(dir.path(), "es", "Hola, ¿a qué hora es el desayuno?");
        let detect = JobOptions::default();
        let fresh = Engine::load(&base_model(), 2)
            .expect("load the base model")
            .transcribe(&spanish, &detect)
            .expect("fresh detection");
        let mut engine = Engine::load(&base_model(), 2).expect("load the base model");
        let given = JobOptions {
            language: Some("en".into()),
            ..JobOptions::default()
        };
        engine.transcribe(&english, &given).expect("english note");
        assert!(
            engine.narrowed,
            "a note in a known language narrows the window"
        );
        let after = engine.transcribe(&spanish, &detect).expect("detection");
        assert!(!engine.narrowed, "detection ran on a full-window state");
        assert_eq!(after.language.as_deref(), Some("es"), "{after:?}");
        assert_eq!((after.language, after.text), (fresh.language, fresh.text));
    }

    #[test]
    fn the_encoder_window_follows_the_clip_within_bounds() {
        assert_eq!(super::clip_audio_ctx(0.0), 500, "never under 10 s");
        assert_eq!(super::clip_audio_ctx(12.0), 600 + 64);
        assert_eq!(super::clip_audio_ctx(29.0), 1500, "never over 30 s");
        assert_eq!(super::clip_audio_ctx(300.0), 1500);
    }

    #[test]
    fn the_default_window_is_sized_to_the_clip_unless_the_language_is_detected() {
        assert_eq!(JobOptions::default().window, Window::Clip);
        // 12 s at 16 kHz, the language given.
        assert_eq!(Window::Clip.audio_ctx(192_000, false), Some(664));
        assert_eq!(Window::Full.audio_ctx(192_000, false), None);
        assert_eq!(Window::Frames(64).audio_ctx(192_000, false), Some(64));
        // Detecting the language: the full window unless told exactly.
        assert_eq!(Window::Clip.audio_ctx(192_000, true), None);
        assert_eq!(Window::Frames(64).audio_ctx(192_000, true), Some(64));
    }

    #[test]
    fn annotations_are_not_speech() {
        assert_eq!(super::without_annotations(" [BLANK_AUDIO]"), "");
        assert_eq!(super::without_annotations("♪ (music) ♪"), "");
        assert_eq!(
            super::without_annotations(" Hola, [risas] ¿qué tal?"),
            "Hola, ¿qué tal?"
        );
    }
}
