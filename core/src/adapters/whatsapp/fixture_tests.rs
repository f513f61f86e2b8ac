//! Every inbound type, parsed from fixtures written from Meta's documented shapes.

use super::*;
use crate::domain::{InboundContent as C, InboundMessage, StatusKind};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/whatsapp/",
            $name
        ))
    };
}

fn only_message(body: &[u8]) -> InboundMessage {
    let batch = parse_webhook(body).expect("parses");
    assert_eq!(batch.items.len(), 1, "{batch:?}");
    assert_eq!(batch.items[0].phone_number_id, "106540352242922");
    match &batch.items[0].event {
        WebhookEvent::Message(m) => m.clone(),
        other => panic!("expected a message, got {other:?}"),
    }
}

#[test]
fn text_with_sender_name_and_timestamp() {
    let m = only_message(fixture!("text.json"));
    assert_eq!(m.id.as_str(), "wamid.HBgNTEXT1");
    assert_eq!(m.from, "5491155551234");
    assert_eq!(m.timestamp, 1_764_410_000);
    assert_eq!(m.profile_name.as_deref(), Some("Lucía Pérez"));
    assert_eq!(
        m.content,
        C::Text {
            body: "Hola, ¿tienen habitación doble para el viernes? 🙂".into()
        }
    );
}

