//! The voice path of the conversation worker with a real SQLite inbox, a fake
//! Graph download and a scripted transcriber: back-pressure, cache, outcomes.

use super::inbox_tests::{rig, webhook};
use super::*;
use crate::config::SpeechLanguage;
use crate::domain::OutboundMessage;
use crate::ports::engine::{ConversationEngine, EngineError, GuestTurn, VoiceOutcome};
use crate::ports::messenger::{MediaError, MediaFetcher, MediaFile};
use crate::ports::transcriber::{TranscribeError, TranscribeRequest, Transcriber, Transcript};
use async_trait::async_trait;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

struct Download(Vec<u8>);

#[async_trait]
impl MediaFetcher for Download {
    async fn fetch(&self, _: &str, _: &str) -> Result<MediaFile, MediaError> {
        Ok(MediaFile {
            bytes: self.0.clone(),
            mime_type: Some("audio/wav".into()),
            sha256_hex: hex::encode(Sha256::digest(&self.0)),
        })
    }
}

/// Busy for the first `busy` calls, then hears `text` with `confidence`.
pub(super) struct Scripted {
    pub busy: usize,
    pub calls: AtomicUsize,
    pub text: &'static str,
    pub confidence: f32,
}

#[async_trait]
impl Transcriber for Scripted {
    async fn transcribe(
        &self,
        pcm: Vec<f32>,
        req: TranscribeRequest,
    ) -> Result<Transcript, TranscribeError> {
        assert_eq!(pcm.len(), 16_000, "one second at 16 kHz");
        assert_eq!(req.timeout, Some(Duration::from_secs(5)));
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.busy {
            return Err(TranscribeError::Busy);
        }
        Ok(Transcript {
            text: self.text.into(),
            language: Some("es".into()),
            confidence: self.confidence,
            processing_s: 0.1,
        })
    }
    fn model(&self) -> Option<String> {
        Some("scripted".into())
    }
}

/// Replies with what the worker told it about the voice note.
struct Echo;

#[async_trait]
impl ConversationEngine for Echo {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        let said = match &turn.voice {
            Some(VoiceOutcome::Heard { text, .. }) => format!("heard: {text}"),
            Some(VoiceOutcome::Unclear { .. }) => "unclear".into(),
            Some(VoiceOutcome::Unusable { code, .. }) => format!("unusable: {code}"),
            None => "no voice".into(),
        };
        Ok(vec![OutboundMessage::text(said)])
    }
}

pub(super) fn wav_1s() -> Vec<u8> {
    let mut w = Vec::new();
    let n = 16_000u32;
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + n * 2).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&[1, 0, 1, 0]);
    w.extend_from_slice(&16_000u32.to_le_bytes());
    w.extend_from_slice(&32_000u32.to_le_bytes());
    w.extend_from_slice(&[2, 0, 16, 0]);
    w.extend_from_slice(b"data");
    w.extend_from_slice(&(n * 2).to_le_bytes());
    for i in 0..n {
        let v = ((f64::from(i) * 0.05).sin() * 8000.0) as i16;
        w.extend_from_slice(&v.to_le_bytes());
    }
    w
}

pub(super) fn audio(id: &str, ts: i64, media: &str) -> serde_json::Value {
    json!({"from": "34600111222", "id": id, "timestamp": ts.to_string(), "type": "audio",
        "audio": {"mime_type": "audio/ogg; codecs=opus", "id": media, "voice": true}})
}

async fn voice_rig(bytes: Vec<u8>, t: Arc<dyn Transcriber>) -> super::inbox_tests::Rig {
    voice_rig_with(bytes, t, None).await
}

/// `replies`: the voice reply worker's wake-up (`speech.voice_replies` on).
pub(super) async fn voice_rig_with(
    bytes: Vec<u8>,
    t: Arc<dyn Transcriber>,
    replies: Option<Arc<tokio::sync::Notify>>,
) -> super::inbox_tests::Rig {
    let mut r = rig().await;
    let dir = tempfile::tempdir().expect("tmp").keep();
    r.worker.worker.engine = Arc::new(Echo);
    r.worker.worker.voice = Some(Arc::new(VoicePipeline {
        fetcher: Arc::new(Download(bytes)),
        transcriber: t,
        db: r.db.clone(),
        media_dir: dir,
        limits: conserje_speech::audio::Limits::default(),
        language: SpeechLanguage::Auto,
        timeout: Duration::from_secs(5),
        min_confidence: 0.5,
        replies,
    }));
    r
}

