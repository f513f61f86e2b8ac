//! The staff desk on the real binary: takeover and hand back around the
//! receptionist, staff replies through the outbox to the fake Graph API, and
//! the 24-hour window, all through the admin API with a signed-in admin.

use conserje::adapters::whatsapp::sign;
use conserje_e2e::db::count;
use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SECRET: &str = "e2e-app-secret";
const TOKEN: &str = "e2e-access-token";
const NUMBER: &str = "106540352242922";
const GUEST: &str = "5491155551234";
const JWT_SECRET: &str = "e2e-signing-key-0123456789abcdefghijklmnop";
const PASSWORD: &str = "violet tram 42 lantern";

fn start(fake: &FakeGraph, extra: &[(&str, &str)]) -> Daemon {
    let numbers = format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#);
    let mut env = vec![
        ("CONSERJE__WHATSAPP__APP_SECRET", SECRET),
        ("CONSERJE__WHATSAPP__ACCESS_TOKEN", TOKEN),
        ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.as_str()),
        ("CONSERJE__WHATSAPP__ENGINE", "receptionist"),
        ("CONSERJE__WHATSAPP__NUMBERS", numbers.as_str()),
        ("CONSERJE__ADMIN__JWT_SECRET", JWT_SECRET),
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

fn guest_writes(d: &Daemon, id: &str, ts: i64, body: &str) {
    let payload = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Lucía"}, "wa_id": GUEST}],
            "messages": [{"from": GUEST, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}}]}}]}]})
    .to_string();
    post_signed(d, payload);
}

/// Posts a webhook body signed as Meta signs it; Meta's delivery must get 200.
fn post_signed(d: &Daemon, payload: String) {
    let status = reqwest::blocking::Client::new()
        .post(format!("{}/webhooks/whatsapp", d.public))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            sign(SECRET.as_bytes(), payload.as_bytes()),
        )
        .body(payload)
        .send()
        .expect("post webhook")
        .status();
    assert_eq!(status, 200);
}

/// Polls until `cond` holds; the limit only stops a broken run from hanging.
fn wait_for(what: &str, d: &Daemon, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until every guest message so far is processed.
fn settled(d: &Daemon, inbound: i64) {
    let dir = d.data_dir.path();
    wait_for("the guest message to be processed", d, || {
        count(dir, "SELECT count(*) FROM wa_inbox WHERE state = 'pending'") == 0
            && count(dir, "SELECT count(*) FROM messages WHERE direction = 'in'") == inbound
    });
}

fn texts(fake: &FakeGraph) -> Vec<String> {
    fake.sends()
        .iter()
        .map(|b| b["text"]["body"].as_str().unwrap_or("").to_string())
        .collect()
}

struct Api {
    base: String,
    token: String,
}

impl Api {
    /// Creates the first admin with the setup token and signs in.
    fn admin(d: &Daemon) -> Api {
        let setup = std::fs::read_to_string(d.data_dir.path().join("setup-token"))
            .expect("setup token file")
            .trim()
            .to_string();
        let mut api = Api {
            base: d.admin.clone(),
            token: String::new(),
        };
        let (s, b) = api.send(
            "POST",
            "/api/setup",
            Some(json!({"setup_token": setup, "username": "ana", "password": PASSWORD})),
        );
        assert_eq!(s, 201, "{b}");
        let (s, b) = api.send(
            "POST",
            "/api/auth/login",
            Some(json!({"username": "ana", "password": PASSWORD})),
        );
        assert_eq!(s, 200, "{b}");
        api.token = b["access_token"].as_str().expect("token").to_string();
        api
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = reqwest::blocking::Client::new().request(
            method.parse().expect("method"),
            format!("{}{path}", self.base),
        );
        if !self.token.is_empty() {
            req = req.bearer_auth(&self.token);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().expect("request");
        let status = res.status().as_u16();
        (status, res.json().unwrap_or(Value::Null))
    }

    fn conversation_id(&self) -> i64 {
        let (s, b) = self.send("GET", "/api/conversations", None);
        assert_eq!(s, 200, "{b}");
        b["items"][0]["id"].as_i64().expect("a conversation")
    }
}

#[test]
fn takeover_silences_the_bot_staff_replies_reach_the_guest_once_and_hand_back_restores_the_bot() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let api = Api::admin(&d);
    let dir = d.data_dir.path();
    let t = now_s();

    guest_writes(&d, "wamid.D1", t, "hola! aceptan mascotas?");
    wait_for("the bot's answer", &d, || !fake.sends().is_empty());
    let id = api.conversation_id();

    let (s, b) = api.send("POST", &format!("/api/conversations/{id}/takeover"), None);
    assert_eq!((s, b["now"].as_str()), (200, Some("human")), "{b}");
    let bot_replies = fake.sends().len();

    guest_writes(&d, "wamid.D2", t + 1, "aceptan mascotas?");
    settled(&d, 2);
    assert_eq!(
        count(dir, "SELECT count(*) FROM outbox"),
        bot_replies as i64,
        "human mode: no bot reply"
    );

    let (s, b) = api.send(
        "POST",
        &format!("/api/conversations/{id}/reply"),
        Some(json!({"kind": "text", "text": "Hola Lucía, soy Ana de recepción"})),
    );
    assert_eq!(s, 202, "{b}");
    wait_for("the staff reply to be sent", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 0
    });
    let staff: Vec<String> = texts(&fake)
        .into_iter()
        .filter(|t| t == "Hola Lucía, soy Ana de recepción")
        .collect();
    assert_eq!(
        staff.len(),
        1,
        "reaches the Graph API once: {:?}",
        fake.sends()
    );
    let (_, page) = api.send(
        "GET",
        &format!("/api/conversations/{id}/messages?limit=1"),
        None,
    );
    assert_eq!(page["items"][0]["author"], "staff", "{page}");
    assert_eq!(page["items"][0]["staff_user"], "ana");

    let (s, b) = api.send("POST", &format!("/api/conversations/{id}/handback"), None);
    assert_eq!((s, b["now"].as_str()), (200, Some("bot")), "{b}");
    let before = fake.sends().len();
    guest_writes(&d, "wamid.D3", t + 2, "aceptan mascotas?");
    wait_for("the bot to answer again", &d, || {
        fake.sends().len() > before
    });
    assert!(
        texts(&fake)[before..]
            .iter()
            .any(|t| t.contains("mascotas")),
        "{:?}",
        fake.sends()
    );
}

