//! Voice replies with a real SQLite database, the real conversation worker,
//! a scripted transcriber, and a fake speaker and uploader: what is queued,
//! in which order, and that nothing is queued twice whatever fails.

use super::inbox_tests::{Rig, text, webhook};
use super::voice_tests::{Scripted, audio, voice_rig_with, wav_1s};
use super::*;
use crate::adapters::sqlite::voice_replies::{VoiceReplyRow, VoiceReplyStore};
use crate::events::EventBus;
use crate::ports::messenger::{MediaUploader, PermanentKind, SendError, UploadFile};
use crate::ports::speaker::{SpeakError, Speaker};
use async_trait::async_trait;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Speaks "<language>:<text>" as the file's bytes, or fails when told to.
struct FakeSpeaker {
    fail: bool,
}

#[async_trait]
impl Speaker for FakeSpeaker {
    async fn speak(&self, text: &str, language: &str) -> Result<UploadFile, SpeakError> {
        if self.fail {
            return Err(SpeakError("espeak-ng cannot run (not found)".into()));
        }
        Ok(UploadFile {
            bytes: format!("{language}:{text}").into_bytes(),
            mime_type: "audio/ogg; codecs=opus".into(),
            filename: "reply.ogg".into(),
        })
    }
}

/// Answers uploads from a script (then succeeds), numbering media ids.
#[derive(Default)]
struct FakeUploader {
    script: Mutex<VecDeque<SendError>>,
    files: Mutex<Vec<UploadFile>>,
    calls: AtomicUsize,
}

#[async_trait]
impl MediaUploader for FakeUploader {
    async fn upload(&self, _: &str, file: &UploadFile) -> Result<String, SendError> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(e) = self.script.lock().expect("lock").pop_front() {
            return Err(e);
        }
        self.files.lock().expect("lock").push(file.clone());
        Ok(format!("media-{n}"))
    }
}

fn retryable() -> SendError {
    SendError::Retryable {
        code: Some(131_000),
        title: "Something went wrong".into(),
        retry_after: None,
    }
}

struct Setup {
    r: Rig,
    worker: VoiceReplyWorker,
    uploader: Arc<FakeUploader>,
}

/// A heard voice note ("hola", es) answered "heard: hola", with voice
/// replies on; the voice reply worker is built but not run yet.
async fn answered_voice_note(speaker_fails: bool) -> Setup {
    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "hola",
        confidence: 0.9,
    });
    let r = voice_rig_with(wav_1s(), t, Some(Arc::new(Notify::new()))).await;
    r.deliver(&webhook(vec![audio("wamid.V", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    let uploader = Arc::new(FakeUploader::default());
    let worker = VoiceReplyWorker {
        store: VoiceReplyStore::new(r.db.clone()),
        speaker: Arc::new(FakeSpeaker {
            fail: speaker_fails,
        }),
        uploader: uploader.clone(),
        events: EventBus::default(),
        clock: Arc::new(r.clock.clone()),
        wake: Arc::new(Notify::new()),
        sender_wake: Arc::new(Notify::new()),
        max_attempts: 3,
        retry_base_ms: 10,
        retry_max_ms: 100,
    };
    Setup {
        r,
        worker,
        uploader,
    }
}

async fn payloads(r: &Rig) -> Vec<serde_json::Value> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT payload FROM outbox ORDER BY id")
        .fetch_all(&r.db)
        .await
        .expect("outbox");
    rows.iter()
        .map(|p| serde_json::from_str(p).expect("payload json"))
        .collect()
}

async fn voice_reply(r: &Rig) -> (String, Option<String>, Option<i64>, Option<String>) {
    sqlx::query_as("SELECT state, media_id, outbox_id, last_error FROM voice_replies")
        .fetch_one(&r.db)
        .await
        .expect("one voice reply")
}

/// Ticks until nothing is due, advancing the clock past each backoff.
async fn drain(s: &Setup) {
    for _ in 0..10 {
        s.worker.tick().await;
        s.r.clock.advance_ms(1_000);
    }
}

#[tokio::test]
async fn a_heard_voice_note_gets_its_text_reply_then_one_audio_message() {
    let s = answered_voice_note(false).await;
    let (state, ..) = voice_reply(&s.r).await;
    assert_eq!(state, "pending", "queued with the text reply");
    assert_eq!(
        s.r.outbox_bodies().await.len(),
        1,
        "the text goes first, alone"
    );

    drain(&s).await;
    let files = s.uploader.files.lock().expect("lock").clone();
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].bytes, b"es:heard: hola",
        "the reply's text, in the note's language"
    );
    assert_eq!(files[0].mime_type, "audio/ogg; codecs=opus");

    let sent = payloads(&s.r).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["kind"], "text");
    assert_eq!(sent[1]["kind"], "media");
    assert_eq!(sent[1]["media"], "audio");
    assert_eq!(sent[1]["source"]["id"], "media-1");
    let (state, media_id, outbox_id, _) = voice_reply(&s.r).await;
    assert_eq!(
        (state.as_str(), media_id.as_deref()),
        ("queued", Some("media-1"))
    );
    assert!(outbox_id.is_some());

    drain(&s).await;
    assert_eq!(
        s.uploader.calls.load(Ordering::SeqCst),
        1,
        "nothing is uploaded twice"
    );
    assert_eq!(payloads(&s.r).await.len(), 2, "nothing is queued twice");
}

