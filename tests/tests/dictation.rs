//! Staff dictation on the real binary: `POST /api/dictation` with a recording
//! made at test time (espeak-ng, Ogg/Opus and WAV), the real base model, a
//! front-desk account created offline, and each refusal's status and code.

use conserje_e2e::speech::{base_model, silence_note, voice_note, wer};
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PASSWORD: &str = "violet tram 42 lantern";

fn add_frontdesk_user(dir: &Path) {
    let mut child = Command::new(conserje_bin())
        .args(["users", "add", "--role", "frontdesk", "ana", "--data-dir"])
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn conserje users add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("password");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn start(env: &[(&str, &str)]) -> (Daemon, String) {
    let dir = tempfile::tempdir().expect("tmp");
    add_frontdesk_user(dir.path());
    let d = Daemon::start_in(&conserje_bin(), dir, env);
    let pair: Value = reqwest::blocking::Client::new()
        .post(format!("{}/api/auth/login", d.admin))
        .json(&json!({"username": "ana", "password": PASSWORD}))
        .send()
        .expect("login")
        .json()
        .expect("login json");
    let token = pair["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no access token: {pair}"))
        .to_string();
    (d, token)
}

fn dictate(d: &Daemon, token: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let mut req = reqwest::blocking::Client::new()
        .post(format!("{}/api/dictation", d.admin))
        .header("content-type", content_type)
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().expect("post dictation");
    let status = res.status().as_u16();
    (status, res.json().unwrap_or(Value::Null))
}

fn wav_of(dir: &Path, text: &str) -> Vec<u8> {
    let wav = dir.join("dictated.wav");
    let out = Command::new("espeak-ng")
        .args(["-v", "en", "-s", "150", "-w"])
        .arg(&wav)
        .arg(text)
        .output()
        .expect("espeak-ng (scripts/setup.sh installs it)");
    assert!(out.status.success());
    std::fs::read(&wav).expect("wav")
}

#[test]
fn staff_dictation_transcribes_ogg_and_wav_and_refuses_each_bad_recording_with_its_code() {
    let model = base_model().display().to_string();
    let (d, token) = start(&[
        ("CONSERJE__SPEECH__ENABLED", "true"),
        ("CONSERJE__SPEECH__MODEL", model.as_str()),
        ("CONSERJE__SPEECH__TIMEOUT_SECS", "600"),
        ("CONSERJE__SPEECH__MAX_BYTES", "400000"),
        ("CONSERJE__SPEECH__MAX_DURATION_SECS", "20"),
    ]);
    let tmp = tempfile::tempdir().expect("tmp");
    let said = "Room twelve needs two extra towels and a late checkout tomorrow.";

    let (status, body) = dictate(
        &d,
        Some(&token),
        "audio/ogg; codecs=opus",
        voice_note(tmp.path(), "en", said),
    );
    assert_eq!(status, 200, "{body}");
    let text = body["text"].as_str().expect("text");
    assert!(text.to_lowercase().contains("towels"), "{text}");
    assert!(wer(said, text) < 0.4, "{text}");
    assert_eq!(body["language"], "en");
    let duration = body["duration_s"].as_f64().expect("duration_s");
    assert!((2.0..8.0).contains(&duration), "{duration}");
    assert!(body["processing_s"].as_f64().expect("processing_s") > 0.0);

    let (status, body) = dictate(&d, Some(&token), "audio/wav", wav_of(tmp.path(), said));
    assert_eq!(status, 200, "{body}");
    assert!(
        body["text"]
            .as_str()
            .is_some_and(|t| t.to_lowercase().contains("towels")),
        "{body}"
    );

    let refusals: [(&str, &str, Vec<u8>, u16, &str); 7] = [
        (
            "anonymous",
            "audio/ogg",
            vec![1; 10],
            401,
            "unauthenticated",
        ),
        (
            "webm",
            "audio/webm",
            vec![1; 10],
            415,
            "unsupported_media_type",
        ),
        (
            "json",
            "application/json",
            b"{}".to_vec(),
            415,
            "unsupported_media_type",
        ),
        ("empty", "audio/ogg", Vec::new(), 422, "empty_audio"),
        (
            "not audio",
            "audio/wav",
            b"just words, no audio".repeat(20),
            422,
            "unsupported_audio",
        ),
        (
            "too large",
            "audio/ogg",
            vec![0x4f; 500_000],
            413,
            "too_large",
        ),
        (
            "too long",
            "audio/ogg",
            silence_note(tmp.path(), 25),
            413,
            "too_long",
        ),
    ];
    for (what, content_type, bytes, want_status, want_code) in refusals {
        let token = (what != "anonymous").then_some(token.as_str());
        let (status, body) = dictate(&d, token, content_type, bytes);
        assert_eq!(
            (status, body["code"].as_str()),
            (want_status, Some(want_code)),
            "{what}: {body}"
        );
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn dictation_without_a_loaded_model_is_503_naming_the_problem() {
    let (d, token) = start(&[
        ("CONSERJE__SPEECH__ENABLED", "true"),
        ("CONSERJE__SPEECH__MODEL", "/nonexistent/ggml-none.bin"),
    ]);
    let tmp = tempfile::tempdir().expect("tmp");
    let note = voice_note(tmp.path(), "en", "Hello");
    let (status, body) = dictate(&d, Some(&token), "audio/ogg", note.clone());
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "speech_unavailable");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("not loaded")),
        "{body}"
    );

    let (d, token) = start(&[("CONSERJE__SPEECH__ENABLED", "false")]);
    let (status, body) = dictate(&d, Some(&token), "audio/ogg", note);
    assert_eq!(status, 503, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("speech.enabled")),
        "{body}"
    );
}
