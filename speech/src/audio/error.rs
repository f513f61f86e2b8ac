/// Why guest audio cannot be transcribed; each has its own reply and note.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AudioError {
    #[error("the audio is empty")]
    Empty,
    #[error("the audio is {bytes} bytes; the limit is {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("the audio lasts more than {limit_s} s")]
    TooLong { limit_s: f64 },
    #[error("unsupported audio format: {0}")]
    Unsupported(String),
    #[error("the audio is damaged: {0}")]
    Corrupt(String),
}

impl AudioError {
    /// A short stable code for storage, metrics and staff notes.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLarge { .. } => "too_large",
            Self::TooLong { .. } => "too_long",
            Self::Unsupported(_) => "unsupported",
            Self::Corrupt(_) => "corrupt",
        }
    }
}
