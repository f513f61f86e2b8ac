//! The webhook envelope: every `entry[]` / `changes[]`, with the number it was
//! sent to, and the messages and statuses inside.

use super::message::parse_message;
use super::status::parse_status;
use crate::domain::{DeliveryStatus, InboundMessage};
use serde_json::Value;

/// Everything one POST carried, in the order Meta listed it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookBatch {
    pub items: Vec<WebhookItem>,
    /// `changes[].field` values other than `messages` (account updates,
    /// template reviews…): acknowledged and logged, nothing to store.
    pub other_fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WebhookItem {
    /// `metadata.phone_number_id`: which of our numbers this was sent to.
    pub phone_number_id: String,
    pub display_phone_number: Option<String>,
    pub event: WebhookEvent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    Message(InboundMessage),
    Status(DeliveryStatus),
}

/// Why a signed body is not a webhook we can store (answered with 400).
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("body is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a WhatsApp webhook: {0}")]
    Envelope(&'static str),
}

/// Parses a body whose signature was already verified.
///
/// The envelope must have `entry[]`; inside it, a malformed part of one change
/// never loses the others: each message or status that cannot be read becomes
/// an `Unsupported` message or is reported, not the whole batch.
pub fn parse_webhook(body: &[u8]) -> Result<WebhookBatch, PayloadError> {
    let root: Value = serde_json::from_slice(body)?;
    let entries = root
        .get("entry")
        .and_then(Value::as_array)
        .ok_or(PayloadError::Envelope("no entry[] array"))?;
    let mut batch = WebhookBatch::default();
    for entry in entries {
        let Some(changes) = entry.get("changes").and_then(Value::as_array) else {
            continue;
        };
        for change in changes {
            let field = change.get("field").and_then(Value::as_str).unwrap_or("");
            if field != "messages" {
                batch.other_fields.push(field.to_string());
                continue;
            }
            parse_change(change.get("value").unwrap_or(&Value::Null), &mut batch)?;
        }
    }
    Ok(batch)
}

fn parse_change(value: &Value, batch: &mut WebhookBatch) -> Result<(), PayloadError> {
    let metadata = value.get("metadata");
    let phone_number_id = metadata
        .and_then(|m| m.get("phone_number_id"))
        .and_then(value_as_string)
        .ok_or(PayloadError::Envelope(
            "a messages change has no metadata.phone_number_id",
        ))?;
    let display = metadata
        .and_then(|m| m.get("display_phone_number"))
        .and_then(value_as_string);
    let contacts = value
        .get("contacts")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let item = |event| WebhookItem {
        phone_number_id: phone_number_id.clone(),
        display_phone_number: display.clone(),
        event,
    };
    for raw in value
        .get("messages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let message = parse_message(raw, contacts);
        batch.items.push(item(WebhookEvent::Message(message)));
    }
    for raw in value
        .get("statuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match parse_status(raw) {
            Ok(status) => batch.items.push(item(WebhookEvent::Status(status))),
            // A status we cannot read has no message to attach to; it is
            // logged with its content and acknowledged.
            Err(reason) => tracing::warn!(%reason, status = %raw, "unreadable status ignored"),
        }
    }
    Ok(())
}

/// Meta sends ids as strings, but be lenient with numbers.
pub(super) fn value_as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
