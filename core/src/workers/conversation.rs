//! Processing one inbox row: a guest message (store it, ask the engine, queue
//! its replies) or a delivery status (move the message's status forward).
//! Everything a row causes is committed in the transaction that marks it done.

use crate::adapters::sqlite::batch::{Batch, Stmt, WriteTx, run_committed};
use crate::adapters::sqlite::outbox::{self, Origin};
use crate::adapters::sqlite::outbox_in_flight::{self as in_flight, parse_tracking_tag};
use crate::adapters::sqlite::{BackgroundTurn, InboxRow, conversations as conv};
use crate::domain::{
    DeliveryStatus, InboundContent, InboundMessage, OutboundMessage, PhoneE164, split_for_whatsapp,
};
use crate::events::{Event, EventBus};
use crate::ports::clock::Clock;
use crate::ports::engine::{ConversationEngine, GuestTurn};
use crate::telemetry::MaskedPhone;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// Will never succeed (a sender that is not a phone number, a payload we
    /// cannot read): straight to dead letters.
    #[error("{0}")]
    Permanent(String),
    #[error("{0}")]
    Retry(String),
    /// Another worker finished this row first; nothing to do.
    #[error("already processed")]
    AlreadyDone,
}

impl From<sqlx::Error> for ProcessError {
    fn from(e: sqlx::Error) -> Self {
        // Raised by the `wa_inbox_done_once` trigger when a row's claim finds
        // it no longer pending: the whole transaction was rolled back.
        if let sqlx::Error::Database(db) = &e
            && db.message() == ALREADY_PROCESSED
        {
            return Self::AlreadyDone;
        }
        Self::Retry(format!("database: {e}"))
    }
}

/// The trigger's message (migration `inbox_done_once`).
const ALREADY_PROCESSED: &str = "inbox row already processed";

/// What the worker learnt from one guest's earlier rows and their next rows
/// reuse: conversation ids by (guest, hotel number). Conversations are never
/// deleted, so an id once read stays right.
#[derive(Default)]
pub struct LaneMemo {
    conversations: Vec<((String, String), i64)>,
}

impl LaneMemo {
    fn conversation(&self, guest: &PhoneE164, number: &str) -> Option<i64> {
        self.conversations
            .iter()
            .find(|((g, n), _)| g == guest.as_str() && n == number)
            .map(|(_, id)| *id)
    }

    fn remember(&mut self, guest: &PhoneE164, number: &str, id: i64) {
        if self.conversation(guest, number).is_none() {
            self.conversations
                .push(((guest.as_str().to_string(), number.to_string()), id));
        }
    }
}

#[derive(Clone)]
pub struct ConversationWorker {
    /// Reads: any connection of the shared pool (WAL readers never wait).
    pub db: SqlitePool,
    /// Writes: the channel's writer (see `sqlite::writer_pool`), taken with a
    /// background turn so a webhook's commit never queues behind many rows.
    pub writer: SqlitePool,
    pub turn: BackgroundTurn,
    pub engine: Arc<dyn ConversationEngine>,
    pub events: EventBus,
    pub clock: Arc<dyn Clock>,
    /// Woken when replies were queued.
    pub sender_wake: Arc<tokio::sync::Notify>,
    pub media_wake: Arc<tokio::sync::Notify>,
    /// Hears voice notes before the engine answers; `None`: speech is off.
    pub voice: Option<Arc<super::voice::VoicePipeline>>,
}

/// What a committed row leads to, published after the commit.
#[derive(Default)]
struct Effects {
    events: Vec<Event>,
    queued: bool,
    media: bool,
    voice_reply: bool,
}

impl ConversationWorker {
    pub async fn process(&self, row: &InboxRow) -> Result<(), ProcessError> {
        self.process_in(row, &mut LaneMemo::default()).await
    }

