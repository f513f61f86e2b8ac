//! Speech at composition: load the model once (unless `speech.enabled` is
//! off), report it on health, and let the WhatsApp channel hear voice notes.

use crate::adapters::whisper::{SpeechCheck, WhisperTranscriber};
use crate::config::Settings;
use crate::ports::health::HealthRegistry;
use crate::ports::transcriber::Transcriber;
use crate::workers::WhatsAppChannel;
use std::sync::Arc;

/// Returns the transcriber for staff dictation (`None` when speech is off).
pub fn attach(
    settings: &Settings,
    whatsapp: &mut WhatsAppChannel,
    health: &mut HealthRegistry,
) -> Option<Arc<dyn Transcriber>> {
    let transcriber = settings.speech.enabled.then(|| {
        Arc::new(WhisperTranscriber::start(
            &settings.speech,
            &settings.storage.resolved_data_dir(),
        ))
    });
    if let Some(t) = &transcriber
        && t.model().is_some()
    {
        whatsapp.hear_voice_notes(&settings.speech, t.clone());
    }
    health.register(Arc::new(SpeechCheck {
        transcriber: transcriber.clone(),
    }));
    transcriber.map(|t| t as Arc<dyn Transcriber>)
}
