//! The channel's share of the twenty behaviours of the old system
//! (`legacy-system.md` §13.2, cases 1–5 and 7–10; 11 is the room holds), one
//! named test each, against the real `conserje` binary over HTTP. Where our
//! design deliberately differs, the test asserts ours and says why.
//! Case 6 (admin bearer tokens) belongs to the admin API, built separately.
//! Cases 12–20 are the engine's: `core/src/engine/dialogue/tests/legacy.rs`.

use conserje::adapters::locks::InProcessLocks;
use conserje::adapters::whatsapp::sign;
use conserje::domain::{RoomTypeId, StayDates};
use conserje::ports::locks::{HoldRequest, LockError, Locks};
use conserje::ports::monotonic::ManualClock;
use conserje_e2e::db::{count, wait_for};
use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::{Daemon, conserje_bin};
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const SECRET: &str = "legacy-app-secret";
const TOKEN: &str = "legacy-access-token";
const VERIFY: &str = "legacy-verify-token";
const NUMBER: &str = "106540352242922";

fn start(fake: &FakeGraph, extra: &[(&str, &str)]) -> Daemon {
    let numbers = format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#);
    let mut env: Vec<(&str, &str)> = vec![
        ("CONSERJE__WHATSAPP__APP_SECRET", SECRET),
        ("CONSERJE__WHATSAPP__ACCESS_TOKEN", TOKEN),
        ("CONSERJE__WHATSAPP__VERIFY_TOKEN", VERIFY),
        ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.as_str()),
        ("CONSERJE__WHATSAPP__ENGINE", "echo-for-tests"),
        ("CONSERJE__WHATSAPP__NUMBERS", numbers.as_str()),
    ];
    env.extend_from_slice(extra);
    Daemon::start(&conserje_bin(), &env)
}

fn now_s() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs(),
    )
    .expect("fits")
}

fn value(messages: Vec<Value>) -> Value {
    json!({"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
        "contacts": [{"profile": {"name": "Lucía"}, "wa_id": "59811112222"}],
        "messages": messages})
}

fn webhook(messages: Vec<Value>) -> Vec<u8> {
    json!({"object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value(messages)}]}]})
    .to_string()
    .into_bytes()
}

fn post_with(d: &Daemon, content_type: &str, signature: Option<&str>, body: &[u8]) -> Response {
    let mut req = Client::new()
        .post(format!("{}/webhooks/whatsapp", d.public))
        .header("content-type", content_type)
        .body(body.to_vec());
    if let Some(s) = signature {
        req = req.header("x-hub-signature-256", s);
    }
    req.send().expect("post webhook")
}

fn post_signed(d: &Daemon, body: &[u8]) -> Response {
    post_with(
        d,
        "application/json",
        Some(sign(SECRET.as_bytes(), body).as_str()),
        body,
    )
}

fn verify_get(d: &Daemon, token: &str) -> Response {
    Client::new()
        .get(format!(
            "{}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            d.public
        ))
        .send()
        .expect("get")
}

#[test]
fn legacy_13_2_01_webhook_verification_echoes_the_challenge() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let ok = verify_get(&d, VERIFY);
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().expect("body"), "1158201444");
    assert_eq!(verify_get(&d, "not-the-token").status(), 403);
}

/// Meta's header is `sha256=<lower-case hex>`; anything else is refused, and
/// unlike the old system there is no magic value that skips the check. (Our
/// 200 body is `ok`, not the old `{"status":"ok"}`: Meta reads only the status.)
#[test]
fn legacy_13_2_02_only_a_correct_signature_is_accepted() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let body = br#"{"entry":[]}"#;
    assert_eq!(post_signed(&d, body).status(), 200);
    let good = sign(SECRET.as_bytes(), body);
    let upper = good.replacen("sha256=", "SHA256=", 1);
    let wrong = sign(b"another-secret", body);
    for (what, header) in [
        ("wrong digest", Some(wrong.as_str())),
        ("missing header", None),
        ("upper-case prefix", Some(upper.as_str())),
        ("the old bypass value", Some("dummy-signature")),
    ] {
        assert_eq!(
            post_with(&d, "application/json", header, body).status(),
            401,
            "{what}"
        );
    }
}

#[test]
fn legacy_13_2_03_content_type_size_and_syntax_are_checked() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(
        &fake,
        &[("CONSERJE__WHATSAPP__WEBHOOK_BODY_LIMIT_BYTES", "1000000")],
    );
    let body = br#"{"entry":[]}"#;
    let signature = sign(SECRET.as_bytes(), body);
    assert_eq!(
        post_with(&d, "text/plain", Some(signature.as_str()), body).status(),
        415
    );
    let big = vec![b' '; 1_000_001];
    assert_eq!(post_signed(&d, &big).status(), 413);
    assert_eq!(post_signed(&d, b"{").status(), 400);
}

