//! The signature-failure budget behind a reverse proxy: per client when the
//! proxy is trusted, per peer (the proxy) when it is not.

use super::tests::{SECRET, fixture, harness_behind, post, status_of};
use crate::adapters::whatsapp::sign;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};

const PROXY: [u8; 4] = [127, 0, 0, 1];

fn via_proxy(body: &[u8], secret: &[u8], client: &str) -> Request<Body> {
    let mut req = post(body, Some(sign(secret, body)), "application/json", PROXY);
    req.headers_mut().insert(
        "x-forwarded-for",
        HeaderValue::from_str(client).expect("header"),
    );
    req
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let h = harness_behind(2, &["127.0.0.1"]).await;
    let body = fixture("text.json");
    let attacker = || via_proxy(&body, b"nope", "198.51.100.66");
    assert_eq!(status_of(&h, attacker()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(&h, attacker()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        status_of(&h, attacker()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client through the same proxy still gets honest 401s.
    assert_eq!(
        status_of(&h, via_proxy(&body, b"nope", "203.0.113.5")).await,
        StatusCode::UNAUTHORIZED
    );
    // A client cannot escape its budget by forging an entry on the left.
    assert_eq!(
        status_of(&h, via_proxy(&body, b"nope", "10.9.9.9, 198.51.100.66")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        status_of(&h, via_proxy(&body, SECRET.as_bytes(), "198.51.100.66")).await,
        StatusCode::OK,
        "valid requests are never blocked"
    );
}

#[tokio::test]
async fn an_untrusted_peer_is_one_client_whatever_it_forwards() {
    let h = harness_behind(2, &["10.0.0.0/8"]).await;
    let body = fixture("text.json");
    // 127.0.0.1 is not trusted here: its X-Forwarded-For is ignored, so
    // rotating the header does not buy fresh budgets.
    for (i, client) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        .iter()
        .enumerate()
    {
        let expected = if i < 2 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(
            status_of(&h, via_proxy(&body, b"nope", client)).await,
            expected,
            "request {i}"
        );
    }
}
