//! Voice replies (`speech.voice_replies = true`) on the real binary: a
//! Spanish voice note made with espeak-ng is heard by the base model, the
//! text reply goes out, then the same reply spoken by espeak-ng, uploaded to
//! the fake Graph API as Ogg/Opus and sent as an audio message by media id.
//! Without espeak-ng the guest still gets the text reply, once.

use conserje::adapters::whatsapp::sign;
use conserje_e2e::db::scalar as query;
use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::speech::{base_model, voice_note};
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::process::Command;
use std::time::{Duration, Instant};

const SECRET: &str = "e2e-app-secret";
const TOKEN: &str = "e2e-access-token";
const NUMBER: &str = "106540352242922";
const GUEST: &str = "5491155551234";

fn start(fake: &FakeGraph, extra: &[(&str, &str)]) -> Daemon {
    let numbers = format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#);
    let model = base_model().display().to_string();
    let mut env = vec![
        ("CONSERJE__WHATSAPP__APP_SECRET", SECRET),
        ("CONSERJE__WHATSAPP__ACCESS_TOKEN", TOKEN),
        ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.as_str()),
        ("CONSERJE__WHATSAPP__ENGINE", "receptionist"),
        ("CONSERJE__WHATSAPP__RETRY_BASE_MS", "50"),
        ("CONSERJE__WHATSAPP__RETRY_MAX_MS", "200"),
        ("CONSERJE__WHATSAPP__NUMBERS", numbers.as_str()),
        ("CONSERJE__SPEECH__ENABLED", "true"),
        ("CONSERJE__SPEECH__MODEL", model.as_str()),
        ("CONSERJE__SPEECH__TIMEOUT_SECS", "600"),
        ("CONSERJE__SPEECH__VOICE_REPLIES", "true"),
    ];
    env.extend_from_slice(extra);
    Daemon::start(&conserje_bin(), &env)
}

fn post_voice_note(d: &Daemon, id: &str, media_id: &str) {
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Lucía"}, "wa_id": GUEST}],
            "messages": [{"from": GUEST, "id": id, "timestamp": ts.to_string(), "type": "audio",
                "audio": {"mime_type": "audio/ogg; codecs=opus", "id": media_id, "voice": true}}]}}]}]})
    .to_string()
    .into_bytes();
    let status = reqwest::blocking::Client::new()
        .post(format!("{}/webhooks/whatsapp", d.public))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(SECRET.as_bytes(), &body))
        .body(body)
        .send()
        .expect("post webhook")
        .status();
    assert_eq!(status.as_u16(), 200);
}

