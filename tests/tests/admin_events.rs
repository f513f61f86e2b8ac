//! Live events on the real binary: a signed webhook posted to the public
//! listener shows up on a dashboard's WebSocket on the admin listener.

use conserje_e2e::Daemon;
use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::whatsapp_daemon::{TOKEN, now_s, post, text, webhook};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

const PASSWORD: &str = "violet tram 42 lantern";

fn start() -> (FakeGraph, Daemon) {
    start_with("echo-for-tests")
}

fn start_with(engine: &'static str) -> (FakeGraph, Daemon) {
    let fake = FakeGraph::start(TOKEN);
    let d = conserje_e2e::whatsapp_daemon::start(&fake, &[("CONSERJE__WHATSAPP__ENGINE", engine)]);
    (fake, d)
}

/// Creates the first admin with the setup token and returns an access token.
fn sign_in(d: &Daemon) -> String {
    let http = reqwest::blocking::Client::new();
    let setup_token =
        std::fs::read_to_string(d.data_dir.path().join("setup-token")).expect("setup token");
    let r = http
        .post(format!("{}/api/setup", d.admin))
        .json(&json!({"setup_token": setup_token.trim(), "username": "boss", "password": PASSWORD}))
        .send()
        .expect("setup");
    assert_eq!(r.status(), 201);
    let pair: Value = http
        .post(format!("{}/api/auth/login", d.admin))
        .json(&json!({"username": "boss", "password": PASSWORD}))
        .send()
        .expect("login")
        .json()
        .expect("json");
    pair["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}

fn ticket(d: &Daemon, access: &str) -> String {
    let r: Value = reqwest::blocking::Client::new()
        .post(format!("{}/api/events/ticket", d.admin))
        .bearer_auth(access)
        .send()
        .expect("ticket")
        .json()
        .expect("json");
    r["ticket"].as_str().expect("ticket").to_string()
}

/// A guest's text, signed and posted to the public listener from inside the
/// test's runtime (the blocking client may not run on its worker directly).
fn guest_says(d: &Daemon, id: &str, body: &str) -> u16 {
    tokio::task::block_in_place(|| post(d, &webhook(vec![text(id, now_s(), body)])))
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(d: &Daemon) -> Socket {
    let url = format!("{}/api/events", d.admin.replacen("http://", "ws://", 1));
    tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket")
        .0
}

/// Next JSON text message, or the close frame's (code, reason) as an error.
async fn next(ws: &mut Socket) -> Result<Value, (u16, String)> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), ws.next())
            .await
            .expect("a message within 20 s")
            .expect("stream open")
            .expect("frame");
        match msg {
            Message::Text(t) => return Ok(serde_json::from_str(&t).expect("json event")),
            Message::Close(frame) => {
                return Err(frame.map_or((0, String::new()), |f| {
                    (f.code.into(), f.reason.to_string())
                }));
            }
            _ => {}
        }
    }
}

#[test]
fn a_signed_webhook_appears_on_a_connected_dashboard_socket() {
    let (_fake, d) = start();
    let access = sign_in(&d);
    let ticket = ticket(&d, &access);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut ws = connect(&d).await;
        ws.send(Message::Text(json!({"ticket": ticket}).to_string().into()))
            .await
            .expect("send ticket");
        let hello = next(&mut ws).await.expect("hello");
        assert_eq!(
            (hello["type"].as_str(), hello["v"].as_u64()),
            (Some("hello"), Some(1))
        );
        assert_eq!(hello["user"], "boss");

        assert_eq!(
            guest_says(&d, "wamid.EVENTS1", "hola, ¿tienen habitación?"),
            200
        );

        let mut seen = Vec::new();
        let received = loop {
            let event = next(&mut ws).await.expect("an event");
            seen.push(event["type"].as_str().unwrap_or("").to_string());
            if event["type"] == "message_received" {
                break event;
            }
            assert!(seen.len() < 20, "no message_received among {seen:?}");
        };
        assert_eq!(received["v"], 1);
        assert_eq!(received["kind"], "text");
        assert!(
            received["conversation_id"]
                .as_i64()
                .is_some_and(|id| id > 0),
            "{received}"
        );
        assert!(
            received["message_id"].as_i64().is_some_and(|id| id > 0),
            "{received}"
        );
        assert!(
            received["at"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{received}"
        );
        assert!(seen.contains(&"webhook_stored".to_string()), "{seen:?}");
    });
}

#[test]
fn a_socket_without_a_valid_ticket_is_closed_with_the_reason_and_tickets_work_once() {
    let (_fake, d) = start();
    let access = sign_in(&d);
    let ticket = ticket(&d, &access);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut first = connect(&d).await;
        first
            .send(Message::Text(json!({"ticket": ticket}).to_string().into()))
            .await
            .expect("send");
        assert_eq!(next(&mut first).await.expect("hello")["type"], "hello");

        let mut reused = connect(&d).await;
        reused
            .send(Message::Text(json!({"ticket": ticket}).to_string().into()))
            .await
            .expect("send");
        let (code, reason) = next(&mut reused).await.expect_err("closed");
        assert_eq!(code, 4401);
        assert!(reason.starts_with("unauthenticated"), "{reason}");

        let mut with_token = connect(&d).await;
        with_token
            .send(Message::Text(
                json!({"access_token": access}).to_string().into(),
            ))
            .await
            .expect("send");
        assert_eq!(next(&mut with_token).await.expect("hello")["type"], "hello");
    });
    assert!(
        !d.log_text().contains(&ticket),
        "the ticket stays out of the log"
    );
}

/// Events of one type, waiting past others (at most 50).
async fn next_of(ws: &mut Socket, kind: &str) -> Value {
    let mut seen = Vec::new();
    loop {
        let event = next(ws).await.expect("an event");
        if event["type"] == kind {
            return event;
        }
        seen.push(event["type"].as_str().unwrap_or("").to_string());
        assert!(seen.len() < 50, "no {kind} among {seen:?}");
    }
}

#[test]
fn the_receptionists_handoff_and_a_staff_takeover_reach_the_dashboard() {
    let (_fake, d) = start_with("receptionist");
    let access = sign_in(&d);
    let ticket = ticket(&d, &access);
    let admin = d.admin.clone();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut ws = connect(&d).await;
        ws.send(Message::Text(json!({"ticket": ticket}).to_string().into()))
            .await
            .expect("send ticket");
        assert_eq!(next(&mut ws).await.expect("hello")["type"], "hello");

        assert_eq!(
            guest_says(&d, "wamid.HANDOFF1", "quiero hablar con una persona"),
            200
        );

        let handoff = next_of(&mut ws, "handoff_requested").await;
        assert_eq!(handoff["reason"], "requested", "{handoff}");
        assert_eq!(handoff["v"], 1);
        let id = handoff["conversation_id"]
            .as_i64()
            .expect("conversation id");

        let token = access.clone();
        let status = tokio::task::spawn_blocking(move || {
            reqwest::blocking::Client::new()
                .post(format!("{admin}/api/conversations/{id}/takeover"))
                .bearer_auth(token)
                .send()
                .expect("takeover")
                .status()
                .as_u16()
        })
        .await
        .expect("join");
        assert_eq!(status, 200);
        let updated = next_of(&mut ws, "conversation_updated").await;
        assert_eq!(
            (
                updated["conversation_id"].as_i64(),
                updated["mode"].as_str(),
                updated["assignee"].as_str()
            ),
            (Some(id), Some("human"), Some("boss")),
            "{updated}"
        );
    });
}
