//! A fake Meta Graph API on loopback, speaking the real wire format: message
//! sends (`POST /{version}/{phone_number_id}/messages`), media uploads
//! (`POST /{version}/{phone_number_id}/media`, multipart), media info
//! (`GET /{version}/{media_id}`) and media download (with the bearer token).
//! It records every request, refuses a wrong token like Meta (401, code 190),
//! and answers sends as scripted: success, any HTTP status with a Meta error
//! code (429/130429, 500, 131047, 131053…), or a delay (timeouts).

mod multipart;
mod routes;

use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the next send is answered.
#[derive(Debug, Clone)]
pub enum Answer {
    Ok,
    Error {
        http: u16,
        code: i64,
        title: &'static str,
        retry_after_secs: Option<u64>,
    },
    /// Waits this long, then answers Ok (longer than the client's timeout: a timeout).
    Delay(Duration),
}

impl Answer {
    pub fn error(http: u16, code: i64, title: &'static str) -> Self {
        Answer::Error {
            http,
            code,
            title,
            retry_after_secs: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub bearer: Option<String>,
    pub body: Value,
}

#[derive(Default)]
pub(crate) struct State {
    pub token: String,
    pub base_url: String,
    pub requests: Vec<Recorded>,
    pub script: VecDeque<Answer>,
    pub media: HashMap<String, (Vec<u8>, String)>,
    /// Phone number id → display number, for `GET /{version}/{number}`.
    pub numbers: HashMap<String, String>,
    pub sent: u64,
}

pub struct FakeGraph {
    pub url: String,
    state: Arc<Mutex<State>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeGraph {
    /// Starts on 127.0.0.1, port 0, expecting `token` as the bearer.
    pub fn start(token: &str) -> FakeGraph {
        let state = Arc::new(Mutex::new(State {
            token: token.to_string(),
            ..State::default()
        }));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let shared = state.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("fake graph runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind fake graph");
                let addr = listener.local_addr().expect("addr");
                shared.lock().expect("lock").base_url = format!("http://{addr}");
                addr_tx.send(addr).expect("send addr");
                axum::serve(listener, routes::router(shared))
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .expect("fake graph serves");
            });
        });
        let addr = addr_rx.recv().expect("fake graph address");
        FakeGraph {
            url: format!("http://{addr}"),
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("fake graph state")
    }

    /// Answers for the next sends, in order; after them, sends succeed.
    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        self.lock().script.extend(answers);
    }

    pub fn add_media(&self, id: &str, bytes: &[u8], mime: &str) {
        self.lock()
            .media
            .insert(id.to_string(), (bytes.to_vec(), mime.to_string()));
    }

    /// A business phone number Meta knows (answers `GET /{version}/{id}`).
    pub fn add_number(&self, phone_number_id: &str, display: &str) {
        self.lock()
            .numbers
            .insert(phone_number_id.to_string(), display.to_string());
    }

    /// A media file's bytes and type: added with [`FakeGraph::add_media`] or
    /// uploaded by the daemon.
    pub fn media(&self, id: &str) -> Option<(Vec<u8>, String)> {
        self.lock().media.get(id).cloned()
    }

    /// What a `POST …/media` upload carried: form fields, file name and type,
    /// and the file's SHA-256.
    pub fn uploads(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/media"))
            .map(|r| r.body)
            .collect()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// Bodies of every message send (`POST …/messages`, answered or not);
    /// mark-as-read calls share the path but are not sends.
    pub fn sends(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/messages"))
            .filter(|r| r.body["status"] != "read")
            .map(|r| r.body)
            .collect()
    }

    /// `message_id`s of every mark-as-read call, in arrival order.
    pub fn read_marks(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/messages"))
            .filter(|r| r.body["status"] == "read")
            .map(|r| r.body["message_id"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

impl Drop for FakeGraph {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