#[test]
fn outside_the_24_hour_window_free_text_is_refused_naming_the_template_choice() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(
        &fake,
        &[
            ("CONSERJE__WHATSAPP__REENGAGEMENT_TEMPLATE", "seguimiento"),
            ("CONSERJE__WHATSAPP__REENGAGEMENT_LANGUAGE", "es"),
        ],
    );
    let api = Api::admin(&d);
    guest_writes(&d, "wamid.W1", now_s() - 25 * 3600, "hola");
    settled(&d, 1);
    let dir = d.data_dir.path();
    // The bot's own answer goes out as the re-engagement template.
    wait_for("the bot's answer to leave the outbox", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 0
    });
    let id = api.conversation_id();
    let sent_before = fake.sends().len();

    let (s, b) = api.send(
        "POST",
        &format!("/api/conversations/{id}/reply"),
        Some(json!({"kind": "text", "text": "¿Sigue interesada?"})),
    );
    assert_eq!(
        (s, b["code"].as_str()),
        (409, Some("template_required")),
        "{b}"
    );
    let message = b["message"].as_str().expect("message");
    assert!(message.contains("24-hour window is closed"), "{message}");
    assert!(
        message.contains("send a template instead: seguimiento (es)"),
        "{message}"
    );

    let (s, opts) = api.send(
        "GET",
        &format!("/api/conversations/{id}/reply-options"),
        None,
    );
    assert_eq!(s, 200, "{opts}");
    assert_eq!(opts["window_open"], false);
    assert_eq!(opts["templates"][0]["name"], "seguimiento");

    let (s, b) = api.send(
        "POST",
        &format!("/api/conversations/{id}/reply"),
        Some(json!({"kind": "template", "name": "seguimiento", "language": "es"})),
    );
    assert_eq!(s, 202, "{b}");
    wait_for("the template to be sent", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'pending'") == 0
    });
    let sent: Vec<Value> = fake.sends()[sent_before..].to_vec();
    assert_eq!(sent.len(), 1, "only the staff template: {sent:?}");
    assert_eq!(
        (
            sent[0]["type"].as_str(),
            sent[0]["template"]["name"].as_str()
        ),
        (Some("template"), Some("seguimiento"))
    );
}

#[test]
fn staff_open_the_photo_a_guest_sent_from_the_message_list() {
    let fake = FakeGraph::start(TOKEN);
    let photo: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    fake.add_media("7701", &photo, "image/jpeg");
    let d = start(&fake, &[]);
    let api = Api::admin(&d);

    let payload = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Lucía"}, "wa_id": GUEST}],
            "messages": [{"from": GUEST, "id": "wamid.PHOTO1", "timestamp": now_s().to_string(), "type": "image",
                "image": {"id": "7701", "mime_type": "image/jpeg", "caption": "la mancha en la alfombra"}}]}}]}]})
    .to_string();
    post_signed(&d, payload);
    let dir = d.data_dir.path();
    wait_for("the photo to be stored", &d, || {
        count(dir, "SELECT count(*) FROM media WHERE state = 'stored'") == 1
    });

    let id = api.conversation_id();
    let (s, page) = api.send("GET", &format!("/api/conversations/{id}/messages"), None);
    assert_eq!(s, 200, "{page}");
    let photo_msg = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["kind"] == "image")
        .expect("the image message")
        .clone();
    let url = photo_msg["media_url"].as_str().expect("a media link");
    assert_eq!(photo_msg["media_mime"], "image/jpeg");

    let got = reqwest::blocking::Client::new()
        .get(format!("{}{url}", d.admin))
        .bearer_auth(&api.token)
        .send()
        .expect("download");
    assert_eq!(got.status(), 200);
    assert_eq!(
        got.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/jpeg")
    );
    assert_eq!(got.bytes().expect("bytes").as_ref(), photo.as_slice());

    // Not signed in: nothing; another conversation's path: not found.
    let anonymous = reqwest::blocking::Client::new()
        .get(format!("{}{url}", d.admin))
        .send()
        .expect("anonymous");
    assert_eq!(anonymous.status(), 401);
    let msg_id = photo_msg["id"].as_i64().expect("id");
    let (s, _) = api.send(
        "GET",
        &format!("/api/conversations/{}/messages/{msg_id}/media", id + 1),
        None,
    );
    assert_eq!(s, 404);
}
