//! The sender: delivers outbox rows through the Messenger port, honouring the
//! 24-hour window and the per-number cap, retrying what is temporary and
//! dead-lettering what is not. A row with a WhatsApp id is never sent again.

use super::backoff;
use super::throttle::Throttle;
use crate::adapters::sqlite::outbox_in_flight::{UNCERTAIN_TITLE, tracking_tag};
use crate::adapters::sqlite::{OutboxRow, OutboxStore};
use crate::domain::{OutboundMessage, PhoneE164};
use crate::events::{Event, EventBus};
use crate::ports::clock::Clock;
use crate::ports::messenger::{Messenger, PermanentKind, SendError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
const POLL: Duration = Duration::from_millis(250);
const BATCH: i64 = 32;

#[derive(Clone)]
pub struct OutboxWorker {
    pub outbox: OutboxStore,
    pub messenger: Arc<dyn Messenger>,
    pub throttle: Arc<Throttle>,
    pub events: EventBus,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    pub max_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// `(name, language)` of the re-engagement template, if configured.
    pub reengagement: Option<(String, String)>,
}

enum Plan {
    Send(OutboundMessage, &'static str),
    Hold,
}

impl OutboxWorker {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        self.recover().await;
        while !*stop.borrow() {
            let sent_any = self.tick().await;
            if sent_any {
                continue;
            }
            super::pause::pause(&self.wake, POLL, &mut stop).await;
        }
    }

    /// Resolves the sends a previous process left in flight; never resends.
    pub async fn recover(&self) {
        match self.outbox.recover_in_flight(self.clock.now_ms()).await {
            Ok(r) => {
                for id in &r.confirmed {
                    tracing::info!(
                        outbox_id = id,
                        "a reply in flight at the last stop was confirmed sent by a status"
                    );
                }
                for id in r.uncertain {
                    tracing::error!(outbox_id = id, "{UNCERTAIN_TITLE}");
                    self.events.publish(Event::DeadLetter {
                        source: "outbox".into(),
                        source_id: id,
                        code: None,
                        title: UNCERTAIN_TITLE.into(),
                    });
                }
            }
            Err(e) => {
                // The rows stay 'sending', which blocks their conversations'
                // later replies rather than risk a double send; next start
                // tries again.
                tracing::error!(error = %e, "cannot resolve replies in flight at the last stop");
            }
        }
    }

    /// One pass over the due rows; true when there was work.
    pub async fn tick(&self) -> bool {
        let rows = match self.outbox.due(self.clock.now_ms(), BATCH).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the outbox; retrying");
                return false;
            }
        };
        let any = !rows.is_empty();
        futures::future::join_all(rows.iter().map(|row| self.deliver(row))).await;
        any
    }

    async fn deliver(&self, row: &OutboxRow) {
        if let Err(e) = self.try_deliver(row).await {
            tracing::error!(outbox_id = row.id, error = %e, "cannot record a send result; the row will be retried");
        }
    }

    async fn try_deliver(&self, row: &OutboxRow) -> Result<(), sqlx::Error> {
        let now = self.clock.now_ms();
        let (msg, to) = match (
            serde_json::from_str::<OutboundMessage>(&row.payload),
            PhoneE164::parse(&row.to_phone),
        ) {
            (Ok(m), Ok(t)) => (m, t),
            (Err(e), _) => {
                return self
                    .dead(
                        row,
                        None,
                        "stored reply unreadable",
                        Some(&e.to_string()),
                        false,
                        now,
                    )
                    .await;
            }
            (_, Err(e)) => {
                return self
                    .dead(
                        row,
                        None,
                        "recipient is not a phone number",
                        Some(&e.to_string()),
                        false,
                        now,
                    )
                    .await;
            }
        };
        let (msg, sent_as) = match self.plan(row, msg, now) {
            Plan::Send(m, sent_as) => (m, sent_as),
            Plan::Hold => {
                let reason = "window closed: the guest last wrote more than 24 hours ago";
                self.outbox.mark_held(row, reason, now).await?;
                tracing::warn!(
                    outbox_id = row.id,
                    conversation_id = row.conversation_id,
                    "reply held for staff: {reason}"
                );
                self.events.publish(Event::ReplyHeld {
                    conversation_id: row.conversation_id,
                    outbox_id: row.id,
                    reason: reason.into(),
                });
                return Ok(());
            }
        };

        let proven = if row.attempts > 0 {
            self.outbox.confirm_by_status(row.id).await?
        } else {
            None
        };
        if let Some(id) = proven {
            tracing::info!(outbox_id = row.id, wa_message_id = %id, "a status proved the previous attempt was sent; not sending again");
            self.events.publish(Event::ReplySent {
                outbox_id: row.id,
                wa_message_id: id,
                sent_as: sent_as.into(),
            });
            return Ok(());
        }
        self.throttle.acquire(&row.phone_number_id).await;
        // Committed before the call: if we die before recording the answer,
        // the next start knows this reply may have gone out.
        if !self.outbox.mark_sending(row, now).await? {
            return Ok(());
        }
        let tag = tracking_tag(row.id);
        match self
            .messenger
            .send_tracked(&row.phone_number_id, &to, &msg, &tag)
            .await
        {
            Ok(id) => {
                self.outbox.mark_sent(row, id.as_str(), sent_as).await?;
                if sent_as != "reply" {
                    self.outbox.flag_window_closed(row, now).await?;
                }
                self.events.publish(Event::ReplySent {
                    outbox_id: row.id,
                    wa_message_id: id.0,
                    sent_as: sent_as.into(),
                });
                Ok(())
            }
            Err(SendError::Limit(e)) => {
                self.dead(
                    row,
                    None,
                    "reply breaks WhatsApp limits",
                    Some(&e.to_string()),
                    false,
                    now,
                )
                .await
            }
            Err(SendError::Permanent {
                code,
                title,
                details,
                kind,
            }) => {
                self.dead(
                    row,
                    code,
                    &title,
                    details.as_deref(),
                    kind == PermanentKind::WindowClosed,
                    now,
                )
                .await
            }
            Err(SendError::Retryable {
                code,
                title,
                retry_after,
            }) => {
                let attempt = u32::try_from(row.attempts).unwrap_or(u32::MAX);
                if attempt + 1 >= self.max_attempts {
                    return self
                        .dead(
                            row,
                            code,
                            &title,
                            Some("gave up after the configured attempts"),
                            false,
                            now,
                        )
                        .await;
                }
                let wait = backoff::delay_ms(attempt, self.retry_base_ms, self.retry_max_ms).max(
                    retry_after.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                );
                tracing::warn!(outbox_id = row.id, ?code, %title, wait_ms = wait, "send failed; will retry");
                self.outbox
                    .mark_retry(
                        row,
                        now.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)),
                        &title,
                    )
                    .await
            }
        }
    }

    /// Free-form messages need the guest's 24-hour window open. Outside it the
    /// re-engagement template goes instead, or the reply is held for staff.
    fn plan(&self, row: &OutboxRow, msg: OutboundMessage, now: i64) -> Plan {
        let open = now - row.last_inbound_ts.saturating_mul(1000) < WINDOW_MS;
        if open || !msg.needs_open_window() {
            return Plan::Send(msg, "reply");
        }
        match &self.reengagement {
            Some((name, language)) => Plan::Send(
                OutboundMessage::Template {
                    name: name.clone(),
                    language: language.clone(),
                    components: serde_json::Value::Array(Vec::new()),
                },
                "reengagement_template",
            ),
            None => Plan::Hold,
        }
    }

    async fn dead(
        &self,
        row: &OutboxRow,
        code: Option<i64>,
        title: &str,
        detail: Option<&str>,
        window_closed: bool,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        self.outbox
            .mark_dead(row, code, title, detail, window_closed, now)
            .await?;
        tracing::error!(outbox_id = row.id, ?code, %title, "reply moved to dead letters");
        self.events.publish(Event::DeadLetter {
            source: "outbox".into(),
            source_id: row.id,
            code,
            title: title.into(),
        });
        Ok(())
    }
}
