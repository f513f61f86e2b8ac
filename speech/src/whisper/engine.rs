//! One Whisper model in memory and how a clip is run through it.

use super::SpeechError;
use std::path::Path;
use std::time::{Duration, Instant};
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

pub struct Engine {
    ctx: WhisperContext,
    threads: i32,
    multilingual: bool,
}

#[derive(Debug, Clone, Default)]
pub struct JobOptions {
    /// ISO 639-1 code; `None` lets a multilingual model detect it.
    pub language: Option<String>,
    /// Encoder context in frames (1500 = 30 s); `None` for the full window.
    pub audio_ctx: Option<i32>,
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
        Ok(Self {
            ctx,
            threads: i32::try_from(threads.max(1)).unwrap_or(1),
            multilingual,
        })
    }

    pub fn multilingual(&self) -> bool {
        self.multilingual
    }

    /// `pcm`: 16 kHz mono f32. Runs on the calling thread (the worker's).
    pub fn transcribe(&self, pcm: &[f32], opts: &JobOptions) -> Result<Transcript, SpeechError> {
        let started = Instant::now();
        let engine = |e: whisper_rs::WhisperError| SpeechError::Engine(e.to_string());
        let mut state = self.ctx.create_state().map_err(engine)?;
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads);
        let language = if self.multilingual {
            opts.language.clone().unwrap_or_else(|| "auto".into())
        } else {
            "en".into()
        };
        params.set_language(Some(&language));
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_no_context(true);
        params.set_suppress_blank(true);
        if let Some(ctx) = opts.audio_ctx {
            params.set_audio_ctx(ctx);
        }
        if let Some(limit) = opts.timeout {
            let deadline = started + limit;
            params.set_abort_callback_safe(move || Instant::now() > deadline);
        }
        let run = state.full(params, pcm);
        // whisper.cpp does not always honour the abort callback (a 5 ms
        // deadline was observed to run to completion): a late result is a
        // timeout all the same, so the caller's outcome never depends on it.
        if let Some(limit) = opts.timeout
            && started.elapsed() > limit
        {
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
