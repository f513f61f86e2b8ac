//! Never twice across a crash. Meta's send API has no idempotency key, so the
//! outbox remembers that a send *may* have happened: a row is committed as
//! 'sending' before the HTTP call. At start, a row still 'sending' is one whose
//! fate we do not know. Resending could greet the guest twice; dropping it
//! could leave them without an answer. A hotel wants a person to decide, so it
//! becomes 'uncertain' and a dead letter says why, unless a status webhook
//! already named it (each send carries its outbox id as callback data), which
//! proves it went out.

use super::OutboxStore;
use super::batch::{Batch, Done, Stmt};
use super::outbox::OutboxRow;
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};

const TAG_PREFIX: &str = "conserje:outbox:";

/// Title of the dead letter of an uncertain reply, as staff read it.
pub const UNCERTAIN_TITLE: &str = "uncertain: the daemon stopped while this reply was being sent; \
     WhatsApp may or may not have delivered it. Check the chat before resending";

/// The callback data sent with a reply (`biz_opaque_callback_data`).
pub fn tracking_tag(outbox_id: i64) -> String {
    format!("{TAG_PREFIX}{outbox_id}")
}

/// The outbox id a status's callback data names, if it is one of ours.
pub fn parse_tracking_tag(tag: &str) -> Option<i64> {
    tag.strip_prefix(TAG_PREFIX)?.parse().ok()
}

/// What start-up recovery found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// Proved sent by a status stored while we were down or busy.
    pub confirmed: Vec<i64>,
    /// Flagged for staff.
    pub uncertain: Vec<i64>,
}

impl OutboxStore {
    /// Commits the intent to send. False when the row is no longer pending
    /// (another pass took it): then it must not be sent.
    pub async fn mark_sending(&self, row: &OutboxRow, now_ms: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'sending', sending_since_ms = ? \
             WHERE id = ? AND state = 'pending'",
        )
        .bind(now_ms)
        .bind(row.id)
        .execute(self.db())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Run once at start, before the sender's first pass: every row left
    /// 'sending' by the previous process is resolved, never resent.
    pub async fn recover_in_flight(&self, now_ms: i64) -> Result<Recovered, sqlx::Error> {
        let mut tx = self.db().begin().await?;
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, message_id FROM outbox WHERE state = 'sending' ORDER BY id")
                .fetch_all(&mut *tx)
                .await?;
        let mut out = Recovered::default();
        for (id, message_id) in rows {
            if adopt_if_proven(&mut tx, id).await?.is_some() {
                out.confirmed.push(id);
                continue;
            }
            sqlx::query("UPDATE outbox SET state = 'uncertain', last_error = ? WHERE id = ?")
                .bind(UNCERTAIN_TITLE)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE messages SET status = 'uncertain' WHERE id = ?")
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
            super::dead_letters::insert(&mut tx, "outbox", id, None, UNCERTAIN_TITLE, None, now_ms)
                .await?;
            out.uncertain.push(id);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Before a retry: the previous attempt may have reached Meta (a timeout
    /// or a dropped connection says nothing either way). If a status webhook
    /// naming this row has arrived since, it did, and the row takes that id
    /// instead of going out a second time. Returns the id when so.
    pub async fn confirm_by_status(&self, outbox_id: i64) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.db().begin().await?;
        let adopted = adopt_if_proven(&mut tx, outbox_id).await?;
        tx.commit().await?;
        Ok(adopted)
    }
}

/// Adopts Meta's id for `outbox_id` from a stored status that carries its
/// tracking tag, if there is one; applies that message's statuses.
async fn adopt_if_proven(
    tx: &mut Transaction<'_, Sqlite>,
    outbox_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let proof: Option<String> = sqlx::query_scalar(
        "SELECT wa_id FROM wa_inbox WHERE kind = 'status' \
         AND json_extract(payload, '$.callback_data') = ? LIMIT 1",
    )
    .bind(tracking_tag(outbox_id))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(wa_id) = proof else {
        return Ok(None);
    };
    if !adopt(tx, outbox_id, &wa_id).await? {
        return Ok(None);
    }
    replay_statuses(tx, &wa_id).await?;
    Ok(Some(wa_id))
}

/// A status named outbox row `outbox_id` with Meta's id `wa_message_id`: if
/// the row is still waiting for its id ('sending'; 'uncertain' after a crash;
/// 'pending' when an attempt timed out and a retry is scheduled), it was sent,
/// and this is its id. Its dead letter, if any, is
/// withdrawn: there is nothing left for staff to decide. True when adopted.
pub async fn adopt(
    conn: &mut SqliteConnection,
    outbox_id: i64,
    wa_message_id: &str,
) -> Result<bool, sqlx::Error> {
    let mut b = Batch::new();
    let claim = push_adopt(&mut b, outbox_id, wa_message_id);
    let done = b.run(conn).await?;
    match adopted_message(&done, claim)? {
        Some(message_id) => {
            finish_adopt(conn, outbox_id, wa_message_id, message_id).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The first step of [`adopt`], to run in a caller's batch: its row, if any,
/// is the adopted outbox row's message id (see [`adopted_message`]); then
/// [`finish_adopt`] must follow in the same transaction.
pub fn push_adopt(b: &mut Batch, outbox_id: i64, wa_message_id: &str) -> Stmt {
    b.push(
        "UPDATE outbox SET state = 'sent', wa_message_id = ?, sent_as = coalesce(sent_as, 'reply'), \
         attempts = attempts + 1, last_error = NULL \
         WHERE id = ? AND state IN ('pending', 'sending', 'uncertain') AND wa_message_id IS NULL \
         RETURNING message_id",
    )
    .bind(wa_message_id)
    .bind(outbox_id)
    .id()
}

/// The message id [`push_adopt`]'s statement returned: `None`, nothing was
/// adopted (the usual case: the row already had its id).
pub fn adopted_message(done: &Done, claim: Stmt) -> Result<Option<i64>, sqlx::Error> {
    done.get(claim)
        .rows
        .first()
        .map(|r| r.try_get(0))
        .transpose()
}

/// The rest of an adoption: the message takes Meta's id, the dead letter goes.
pub async fn finish_adopt(
    conn: &mut SqliteConnection,
    outbox_id: i64,
    wa_message_id: &str,
    message_id: i64,
) -> Result<(), sqlx::Error> {
    let mut b = Batch::new();
    b.push(
        "UPDATE messages SET wa_message_id = ?, status = 'sent', status_rank = 1 \
         WHERE id = ? AND wa_message_id IS NULL",
    )
    .bind(wa_message_id)
    .bind(message_id);
    b.push("DELETE FROM dead_letters WHERE source = 'outbox' AND source_id = ?")
        .bind(outbox_id);
    b.run(conn).await?;
    Ok(())
}

/// Applies every stored status of `wa_message_id` (they arrived before we
/// knew the id was ours), in any order: ranks only move forward.
pub async fn replay_statuses(
    tx: &mut SqliteConnection,
    wa_message_id: &str,
) -> Result<(), sqlx::Error> {
    let early: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM wa_inbox WHERE kind = 'status' AND wa_id = ?")
            .bind(wa_message_id)
            .fetch_all(&mut *tx)
            .await?;
    for payload in early {
        if let Ok(status) = serde_json::from_str::<crate::domain::DeliveryStatus>(&payload) {
            super::conversations::apply_status(tx, &status).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_foreign_tags_are_ignored() {
        assert_eq!(parse_tracking_tag(&tracking_tag(42)), Some(42));
        assert_eq!(parse_tracking_tag("campaign-7"), None);
        assert_eq!(parse_tracking_tag("conserje:outbox:x"), None);
    }
}
