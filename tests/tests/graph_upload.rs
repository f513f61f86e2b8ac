//! Outbound media through the Graph API client against the fake Graph API:
//! upload (multipart), send by the uploaded id, read receipts and the
//! callback data that ties a send to its outbox row.

use conserje::adapters::whatsapp::graph::GraphClient;
use conserje::config::{Secret, WhatsAppSettings};
use conserje::domain::{MediaKind, MediaSource, OutboundMessage, PhoneE164, WaMessageId};
use conserje::ports::messenger::{
    MediaFetcher, MediaUploader, Messenger, PermanentKind, SendError, UploadFile,
};
use conserje_e2e::fake_graph::FakeGraph;
use sha2::{Digest, Sha256};

fn client(fake: &FakeGraph, token: &str) -> GraphClient {
    GraphClient::new(&WhatsAppSettings {
        graph_url: fake.url.clone(),
        access_token: Secret::new(token),
        ..WhatsAppSettings::default()
    })
    .expect("client")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt")
}

fn voice() -> UploadFile {
    // Bytes that look like a multipart delimiter must survive intact.
    let mut bytes = b"OggS\x00\x02voice\r\n--not-the-boundary\r\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(4000));
    UploadFile {
        bytes,
        mime_type: "audio/ogg; codecs=opus".into(),
        filename: "reply.ogg".into(),
    }
}

#[test]
fn an_uploaded_voice_note_is_sent_by_its_media_id() {
    let fake = FakeGraph::start("tok");
    let c = client(&fake, "tok");
    let file = voice();
    let rt = rt();
    let id = rt
        .block_on(c.upload("1065", &file))
        .expect("upload answered with an id");

    let uploads = fake.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0]["messaging_product"], "whatsapp");
    assert_eq!(uploads[0]["type"], "audio/ogg; codecs=opus");
    assert_eq!(uploads[0]["filename"], "reply.ogg");
    assert_eq!(uploads[0]["file_content_type"], "audio/ogg; codecs=opus");
    assert_eq!(
        uploads[0]["file_sha256"],
        hex::encode(Sha256::digest(&file.bytes)),
        "the file arrived byte for byte"
    );
    let path = &fake.requests()[0].path;
    assert_eq!(path, "/v23.0/1065/media");

    // Meta serves an upload like any media: it round-trips.
    let back = rt.block_on(c.fetch("1065", &id)).expect("fetch");
    assert_eq!(back.bytes, file.bytes);

    let msg = OutboundMessage::Media {
        media: MediaKind::Audio,
        source: MediaSource::Id(id.clone()),
        caption: None,
        filename: None,
    };
    let to = PhoneE164::parse("+34600111222").expect("phone");
    rt.block_on(c.send("1065", &to, &msg)).expect("send");
    let sent = fake.sends();
    assert_eq!(sent[0]["type"], "audio");
    assert_eq!(sent[0]["audio"]["id"], id.as_str());
}

#[test]
fn uploads_meta_would_refuse_are_refused_before_any_call() {
    let fake = FakeGraph::start("tok");
    let c = client(&fake, "tok");
    let rt = rt();
    let too_big = UploadFile {
        bytes: vec![0; 5 * 1024 * 1024 + 1],
        mime_type: "image/jpeg".into(),
        filename: "room.jpg".into(),
    };
    let bad_name = UploadFile {
        filename: "a\"b.ogg".into(),
        ..voice()
    };
    for file in [too_big, bad_name] {
        let e = rt.block_on(c.upload("1065", &file)).expect_err("refused");
        assert!(
            matches!(
                e,
                SendError::Permanent {
                    kind: PermanentKind::Media,
                    ..
                }
            ),
            "{e:?}"
        );
    }
    assert!(fake.requests().is_empty(), "no HTTP call was made");
}

#[test]
fn an_upload_with_a_wrong_token_is_a_permanent_error() {
    let fake = FakeGraph::start("tok");
    let c = client(&fake, "wrong");
    let e = rt().block_on(c.upload("1065", &voice())).expect_err("401");
    assert!(matches!(e, SendError::Permanent { .. }), "{e:?}");
}

#[test]
fn read_receipts_and_tracked_sends_have_metas_shape() {
    let fake = FakeGraph::start("tok");
    let c = client(&fake, "tok");
    let rt = rt();
    rt.block_on(c.mark_read("1065", &WaMessageId("wamid.IN1".into())))
        .expect("mark read");
    assert_eq!(fake.read_marks(), vec!["wamid.IN1"]);
    assert!(fake.sends().is_empty(), "a read receipt is not a send");

    let to = PhoneE164::parse("+34600111222").expect("phone");
    rt.block_on(c.send_tracked(
        "1065",
        &to,
        &OutboundMessage::text("hola"),
        "conserje:outbox:7",
    ))
    .expect("send");
    assert_eq!(
        fake.sends()[0]["biz_opaque_callback_data"],
        "conserje:outbox:7"
    );
}
