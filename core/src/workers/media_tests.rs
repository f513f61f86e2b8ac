//! The media worker against a real SQLite file and data directory, with a
//! scripted fetcher.

use super::inbox_tests::{T0_MS, rig, webhook};
use super::*;
use crate::adapters::sqlite::dead_letters;
use crate::adapters::sqlite::media::MediaStore;
use crate::events::EventBus;
use crate::ports::messenger::{MediaError, MediaFetcher, MediaFile};
use async_trait::async_trait;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

struct Scripted(Mutex<VecDeque<Result<Vec<u8>, MediaError>>>);

#[async_trait]
impl MediaFetcher for Scripted {
    async fn fetch(&self, _n: &str, media_id: &str) -> Result<MediaFile, MediaError> {
        assert_eq!(media_id, "1479537139650973");
        let bytes = self
            .0
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or(Err(MediaError::Permanent("script ended".into())))?;
        Ok(MediaFile {
            sha256_hex: hex::encode(Sha256::digest(&bytes)),
            mime_type: Some("image/jpeg".into()),
            bytes,
        })
    }
}

async fn run(
    answers: Vec<Result<Vec<u8>, MediaError>>,
) -> (super::inbox_tests::Rig, tempfile::TempDir) {
    let r = rig().await;
    let image = json!({"from": "34600111222", "id": "wamid.img", "timestamp": (T0_MS / 1000).to_string(), "type": "image",
        "image": {"id": "1479537139650973", "mime_type": "image/jpeg", "sha256": hex::encode(Sha256::digest(b"JPEG"))}});
    r.deliver(&webhook(vec![image]), 0).await;
    r.run_until_idle().await;
    let dir = tempfile::tempdir().expect("tmp");
    let worker = MediaWorker {
        store: MediaStore::new(r.db.clone()),
        fetcher: Arc::new(Scripted(Mutex::new(answers.into()))),
        dir: dir.path().join("media"),
        events: EventBus::default(),
        clock: Arc::new(r.clock.clone()),
        wake: Arc::new(Notify::new()),
        max_attempts: 3,
        retry_base_ms: 1_000,
        retry_max_ms: 1_000,
    };
    for _ in 0..5 {
        worker.tick().await;
        r.clock.advance_ms(1_000);
    }
    (r, dir)
}

#[tokio::test]
async fn media_is_stored_in_the_data_dir_after_a_retry() {
    let (r, _dir) = run(vec![
        Err(MediaError::Retryable("HTTP 500".into())),
        Ok(b"JPEG".to_vec()),
    ])
    .await;
    let (state, path, size, attempts): (String, String, i64, i64) =
        sqlx::query_as("SELECT state, path, size_bytes, attempts FROM media")
            .fetch_one(&r.db)
            .await
            .expect("row");
    assert_eq!((state.as_str(), size, attempts), ("stored", 4, 2));
    assert!(path.ends_with(".jpg"), "{path}");
    assert_eq!(std::fs::read(&path).expect("file"), b"JPEG");
}

#[tokio::test]
async fn a_checksum_mismatch_is_retried_then_dead_lettered() {
    let (r, _dir) = run(vec![
        Ok(b"EVIL".to_vec()),
        Ok(b"EVIL".to_vec()),
        Ok(b"EVIL".to_vec()),
    ])
    .await;
    let (state, error): (String, String) = sqlx::query_as("SELECT state, last_error FROM media")
        .fetch_one(&r.db)
        .await
        .expect("row");
    assert_eq!(state, "dead");
    assert!(error.contains("sha256 mismatch"), "{error}");
    assert_eq!(
        dead_letters::list(&r.db).await.expect("list")[0].source,
        "media"
    );
}

#[tokio::test]
async fn too_large_is_given_up_at_once() {
    let (r, _dir) = run(vec![Err(MediaError::TooLarge { size: 20, max: 10 })]).await;
    let (state, attempts): (String, i64) = sqlx::query_as("SELECT state, attempts FROM media")
        .fetch_one(&r.db)
        .await
        .expect("row");
    assert_eq!((state.as_str(), attempts), ("dead", 1));
}
