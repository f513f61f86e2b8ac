//! Guests, conversations and messages as the conversation worker records them.
//! Every function takes the caller's transaction: the worker commits them
//! together with marking the inbox row done.

use super::batch::{Batch, Stmt};
use crate::domain::{DeliveryStatus, InboundMessage, PhoneE164};
use sqlx::{Sqlite, SqliteConnection, Transaction};

type Tx<'a> = Transaction<'a, Sqlite>;

/// Creates or updates the guest and their conversation on `phone_number_id`.
/// The 24-hour window only moves forward, whatever order messages come in.
/// Returns the statements whose rows are the guest's and the conversation's ids.
pub fn push_upsert_conversation(
    b: &mut Batch,
    guest: &PhoneE164,
    profile_name: Option<&str>,
    phone_number_id: &str,
    inbound_ts: i64,
    now_ms: i64,
) -> (Stmt, Stmt) {
    let guest_stmt = b
        .push(
            "INSERT INTO guests (phone, profile_name, last_inbound_ts, created_at_ms) VALUES (?, ?, ?, ?) \
             ON CONFLICT (phone) DO UPDATE SET \
               profile_name = coalesce(excluded.profile_name, guests.profile_name), \
               last_inbound_ts = max(guests.last_inbound_ts, excluded.last_inbound_ts) \
             RETURNING id",
        )
        .bind(guest.as_str())
        .bind(profile_name)
        .bind(inbound_ts)
        .bind(now_ms)
        .id();
    // The guest's id by its phone, so both statements go in one visit.
    let conversation_stmt = b
        .push(
            "INSERT INTO conversations (guest_id, phone_number_id, created_at_ms, updated_at_ms) \
             VALUES ((SELECT id FROM guests WHERE phone = ?), ?, ?, ?) \
             ON CONFLICT (guest_id, phone_number_id) DO UPDATE SET \
             updated_at_ms = excluded.updated_at_ms RETURNING id",
        )
        .bind(guest.as_str())
        .bind(phone_number_id)
        .bind(now_ms)
        .bind(now_ms)
        .id();
    (guest_stmt, conversation_stmt)
}

/// [`push_upsert_conversation`] on its own: (guest id, conversation id).
pub async fn upsert_conversation(
    conn: &mut SqliteConnection,
    guest: &PhoneE164,
    profile_name: Option<&str>,
    phone_number_id: &str,
    inbound_ts: i64,
    now_ms: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let mut b = Batch::new();
    let (g, c) = push_upsert_conversation(
        &mut b,
        guest,
        profile_name,
        phone_number_id,
        inbound_ts,
        now_ms,
    );
    let done = b.run(conn).await?;
    Ok((done.scalar(g)?, done.scalar(c)?))
}

/// The conversation of `guest` on `phone_number_id`, if there is one.
pub async fn find_conversation(
    db: &sqlx::SqlitePool,
    guest: &PhoneE164,
    phone_number_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT c.id FROM conversations c JOIN guests g ON g.id = c.guest_id \
         WHERE g.phone = ? AND c.phone_number_id = ?",
    )
    .bind(guest.as_str())
    .bind(phone_number_id)
    .fetch_optional(db)
    .await
}

/// Stores a guest message once; its statement returns the message's row id.
pub fn push_insert_inbound(
    b: &mut Batch,
    conversation_id: i64,
    msg: &InboundMessage,
    now_ms: i64,
) -> Result<Stmt, sqlx::Error> {
    let content =
        serde_json::to_string(&msg.content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    // The no-op update (instead of DO NOTHING) makes RETURNING give the id of
    // the row stored by an earlier attempt too: one statement, not two.
    Ok(b.push(
        "INSERT INTO messages (conversation_id, direction, wa_message_id, kind, body, content, \
             provider_ts, created_at_ms) VALUES (?, 'in', ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (wa_message_id) DO UPDATE SET wa_message_id = excluded.wa_message_id \
             RETURNING id",
    )
    .bind(conversation_id)
    .bind(msg.id.as_str())
    .bind(msg.content.kind())
    .bind(msg.content.text())
    .bind(content)
    .bind(msg.timestamp)
    .bind(now_ms)
    .id())
}

/// Moves an outbound message's status forward only: a lower-ranked report
/// arriving late (delivered after read) changes nothing; failed is terminal.
/// Returns whether anything changed (false also when the message is not
/// known yet: the sender applies stored statuses when it records the id).
pub async fn apply_status(
    conn: &mut SqliteConnection,
    s: &DeliveryStatus,
) -> Result<bool, sqlx::Error> {
    let mut b = Batch::new();
    let stmt = push_apply_status(&mut b, s);
    Ok(b.run(conn).await?.get(stmt).changes > 0)
}

/// [`apply_status`] in a caller's batch: changed anything if its statement
/// changed a row.
pub fn push_apply_status(b: &mut Batch, s: &DeliveryStatus) -> Stmt {
    let first_error = s.errors.first();
    b.push(
        "UPDATE messages SET status = ?, status_rank = ?, \
         error_code = coalesce(?, error_code), error_title = coalesce(?, error_title) \
         WHERE wa_message_id = ? AND direction = 'out' AND status_rank < ?",
    )
    .bind(s.status.as_str())
    .bind(s.status.rank())
    .bind(first_error.map(|e| e.code))
    .bind(first_error.map(|e| e.title.as_str()))
    .bind(s.message_id.as_str())
    .bind(s.status.rank())
    .id()
}

/// Flags the conversation for staff: a reply could not be sent because the
/// guest's 24-hour window is closed.
pub async fn flag_window_closed(
    tx: &mut Tx<'_>,
    conversation_id: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE conversations SET window_closed_at_ms = ? WHERE id = ?")
        .bind(now_ms)
        .bind(conversation_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A media row to fetch, for the guest message `wa_message_id` (stored by an
/// earlier statement of the same batch) that carries one.
pub fn push_queue_media(
    b: &mut Batch,
    wa_message_id: &str,
    phone_number_id: &str,
    media: &crate::domain::MediaRef,
    now_ms: i64,
) {
    b.push(
        "INSERT INTO media (message_id, media_id, phone_number_id, mime_type, expected_sha256, \
         state, created_at_ms) \
         VALUES ((SELECT id FROM messages WHERE wa_message_id = ?), ?, ?, ?, ?, 'pending', ?) \
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(wa_message_id)
    .bind(&media.media_id)
    .bind(phone_number_id)
    .bind(&media.mime_type)
    .bind(&media.sha256)
    .bind(now_ms);
}