/// Waits until `done` holds for the fake's sends (whisper on a shared
/// machine can take minutes: the bound only stops a hang).
fn wait_for(d: &Daemon, fake: &FakeGraph, what: &str, done: impl Fn(&[Value]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(500);
    while !done(&fake.sends()) {
        assert!(
            Instant::now() < deadline,
            "{what}: not within 500 s; sends {:?}\n{}",
            fake.sends(),
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What the voice reply worker recorded: it ends 'queued' or 'failed'.
fn settled_voice_reply(d: &Daemon) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let state: String = query(d.data_dir.path(), "SELECT state FROM voice_replies");
        if state != "pending" {
            let error: String = query(
                d.data_dir.path(),
                "SELECT coalesce(last_error, '') FROM voice_replies",
            );
            return (state, error);
        }
        assert!(
            Instant::now() < deadline,
            "voice reply still pending\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_voice_note_is_answered_in_text_and_then_with_the_same_words_spoken() {
    let fake = FakeGraph::start(TOKEN);
    let tmp = tempfile::tempdir().expect("tmp");
    let note = voice_note(tmp.path(), "es", "Hola, ¿a qué hora es el desayuno?");
    fake.add_media("9301", &note, "audio/ogg; codecs=opus");
    let d = start(&fake, &[]);
    post_voice_note(&d, "wamid.R1", "9301");
    wait_for(&d, &fake, "text and audio", |s| s.len() >= 2);

    let sends = fake.sends();
    let text = sends[0]["text"]["body"].as_str().unwrap_or_default();
    assert!(text.contains("7:30") && text.contains("desayuno"), "{text}");
    assert_eq!(sends[1]["type"], "audio", "{}", sends[1]);
    assert!(sends[1]["audio"].get("caption").is_none());
    let media_id = sends[1]["audio"]["id"].as_str().expect("audio by media id");

    let uploads = fake.uploads();
    assert_eq!(uploads.len(), 1, "{uploads:?}");
    assert_eq!(uploads[0]["messaging_product"], "whatsapp");
    assert_eq!(uploads[0]["type"], "audio/ogg; codecs=opus");
    assert_eq!(uploads[0]["file_content_type"], "audio/ogg; codecs=opus");
    let (bytes, _) = fake.media(media_id).expect("the uploaded file");
    assert!(bytes.starts_with(b"OggS"), "an Ogg stream");
    assert!(
        bytes.len() <= 512 * 1024,
        "{} bytes: too big for a voice note",
        bytes.len()
    );

    // The spoken reply says what the text says: heard back by Whisper.
    let spoken = tmp.path().join("reply.ogg");
    std::fs::write(&spoken, &bytes).expect("write reply");
    let out = Command::new(conserje_bin())
        .arg("transcribe")
        .arg(&spoken)
        .env("CONSERJE__SPEECH__MODEL", base_model())
        .env("CONSERJE__SPEECH__TIMEOUT_SECS", "600")
        .env_remove("RUST_LOG")
        .output()
        .expect("conserje transcribe");
    let heard: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    // espeak-ng's robotic Spanish costs words ("desayuno" came back as
    // "mes ayuno" once): at least two of the reply's key words must survive.
    let heard_text = heard["text"].as_str().unwrap_or_default().to_lowercase();
    let kept = ["desayuno", "incluid", "tarifa", "planta baja", "gluten"]
        .iter()
        .filter(|w| heard_text.contains(*w))
        .count();
    assert!(
        kept >= 2,
        "{heard} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(heard["language"], "es");

    let (state, error) = settled_voice_reply(&d);
    assert_eq!((state.as_str(), error.as_str()), ("queued", ""));
    let sent: i64 = query(
        d.data_dir.path(),
        "SELECT count(*) FROM outbox WHERE state = 'sent'",
    );
    assert_eq!(sent, 2);
    // Nothing more goes out: one text, one audio, one upload.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(fake.sends().len(), 2);
    assert_eq!(fake.uploads().len(), 1);
}

#[test]
fn without_espeak_ng_the_guest_gets_the_text_reply_alone() {
    let fake = FakeGraph::start(TOKEN);
    let tmp = tempfile::tempdir().expect("tmp");
    let note = voice_note(tmp.path(), "es", "Hola, ¿a qué hora es el desayuno?");
    fake.add_media("9302", &note, "audio/ogg; codecs=opus");
    // No program can be found: the synthesiser cannot start.
    let empty = tempfile::tempdir().expect("empty PATH dir");
    let path = empty.path().display().to_string();
    let d = start(&fake, &[("PATH", path.as_str())]);
    post_voice_note(&d, "wamid.R2", "9302");
    wait_for(&d, &fake, "text reply", |s| !s.is_empty());
    let (state, error) = settled_voice_reply(&d);
    assert_eq!(state, "failed");
    assert!(error.contains("espeak-ng"), "{error}");
    assert!(
        d.log_text().contains("voice reply not sent"),
        "the reason is logged\n{}",
        d.log_text()
    );
    let text = fake.sends()[0]["text"]["body"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.contains("desayuno"), "{text}");
    assert_eq!(fake.sends().len(), 1);
    assert!(fake.uploads().is_empty());
}
