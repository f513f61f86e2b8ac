//! Outbound messages in the Graph API's JSON shape
//! (`POST /{version}/{phone_number_id}/messages`).

use crate::domain::{MediaSource, OutboundMessage, PhoneE164, WaMessageId};
use serde_json::{Value, json};

pub fn message_body(to: &PhoneE164, msg: &OutboundMessage) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to.digits(),
    });
    let (kind, part) = match msg {
        OutboundMessage::Text { body, preview_url } => {
            ("text", json!({ "body": body, "preview_url": preview_url }))
        }
        OutboundMessage::Buttons {
            body,
            buttons,
            footer,
        } => {
            let mut i = json!({
                "type": "button",
                "body": { "text": body },
                "action": { "buttons": buttons.iter().map(|b| json!({
                    "type": "reply", "reply": { "id": b.id, "title": b.title }
                })).collect::<Vec<_>>() },
            });
            if let Some(f) = footer {
                i["footer"] = json!({ "text": f });
            }
            ("interactive", i)
        }
        OutboundMessage::List {
            body,
            button,
            sections,
        } => (
            "interactive",
            json!({
                "type": "list",
                "body": { "text": body },
                "action": {
                    "button": button,
                    "sections": sections.iter().map(|s| {
                        let mut sec = json!({ "rows": s.rows.iter().map(|r| {
                            let mut row = json!({ "id": r.id, "title": r.title });
                            if let Some(d) = &r.description { row["description"] = json!(d); }
                            row
                        }).collect::<Vec<_>>() });
                        if let Some(t) = &s.title { sec["title"] = json!(t); }
                        sec
                    }).collect::<Vec<_>>(),
                },
            }),
        ),
        OutboundMessage::Media {
            media,
            source,
            caption,
            filename,
        } => {
            let mut m = match source {
                MediaSource::Id(id) => json!({ "id": id }),
                MediaSource::Link(url) => json!({ "link": url }),
            };
            if let Some(c) = caption {
                m["caption"] = json!(c);
            }
            if let Some(f) = filename {
                m["filename"] = json!(f);
            }
            (media.as_str(), m)
        }
        OutboundMessage::Location {
            latitude,
            longitude,
            name,
            address,
        } => (
            "location",
            json!({ "latitude": latitude, "longitude": longitude, "name": name, "address": address }),
        ),
        OutboundMessage::Reaction { message_id, emoji } => (
            "reaction",
            json!({ "message_id": message_id.as_str(), "emoji": emoji }),
        ),
        OutboundMessage::Template {
            name,
            language,
            components,
        } => {
            let mut t = json!({ "name": name, "language": { "code": language } });
            if components.is_array() {
                t["components"] = components.clone();
            }
            ("template", t)
        }
    };
    body["type"] = json!(kind);
    body[kind] = part;
    body
}

pub fn mark_read_body(message: &WaMessageId) -> Value {
    json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message.as_str() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Choice, MediaKind};

    fn to() -> PhoneE164 {
        PhoneE164::parse("+34600111222").expect("phone")
    }

    #[test]
    fn text_and_buttons_match_the_documented_shape() {
        let t = message_body(&to(), &OutboundMessage::text("Hola"));
        assert_eq!(
            t,
            json!({"messaging_product":"whatsapp","recipient_type":"individual","to":"34600111222",
                "type":"text","text":{"body":"Hola","preview_url":false}})
        );
        let b = message_body(
            &to(),
            &OutboundMessage::Buttons {
                body: "¿Confirmo?".into(),
                buttons: vec![Choice {
                    id: "yes".into(),
                    title: "Sí".into(),
                    description: None,
                }],
                footer: None,
            },
        );
        assert_eq!(b["type"], "interactive");
        assert_eq!(b["interactive"]["type"], "button");
        assert_eq!(
            b["interactive"]["action"]["buttons"][0]["reply"]["id"],
            "yes"
        );
    }

    #[test]
    fn media_template_reaction_and_read() {
        let m = message_body(
            &to(),
            &OutboundMessage::Media {
                media: MediaKind::Document,
                source: MediaSource::Link("https://h/x.pdf".into()),
                caption: None,
                filename: Some("x.pdf".into()),
            },
        );
        assert_eq!(
            m["document"],
            json!({"link":"https://h/x.pdf","filename":"x.pdf"})
        );
        let t = message_body(
            &to(),
            &OutboundMessage::Template {
                name: "reengage".into(),
                language: "es".into(),
                components: json!([]),
            },
        );
        assert_eq!(
            t["template"],
            json!({"name":"reengage","language":{"code":"es"},"components":[]})
        );
        let r = message_body(
            &to(),
            &OutboundMessage::Reaction {
                message_id: WaMessageId("wamid.X".into()),
                emoji: "👍".into(),
            },
        );
        assert_eq!(r["reaction"]["message_id"], "wamid.X");
        assert_eq!(
            mark_read_body(&WaMessageId("wamid.Y".into()))["status"],
            "read"
        );
    }
}
