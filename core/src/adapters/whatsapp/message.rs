//! One `messages[]` entry into an [`InboundMessage`]. A message missing a
//! field its type needs becomes `Unsupported` with the reason; nothing is
//! dropped and one bad message never fails the others of its batch.

use super::status::{parse_error, parse_timestamp};
use super::webhook::value_as_string;
use crate::domain::{
    InboundContent, InboundMessage, MediaRef, MessageContext, SharedContact, WaMessageId,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub fn parse_message(raw: &Value, contacts: &[Value]) -> InboundMessage {
    let from = raw.get("from").and_then(value_as_string);
    let id = raw.get("id").and_then(value_as_string);
    let timestamp = raw.get("timestamp").and_then(parse_timestamp);
    let content = match (&from, &id, timestamp) {
        (None, _, _) => unsupported(raw, "message has no `from`".into()),
        (_, None, _) => unsupported(raw, "message has no `id`".into()),
        (_, _, None) => unsupported(raw, "message has no valid `timestamp`".into()),
        _ => parse_content(raw).unwrap_or_else(|reason| unsupported(raw, reason)),
    };
    let from = from.unwrap_or_default();
    InboundMessage {
        // Without Meta's id, a hash of the message itself still makes a
        // redelivery of the same broken message a duplicate.
        id: WaMessageId(id.unwrap_or_else(|| synthetic_id(raw))),
        profile_name: contacts
            .iter()
            .find(|c| c.get("wa_id").and_then(value_as_string).as_deref() == Some(&from))
            .or(if contacts.len() == 1 {
                contacts.first()
            } else {
                None
            })
            .and_then(|c| c.pointer("/profile/name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        from,
        timestamp: timestamp.unwrap_or(0),
        context: raw.get("context").map(parse_context),
        referral: raw.get("referral").cloned(),
        content,
    }
}

fn synthetic_id(raw: &Value) -> String {
    format!("noid-{}", hex::encode(Sha256::digest(raw.to_string())))
}

fn unsupported(raw: &Value, reason: String) -> InboundContent {
    InboundContent::Unsupported {
        wire_type: raw.get("type").and_then(Value::as_str).map(str::to_string),
        reason,
        errors: raw
            .get("errors")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        raw: raw.clone(),
    }
}

fn parse_context(c: &Value) -> MessageContext {
    MessageContext {
        reply_to: c.get("id").and_then(value_as_string).map(WaMessageId),
        forwarded: c.get("forwarded").and_then(Value::as_bool).unwrap_or(false),
        frequently_forwarded: c
            .get("frequently_forwarded")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn need(v: &Value, key: &str, ty: &str) -> Result<String, String> {
    s(v, key).ok_or_else(|| format!("{ty} message has no `{key}`"))
}

fn part<'a>(raw: &'a Value, ty: &str) -> Result<&'a Value, String> {
    raw.get(ty)
        .filter(|v| v.is_object())
        .ok_or_else(|| format!("{ty} message has no `{ty}` object"))
}

fn media(raw: &Value, ty: &str) -> Result<MediaRef, String> {
    let m = part(raw, ty)?;
    Ok(MediaRef {
        media_id: need(m, "id", ty)?,
        mime_type: s(m, "mime_type"),
        sha256: s(m, "sha256"),
        caption: s(m, "caption"),
        filename: s(m, "filename"),
    })
}

fn parse_content(raw: &Value) -> Result<InboundContent, String> {
    let ty = raw
        .get("type")
        .and_then(Value::as_str)
        .ok_or("message has no `type`")?;
    Ok(match ty {
        "text" => InboundContent::Text {
            body: need(part(raw, ty)?, "body", ty)?,
        },
        "audio" => InboundContent::Audio {
            voice: part(raw, ty)?
                .get("voice")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            media: media(raw, ty)?,
        },
        "image" => InboundContent::Image {
            media: media(raw, ty)?,
        },
        "video" => InboundContent::Video {
            media: media(raw, ty)?,
        },
        "document" => InboundContent::Document {
            media: media(raw, ty)?,
        },
        "sticker" => InboundContent::Sticker {
            media: media(raw, ty)?,
        },
        "location" => {
            let l = part(raw, ty)?;
            let coord = |k: &str| {
                l.get(k)
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("location message has no numeric `{k}`"))
            };
            InboundContent::Location {
                latitude: coord("latitude")?,
                longitude: coord("longitude")?,
                name: s(l, "name"),
                address: s(l, "address"),
            }
        }
        "contacts" => {
            let list = raw
                .get("contacts")
                .and_then(Value::as_array)
                .ok_or("contacts message has no `contacts` array")?;
            InboundContent::Contacts {
                contacts: list.iter().map(shared_contact).collect(),
            }
        }
        "interactive" => interactive(part(raw, ty)?)?,
        "button" => {
            let b = part(raw, ty)?;
            InboundContent::TemplateButton {
                payload: need(b, "payload", ty)?,
                text: s(b, "text").unwrap_or_default(),
            }
        }
        "reaction" => {
            let r = part(raw, ty)?;
            InboundContent::Reaction {
                message_id: WaMessageId(need(r, "message_id", ty)?),
                // Meta sends an absent or empty emoji when the guest removes it.
                emoji: s(r, "emoji").filter(|e| !e.is_empty()),
            }
        }
        "order" => {
            let o = part(raw, ty)?;
            InboundContent::Order {
                catalog_id: s(o, "catalog_id"),
                text: s(o, "text"),
                items: o.get("product_items").cloned().unwrap_or(Value::Null),
            }
        }
        "system" => {
            let sys = part(raw, ty)?;
            InboundContent::System {
                body: s(sys, "body"),
                kind: s(sys, "type"),
                new_wa_id: sys
                    .get("wa_id")
                    .or_else(|| sys.get("new_wa_id"))
                    .and_then(value_as_string),
            }
        }
        "unsupported" | "unknown" => {
            let errors: Vec<String> = raw
                .get("errors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|e| {
                    let e = parse_error(e);
                    format!("{} {}", e.code, e.title)
                })
                .collect();
            return Err(format!(
                "WhatsApp could not deliver this message type: {}",
                if errors.is_empty() {
                    "no reason given".to_string()
                } else {
                    errors.join("; ")
                }
            ));
        }
        other => return Err(format!("message type {other:?} is not handled")),
    })
}

fn interactive(i: &Value) -> Result<InboundContent, String> {
    let kind = i
        .get("type")
        .and_then(Value::as_str)
        .ok_or("interactive message has no `type`")?;
    let reply = |key: &str| {
        i.get(key)
            .filter(|v| v.is_object())
            .ok_or_else(|| format!("interactive {kind} has no `{key}` object"))
    };
    Ok(match kind {
        "button_reply" => {
            let r = reply("button_reply")?;
            InboundContent::ButtonReply {
                id: need(r, "id", "button_reply")?,
                title: s(r, "title").unwrap_or_default(),
            }
        }
        "list_reply" => {
            let r = reply("list_reply")?;
            InboundContent::ListReply {
                id: need(r, "id", "list_reply")?,
                title: s(r, "title").unwrap_or_default(),
                description: s(r, "description"),
            }
        }
        "nfm_reply" => {
            let r = reply("nfm_reply")?;
            InboundContent::FlowReply {
                name: s(r, "name"),
                body: s(r, "body"),
                response_json: s(r, "response_json"),
            }
        }
        other => return Err(format!("interactive type {other:?} is not handled")),
    })
}

fn shared_contact(c: &Value) -> SharedContact {
    SharedContact {
        formatted_name: c
            .pointer("/name/formatted_name")
            .and_then(Value::as_str)
            .map(str::to_string),
        phones: c
            .get("phones")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                p.get("wa_id")
                    .or_else(|| p.get("phone"))
                    .and_then(value_as_string)
            })
            .collect(),
        raw: c.clone(),
    }
}
