//! A fake QloApps 1.6.1 webservice on a loopback port, reproducing the wire
//! format and quirks recorded in `shared/reference/qloapps-api.md`: JSON out,
//! XML-only `hotel_ari`, string vs number fields, 400 with code 404 inside,
//! 404 with an empty body, 500 after a successful create, `adult` vs
//! `adults`, PUT replacing the room list, no status on GET, and a 9-letter
//! reference on every order that `orders` can be filtered by.

mod ari;
mod bookings;
mod catalog;
mod wire;
mod world;
mod xml_in;

pub use world::{Faults, Recorded};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use world::World;

pub const KEY: &str = "JZ8Q2M4K7W1X9C3V5B6N0A2S4D6F8G1H";

pub struct FakeQloApps {
    pub url: String,
    world: Arc<Mutex<World>>,
    server: tokio::task::JoinHandle<()>,
}

impl FakeQloApps {
    pub async fn start() -> Self {
        let world = Arc::new(Mutex::new(World::demo(KEY)));
        let w = world.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let w = w.clone();
                async move { handle(w, method, uri, headers, body).await }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { url, world, server }
    }

    fn with<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        f(&mut self.world.lock().expect("world"))
    }

    pub fn set_faults(&self, faults: Faults) {
        self.with(|w| w.faults = faults);
    }

    pub fn deny(&self, resource: &str) {
        self.with(|w| w.denied.insert(resource.to_string()));
    }

    pub fn orders(&self) -> usize {
        self.with(|w| w.orders.len())
    }

    /// The 9-letter reference of order `id`, as QloApps' e-mails show it.
    pub fn order_reference(&self, id: &str) -> Option<String> {
        self.with(|w| {
            w.orders
                .iter()
                .find(|o| o.id.to_string() == id)
                .map(|o| o.reference.clone())
        })
    }

    /// Gives order `id` another reference: QloApps does not keep them unique.
    pub fn set_order_reference(&self, id: &str, reference: &str) {
        self.with(|w| {
            if let Some(o) = w.orders.iter_mut().find(|o| o.id.to_string() == id) {
                o.reference = reference.to_string();
            }
        });
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.with(|w| w.requests.clone())
    }
}

impl Drop for FakeQloApps {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub type Answer = (StatusCode, String);

pub fn json(status: StatusCode, v: &Value) -> Answer {
    (status, v.to_string())
}

pub fn not_found() -> Answer {
    (StatusCode::NOT_FOUND, String::new())
}

/// Query parameters, with `filter[x]=[a|b]` unpacked to its values.
pub struct Query(HashMap<String, String>);

impl Query {
    pub fn filter(&self, field: &str) -> Option<Vec<String>> {
        let raw = self.0.get(&format!("filter[{field}]"))?;
        let inner = raw.trim_start_matches('[').trim_end_matches(']');
        Some(inner.split('|').map(str::to_string).collect())
    }

    pub fn has(&self, key: &str, value: &str) -> bool {
        self.0.get(key).is_some_and(|v| v == value)
    }
}

async fn handle(
    world: Arc<Mutex<World>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    let delay = {
        let mut w = world.lock().expect("world");
        w.requests.push(Recorded {
            method: method.to_string(),
            path: uri.path().to_string(),
            query: uri.query().unwrap_or("").to_string(),
            body: body.clone(),
        });
        w.faults.delay
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let query = Query(uri.query().map(url_pairs).unwrap_or_default());
    let path = uri
        .path()
        .trim_start_matches("/api")
        .trim_matches('/')
        .to_string();
    let mut w = world.lock().expect("world");
    let (status, text) = route(&mut w, &method, &path, &query, &headers, &body);
    (status, text).into_response()
}

fn url_pairs(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(
    w: &mut World,
    method: &Method,
    path: &str,
    q: &Query,
    headers: &HeaderMap,
    body: &str,
) -> Answer {
    let resource = path.split('/').next().unwrap_or("");
    if let Err(denied) = auth(w, headers, resource) {
        return denied;
    }
    if w.faults.all_500 {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<b>Fatal error</b>: database gone".into(),
        );
    }
    let id = path.split('/').nth(1);
    match (method.as_str(), resource, id) {
        ("GET", "", _) => catalog::root(w),
        ("GET", "hotels", Some(id)) => catalog::hotel(id),
        ("GET", "currencies", None) => catalog::currencies(),
        ("GET", "room_types", None) => catalog::room_types(w),
        ("GET", "hotel_room_types", None) => catalog::hotel_room_types(w),
        ("GET", "services", None) => catalog::services(),
        ("GET", "customers", None) => catalog::customers(w, q),
        ("GET", "orders", None) => catalog::orders(w, q),
        ("GET", "room_bookings", None) => catalog::room_bookings(w, q),
        ("POST", "hotel_ari", None) => ari::search(w, body),
        ("GET", "bookings", None) => bookings::list(w),
        ("GET", "bookings", Some(id)) => bookings::get(w, id),
        ("POST", "bookings", None) => bookings::create(w, body),
        ("PUT", "bookings", Some(id)) => bookings::update(w, id, body),
        ("DELETE", "bookings", _) => json(
            StatusCode::METHOD_NOT_ALLOWED,
            &wire::errors(100, "Method not allowed"),
        ),
        _ => json(
            StatusCode::BAD_REQUEST,
            &wire::errors(22, &format!("Resource of type \"{resource}\" not found")),
        ),
    }
}

/// Basic auth with the key as user and an empty password, or `?ws_key=`.
fn auth(w: &World, headers: &HeaderMap, resource: &str) -> Result<(), Answer> {
    let given = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
        .map(str::to_string);
    let Some(given) = given else {
        return Err((StatusCode::UNAUTHORIZED, "401 Unauthorized".into()));
    };
    if given != base64(&format!("{}:", w.key)) {
        return Err(json(
            StatusCode::UNAUTHORIZED,
            &serde_json::json!({"errors": [{"code": 20, "message": "Authentification key is not active"},
                {"code": 21, "message": "No permission for this authentication key"}]}),
        ));
    }
    if w.denied.contains(resource) {
        return Err(json(
            StatusCode::UNAUTHORIZED,
            &wire::errors(21, "No permission for this authentication key"),
        ));
    }
    Ok(())
}

fn base64(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
