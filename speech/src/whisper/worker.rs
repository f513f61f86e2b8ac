//! The speech thread: it owns the engine, takes jobs from a bounded queue
//! (a full queue refuses new jobs at once: back-pressure for the caller, who
//! keeps the job and retries), contains panics, and enforces each job's
//! deadline both while it waits and while whisper runs.

use super::SpeechError;
use super::engine::{Engine, JobOptions, Transcript};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

type Reply = Box<dyn FnOnce(Result<Transcript, SpeechError>) + Send>;

pub struct Job {
    pub pcm: Vec<f32>,
    pub options: JobOptions,
    /// Called on the speech thread with the outcome.
    pub reply: Reply,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    #[error("the speech queue is full ({0} jobs)")]
    QueueFull(usize),
    #[error("the speech worker has stopped")]
    Stopped,
}

#[derive(Debug, Clone, Copy)]
pub struct WorkerOptions {
    pub threads: usize,
    pub queue: usize,
}

#[derive(Clone)]
pub struct SpeechWorker {
    tx: SyncSender<(Job, Instant)>,
    queue: usize,
    waiting: Arc<AtomicUsize>,
    multilingual: bool,
}

impl SpeechWorker {
    /// Loads the model (an error here means the model is missing or bad) and
    /// starts the thread. The thread ends when every handle is dropped.
    pub fn start(model: &Path, opts: WorkerOptions) -> Result<Self, SpeechError> {
        let mut engine = Engine::load(model, opts.threads)?;
        let multilingual = engine.multilingual();
        let queue = opts.queue.max(1);
        let (tx, rx) = sync_channel::<(Job, Instant)>(queue);
        let waiting = Arc::new(AtomicUsize::new(0));
        let counter = waiting.clone();
        std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || {
                while let Ok((job, queued)) = rx.recv() {
                    counter.fetch_sub(1, Ordering::SeqCst);
                    let outcome = run(&mut engine, &job.pcm, &job.options, queued);
                    (job.reply)(outcome);
                }
                tracing::info!("speech worker stopped; model unloaded");
            })
            .map_err(|e| SpeechError::Load {
                path: model.display().to_string(),
                reason: format!("cannot start the speech thread: {e}"),
            })?;
        tracing::info!(model = %model.display(), threads = opts.threads, queue, "speech model loaded");
        Ok(Self {
            tx,
            queue,
            waiting,
            multilingual,
        })
    }

    pub fn submit(&self, job: Job) -> Result<(), SubmitError> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        match self.tx.try_send((job, Instant::now())) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                Err(match e {
                    TrySendError::Full(_) => SubmitError::QueueFull(self.queue),
                    TrySendError::Disconnected(_) => SubmitError::Stopped,
                })
            }
        }
    }

    /// Jobs queued and not yet started.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    pub fn multilingual(&self) -> bool {
        self.multilingual
    }
}

fn run(
    engine: &mut Engine,
    pcm: &[f32],
    opts: &JobOptions,
    queued: Instant,
) -> Result<Transcript, SpeechError> {
    let mut opts = opts.clone();
    if let Some(limit) = opts.timeout {
        // Time spent waiting in the queue counts against the job's deadline.
        let left = limit.saturating_sub(queued.elapsed());
        if left.is_zero() {
            return Err(SpeechError::TimedOut(limit));
        }
        opts.timeout = Some(left);
    }
    match std::panic::catch_unwind(AssertUnwindSafe(|| engine.transcribe(pcm, &opts))) {
        Ok(Err(SpeechError::TimedOut(_))) => Err(SpeechError::TimedOut(
            opts.timeout.unwrap_or(Duration::ZERO),
        )),
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(error = %msg, "whisper panicked; the worker carries on");
            Err(SpeechError::Panicked(msg))
        }
    }
}
