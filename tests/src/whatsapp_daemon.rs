//! Helpers for end-to-end tests of the WhatsApp channel: the daemon with the
//! test-only echo engine pointed at a fake Graph API and signed webhooks;
//! database queries are in [`crate::db`].

use crate::fake_graph::FakeGraph;
use crate::{Daemon, conserje_bin};
use conserje::adapters::whatsapp::sign;
use serde_json::{Value, json};

pub const SECRET: &str = "e2e-app-secret";
pub const TOKEN: &str = "e2e-access-token";
pub const NUMBER: &str = "106540352242922";
pub const GUEST: &str = "5491155551234";

pub fn env(
    fake: &FakeGraph,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("CONSERJE__WHATSAPP__APP_SECRET", SECRET.to_string()),
        ("CONSERJE__WHATSAPP__ACCESS_TOKEN", TOKEN.to_string()),
        ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.clone()),
        ("CONSERJE__WHATSAPP__ENGINE", "echo-for-tests".to_string()),
        ("CONSERJE__WHATSAPP__RETRY_BASE_MS", "50".to_string()),
        ("CONSERJE__WHATSAPP__RETRY_MAX_MS", "200".to_string()),
        (
            "CONSERJE__WHATSAPP__NUMBERS",
            format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#),
        ),
    ];
    v.extend(extra.iter().map(|(k, val)| (*k, val.to_string())));
    v
}

pub fn start(fake: &FakeGraph, extra: &[(&'static str, &'static str)]) -> Daemon {
    let e = env(fake, extra);
    let refs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Daemon::start(&conserje_bin(), &refs)
}

pub fn now_s() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs(),
    )
    .expect("fits")
}

pub fn text(id: &str, ts: i64, body: &str) -> Value {
    json!({"from": GUEST, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}})
}

pub fn webhook(messages: Vec<Value>) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Lucía"}, "wa_id": GUEST}],
            "messages": messages}}]}]})
    .to_string()
    .into_bytes()
}

pub fn post(d: &Daemon, body: &[u8]) -> u16 {
    reqwest::blocking::Client::new()
        .post(format!("{}/webhooks/whatsapp", d.public))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(SECRET.as_bytes(), body))
        .body(body.to_vec())
        .send()
        .expect("post webhook")
        .status()
        .as_u16()
}

pub fn reply_texts(fake: &FakeGraph) -> Vec<String> {
    fake.sends()
        .iter()
        .map(|b| b["text"]["body"].as_str().unwrap_or("").to_string())
        .collect()
}