/// Every request has its signature checked first, so forged requests are
/// always refused and a genuine one is never throttled. Past the configured
/// budget of failures per address we answer 429 instead of 401 (cheaper,
/// quieter logs) — the old system answered 401 to all 150.
#[test]
fn legacy_13_2_04_bad_signatures_are_refused_before_any_rate_limit() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(
        &fake,
        &[("CONSERJE__WHATSAPP__SIGNATURE_FAILURES_PER_MINUTE", "150")],
    );
    let body = br#"{"entry":[]}"#;
    let forged = sign(b"forged", body);
    for i in 0..150 {
        let status = post_with(&d, "application/json", Some(forged.as_str()), body).status();
        assert_eq!(status, 401, "request {i}");
    }
    assert_eq!(
        post_with(&d, "application/json", Some(forged.as_str()), body).status(),
        429,
        "over the budget"
    );
    assert_eq!(
        post_signed(&d, body).status(),
        200,
        "a genuine request is never throttled"
    );
}

/// The handshake is a constant-time comparison with no side effects, and
/// Meta repeats it when a subscription is (re)made: we do not rate-limit it,
/// so the 61st request in a minute is answered like the first.
#[test]
fn legacy_13_2_05_the_verification_endpoint_is_not_throttled() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    for i in 0..61 {
        assert_eq!(verify_get(&d, VERIFY).status(), 200, "request {i}");
    }
}

/// The old admin API took any HS256 token with a `sub` claim and had no
/// login. Ours: no token → 401; a token from our own login → 200; a garbled
/// token, one signed with another key (the old attack) and an expired one
/// signed with our key → 401 with a code saying which (the old system said
/// 403; a bad credential is 401 by RFC 6750, 403 is kept for a wrong role).
#[test]
fn legacy_13_2_06_the_admin_api_needs_a_token_from_our_login() {
    const KEY: &str = "legacy-case-6-signing-key-0123456789abcdef";
    const PASSWORD: &str = "violet tram 42 lantern";
    let dir = tempfile::tempdir().expect("tmp");
    let mut add = std::process::Command::new(conserje_bin())
        .args(["users", "add", "--role", "admin", "boss", "--data-dir"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("conserje users add");
    std::io::Write::write_all(
        &mut add.stdin.take().expect("stdin"),
        format!("{PASSWORD}\n").as_bytes(),
    )
    .expect("password");
    assert!(add.wait().expect("wait").success());
    let d = Daemon::start_in(
        &conserje_bin(),
        dir,
        &[("CONSERJE__ADMIN__JWT_SECRET", KEY)],
    );
    let http = Client::new();
    let users = |token: Option<&str>| {
        let mut req = http.get(format!("{}/api/users", d.admin));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().expect("GET /api/users");
        let status = r.status().as_u16();
        (status, r.json::<Value>().unwrap_or(Value::Null))
    };

    let (status, body) = users(None);
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated"))
    );

    let login: Value = http
        .post(format!("{}/api/auth/login", d.admin))
        .json(&json!({"username": "boss", "password": PASSWORD}))
        .send()
        .expect("login")
        .json()
        .expect("login json");
    let access = login["access_token"].as_str().expect("access token");
    let (status, body) = users(Some(access));
    assert_eq!(status, 200, "{body}");
    assert!(body.to_string().contains("boss"), "{body}");

    assert_eq!(users(Some("not.a.jwt")).0, 401, "garbled");
    let clock = |ms| Arc::new(conserje::ports::clock::ManualClock::at_ms(ms));
    let now_ms = chrono::Utc::now().timestamp_millis();
    let foreign =
        conserje::auth::AccessTokens::new(b"some-other-key-0123456789", 900, clock(now_ms))
            .issue(1, "boss", conserje::auth::Role::Admin, 0)
            .expect("foreign token");
    let (status, body) = users(Some(&foreign));
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated")),
        "another key"
    );
    let expired = conserje::auth::AccessTokens::new(KEY.as_bytes(), 900, clock(now_ms - 3_600_000))
        .issue(1, "boss", conserje::auth::Role::Admin, 0)
        .expect("expired token");
    let (status, body) = users(Some(&expired));
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("token_expired")),
        "expired"
    );
}

/// On the admin listener (what staff load in a browser). Our public listener
/// serves only Meta's webhooks and health probes, no pages.
#[test]
fn legacy_13_2_07_security_headers_on_the_admin_listener() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let r = Client::new()
        .get(format!("{}/health/live", d.admin))
        .send()
        .expect("get");
    let h = r.headers();
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(get("x-content-type-options"), "nosniff");
    assert_eq!(get("x-frame-options"), "DENY");
    assert!(get("content-security-policy").contains("default-src 'self'"));
    assert!(!get("referrer-policy").is_empty());
    assert!(get("permissions-policy").contains("camera=()"));
    assert_eq!(get("cache-control"), "no-store");
}

