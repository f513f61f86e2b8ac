//! One `statuses[]` entry into a [`DeliveryStatus`].

use super::webhook::value_as_string;
use crate::domain::{DeliveryStatus, MetaError, StatusKind, WaMessageId};
use serde_json::Value;

pub fn parse_status(raw: &Value) -> Result<DeliveryStatus, String> {
    let id = raw
        .get("id")
        .and_then(value_as_string)
        .ok_or("status without id")?;
    let status_text = raw
        .get("status")
        .and_then(Value::as_str)
        .ok_or("status without status")?;
    let status =
        StatusKind::parse(status_text).ok_or_else(|| format!("unknown status {status_text:?}"))?;
    let timestamp = raw
        .get("timestamp")
        .and_then(parse_timestamp)
        .ok_or("status without a valid timestamp")?;
    let errors = raw
        .get("errors")
        .and_then(Value::as_array)
        .map(|errs| errs.iter().map(parse_error).collect())
        .unwrap_or_default();
    Ok(DeliveryStatus {
        message_id: WaMessageId(id),
        status,
        timestamp,
        recipient_id: raw
            .get("recipient_id")
            .and_then(value_as_string)
            .unwrap_or_default(),
        errors,
        conversation: raw.get("conversation").cloned(),
        pricing: raw.get("pricing").cloned(),
        callback_data: raw
            .get("biz_opaque_callback_data")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

pub fn parse_error(e: &Value) -> MetaError {
    MetaError {
        code: e.get("code").and_then(Value::as_i64).unwrap_or(0),
        title: e
            .get("title")
            .or_else(|| e.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        details: e
            .get("error_data")
            .and_then(|d| d.get("details"))
            .or_else(|| e.get("details"))
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// Unix seconds, sent as a string ("1700000000") or, leniently, a number.
pub fn parse_timestamp(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}
