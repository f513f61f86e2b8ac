//! whisper.cpp through whisper-rs: one loaded context, used by one dedicated
//! thread that takes jobs from a bounded queue.

mod engine;
mod window;
mod worker;

pub use engine::{Engine, JobOptions, Transcript};
pub use window::{Window, clip_audio_ctx};
pub use worker::{Job, SpeechWorker, SubmitError, WorkerOptions};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpeechError {
    #[error("cannot load the Whisper model {path}: {reason}")]
    Load { path: String, reason: String },
    #[error("whisper failed: {0}")]
    Engine(String),
    #[error("transcription took longer than {0:?}")]
    TimedOut(std::time::Duration),
    #[error("whisper panicked: {0}")]
    Panicked(String),
    #[error("the speech worker has stopped")]
    Stopped,
}
