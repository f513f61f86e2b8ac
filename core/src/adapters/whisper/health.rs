use crate::ports::health::{CheckOutcome, CheckStatus, HealthCheck};
use crate::ports::transcriber::Transcriber;
use async_trait::async_trait;
use std::sync::Arc;

/// Not required: without a model the bot still answers text, and asks voice
/// senders to write.
pub struct SpeechCheck {
    pub transcriber: Option<Arc<super::WhisperTranscriber>>,
}

#[async_trait]
impl HealthCheck for SpeechCheck {
    fn name(&self) -> &str {
        "speech"
    }

    fn required(&self) -> bool {
        false
    }

    async fn check(&self) -> CheckOutcome {
        match &self.transcriber {
            None => CheckOutcome {
                status: CheckStatus::Up,
                detail: Some("disabled (speech.enabled = false)".into()),
            },
            Some(t) => match (t.model(), t.load_error()) {
                (Some(model), _) => CheckOutcome {
                    status: CheckStatus::Up,
                    detail: Some(format!("model {model} loaded")),
                },
                (None, e) => CheckOutcome::down(e.unwrap_or("model not loaded").to_string()),
            },
        }
    }
}
