//! The webhook envelope: every `entry[]` / `changes[]`, with the number it was
//! sent to, and the messages and statuses inside.

use super::message::parse_message;
use super::status::parse_status;
use crate::domain::{DeliveryStatus, InboundMessage};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

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

const NO_ENTRY: &str = "no entry[] array";
const NO_NUMBER: &str = "a messages change has no metadata.phone_number_id";

/// Parses a body whose signature was already verified.
///
/// The envelope must have `entry[]`; inside it, a malformed part of one change
/// never loses the others: each message or status that cannot be read becomes
/// an `Unsupported` message or is reported, not the whole batch.
///
/// The envelope's levels are read as borrowed raw JSON, and only the messages,
/// statuses and contacts become `Value` trees: building the whole body as a
/// tree (a map and a key string per object) was most of the parse's
/// allocations in the ingest profile.
pub fn parse_webhook(body: &[u8]) -> Result<WebhookBatch, PayloadError> {
    let root: Root<'_> = serde_json::from_slice(body).map_err(|e| {
        // Valid JSON of another shape (an array, a string…) is not a
        // webhook; anything else is not JSON. Told apart only on this path.
        match serde_json::from_slice::<IgnoredAny>(body) {
            Ok(_) => PayloadError::Envelope(NO_ENTRY),
            Err(_) => PayloadError::Json(e),
        }
    })?;
    let entries = root
        .entry
        .and_then(lenient::<Vec<&RawValue>>)
        .ok_or(PayloadError::Envelope(NO_ENTRY))?;
    let mut batch = WebhookBatch::default();
    for entry in entries {
        let Some(changes) = lenient::<Entry<'_>>(entry)
            .and_then(|e| e.changes)
            .and_then(lenient::<Vec<&RawValue>>)
        else {
            continue;
        };
        for change in changes {
            let change = lenient::<Change<'_>>(change).unwrap_or_default();
            let field = change
                .field
                .and_then(lenient::<Cow<'_, str>>)
                .unwrap_or_default();
            if field != "messages" {
                batch.other_fields.push(field.into_owned());
                continue;
            }
            parse_change(change.value, &mut batch)?;
        }
    }
    Ok(batch)
}

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    entry: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    changes: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct Change<'a> {
    #[serde(borrow)]
    field: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ChangeValue<'a> {
    #[serde(borrow)]
    metadata: Option<&'a RawValue>,
    #[serde(borrow)]
    contacts: Option<&'a RawValue>,
    #[serde(borrow)]
    messages: Option<&'a RawValue>,
    #[serde(borrow)]
    statuses: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Metadata<'a> {
    #[serde(borrow)]
    phone_number_id: Option<&'a RawValue>,
    #[serde(borrow)]
    display_phone_number: Option<&'a RawValue>,
}

/// `raw` read as `T`, or `None` when it has another shape: a part of the
/// envelope Meta did not send as documented is passed over, as before.
fn lenient<'a, T: Deserialize<'a>>(raw: &'a RawValue) -> Option<T> {
    serde_json::from_str(raw.get()).ok()
}

/// An id-like field: a non-empty string, or a number.
fn raw_as_string(raw: &RawValue) -> Option<String> {
    lenient::<Value>(raw).as_ref().and_then(value_as_string)
}

fn parse_change(value: Option<&RawValue>, batch: &mut WebhookBatch) -> Result<(), PayloadError> {
    let value = value
        .and_then(lenient::<ChangeValue<'_>>)
        .ok_or(PayloadError::Envelope(NO_NUMBER))?;
    let metadata = value.metadata.and_then(lenient::<Metadata<'_>>);
    let phone_number_id = metadata
        .as_ref()
        .and_then(|m| m.phone_number_id)
        .and_then(raw_as_string)
        .ok_or(PayloadError::Envelope(NO_NUMBER))?;
    let display = metadata
        .as_ref()
        .and_then(|m| m.display_phone_number)
        .and_then(raw_as_string);
    let contacts: Vec<Value> = value
        .contacts
        .and_then(lenient::<Vec<Value>>)
        .unwrap_or_default();
    let item = |event| WebhookItem {
        phone_number_id: phone_number_id.clone(),
        display_phone_number: display.clone(),
        event,
    };
    for raw in value
        .messages
        .and_then(lenient::<Vec<Value>>)
        .unwrap_or_default()
    {
        let message = parse_message(&raw, &contacts);
        batch.items.push(item(WebhookEvent::Message(message)));
    }
    for raw in value
        .statuses
        .and_then(lenient::<Vec<Value>>)
        .unwrap_or_default()
    {
        match parse_status(&raw) {
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
