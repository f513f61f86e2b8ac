//! The webhook endpoint driven through its router, against a real SQLite file.

use super::*;
use crate::adapters::sqlite;
use crate::adapters::whatsapp::sign;
use crate::config::{StorageSettings, WhatsAppNumber};
use crate::events::Event;
use crate::ports::clock::ManualClock;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use std::net::SocketAddr;
use tower::ServiceExt;

pub(crate) const SECRET: &str = "test-app-secret";
const NUMBER: &str = "106540352242922";

pub(crate) struct Harness {
    pub router: Router,
    pub db: sqlx::SqlitePool,
    pub events: EventBus,
    _dir: tempfile::TempDir,
}

pub(crate) async fn harness(failures_per_minute: u32) -> Harness {
    harness_behind(failures_per_minute, &[]).await
}

/// A harness whose `server.trusted_proxies` are `proxies`.
pub(crate) async fn harness_behind(failures_per_minute: u32, proxies: &[&str]) -> Harness {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let db = sqlite::open(&storage).await.expect("open");
    sqlite::migrate(&db).await.expect("migrate");
    let settings = WhatsAppSettings {
        verify_token: "verify-123".into(),
        numbers: vec![WhatsAppNumber {
            phone_number_id: NUMBER.into(),
            display_phone_number: "15550783881".into(),
        }],
        webhook_body_limit_bytes: 64 * 1024,
        signature_failures_per_minute: failures_per_minute,
        ..WhatsAppSettings::default()
    };
    let events = EventBus::default();
    let ctx = WebhookContext::new(
        &settings,
        Secret::new(SECRET),
        InboxStore::new(db.clone()),
        events.clone(),
        Arc::new(ManualClock::at_ms(1_764_410_000_000)),
        Arc::new(Notify::new()),
    )
    .with_trusted_proxies(
        proxies
            .iter()
            .map(|p| crate::config::IpCidr::parse(p).expect("cidr"))
            .collect(),
    );
    Harness {
        router: router(ctx),
        db,
        events,
        _dir: dir,
    }
}

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/whatsapp/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

pub(crate) fn post(
    body: &[u8],
    signature: Option<String>,
    content_type: &str,
    ip: [u8; 4],
) -> Request<Body> {
    let mut b = Request::post("/webhooks/whatsapp")
        .header("content-type", content_type)
        .header("x-request-id", "delivery-77");
    if let Some(s) = signature {
        b = b.header("x-hub-signature-256", s);
    }
    let mut req = b.body(Body::from(body.to_vec())).expect("request");
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

fn signed(body: &[u8]) -> Request<Body> {
    post(
        body,
        Some(sign(SECRET.as_bytes(), body)),
        "application/json",
        [10, 0, 0, 1],
    )
}

pub(crate) async fn status_of(h: &Harness, req: Request<Body>) -> StatusCode {
    h.router
        .clone()
        .oneshot(req)
        .await
        .expect("response")
        .status()
}

async fn count(db: &sqlx::SqlitePool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.expect("count")
}

#[tokio::test]
async fn handshake_answers_the_challenge_only_for_our_token() {
    let h = harness(30).await;
    let get = |q: &str| {
        Request::get(format!("/webhooks/whatsapp?{q}"))
            .body(Body::empty())
            .expect("req")
    };
    let ok = h
        .router
        .clone()
        .oneshot(get(
            "hub.mode=subscribe&hub.verify_token=verify-123&hub.challenge=1158201444",
        ))
        .await
        .expect("resp");
    assert_eq!(ok.status(), StatusCode::OK);
    let body = axum::body::to_bytes(ok.into_body(), 1024)
        .await
        .expect("body");
    assert_eq!(&body[..], b"1158201444");
    for q in [
        "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
        "hub.mode=unsubscribe&hub.verify_token=verify-123&hub.challenge=1",
        "hub.verify_token=verify-123&hub.challenge=1",
        "hub.mode=subscribe&hub.challenge=1",
    ] {
        let r = h.router.clone().oneshot(get(q)).await.expect("resp");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{q}");
    }
}

#[tokio::test]
async fn a_signed_payload_is_stored_before_200_and_duplicates_change_nothing() {
    let h = harness(30).await;
    let mut events = h.events.subscribe();
    let body = fixture("text.json");
    for _ in 0..3 {
        assert_eq!(status_of(&h, signed(&body)).await, StatusCode::OK);
    }
    assert_eq!(count(&h.db, "SELECT count(*) FROM wa_inbox").await, 1);
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM wa_inbox WHERE state = 'pending' AND delivery_id = 'delivery-77'"
        )
        .await,
        1
    );
    let first = events.recv().await.expect("event");
    assert_eq!(
        first,
        Event::WebhookStored {
            delivery_id: "delivery-77".into(),
            stored: 1,
            duplicates: 0
        }
    );
    let second = events.recv().await.expect("event");
    assert!(matches!(
        second,
        Event::WebhookStored {
            stored: 0,
            duplicates: 1,
            ..
        }
    ));
}

