//! Staff replies: queued in the outbox like the bot's, so the sender delivers
//! them with the same retries, window rule and dead letters.

use super::DeskError;
use crate::adapters::sqlite::outbox::{self, Origin};
use crate::domain::{OutboundMessage, PhoneE164};
use sqlx::SqlitePool;

/// Who a reply goes to, and the guest's 24-hour window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTarget {
    pub conversation_id: i64,
    pub phone_number_id: String,
    pub guest: String,
    /// Meta's unix seconds of the guest's last message.
    pub last_inbound_ts: i64,
}

pub async fn target(db: &SqlitePool, conversation_id: i64) -> Result<ReplyTarget, DeskError> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT c.phone_number_id, g.phone, g.last_inbound_ts FROM conversations c \
         JOIN guests g ON g.id = c.guest_id WHERE c.id = ?",
    )
    .bind(conversation_id)
    .fetch_optional(db)
    .await?;
    let (phone_number_id, guest, last_inbound_ts) =
        row.ok_or_else(|| DeskError::NotFound(format!("conversation {conversation_id}")))?;
    Ok(ReplyTarget {
        conversation_id,
        phone_number_id,
        guest,
        last_inbound_ts,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Queued {
    pub message_id: i64,
    pub outbox_id: i64,
}

/// Queues `msg` from staff member `who`, in one transaction with what the
/// reply means for the conversation: answered (handoff queue), read, active.
pub async fn queue(
    db: &SqlitePool,
    t: &ReplyTarget,
    who: &str,
    msg: &OutboundMessage,
    now_ms: i64,
) -> Result<Queued, DeskError> {
    let to = PhoneE164::parse(&t.guest)
        .map_err(|e| DeskError::Invalid(format!("the guest's number is not valid: {e}")))?;
    let mut tx = db.begin().await?;
    let outbox_id = outbox::queue(
        &mut tx,
        t.conversation_id,
        Origin {
            inbox_id: None,
            seq: 0,
        },
        &t.phone_number_id,
        &to,
        msg,
        now_ms,
    )
    .await?;
    let message_id: i64 = sqlx::query_scalar(
        "UPDATE messages SET staff_user = ? WHERE id = (SELECT message_id FROM outbox WHERE id = ?) \
         RETURNING id",
    )
    .bind(who)
    .bind(outbox_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE conversations SET updated_at_ms = max(updated_at_ms, ?), \
         read_up_to_id = max(read_up_to_id, ?) WHERE id = ?",
    )
    .bind(now_ms)
    .bind(message_id)
    .bind(t.conversation_id)
    .execute(&mut *tx)
    .await?;
    super::control::staff_engaged(&mut tx, t.conversation_id, who, now_ms).await?;
    tx.commit().await?;
    Ok(Queued {
        message_id,
        outbox_id,
    })
}
