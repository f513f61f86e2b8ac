//! The `Transcriber` port on whisper.cpp: the speech crate's worker thread
//! behind an async call, its model found from `[speech]`, and a health entry
//! saying whether the model is loaded.

mod health;

pub use health::SpeechCheck;

use crate::config::SpeechSettings;
use crate::ports::transcriber::{TranscribeError, TranscribeRequest, Transcriber, Transcript};
use async_trait::async_trait;
use conserje_speech::whisper::{
    Job, JobOptions, SpeechError, SpeechWorker, SubmitError, Window, WorkerOptions,
};
use std::path::{Path, PathBuf};

/// The models directory inside a data directory.
pub fn models_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("models")
}

/// `speech.model` as a file: a path as given, else a name looked up in the
/// data directory's `models/`, then in the system data directory's.
pub fn resolve_model(model: &str, data_dir: &Path) -> PathBuf {
    let own = conserje_speech::catalog::resolve(&models_dir(data_dir), model);
    if own.is_file() {
        return own;
    }
    let system =
        conserje_speech::catalog::resolve(&models_dir(&crate::config::default_data_dir()), model);
    if system.is_file() { system } else { own }
}

/// The languages a voice note is detected among: those Conserje answers in.
/// A guest speaking another one is answered in one of these anyway, and
/// Whisper among all its languages hears short notes as ones we do not speak.
pub fn detectable() -> Vec<String> {
    crate::domain::Language::ALL
        .iter()
        .map(|l| l.code().to_string())
        .collect()
}

pub struct WhisperTranscriber {
    worker: Result<SpeechWorker, String>,
    name: String,
    window: Window,
}

impl WhisperTranscriber {
    /// Loads the model now. A missing or bad model does not stop the daemon:
    /// the error is kept, shown on health, and voice notes get the "please
    /// write" reply.
    pub fn start(settings: &SpeechSettings, data_dir: &Path) -> Self {
        let path = resolve_model(&settings.model, data_dir);
        let worker = SpeechWorker::start(
            &path,
            WorkerOptions { threads: settings.threads, queue: settings.queue },
        )
        .map_err(|e| {
            let msg = format!("{e}; install it with scripts/setup.sh or `conserje models import`");
            tracing::error!(error = %msg, "speech model not loaded; voice notes will get the please-write reply");
            msg
        });
        Self {
            worker,
            name: settings.model.clone(),
            window: settings.window.whisper(),
        }
    }

    pub fn load_error(&self) -> Option<&str> {
        self.worker.as_ref().err().map(String::as_str)
    }
}

#[async_trait]
impl Transcriber for WhisperTranscriber {
    async fn transcribe(
        &self,
        pcm: Vec<f32>,
        request: TranscribeRequest,
    ) -> Result<Transcript, TranscribeError> {
        let worker = self
            .worker
            .as_ref()
            .map_err(|e| TranscribeError::Unavailable(e.clone()))?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job = Job {
            pcm,
            options: JobOptions {
                language: request.language,
                candidates: detectable(),
                window: self.window,
                timeout: request.timeout,
            },
            reply: Box::new(move |r| {
                let _ = tx.send(r);
            }),
        };
        worker.submit(job).map_err(|e| match e {
            SubmitError::QueueFull(_) => TranscribeError::Busy,
            SubmitError::Stopped => TranscribeError::Unavailable(e.to_string()),
        })?;
        let outcome = rx
            .await
            .map_err(|_| TranscribeError::Failed("the speech thread dropped the job".into()))?;
        match outcome {
            Ok(t) => Ok(Transcript {
                text: t.text,
                language: t.language,
                confidence: t.confidence,
                processing_s: t.processing_s,
            }),
            Err(SpeechError::TimedOut(_)) => Err(TranscribeError::TimedOut),
            Err(e) => Err(TranscribeError::Failed(e.to_string())),
        }
    }

    fn model(&self) -> Option<String> {
        self.worker.as_ref().ok().map(|_| self.name.clone())
    }
}