#[tokio::test]
async fn statuses_are_idempotent_on_id_and_status() {
    let h = harness(30).await;
    for name in [
        "status_read.json",
        "status_delivered.json",
        "status_read.json",
        "status_sent.json",
    ] {
        assert_eq!(status_of(&h, signed(&fixture(name))).await, StatusCode::OK);
    }
    assert_eq!(
        count(&h.db, "SELECT count(*) FROM wa_inbox WHERE kind = 'status'").await,
        3
    );
}

#[tokio::test]
async fn a_batch_is_stored_whole_and_unknown_numbers_are_kept_apart() {
    let h = harness(30).await;
    assert_eq!(
        status_of(&h, signed(&fixture("batched.json"))).await,
        StatusCode::OK
    );
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM wa_inbox WHERE state = 'pending'"
        )
        .await,
        3
    );
    let unrouted = InboxStore::new(h.db.clone())
        .unrouted_numbers()
        .await
        .expect("query");
    assert_eq!(unrouted, vec![("999999999999999".to_string(), 1)]);
}

#[tokio::test]
async fn bad_signatures_are_401_and_nothing_is_stored() {
    let h = harness(30).await;
    let body = fixture("text.json");
    let good = sign(SECRET.as_bytes(), &body);
    let mut tampered = body.clone();
    tampered[40] ^= 1;
    let cases = [
        post(&body, None, "application/json", [10, 0, 0, 2]),
        post(
            &body,
            Some(sign(b"wrong-secret", &body)),
            "application/json",
            [10, 0, 0, 2],
        ),
        post(
            &tampered,
            Some(good.clone()),
            "application/json",
            [10, 0, 0, 2],
        ),
        post(
            &body,
            Some(good.replacen("sha256=", "SHA256=", 1)),
            "application/json",
            [10, 0, 0, 2],
        ),
        post(
            &body,
            Some(String::new()),
            "application/json",
            [10, 0, 0, 2],
        ),
    ];
    for req in cases {
        assert_eq!(status_of(&h, req).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(count(&h.db, "SELECT count(*) FROM wa_inbox").await, 0);
}

#[tokio::test]
async fn content_type_size_and_json_errors_have_their_own_status() {
    let h = harness(30).await;
    let body = fixture("text.json");
    let sig = Some(sign(SECRET.as_bytes(), &body));
    assert_eq!(
        status_of(&h, post(&body, sig.clone(), "text/plain", [10, 0, 0, 3])).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        status_of(
            &h,
            post(&body, sig, "application/json; charset=utf-8", [10, 0, 0, 3])
        )
        .await,
        StatusCode::OK
    );
    let big = vec![b' '; 65 * 1024];
    assert_eq!(
        status_of(&h, signed(&big)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        status_of(&h, signed(&fixture("not_json.txt"))).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status_of(&h, signed(b"{\"hello\":1}")).await,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn failures_are_throttled_per_address_but_valid_requests_always_pass() {
    let h = harness(2).await;
    let body = fixture("text.json");
    let bad = || {
        post(
            &body,
            Some(sign(b"nope", &body)),
            "application/json",
            [192, 0, 2, 9],
        )
    };
    assert_eq!(status_of(&h, bad()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(&h, bad()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(&h, bad()).await, StatusCode::TOO_MANY_REQUESTS);
    let good = post(
        &body,
        Some(sign(SECRET.as_bytes(), &body)),
        "application/json",
        [192, 0, 2, 9],
    );
    assert_eq!(
        status_of(&h, good).await,
        StatusCode::OK,
        "valid ones are never blocked"
    );
    let other = post(
        &body,
        Some(sign(b"nope", &body)),
        "application/json",
        [192, 0, 2, 10],
    );
    assert_eq!(status_of(&h, other).await, StatusCode::UNAUTHORIZED);
}
