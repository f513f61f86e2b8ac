//! The Graph API client against the fake Graph API: wire shapes, limits
//! before any call, error classification, media download.

use conserje::adapters::whatsapp::graph::GraphClient;
use conserje::config::{Secret, WhatsAppSettings};
use conserje::domain::{Choice, OutboundMessage, PhoneE164};
use conserje::ports::messenger::{MediaError, MediaFetcher, Messenger, PermanentKind, SendError};
use conserje_e2e::fake_graph::{Answer, FakeGraph};
use std::time::Duration;

fn client(fake: &FakeGraph, token: &str, timeout_secs: u64) -> GraphClient {
    GraphClient::new(&WhatsAppSettings {
        graph_url: fake.url.clone(),
        access_token: Secret::new(token),
        graph_timeout_secs: timeout_secs,
        media_max_bytes: 16,
        ..WhatsAppSettings::default()
    })
    .expect("client")
}

fn guest() -> PhoneE164 {
    PhoneE164::parse("+34600111222").expect("phone")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt")
}

#[test]
fn limit_violations_are_rejected_before_any_http_call() {
    let fake = FakeGraph::start("tok");
    let c = client(&fake, "tok", 5);
    let too_many = OutboundMessage::Buttons {
        body: "Elija".into(),
        buttons: (0..4)
            .map(|i| Choice {
                id: format!("b{i}"),
                title: "ok".into(),
                description: None,
            })
            .collect(),
        footer: None,
    };
    let long_title = OutboundMessage::Buttons {
        body: "Elija".into(),
        buttons: vec![Choice {
            id: "a".into(),
            title: "x".repeat(21),
            description: None,
        }],
        footer: None,
    };
    let long_text = OutboundMessage::text("a".repeat(4097));
    let rt = rt();
    for msg in [too_many, long_title, long_text] {
        let r = rt.block_on(c.send("1", &guest(), &msg));
        assert!(matches!(r, Err(SendError::Limit(_))), "{r:?}");
    }
    assert!(
        fake.requests().is_empty(),
        "no request reached the Graph API"
    );
}

#[test]
fn a_send_returns_metas_id_and_errors_are_classified() {
    let fake = FakeGraph::start("tok");
    fake.script([
        Answer::Ok,
        Answer::Error {
            http: 429,
            code: 130429,
            title: "Rate limit hit",
            retry_after_secs: Some(3),
        },
        Answer::error(400, 131053, "Media upload error"),
        Answer::Delay(Duration::from_millis(2500)),
    ]);
    let c = client(&fake, "tok", 1);
    let rt = rt();
    let id = rt
        .block_on(c.send("1", &guest(), &OutboundMessage::text("hola")))
        .expect("sent");
    assert_eq!(id.as_str(), "wamid.FAKE1");
    match rt.block_on(c.send("1", &guest(), &OutboundMessage::text("hola"))) {
        Err(SendError::Retryable {
            code, retry_after, ..
        }) => {
            assert_eq!(code, Some(130429));
            assert_eq!(retry_after, Some(Duration::from_secs(3)));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        rt.block_on(c.send("1", &guest(), &OutboundMessage::text("hola"))),
        Err(SendError::Permanent {
            kind: PermanentKind::Media,
            code: Some(131053),
            ..
        })
    ));
    assert!(
        matches!(
            rt.block_on(c.send("1", &guest(), &OutboundMessage::text("hola"))),
            Err(SendError::Retryable { code: None, .. })
        ),
        "a timeout is retryable"
    );
    let wrong = client(&fake, "wrong-token", 5);
    assert!(matches!(
        rt.block_on(wrong.send("1", &guest(), &OutboundMessage::text("hola"))),
        Err(SendError::Permanent {
            code: Some(190),
            ..
        })
    ));
}

#[test]
fn media_is_fetched_in_two_steps_with_the_token_and_capped() {
    let fake = FakeGraph::start("tok");
    fake.add_media("111", b"small", "image/png");
    fake.add_media("222", b"this one is far too large", "image/png");
    let c = client(&fake, "tok", 5);
    let rt = rt();
    let file = rt.block_on(c.fetch("106", "111")).expect("fetched");
    assert_eq!(file.bytes, b"small");
    assert_eq!(file.mime_type.as_deref(), Some("image/png"));
    let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, vec!["/v23.0/111", "/media-download/111"]);
    assert!(matches!(
        rt.block_on(c.fetch("106", "222")),
        Err(MediaError::TooLarge { size: 25, max: 16 })
    ));
    assert!(matches!(
        rt.block_on(c.fetch("106", "404")),
        Err(MediaError::Permanent(_))
    ));
}