    /// [`Self::process`], reusing what earlier rows of the lane taught `memo`.
    pub async fn process_in(
        &self,
        row: &InboxRow,
        memo: &mut LaneMemo,
    ) -> Result<(), ProcessError> {
        let effects = match row.kind.as_str() {
            "message" => {
                let msg: InboundMessage = serde_json::from_str(&row.payload).map_err(|e| {
                    ProcessError::Permanent(format!("stored message unreadable: {e}"))
                })?;
                self.message(row, msg, memo).await?
            }
            "status" => {
                let status: DeliveryStatus = serde_json::from_str(&row.payload).map_err(|e| {
                    ProcessError::Permanent(format!("stored status unreadable: {e}"))
                })?;
                self.status(row, status).await?
            }
            other => {
                return Err(ProcessError::Permanent(format!(
                    "unknown inbox kind {other:?}"
                )));
            }
        };
        for e in effects.events {
            self.events.publish(e);
        }
        if effects.queued {
            self.sender_wake.notify_one();
        }
        if effects.media {
            self.media_wake.notify_one();
        }
        if effects.voice_reply
            && let Some(wake) = self.voice.as_ref().and_then(|v| v.replies.as_ref())
        {
            wake.notify_one();
        }
        Ok(())
    }

    async fn message(
        &self,
        row: &InboxRow,
        msg: InboundMessage,
        memo: &mut LaneMemo,
    ) -> Result<Effects, ProcessError> {
        let guest = PhoneE164::from_digits(&msg.from)
            .map_err(|e| ProcessError::Permanent(format!("sender is not a phone number: {e}")))?;
        let now = self.clock.now_ms();

        // The engine needs the conversation id. For a known guest it is read
        // and the guest's update joins the main transaction; only a guest's
        // first message commits the (idempotent) upserts on their own first.
        let known = match memo.conversation(&guest, &row.phone_number_id) {
            Some(id) => Some(id),
            None => conv::find_conversation(&self.db, &guest, &row.phone_number_id).await?,
        };
        let conversation_id = match known {
            Some(id) => id,
            None => {
                let mut b = Batch::transaction();
                let (_, stmt) = conv::push_upsert_conversation(
                    &mut b,
                    &guest,
                    msg.profile_name.as_deref(),
                    &row.phone_number_id,
                    msg.timestamp,
                    now,
                );
                let _turn = self.turn.take().await;
                run_committed(&self.writer, b).await?.scalar(stmt)?
            }
        };
        memo.remember(&guest, &row.phone_number_id, conversation_id);

        let heard = match (&self.voice, &msg.content) {
            (Some(voice), InboundContent::Audio { media, .. }) => {
                let hint = self.engine.language_hint(conversation_id).await;
                Some(voice.hear(&row.phone_number_id, media, hint).await?)
            }
            _ => None,
        };
        let turn = GuestTurn {
            conversation_id,
            guest: guest.clone(),
            guest_name: msg.profile_name.clone(),
            phone_number_id: row.phone_number_id.clone(),
            message: msg,
            voice: heard.as_ref().map(|h| h.outcome.clone()),
        };
        let replies = self
            .engine
            .respond(&turn)
            .await
            .map_err(|e| ProcessError::Retry(e.to_string()))?;

        // Read before the transaction: the engine's store may share its
        // one writer connection.
        let reply_language = match &self.voice {
            Some(v) if v.replies.is_some() && heard.is_some() => {
                self.engine.language_hint(conversation_id).await
            }
            _ => None,
        };
        let mut fx = Effects::default();
        let replies = expand(replies);
        // Everything the row causes goes to the writer in one batch (one
        // visit to its thread, see `sqlite::batch`); only what needs the
        // batch's results takes a visit of its own before the COMMIT.
        let mut b = Batch::transaction();
        let claim = push_mark_done(&mut b, row.id, now);
        if known.is_some() {
            conv::push_upsert_conversation(
                &mut b,
                &guest,
                turn.message.profile_name.as_deref(),
                &row.phone_number_id,
                turn.message.timestamp,
                now,
            );
        }
        let stored = conv::push_insert_inbound(&mut b, conversation_id, &turn.message, now)?;
        if let Some(media) = turn.message.content.media() {
            conv::push_queue_media(
                &mut b,
                turn.message.id.as_str(),
                &row.phone_number_id,
                media,
                now,
            );
            fx.media = true;
        }
        // Replies that break WhatsApp's limits (an engine bug, rare) need
        // their outbox ids mid-transaction; then all replies take the
        // statement-by-statement path, so they keep their order.
        let all_valid = replies.iter().all(|r| r.check_limits().is_ok());
        let mut queued = Vec::new();
        if all_valid {
            for (seq, reply) in (0..).zip(&replies) {
                let origin = Origin {
                    inbox_id: Some(row.id),
                    seq,
                };
                queued.push(outbox::push_queue(
                    &mut b,
                    conversation_id,
                    origin,
                    &row.phone_number_id,
                    &guest,
                    reply,
                    now,
                )?);
            }
        }
        let write_turn = self.turn.take().await;
        if heard.is_none() && all_valid {
            // The common case needs no look at the results before COMMIT (a
            // claim on a row no longer pending aborts the batch): one visit.
            let done = run_committed(&self.writer, b).await?;
            drop(write_turn);
            let message_id: i64 = done.scalar(stored)?;
            fx.events.push(Event::MessageReceived {
                conversation_id,
                message_id,
                kind: turn.message.content.kind().to_string(),
            });
            for stmt in queued {
                fx.events.push(Event::ReplyQueued {
                    conversation_id,
                    outbox_id: done.scalar(stmt)?,
                });
                fx.queued = true;
            }
            processed(conversation_id, &guest, &turn.message, replies.len());
            return Ok(fx);
        }
        let (mut tx, done) = WriteTx::begin(&self.writer, b).await?;
        if done.get(claim).changes != 1 {
            tx.rollback().await?;
            return Err(ProcessError::AlreadyDone);
        }
        let message_id: i64 = done.scalar(stored)?;
        if let Some(heard) = &heard {
            super::voice::record(tx.conn()?, message_id, heard).await?;
        }
        fx.events.push(Event::MessageReceived {
            conversation_id,
            message_id,
            kind: turn.message.content.kind().to_string(),
        });
        let mut said: Vec<String> = Vec::new();
        for ((i, reply), seq) in replies.iter().enumerate().zip(0..) {
            // Queued by the batch when every reply was valid; otherwise each
            // is queued now, in order.
            let id = match queued.get(i) {
                Some(stmt) => done.scalar(*stmt)?,
                None => {
                    let origin = Origin {
                        inbox_id: Some(row.id),
                        seq,
                    };
                    outbox::queue(
                        tx.conn()?,
                        conversation_id,
                        origin,
                        &row.phone_number_id,
                        &guest,
                        reply,
                        now,
                    )
                    .await?
                }
            };
            if let Err(e) = reply.check_limits() {
                // An engine bug, not the guest's: the reply is refused before
                // any HTTP call and kept as a dead letter for staff.
                tracing::error!(conversation_id, error = %e, "engine reply breaks WhatsApp limits; not sent");
                let conn = tx.conn()?;
                sqlx::query("UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?")
                    .bind(e.to_string())
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                crate::adapters::sqlite::dead_letters::insert(
                    conn,
                    "outbox",
                    id,
                    None,
                    "reply breaks WhatsApp limits",
                    Some(&e.to_string()),
                    now,
                )
                .await?;
                fx.events.push(Event::DeadLetter {
                    source: "outbox".into(),
                    source_id: id,
                    code: None,
                    title: e.to_string(),
                });
                continue;
            }
            fx.events.push(Event::ReplyQueued {
                conversation_id,
                outbox_id: id,
            });
            fx.queued = true;
            said.extend(super::voice::spoken(reply).map(str::to_string));
        }
        if let (Some(voice), Some(heard)) = (&self.voice, &heard)
            && voice.replies.is_some()
        {
            fx.voice_reply = voice
                .queue_reply(
                    tx.conn()?,
                    row,
                    conversation_id,
                    &guest,
                    heard,
                    reply_language,
                    &said,
                    now,
                )
                .await?;
        }
        tx.commit().await?;
        drop(write_turn);
        processed(conversation_id, &guest, &turn.message, replies.len());
        Ok(fx)
    }

