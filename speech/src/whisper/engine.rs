//! One Whisper model in memory and how a clip is run through it.

use super::{SpeechError, Window};
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
    threads: i32,
    multilingual: bool,
}

#[derive(Debug, Clone, Default)]
pub struct JobOptions {
    /// ISO 639-1 code; `None` lets a multilingual model detect it.
    pub language: Option<String>,
    /// The languages a detected clip may be in (ISO 639-1 codes); empty
    /// lets Whisper pick any of its own. A hotel answers in a few languages,
    /// and among all of Whisper's a short note is easily heard as one it
    /// does not speak (Japanese, Galician).
    pub candidates: Vec<String>,
    /// How much of Whisper's 30 s encoder window the clip is given.
    pub window: Window,
    pub timeout: Option<Duration>,
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
        let started = Instant::now();
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        let mut state = match self.state.take() {
            Some(state) => state,
            None => self.ctx.create_state().map_err(engine)?,
        };
        let audio_ctx = opts.window.audio_ctx(pcm.len());
        let language = match &opts.language {
            _ if !self.multilingual => Ok("en".to_string()),
            Some(language) => Ok(language.clone()),
            None => self.detect(&mut state, pcm, opts.window.detect_ctx(), &opts.candidates),
        };
        let result = language
            .and_then(|language| self.run(&mut state, pcm, opts, &language, audio_ctx, started));
        // A stopped or failed run leaves the state reusable: whisper.cpp
        // resets it at the start of every run.
        self.state = Some(state);
        result
    }

    /// The clip's language, the most likely of `candidates` (of any of
    /// Whisper's when empty), heard in an encoder window of `audio_ctx`.
    fn detect(
        &self,
        state: &mut WhisperState,
        pcm: &[f32],
        audio_ctx: Option<i32>,
        candidates: &[String],
    ) -> Result<String, SpeechError> {
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        // whisper.cpp detects with the encoder window the state's last run
        // left (a run applies its own window only after detecting), and only
        // a run sets it: without this, what a note was heard as depended on
        // the note before (a Spanish note after an English one came out as
        // Japanese). A run of 100 ms, the shortest whisper.cpp accepts,
        // computes the clip's spectrogram and sets the window, and stops
        // before the encoder.
        let mut prime = self.params("en");
        prime.set_audio_ctx(audio_ctx.unwrap_or(0));
        prime.set_duration_ms(100);
        state.full(prime, pcm).map_err(engine)?;
        let threads = usize::try_from(self.threads).unwrap_or(1);
        let (best, probs) = state.lang_detect(0, threads).map_err(engine)?;
        let id = candidates
            .iter()
            .filter_map(|code| whisper_rs::get_lang_id(code))
            .filter_map(|id| Some((id, *probs.get(usize::try_from(id).ok()?)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(best, |(id, _)| id);
        let code = whisper_rs::get_lang_str(id).ok_or_else(|| {
            SpeechError::Engine(format!("whisper detected unknown language id {id}"))
        })?;
        tracing::debug!(
            language = code,
            p = probs
                .get(usize::try_from(id).unwrap_or(usize::MAX))
                .copied(),
            whisper_first = whisper_rs::get_lang_str(best),
            "voice note language detected"
        );
        Ok(code.to_string())
    }

    /// Greedy decoding, no printing, each clip on its own.
    fn params<'a>(&self, language: &'a str) -> FullParams<'a, 'a> {
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads);
        params.set_language(Some(language));
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_no_context(true);
        params.set_suppress_blank(true);
        params
    }

    fn run(
        &self,
        state: &mut WhisperState,
        pcm: &[f32],
        opts: &JobOptions,
        language: &str,
        audio_ctx: Option<i32>,
        started: Instant,
    ) -> Result<Transcript, SpeechError> {
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        let mut params = self.params(language);
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
    use super::{Engine, JobOptions, SpeechError};
    use crate::whisper::Window;
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
            ..JobOptions::default()
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
    /// previous run left; the engine sets the window before detecting, so
    /// what it hears does not depend on the job before. With no candidates
    /// the language is whatever Whisper hears in the first 5 s (for this
    /// short note in a robotic voice, not always Spanish): the point is that
    /// it is the same after another job as on a fresh engine. Without the
    /// engine setting the window, after a 2 s-window job this note was heard
    /// as Latin ("a ke, ap whackzee sa iuno?").
    #[test]
    fn detection_after_another_window_hears_what_a_fresh_engine_hears() {
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
            window: Window::Frames(100),
            ..JobOptions::default()
        };
        engine.transcribe(&english, &given).expect("english note");
        let after = engine.transcribe(&spanish, &detect).expect("detection");
        assert!(after.language.is_some(), "{after:?}");
        assert_eq!((after.language, after.text), (fresh.language, fresh.text));
    }

    /// Detection picks among the candidates only, by Whisper's own
    /// probabilities: each note is its language among es/en/pt, and a
    /// single candidate is taken whatever was said.
    #[test]
    fn detection_keeps_to_the_candidates() {
        let dir = tempfile::tempdir().expect("tmp");
        let english = spoken(dir.path(), "en-us", "Hi, can I bring my dog to the hotel?");
        let spanish = spoken(dir.path(), "es", "Hola, ¿a qué hora es el desayuno?");
        let mut engine = Engine::load(&base_model(), 2).expect("load the base model");
        let among = |codes: &[&str]| JobOptions {
            candidates: codes.iter().map(|c| (*c).to_string()).collect(),
            ..JobOptions::default()
        };
        let heard = engine
            .transcribe(&english, &among(&["es", "en", "pt"]))
            .expect("detection");
        assert_eq!(heard.language.as_deref(), Some("en"), "{heard:?}");
        assert!(heard.text.to_lowercase().contains("dog"), "{heard:?}");
        let heard = engine
            .transcribe(&spanish, &among(&["es", "en", "pt"]))
            .expect("detection");
        assert_eq!(heard.language.as_deref(), Some("es"), "{heard:?}");
        assert!(heard.text.to_lowercase().contains("desayuno"), "{heard:?}");
        let forced = engine
            .transcribe(&english, &among(&["pt"]))
            .expect("detection");
        assert_eq!(forced.language.as_deref(), Some("pt"), "{forced:?}");
    }

    #[test]
    fn jobs_default_to_the_clip_window() {
        assert_eq!(JobOptions::default().window, Window::Clip);
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
