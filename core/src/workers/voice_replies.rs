//! Voice replies (`speech.voice_replies`): the text replies to a guest's
//! voice note, also spoken (espeak-ng), uploaded to Meta and queued in the
//! outbox as an audio message after them.
//!
//! The text replies never wait for this: they are queued when the voice note
//! is answered, and a synthesis or upload failure only marks the voice reply
//! failed (logged with the reason). Never twice: the audio's outbox row is
//! queued in the transaction that marks the voice reply queued, and the
//! outbox sends a row at most once. A crash after an upload and before its
//! media id was recorded uploads the file again (an unused upload, which Meta
//! discards after 30 days), never a second message.

use super::backoff;
use crate::adapters::sqlite::voice_replies::{VoiceReplyRow, VoiceReplyStore};
use crate::domain::PhoneE164;
use crate::events::{Event, EventBus};
use crate::ports::clock::Clock;
use crate::ports::messenger::{MediaUploader, SendError};
use crate::ports::speaker::Speaker;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

const POLL: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct VoiceReplyWorker {
    pub store: VoiceReplyStore,
    pub speaker: Arc<dyn Speaker>,
    pub uploader: Arc<dyn MediaUploader>,
    pub events: EventBus,
    pub clock: Arc<dyn Clock>,
    /// Woken by the conversation worker when it queued a voice reply.
    pub wake: Arc<Notify>,
    /// The sender's, woken when the audio message is queued.
    pub sender_wake: Arc<Notify>,
    pub max_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
}

/// Why a voice reply is given up or tried again.
enum Trouble {
    Retry(String),
    GiveUp(String),
}

impl VoiceReplyWorker {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            if !self.tick().await {
                super::pause::pause(&self.wake, POLL, &mut stop).await;
            }
        }
    }

    /// One pass over the due voice replies; true when there was work.
    pub async fn tick(&self) -> bool {
        let rows = match self.store.due(self.clock.now_ms(), 4).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read pending voice replies");
                return false;
            }
        };
        for row in &rows {
            if let Err(e) = self.one(row).await {
                tracing::error!(voice_reply = row.id, error = %e, "cannot record a voice reply result; it will be tried again");
            }
        }
        !rows.is_empty()
    }

    async fn one(&self, row: &VoiceReplyRow) -> Result<(), sqlx::Error> {
        let now = self.clock.now_ms();
        let to = match PhoneE164::parse(&row.to_phone) {
            Ok(to) => to,
            Err(e) => return self.give_up(row, &format!("recipient: {e}")).await,
        };
        let media_id = match &row.media_id {
            Some(id) => id.clone(),
            None => match self.upload(row).await {
                Ok(id) => {
                    self.store.mark_uploaded(row.id, &id).await?;
                    id
                }
                Err(Trouble::GiveUp(why)) => return self.give_up(row, &why).await,
                Err(Trouble::Retry(why)) => return self.retry(row, &why, now).await,
            },
        };
        if let Some(outbox_id) = self.store.queue_audio(row, &to, &media_id, now).await? {
            tracing::info!(
                voice_reply = row.id,
                conversation_id = row.conversation_id,
                outbox_id,
                "voice reply queued"
            );
            self.events.publish(Event::ReplyQueued {
                conversation_id: row.conversation_id,
                outbox_id,
            });
            self.sender_wake.notify_one();
        }
        Ok(())
    }

    async fn upload(&self, row: &VoiceReplyRow) -> Result<String, Trouble> {
        // espeak-ng missing or a reply too long for a voice note will not get
        // better by trying again.
        let file = self
            .speaker
            .speak(&row.text, &row.language)
            .await
            .map_err(|e| Trouble::GiveUp(e.to_string()))?;
        self.uploader
            .upload(&row.phone_number_id, &file)
            .await
            .map_err(|e| match e {
                SendError::Retryable { .. } => Trouble::Retry(format!("upload: {e}")),
                SendError::Permanent { .. } | SendError::Limit(_) => {
                    Trouble::GiveUp(format!("upload: {e}"))
                }
            })
    }

    async fn retry(&self, row: &VoiceReplyRow, why: &str, now: i64) -> Result<(), sqlx::Error> {
        let attempt = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        if attempt + 1 >= self.max_attempts {
            return self
                .give_up(
                    row,
                    &format!("{why} (gave up after {} attempts)", attempt + 1),
                )
                .await;
        }
        let wait = backoff::delay_ms(attempt, self.retry_base_ms, self.retry_max_ms);
        tracing::warn!(voice_reply = row.id, error = %why, wait_ms = wait, "voice reply failed; will retry");
        self.store
            .mark_retry(
                row,
                now.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)),
                why,
            )
            .await
    }

    async fn give_up(&self, row: &VoiceReplyRow, why: &str) -> Result<(), sqlx::Error> {
        self.store.mark_failed(row, why).await?;
        tracing::warn!(
            voice_reply = row.id,
            conversation_id = row.conversation_id,
            error = %why,
            "voice reply not sent; the guest has the text reply"
        );
        Ok(())
    }
}