    async fn status(
        &self,
        row: &InboxRow,
        status: DeliveryStatus,
    ) -> Result<Effects, ProcessError> {
        let now = self.clock.now_ms();
        let mut b = Batch::transaction();
        let claim = push_mark_done(&mut b, row.id, now);
        // A status naming an outbox row whose id we never recorded (the
        // daemon stopped mid-send) proves it went out: adopt the id first so
        // the status applies to it. Every reply carries its tag, so the
        // attempt is in the batch; it adopts nothing in the usual case.
        let adoption = status
            .callback_data
            .as_deref()
            .and_then(parse_tracking_tag)
            .map(|outbox_id| {
                (
                    outbox_id,
                    in_flight::push_adopt(&mut b, outbox_id, status.message_id.as_str()),
                )
            });
        let applied = conv::push_apply_status(&mut b, &status);
        let write_turn = self.turn.take().await;
        let (mut tx, done) = WriteTx::begin(&self.writer, b).await?;
        if done.get(claim).changes != 1 {
            tx.rollback().await?;
            return Err(ProcessError::AlreadyDone);
        }
        let mut adopted = false;
        if let Some((outbox_id, stmt)) = adoption
            && let Some(message_id) = in_flight::adopted_message(&done, stmt)?
        {
            let wa_id = status.message_id.as_str();
            in_flight::finish_adopt(tx.conn()?, outbox_id, wa_id, message_id).await?;
            // The message had no id when the batch applied this status:
            // every status stored for it (this one too) applies now.
            in_flight::replay_statuses(tx.conn()?, wa_id).await?;
            adopted = true;
        }
        let changed = done.get(applied).changes > 0;
        tx.commit().await?;
        drop(write_turn);
        let mut fx = Effects::default();
        if changed {
            fx.events.push(Event::MessageStatus {
                wa_message_id: status.message_id.0.clone(),
                status: status.status.as_str().to_string(),
            });
        }
        if adopted {
            tracing::info!(wa_message_id = %status.message_id.0, "a status proved an uncertain reply was sent; its dead letter is withdrawn");
        }
        if let Some(e) = status.errors.first() {
            tracing::warn!(wa_message_id = %status.message_id.0, code = e.code, title = %e.title, "Meta reports a message failed");
        }
        Ok(fx)
    }
}

