//! Area `events`: live changes pushed to dashboards over a WebSocket.
//!
//! 1. `POST /api/events/ticket` with the access token → a single-use ticket (30 s).
//! 2. Open `GET /api/events` as a WebSocket and send `{"ticket": "…"}` (or
//!    `{"access_token": "…"}`) as the first message, within 10 s. Nothing
//!    secret is ever in the URL, so nothing secret reaches access logs.
//! 3. The server answers `{"v":1,"type":"hello",…}`, then one JSON text
//!    message per event: `{"v":1,"at":"…","type":"message_received",…}`.
//!
//! Buffers are bounded: a client that falls more than the bus's capacity
//! behind, or does not take a message within 5 s, is closed with code 4408
//! and a reason; it should refetch what it shows and reconnect.

use super::authz::Actor;
use super::endpoint::{Access, Endpoint};
use super::error::ApiError;
use super::extract::ApiJson;
use crate::auth::tickets::TICKET_TTL_MS;
use crate::events::Event;
use crate::http::AppState;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use utoipa::ToSchema;

/// Bumped when an event's fields change incompatibly.
pub const EVENTS_VERSION: u32 = 1;
const AUTH_WAIT: Duration = Duration::from_secs(10);
const SEND_WAIT: Duration = Duration::from_secs(5);

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post("/events/ticket", Access::Staff, ticket)
            .tag("events")
            .summary("A single-use ticket (30 s) to open the live-events socket")
            .returns::<EventsTicket>(200),
        // Public at the HTTP layer because browsers cannot send headers on a
        // WebSocket; the socket authenticates in its first message instead.
        Endpoint::get("/events", Access::Public, socket)
            .tag("events")
            .summary("Live events (WebSocket); first message {\"ticket\"} or {\"access_token\"}"),
    ]
}

#[derive(Serialize, ToSchema)]
pub struct EventsTicket {
    pub ticket: String,
    pub expires_in: i64,
}

async fn ticket(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<ApiJson<EventsTicket>, ApiError> {
    Ok(ApiJson(EventsTicket {
        ticket: state.auth.events_ticket(actor.user_id)?,
        expires_in: TICKET_TTL_MS / 1000,
    }))
}

async fn socket(
    State(state): State<AppState>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let ws = ws.map_err(|r| ApiError::new(r.status(), "websocket_required", r.body_text()))?;
    Ok(ws.on_upgrade(move |socket| serve(socket, state)))
}

#[derive(Deserialize)]
struct Hello {
    ticket: Option<String>,
    access_token: Option<String>,
}

async fn serve(mut socket: WebSocket, state: AppState) {
    let user = match tokio::time::timeout(AUTH_WAIT, socket.recv()).await {
        Ok(Some(Ok(Message::Text(text)))) => match serde_json::from_str::<Hello>(&text) {
            Ok(Hello {
                ticket: Some(t), ..
            }) => state.auth.redeem_events_ticket(&t).await,
            Ok(Hello {
                access_token: Some(t),
                ..
            }) => state.auth.authenticate(&t).await,
            _ => Err(crate::auth::AuthError::AccessInvalid),
        },
        _ => Err(crate::auth::AuthError::AccessInvalid),
    };
    let user = match user {
        Ok(user) => user,
        Err(e) => {
            close(&mut socket, 4401, &format!("unauthenticated: {e}")).await;
            return;
        }
    };
    // Subscribe before saying hello, so nothing published after it is missed.
    let mut rx = state.events.subscribe();
    let hello =
        json!({"v": EVENTS_VERSION, "type": "hello", "user": user.username, "role": user.role});
    if !send(&mut socket, hello.to_string()).await {
        return;
    }
    tracing::debug!(username = %user.username, "live events client connected");
    loop {
        tokio::select! {
            event = rx.recv() => match event {
                Ok(event) => {
                    if !send(&mut socket, envelope(&state, &event).to_string()).await {
                        close(&mut socket, 4408, "too slow: a message waited more than 5 s; refetch and reconnect").await;
                        break;
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::info!(username = %user.username, missed, "live events client too slow: dropped");
                    close(&mut socket, 4408, &format!("too slow: {missed} events missed; refetch and reconnect")).await;
                    break;
                }
                Err(RecvError::Closed) => {
                    close(&mut socket, 1001, "the server is shutting down").await;
                    break;
                }
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                // Pings are answered by the library; anything else is ignored.
                Some(Ok(_)) => {}
            },
        }
    }
}

/// `{"v": 1, "at": "…", "type": "…", …the event's fields}`.
fn envelope(state: &AppState, event: &Event) -> Value {
    let mut v = serde_json::to_value(event).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("v".into(), json!(EVENTS_VERSION));
        let at = chrono::DateTime::from_timestamp_millis(state.auth.now_ms()).unwrap_or_default();
        map.insert(
            "at".into(),
            json!(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        );
    }
    v
}

async fn send(socket: &mut WebSocket, text: String) -> bool {
    matches!(
        tokio::time::timeout(SEND_WAIT, socket.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    )
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = tokio::time::timeout(SEND_WAIT, socket.send(Message::Close(Some(frame)))).await;
}
