//! The live-events socket's bounded buffer: a dashboard that falls further
//! behind than the bus keeps is closed with 4408 and a reason, instead of the
//! server queueing events for it without end.

use super::support::api;
use crate::auth::Role;
use crate::events::Event;
use axum::http::{Method, StatusCode};
use futures::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn a_dashboard_that_falls_behind_is_closed_with_4408_and_told_to_refetch() {
    let api = api().await;
    let (_, token, _) = api.signed_in("desk", Role::Frontdesk).await;
    let ticket = api
        .call(Method::POST, "/api/events/ticket", Some(&token), None)
        .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    let ticket = ticket.body["ticket"].as_str().expect("ticket").to_string();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = api
        .router
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });

    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/api/events"))
        .await
        .expect("connect");
    ws.send(Message::text(
        serde_json::json!({"ticket": ticket}).to_string(),
    ))
    .await
    .expect("send ticket");
    let hello = ws.next().await.expect("open").expect("frame");
    assert!(hello.to_string().contains("\"hello\""), "{hello}");

    // More events than the bus keeps, published while the socket's task
    // cannot run (this test's runtime has one thread and does not yield):
    // exactly a client that stopped reading.
    for i in 0..2_000 {
        api.events.publish(Event::MediaStored {
            message_id: i,
            bytes: 1,
        });
    }
    let closed = loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("the server answers within 10 s")
            .expect("a frame before the stream ends")
            .expect("a valid frame");
        if let Message::Close(frame) = frame {
            break frame.expect("a close reason");
        }
    };
    assert_eq!(u16::from(closed.code), 4408);
    assert!(
        closed.reason.contains("events missed") && closed.reason.contains("refetch"),
        "{}",
        closed.reason
    );
}
