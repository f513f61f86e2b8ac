//! The fake's handlers.

use super::{Answer, Recorded, State};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State as Ax};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<State>>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/{version}/{number}/messages", post(send))
        .route("/{version}/{number}/media", post(upload))
        .route("/{version}/{media_id}", get(media_info))
        .route("/media-download/{media_id}", get(media_download))
        .with_state(state)
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
}

/// Records the request; answers Meta's 401 when the token is wrong.
fn record(
    state: &Shared,
    method: &str,
    path: String,
    headers: &HeaderMap,
    body: Value,
) -> Option<Response> {
    let mut s = state.lock().expect("lock");
    let token = bearer(headers);
    s.requests.push(Recorded {
        method: method.into(),
        path,
        bearer: token.clone(),
        body,
    });
    if token.as_deref() != Some(s.token.as_str()) {
        return Some(meta_error(401, 190, "Invalid OAuth access token.", None));
    }
    None
}

fn meta_error(http: u16, code: i64, title: &str, retry_after: Option<u64>) -> Response {
    let body = json!({"error": {"message": title, "type": "OAuthException", "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": title}, "fbtrace_id": "fake"}});
    let status = StatusCode::from_u16(http).unwrap_or(StatusCode::BAD_REQUEST);
    let mut r = (status, axum::Json(body)).into_response();
    if let Some(secs) = retry_after {
        r.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    r
}

async fn send(
    Ax(state): Ax<Shared>,
    Path((version, number)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let path = format!("/{version}/{number}/messages");
    if let Some(refused) = record(&state, "POST", path, &headers, json.clone()) {
        return refused;
    }
    if json["messaging_product"] != "whatsapp" {
        return meta_error(400, 100, "Invalid parameter", None);
    }
    if json["status"] == "read" {
        return axum::Json(json!({"success": true})).into_response();
    }
    let answer = state
        .lock()
        .expect("lock")
        .script
        .pop_front()
        .unwrap_or(Answer::Ok);
    match answer {
        Answer::Ok => ok(&state, &json),
        Answer::Error {
            http,
            code,
            title,
            retry_after_secs,
        } => meta_error(http, code, title, retry_after_secs),
        Answer::Delay(d) => {
            tokio::time::sleep(d).await;
            ok(&state, &json)
        }
    }
}

fn ok(state: &Shared, json: &Value) -> Response {
    let n = {
        let mut s = state.lock().expect("lock");
        s.sent += 1;
        s.sent
    };
    let to = json["to"].as_str().unwrap_or("");
    axum::Json(
        json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
        "messages": [{"id": format!("wamid.FAKE{n}")}]}),
    )
    .into_response()
}

async fn media_info(
    Ax(state): Ax<Shared>,
    Path((version, media_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = record(
        &state,
        "GET",
        format!("/{version}/{media_id}"),
        &headers,
        Value::Null,
    ) {
        return refused;
    }
    let s = state.lock().expect("lock");
    match s.media.get(&media_id) {
        Some((bytes, mime)) => axum::Json(json!({
            "messaging_product": "whatsapp",
            "url": format!("{}/media-download/{media_id}", s.base_url),
            "mime_type": mime,
            "sha256": hex::encode(Sha256::digest(bytes)),
            "file_size": bytes.len(),
            "id": media_id,
        }))
        .into_response(),
        None => meta_error(404, 100, "Unsupported get request.", None),
    }
}

async fn media_download(
    Ax(state): Ax<Shared>,
    Path(media_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = record(
        &state,
        "GET",
        format!("/media-download/{media_id}"),
        &headers,
        Value::Null,
    ) {
        return refused;
    }
    let s = state.lock().expect("lock");
    match s.media.get(&media_id) {
        Some((bytes, mime)) => {
            ([(header::CONTENT_TYPE, mime.clone())], bytes.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /{version}/{number}/media`: Meta's upload. The file is kept, so a
/// later `GET /{media_id}` serves it like any media.
async fn upload(
    Ax(state): Ax<Shared>,
    Path((version, number)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let form = super::multipart::parse(&ctype, &body);
    let summary = match &form {
        Ok(parts) => json!({
            "messaging_product": parts.get("messaging_product").map(|p| String::from_utf8_lossy(&p.data).to_string()),
            "type": parts.get("type").map(|p| String::from_utf8_lossy(&p.data).to_string()),
            "filename": parts.get("file").and_then(|p| p.filename.clone()),
            "file_content_type": parts.get("file").and_then(|p| p.content_type.clone()),
            "file_sha256": parts.get("file").map(|p| hex::encode(Sha256::digest(&p.data))),
        }),
        Err(e) => json!({ "malformed": e }),
    };
    let path = format!("/{version}/{number}/media");
    if let Some(refused) = record(&state, "POST", path, &headers, summary) {
        return refused;
    }
    let Ok(mut parts) = form else {
        return meta_error(400, 100, "Invalid parameter", None);
    };
    let product_ok = parts
        .get("messaging_product")
        .is_some_and(|p| p.data == b"whatsapp");
    let (Some(file), Some(kind), true) = (parts.remove("file"), parts.remove("type"), product_ok)
    else {
        return meta_error(400, 100, "Invalid parameter", None);
    };
    let mut s = state.lock().expect("lock");
    s.sent += 1;
    let id = format!("{}", 9_000_000 + s.sent);
    let mime = String::from_utf8_lossy(&kind.data).to_string();
    s.media.insert(id.clone(), (file.data, mime));
    axum::Json(json!({ "id": id })).into_response()
}
