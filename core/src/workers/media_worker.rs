//! Fetches guest media right after the webhook was stored (Meta's URLs expire
//! within minutes and media ids within days), checks size and SHA-256, and
//! keeps the file in the data directory. Failures are recorded and retried.

use super::backoff;
use crate::adapters::sqlite::media::{MediaRow, MediaStore};
use crate::events::{Event, EventBus};
use crate::ports::clock::Clock;
use crate::ports::messenger::{MediaError, MediaFetcher};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

const POLL: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct MediaWorker {
    pub store: MediaStore,
    pub fetcher: Arc<dyn MediaFetcher>,
    pub dir: PathBuf,
    pub events: EventBus,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    pub max_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
}

impl MediaWorker {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            if !self.tick().await {
                super::pause::pause(&self.wake, POLL, &mut stop).await;
            }
        }
    }

    pub async fn tick(&self) -> bool {
        let rows = match self.store.due(self.clock.now_ms(), 4).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read pending media");
                return false;
            }
        };
        for row in &rows {
            if let Err(e) = self.fetch_one(row).await {
                tracing::error!(media_row = row.id, error = %e, "cannot record a media result");
            }
        }
        !rows.is_empty()
    }

    async fn fetch_one(&self, row: &MediaRow) -> Result<(), sqlx::Error> {
        let now = self.clock.now_ms();
        let outcome = match self
            .fetcher
            .fetch(&row.phone_number_id, &row.media_id)
            .await
        {
            Ok(file) => match check_sha(row.expected_sha256.as_deref(), &file.sha256_hex) {
                Ok(()) => self.keep(row, &file.bytes, &file.sha256_hex).await,
                Err(e) => Err(MediaError::Retryable(e)),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Ok((path, size)) => {
                self.store.mark_stored(row, &path, size).await?;
                tracing::info!(
                    message_id = row.message_id,
                    bytes = size,
                    "guest media stored"
                );
                self.events.publish(Event::MediaStored {
                    message_id: row.message_id,
                    bytes: u64::try_from(size).unwrap_or(0),
                });
            }
            Err(e) => {
                let attempt = u32::try_from(row.attempts).unwrap_or(u32::MAX);
                let permanent = matches!(e, MediaError::TooLarge { .. } | MediaError::Permanent(_));
                if permanent || attempt + 1 >= self.max_attempts {
                    self.store.mark_dead(row, &e.to_string(), now).await?;
                    tracing::error!(message_id = row.message_id, error = %e, "guest media given up");
                    self.events.publish(Event::DeadLetter {
                        source: "media".into(),
                        source_id: row.id,
                        code: None,
                        title: e.to_string(),
                    });
                } else {
                    let wait = backoff::delay_ms(attempt, self.retry_base_ms, self.retry_max_ms);
                    tracing::warn!(message_id = row.message_id, error = %e, wait_ms = wait, "media fetch failed; will retry");
                    self.store
                        .mark_retry(
                            row,
                            now.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)),
                            &e.to_string(),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Written to a temporary name and renamed, so a crash never leaves a
    /// half file under the final name.
    async fn keep(
        &self,
        row: &MediaRow,
        bytes: &[u8],
        sha: &str,
    ) -> Result<(String, i64), MediaError> {
        let io = |e: std::io::Error| MediaError::Retryable(format!("cannot write media file: {e}"));
        tokio::fs::create_dir_all(&self.dir).await.map_err(io)?;
        let name = format!(
            "{}-{}.{}",
            row.message_id,
            &sha[..16.min(sha.len())],
            extension(row.mime_type.as_deref())
        );
        let path = self.dir.join(name);
        let tmp = path.with_extension("part");
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io)?;
        Ok((
            path.to_string_lossy().into_owned(),
            i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        ))
    }
}

/// Meta's `sha256` is hex in some payloads and base64 in others; either must
/// match the bytes we got.
pub(super) fn check_sha(expected: Option<&str>, actual_hex: &str) -> Result<(), String> {
    let Some(expected) = expected.map(str::trim).filter(|e| !e.is_empty()) else {
        return Ok(());
    };
    let actual_b64 = hex::decode(actual_hex).ok().map(|b| base64_encode(&b));
    if expected.eq_ignore_ascii_case(actual_hex) || actual_b64.as_deref() == Some(expected) {
        Ok(())
    } else {
        Err(format!(
            "sha256 mismatch: webhook said {expected}, file is {actual_hex}"
        ))
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn extension(mime: Option<&str>) -> &'static str {
    match mime.unwrap_or("").split(';').next().unwrap_or("").trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" | "audio/aac" => "m4a",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha_matches_in_hex_or_base64_and_mismatches_are_reported() {
        use sha2::{Digest, Sha256};
        let hex_sum = hex::encode(Sha256::digest(b"abc"));
        assert_eq!(check_sha(Some(&hex_sum), &hex_sum), Ok(()));
        assert_eq!(
            check_sha(
                Some("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
                &hex_sum
            ),
            Ok(())
        );
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_encode(b"hi"), "aGk=");
        assert_eq!(base64_encode(b"abc"), "YWJj");
        assert!(check_sha(Some("deadbeef"), &hex_sum).is_err());
        assert_eq!(check_sha(None, &hex_sum), Ok(()));
    }
}