#[tokio::test]
async fn a_full_speech_queue_leaves_the_voice_note_in_the_inbox_until_it_is_heard() {
    let t = Arc::new(Scripted {
        busy: 2,
        calls: AtomicUsize::new(0),
        text: "hola",
        confidence: 0.9,
    });
    let r = voice_rig(wav_1s(), t.clone()).await;
    r.deliver(&webhook(vec![audio("wamid.V", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    assert_eq!(
        t.calls.load(Ordering::SeqCst),
        3,
        "two refusals, then heard"
    );
    assert_eq!(r.outbox_bodies().await, vec!["heard: hola"]);
    assert_eq!(
        r.count("SELECT count(*) FROM messages WHERE direction = 'in'")
            .await,
        1
    );
    assert_eq!(r.count("SELECT attempts FROM wa_inbox").await, 2);
    assert_eq!(
        r.count("SELECT count(*) FROM messages WHERE transcript = 'hola' AND voice_state = 'heard' AND transcript_language = 'es'").await,
        1
    );
    assert_eq!(
        r.count("SELECT count(*) FROM media WHERE state = 'stored'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_same_audio_twice_is_transcribed_once() {
    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "hola",
        confidence: 0.9,
    });
    let r = voice_rig(wav_1s(), t.clone()).await;
    r.deliver(
        &webhook(vec![
            audio("wamid.A", 100, "m1"),
            audio("wamid.B", 200, "m2"),
        ]),
        0,
    )
    .await;
    r.run_until_idle().await;
    assert_eq!(t.calls.load(Ordering::SeqCst), 1);
    assert_eq!(r.outbox_bodies().await, vec!["heard: hola", "heard: hola"]);
}

#[tokio::test]
async fn low_confidence_is_unclear_and_bad_audio_is_unusable_without_whisper() {
    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "mmm",
        confidence: 0.2,
    });
    let r = voice_rig(wav_1s(), t.clone()).await;
    r.deliver(&webhook(vec![audio("wamid.L", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    assert_eq!(r.outbox_bodies().await, vec!["unclear"]);

    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "x",
        confidence: 0.9,
    });
    let r = voice_rig(b"#!AMR\n\x3c\x48\xf5".to_vec(), t.clone()).await;
    r.deliver(&webhook(vec![audio("wamid.U", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    assert_eq!(r.outbox_bodies().await, vec!["unusable: unsupported"]);
    assert_eq!(t.calls.load(Ordering::SeqCst), 0);
    assert_eq!(r.count("SELECT count(*) FROM messages WHERE voice_state = 'unsupported' AND voice_error LIKE '%AMR%'").await, 1);
}

/// Counts its calls and always reports the deadline passed.
struct Late(AtomicUsize);

#[async_trait]
impl Transcriber for Late {
    async fn transcribe(
        &self,
        _: Vec<f32>,
        _: TranscribeRequest,
    ) -> Result<Transcript, TranscribeError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(TranscribeError::TimedOut)
    }
    fn model(&self) -> Option<String> {
        Some("late".into())
    }
}

#[tokio::test]
async fn a_transcription_past_its_deadline_is_answered_once_and_not_retried() {
    let late = Arc::new(Late(AtomicUsize::new(0)));
    let r = voice_rig(wav_1s(), late.clone()).await;
    r.deliver(&webhook(vec![audio("wamid.T", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    assert_eq!(r.outbox_bodies().await, vec!["unusable: timeout"]);
    assert_eq!(
        late.0.load(Ordering::SeqCst),
        1,
        "whisper is not asked again"
    );
    assert_eq!(
        r.count("SELECT count(*) FROM wa_inbox WHERE state = 'done'")
            .await,
        1
    );
    assert_eq!(r.count("SELECT count(*) FROM speech_transcripts").await, 0);
    assert_eq!(
        r.count("SELECT count(*) FROM messages WHERE voice_state = 'timeout'")
            .await,
        1
    );
}