#[tokio::test]
async fn a_failed_upload_is_retried_and_still_queues_one_audio_message() {
    let s = answered_voice_note(false).await;
    s.uploader
        .script
        .lock()
        .expect("lock")
        .extend([retryable(), retryable()]);
    drain(&s).await;
    assert_eq!(s.uploader.calls.load(Ordering::SeqCst), 3);
    let sent = payloads(&s.r).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1]["source"]["id"], "media-3");
    let (state, ..) = voice_reply(&s.r).await;
    assert_eq!(state, "queued");
}

/// As after a crash between the upload being recorded and the audio being
/// queued: the recorded media id is sent, nothing is uploaded again.
#[tokio::test]
async fn a_recorded_upload_is_not_uploaded_again() {
    let s = answered_voice_note(false).await;
    sqlx::query("UPDATE voice_replies SET media_id = 'uploaded-before-the-crash'")
        .execute(&s.r.db)
        .await
        .expect("update");
    drain(&s).await;
    assert_eq!(s.uploader.calls.load(Ordering::SeqCst), 0);
    let sent = payloads(&s.r).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1]["source"]["id"], "uploaded-before-the-crash");
}

#[tokio::test]
async fn queueing_the_same_voice_reply_twice_queues_one_message() {
    let s = answered_voice_note(false).await;
    let row: VoiceReplyRow = sqlx::query_as(
        "SELECT id, inbox_id, conversation_id, phone_number_id, to_phone, language, text, \
         media_id, attempts FROM voice_replies",
    )
    .fetch_one(&s.r.db)
    .await
    .expect("row");
    let to = crate::domain::PhoneE164::parse(&row.to_phone).expect("phone");
    let first = s.worker.store.queue_audio(&row, &to, "m", 0).await;
    let second = s.worker.store.queue_audio(&row, &to, "m", 0).await;
    assert!(matches!(first, Ok(Some(_))), "{first:?}");
    assert!(matches!(second, Ok(None)), "{second:?}");
    assert_eq!(payloads(&s.r).await.len(), 2);
}

#[tokio::test]
async fn a_synthesis_or_upload_failure_leaves_the_text_reply_alone() {
    let s = answered_voice_note(true).await;
    drain(&s).await;
    let (state, _, outbox_id, error) = voice_reply(&s.r).await;
    assert_eq!(state, "failed");
    assert!(outbox_id.is_none());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("espeak-ng")),
        "{error:?}"
    );
    assert_eq!(s.uploader.calls.load(Ordering::SeqCst), 0);
    assert_eq!(s.r.outbox_bodies().await, vec!["heard: hola"]);

    let s = answered_voice_note(false).await;
    s.uploader
        .script
        .lock()
        .expect("lock")
        .push_back(SendError::Permanent {
            code: Some(131_053),
            title: "Media upload error".into(),
            details: None,
            kind: PermanentKind::Media,
        });
    drain(&s).await;
    let (state, _, _, error) = voice_reply(&s.r).await;
    assert_eq!(state, "failed");
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("Media upload error")),
        "{error:?}"
    );
    assert_eq!(
        s.uploader.calls.load(Ordering::SeqCst),
        1,
        "a refusal is not retried"
    );
    assert_eq!(s.r.outbox_bodies().await, vec!["heard: hola"]);

    let s = answered_voice_note(false).await;
    s.uploader.script.lock().expect("lock").extend([
        retryable(),
        retryable(),
        retryable(),
        retryable(),
    ]);
    drain(&s).await;
    let (state, ..) = voice_reply(&s.r).await;
    assert_eq!(state, "failed", "given up after max_attempts");
    assert_eq!(s.uploader.calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn only_heard_voice_notes_get_voice_replies() {
    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "mmm",
        confidence: 0.1,
    });
    let r = voice_rig_with(wav_1s(), t, Some(Arc::new(Notify::new()))).await;
    r.deliver(
        &webhook(vec![
            audio("wamid.U", 100, "m1"),
            text("wamid.T", "34600111222", 101, "hola"),
        ]),
        0,
    )
    .await;
    r.run_until_idle().await;
    assert_eq!(r.outbox_bodies().await.len(), 2, "both answered in text");
    assert_eq!(r.count("SELECT count(*) FROM voice_replies").await, 0);

    // Off (the default): a heard note gets no voice reply.
    let t = Arc::new(Scripted {
        busy: 0,
        calls: AtomicUsize::new(0),
        text: "hola",
        confidence: 0.9,
    });
    let r = voice_rig_with(wav_1s(), t, None).await;
    r.deliver(&webhook(vec![audio("wamid.H", 100, "m1")]), 0)
        .await;
    r.run_until_idle().await;
    assert_eq!(r.outbox_bodies().await, vec!["heard: hola"]);
    assert_eq!(r.count("SELECT count(*) FROM voice_replies").await, 0);
}
