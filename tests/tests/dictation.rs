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

/// A daemon with the base model loaded and a 600 s speech deadline, plus
/// `env`.
fn start_with_model(env: &[(&str, &str)]) -> (Daemon, String) {
    let model = base_model().display().to_string();
    let mut all = vec![
        ("CONSERJE__SPEECH__ENABLED", "true"),
        ("CONSERJE__SPEECH__MODEL", model.as_str()),
        ("CONSERJE__SPEECH__TIMEOUT_SECS", "600"),
    ];
    all.extend_from_slice(env);
    start(&all)
}

fn dictate(d: &Daemon, token: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    // The blocking client gives up after 30 s by default; whisper on a
    // loaded 2-core machine can take longer (the daemon's own deadline,
    // speech.timeout_secs, is what bounds it).
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .build()
        .expect("http client");
    let mut req = client
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
    let (d, token) = start_with_model(&[
        // The listener's own deadline (30 s) would answer 408 before whisper
        // finishes on a loaded 2-core machine.
        ("CONSERJE__SERVER__REQUEST_TIMEOUT_SECS", "600"),
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
        // Just over speech.max_bytes, well under the listener's 3 MiB: the
        // server reads it all and answers with the speech limit.
        (
            "too large",
            "audio/ogg",
            vec![0x4f; 400_001],
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
        if what == "too large" {
            assert!(
                body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("speech.max_bytes")),
                "{body}"
            );
        }
    }

    // Over the admin listener's body limit (3 MiB): refused from the
    // declared length alone, before a byte of the body is sent.
    let (status, answer) = declare_only(&d, &token, 3 * 1024 * 1024 + 1);
    assert_eq!(status, 413, "{answer}");
}

/// A recording that takes whisper longer than the request may last is
/// stopped before the listener's deadline and answered with why, not left to
/// the listener's bare 408 while the speech thread works on for nobody.
#[test]
fn a_dictation_longer_than_the_request_allows_is_stopped_and_named() {
    let (d, token) = start_with_model(&[("CONSERJE__SERVER__REQUEST_TIMEOUT_SECS", "3")]);
    let tmp = tempfile::tempdir().expect("tmp");
    // About 25 s of speech: several seconds of whisper on this machine.
    let said = "Room twelve needs two extra towels and a late checkout tomorrow. \
                The guests in fourteen asked for a taxi to the airport at six in the morning, \
                and the family in twenty would like a baby cot and breakfast in the room. \
                Please also check the heating in the suite on the third floor.";
    let (status, body) = dictate(
        &d,
        Some(&token),
        "audio/ogg; codecs=opus",
        voice_note(tmp.path(), "en", said),
    );
    // Not the listener's 408: the handler answered before it, saying why.
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("speech_timeout")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("server.request_timeout_secs")),
        "{body}"
    );
}

/// Sends only the request head of a dictation declaring `length` bytes of
/// body, and reads the answer: how a refusal by declared length is seen
/// without racing the server's close against an unfinished upload.
fn declare_only(d: &Daemon, token: &str, length: usize) -> (u16, String) {
    let addr = d.admin.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the admin listener");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("read timeout");
    write!(
        stream,
        "POST /api/dictation HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: audio/ogg\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request head");
    // The status line is all the test needs: stop at the end of the head.
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match std::io::Read::read(&mut stream, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let answer = String::from_utf8_lossy(&head).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
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