#[test]
fn audio_voice_note_and_audio_file() {
    let voice = only_message(fixture!("audio_voice.json"));
    match &voice.content {
        C::Audio { media, voice } => {
            assert!(*voice);
            assert_eq!(media.media_id, "1003383421387256");
            assert_eq!(media.mime_type.as_deref(), Some("audio/ogg; codecs=opus"));
            assert!(media.sha256.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(voice.content.kind(), "voice");
    let file = only_message(fixture!("audio_file.json"));
    assert_eq!(file.content.kind(), "audio");
}

#[test]
fn image_video_document_sticker_carry_their_media() {
    let image = only_message(fixture!("image.json"));
    let media = image.content.media().expect("media");
    assert_eq!(media.media_id, "1479537139650973");
    assert_eq!(media.caption.as_deref(), Some("La vista desde la 204"));
    assert_eq!(image.content.text(), Some("La vista desde la 204"));
    assert_eq!(only_message(fixture!("video.json")).content.kind(), "video");
    let doc = only_message(fixture!("document.json"));
    assert_eq!(
        doc.content.media().and_then(|m| m.filename.as_deref()),
        Some("pasaporte.pdf")
    );
    let sticker = only_message(fixture!("sticker.json"));
    assert_eq!(sticker.content.kind(), "sticker");
    assert_eq!(
        sticker.content.media().and_then(|m| m.mime_type.as_deref()),
        Some("image/webp")
    );
}

#[test]
fn location_and_contacts() {
    match only_message(fixture!("location.json")).content {
        C::Location {
            latitude,
            longitude,
            name,
            address,
        } => {
            assert!((latitude + 34.6037).abs() < 1e-9);
            assert!((longitude + 58.3816).abs() < 1e-9);
            assert_eq!(name.as_deref(), Some("Obelisco"));
            assert!(address.unwrap_or_default().contains("Corrientes"));
        }
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("contacts.json")).content {
        C::Contacts { contacts } => {
            assert_eq!(contacts[0].formatted_name.as_deref(), Some("Ana Gómez"));
            assert_eq!(contacts[0].phones, vec!["34600111222"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn interactive_replies_and_template_button_with_context() {
    let b = only_message(fixture!("button_reply.json"));
    assert_eq!(
        b.content,
        C::ButtonReply {
            id: "confirm_yes".into(),
            title: "Sí, reservar".into()
        }
    );
    assert_eq!(
        b.context.and_then(|c| c.reply_to).map(|id| id.0),
        Some("wamid.OUR_BUTTONS_MSG".into())
    );
    match only_message(fixture!("list_reply.json")).content {
        C::ListReply {
            id, description, ..
        } => {
            assert_eq!(id, "room_double");
            assert_eq!(description.as_deref(), Some("Vista al mar"));
        }
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("nfm_reply.json")).content {
        C::FlowReply { response_json, .. } => {
            assert!(response_json.unwrap_or_default().contains("2026-12-24"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        only_message(fixture!("template_button.json")).content,
        C::TemplateButton {
            payload: "REENGAGE_YES".into(),
            text: "Sí, continuar".into()
        }
    );
}

#[test]
fn reactions_including_removal() {
    match only_message(fixture!("reaction.json")).content {
        C::Reaction { message_id, emoji } => {
            assert_eq!(message_id.as_str(), "wamid.OUR_REPLY");
            assert_eq!(emoji.as_deref(), Some("👍"));
        }
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("reaction_removed.json")).content {
        C::Reaction { emoji, .. } => assert_eq!(emoji, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn order_and_system() {
    match only_message(fixture!("order.json")).content {
        C::Order {
            catalog_id, items, ..
        } => {
            assert_eq!(catalog_id.as_deref(), Some("cat-1"));
            assert_eq!(items[0]["product_retailer_id"], "bkf");
        }
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("system.json")).content {
        C::System {
            kind, new_wa_id, ..
        } => {
            assert_eq!(kind.as_deref(), Some("user_changed_number"));
            assert_eq!(new_wa_id.as_deref(), Some("5491166661234"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unsupported_and_unknown_types_are_kept_with_raw_json_and_errors() {
    match only_message(fixture!("unsupported.json")).content {
        C::Unsupported {
            wire_type,
            reason,
            errors,
            raw,
        } => {
            assert_eq!(wire_type.as_deref(), Some("unsupported"));
            assert!(reason.contains("131051"), "{reason}");
            assert_eq!(errors[0]["code"], 131051);
            assert_eq!(raw["id"], "wamid.HBgNUNSUP1");
        }
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("unknown_type.json")).content {
        C::Unsupported { wire_type, raw, .. } => {
            assert_eq!(wire_type.as_deref(), Some("hologram"));
            assert_eq!(raw["hologram"]["id"], "x");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn forwarded_context_and_referral() {
    let m = only_message(fixture!("forwarded_referral.json"));
    let ctx = m.context.expect("context");
    assert!(ctx.forwarded && ctx.frequently_forwarded);
    assert_eq!(ctx.reply_to, None);
    assert_eq!(m.referral.expect("referral")["source_id"], "ad-1");
}

#[test]
fn broken_messages_become_unsupported_with_the_reason() {
    let m = only_message(fixture!("broken_missing_type.json"));
    assert_eq!(m.id.as_str(), "wamid.HBgNNOTYPE");
    match m.content {
        C::Unsupported { reason, .. } => assert!(reason.contains("no `type`"), "{reason}"),
        other => panic!("{other:?}"),
    }
    match only_message(fixture!("broken_missing_interactive.json")).content {
        C::Unsupported { reason, .. } => {
            assert!(reason.contains("no `interactive` object"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_message_without_an_id_gets_a_stable_synthetic_one() {
    let body = br#"{"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"messages":[{"from":"34600111222","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]}"#;
    let a = parse_webhook(body).expect("parses");
    let b = parse_webhook(body).expect("parses");
    assert_eq!(a, b);
    match &a.items[0].event {
        WebhookEvent::Message(m) => {
            assert!(m.id.as_str().starts_with("noid-"));
            assert_eq!(m.content.kind(), "unsupported");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_status_with_conversation_pricing_and_errors() {
    let status = |body: &[u8]| match parse_webhook(body).expect("parses").items.remove(0).event {
        WebhookEvent::Status(s) => s,
        other => panic!("{other:?}"),
    };
    let sent = status(fixture!("status_sent.json"));
    assert_eq!(sent.status, StatusKind::Sent);
    assert_eq!(sent.message_id.as_str(), "wamid.OUT1");
    assert_eq!(sent.recipient_id, "5491155551234");
    assert_eq!(sent.conversation.expect("conversation")["id"], "conv-1");
    assert_eq!(sent.pricing.expect("pricing")["category"], "service");
    assert_eq!(
        status(fixture!("status_delivered.json")).status,
        StatusKind::Delivered
    );
    assert_eq!(
        status(fixture!("status_read.json")).status,
        StatusKind::Read
    );
    assert_eq!(
        status(fixture!("status_played.json")).status,
        StatusKind::Played
    );
    let failed = status(fixture!("status_failed.json"));
    assert_eq!(failed.status, StatusKind::Failed);
    assert_eq!(failed.errors[0].code, 131047);
    assert_eq!(failed.errors[0].title, "Re-engagement message");
    assert!(
        failed.errors[0]
            .details
            .as_deref()
            .unwrap_or("")
            .contains("24 hours")
    );
}

#[test]
fn batched_entries_and_changes_are_all_read_in_order() {
    let batch = parse_webhook(fixture!("batched.json")).expect("parses");
    let summary: Vec<(String, String)> = batch
        .items
        .iter()
        .map(|i| {
            let what = match &i.event {
                WebhookEvent::Message(m) => m.id.0.clone(),
                WebhookEvent::Status(s) => format!("{}:{}", s.message_id.0, s.status.as_str()),
            };
            (i.phone_number_id.clone(), what)
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("106540352242922".into(), "wamid.HBgNB1".into()),
            ("106540352242922".into(), "wamid.HBgNB2".into()),
            ("106540352242922".into(), "wamid.OUT9:delivered".into()),
            ("999999999999999".into(), "wamid.HBgNB3".into()),
        ]
    );
    assert_eq!(batch.other_fields, vec!["message_template_status_update"]);
    match &batch.items[3].event {
        WebhookEvent::Message(m) => assert_eq!(m.profile_name.as_deref(), Some("John")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_json_and_non_envelopes_are_errors() {
    assert!(matches!(
        parse_webhook(fixture!("not_json.txt")),
        Err(PayloadError::Json(_))
    ));
    assert!(matches!(
        parse_webhook(b"[1,2]"),
        Err(PayloadError::Envelope(_))
    ));
    assert!(matches!(parse_webhook(b""), Err(PayloadError::Json(_))));
}

#[test]
fn odd_envelope_parts_are_passed_over_and_the_rest_is_read() {
    let message = r#"{"from": "5491155550000", "id": "wamid.OK1", "timestamp": "1764410000",
        "type": "text", "text": {"body": "hola \"che\""}}"#;
    let good = format!(
        r#"{{"field": "messages", "value": {{"metadata": {{"phone_number_id": 106540352242922}},
        "contacts": "not a list", "messages": [{message}], "statuses": {{"not": "a list"}}}}}}"#
    );
    let body = format!(
        r#"{{"object": "whatsapp_business_account", "extra": [1, {{"a": null}}], "entry": [
        "not an entry", {{"changes": 7}}, {{"id": "1"}},
        {{"changes": [42, {{"field": 3}}, {{"field": "account_update", "value": {{}}}}, {good}]}}]}}"#
    );
    let batch = parse_webhook(body.as_bytes()).expect("parses");
    // A number as phone_number_id is read as its digits; the escaped quote
    // inside the text survives the raw reading of the envelope.
    assert_eq!(batch.items.len(), 1, "{batch:?}");
    assert_eq!(batch.items[0].phone_number_id, "106540352242922");
    match &batch.items[0].event {
        WebhookEvent::Message(m) => {
            assert_eq!(m.id.0, "wamid.OK1");
            assert!(matches!(&m.content, C::Text { body } if body == "hola \"che\""));
        }
        other => panic!("{other:?}"),
    }
    // Changes with no readable field are acknowledged as "other".
    assert_eq!(batch.other_fields, vec!["", "", "account_update"]);

    for (body, why) in [
        (r#"{"entry": 5}"#, "entry is not a list"),
        (r#"{"entry": null}"#, "entry is null"),
        (r#"{"object": "x"}"#, "no entry"),
        (r#""entry""#, "a string"),
        (
            r#"{"entry": [{"changes": [{"field": "messages", "value": []}]}]}"#,
            "a messages change whose value is not an object",
        ),
        (
            r#"{"entry": [{"changes": [{"field": "messages", "value": {"metadata": {"phone_number_id": ""}}}]}]}"#,
            "an empty phone_number_id",
        ),
    ] {
        assert!(
            matches!(
                parse_webhook(body.as_bytes()),
                Err(PayloadError::Envelope(_))
            ),
            "{why}: {body}"
        );
    }
    assert!(matches!(
        parse_webhook(br#"{"entry": [}"#),
        Err(PayloadError::Json(_))
    ));
}