/// `X-Request-ID` in → the same out; none in → a generated UUID. (We name it
/// once: no separate `X-Correlation-ID`.)
#[test]
fn legacy_13_2_08_request_id_is_echoed_or_generated() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let url = format!("{}/health/live", d.public);
    let r = Client::new()
        .get(&url)
        .header("x-request-id", "abc")
        .send()
        .expect("get");
    assert_eq!(r.headers()["x-request-id"], "abc");
    let r = Client::new().get(&url).send().expect("get");
    let id = r.headers()["x-request-id"].to_str().expect("ascii");
    assert!(uuid_like(id), "{id}");
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

/// A text message becomes one guest message of that number with its text
/// (the echo engine sends it back to the sender); a payload without `entry`
/// is refused with 400; deliveries with no changes or no messages are
/// acknowledged and store nothing (Meta sends such batches; refusing them
/// would only log noise).
#[test]
fn legacy_13_2_09_payloads_are_normalised_or_refused_specifically() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let dir = d.data_dir.path();
    let r = post_signed(&d, b"{}");
    assert_eq!(r.status(), 400);
    assert!(r.text().expect("body").contains("entry"));
    let no_changes = json!({"entry": [{"id": "1", "changes": []}]}).to_string();
    assert_eq!(post_signed(&d, no_changes.as_bytes()).status(), 200);
    let no_messages =
        json!({"entry": [{"id": "1", "changes": [{"field": "messages", "value": value(vec![])}]}]})
            .to_string();
    assert_eq!(post_signed(&d, no_messages.as_bytes()).status(), 200);
    assert_eq!(count(dir, "SELECT count(*) FROM wa_inbox"), 0);

    let hola = json!({"from": "59811112222", "id": "wamid.N1", "timestamp": now_s().to_string(),
        "type": "text", "text": {"body": "Hola"}});
    assert_eq!(post_signed(&d, &webhook(vec![hola])).status(), 200);
    wait_for("the echo", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM messages WHERE direction = 'in' AND body = 'Hola'"
        ),
        1
    );
    let send = &fake.sends()[0];
    assert_eq!(send["to"], "59811112222");
    assert_eq!(send["text"]["body"], "Hola");
}

/// Fields a sender adds to claim privileges or another tenant change
/// nothing: the message is a plain guest message of our number, answered to
/// its sender, and nothing of the extras is kept.
#[test]
fn legacy_13_2_10_extra_metadata_is_ignored() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let dir = d.data_dir.path();
    let msg = json!({"from": "59811112222", "id": "wamid.M1", "timestamp": now_s().to_string(),
        "type": "text", "text": {"body": "hola"},
        "admin": true, "override_tenant_id": "x", "channel": "sms",
        "custom_fields": {"role": "manager"}, "source": "s".repeat(1001)});
    assert_eq!(post_signed(&d, &webhook(vec![msg])).status(), 200);
    wait_for("the echo", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert_eq!(fake.sends()[0]["to"], "59811112222");
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM wa_inbox WHERE payload LIKE '%override_tenant_id%' OR payload LIKE '%\"admin\"%'"
        ),
        0
    );
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM messages WHERE content LIKE '%override_tenant_id%' OR content LIKE '%custom_fields%'"
        ),
        0
    );
}

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn hold(from: &str, to: &str) -> HoldRequest {
    HoldRequest {
        property: "1".into(),
        room_type: RoomTypeId::parse("101").expect("room type"),
        stay: StayDates::new(d(from), d(to)).expect("stay"),
    }
}

/// Our holds are per room type and night (the PMS assigns rooms), so "room
/// 101" is a room type with one unit. Releasing twice is harmless rather than
/// `false`: the second release has nothing left to free.
#[tokio::test]
async fn legacy_13_2_11_room_holds() {
    let clock = Arc::new(ManualClock::default());
    let locks = InProcessLocks::with_clock(clock);
    let ttl = Duration::from_secs(600);
    let mut first = locks
        .acquire(&hold("2026-11-10", "2026-11-12"), ttl)
        .await
        .expect("10→12 held");
    assert!(matches!(
        locks.acquire(&hold("2026-11-11", "2026-11-13"), ttl).await,
        Err(LockError::Conflict { night }) if night == d("2026-11-11")
    ));
    let back_to_back = locks
        .acquire(&hold("2026-11-12", "2026-11-14"), ttl)
        .await
        .expect("12→14 is back to back");
    locks.extend(&mut first).await.expect("first extension");
    locks.extend(&mut first).await.expect("second extension");
    assert_eq!(
        locks.extend(&mut first).await,
        Err(LockError::ExtensionLimit)
    );
    locks.release(&first).await.expect("release");
    locks
        .release(&first)
        .await
        .expect("a second release is harmless");
    locks
        .acquire(&hold("2026-11-11", "2026-11-12"), ttl)
        .await
        .expect("free again after release");
    locks.release(&back_to_back).await.expect("release");
}