fn processed(conversation_id: i64, guest: &PhoneE164, msg: &InboundMessage, replies: usize) {
    tracing::info!(
        conversation_id,
        guest = %MaskedPhone(guest.as_str()),
        kind = msg.content.kind(),
        replies,
        "guest message processed"
    );
}

/// Texts longer than WhatsApp allows become several messages.
fn expand(replies: Vec<OutboundMessage>) -> Vec<OutboundMessage> {
    replies
        .into_iter()
        .flat_map(|r| match r {
            OutboundMessage::Text { body, preview_url }
                if body.chars().count() > crate::domain::TEXT_MAX_CHARS =>
            {
                split_for_whatsapp(&body)
                    .into_iter()
                    .map(|b| OutboundMessage::Text {
                        body: b,
                        preview_url,
                    })
                    .collect()
            }
            other => vec![other],
        })
        .collect()
}

/// Marks the row done. If another worker already finished the row (or it went
/// to dead letters), the `wa_inbox_done_once` trigger aborts the statement and
/// the caller's transaction is rolled back, so its effects are not stored
/// twice; the error becomes [`ProcessError::AlreadyDone`].
fn push_mark_done(b: &mut Batch, inbox_id: i64, now_ms: i64) -> Stmt {
    b.push("UPDATE wa_inbox SET state = 'done', done_at_ms = ? WHERE id = ?")
        .bind(now_ms)
        .bind(inbox_id)
        .id()
}
