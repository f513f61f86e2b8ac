//! Speech benchmark: real-time factor per model, the whole pipeline (decode +
//! resample + transcribe from the Ogg/Opus bytes) against raw whisper-rs on
//! the same 16 kHz samples, the accuracy and speed of `audio_ctx` sized to the
//! clip, and the daemon's RSS with the base model loaded, before and after
//! two staff dictations of the Spanish clip (timed end to end over HTTP).
//!
//!   speech <models dir> <conserje binary> [runs]   (SPEECH_BENCH_CLIPS=es,en picks clips)
//!
//! Voice notes are synthesised with espeak-ng and encoded with opusenc.

use conserje_bench::median;
use conserje_e2e::speech::{voice_note, wer};
use conserje_speech::audio::{self, Limits};
use conserje_speech::whisper::{Engine, JobOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

const EN: &str = "Hello, good morning. I would like to book a double room for two nights, \
arriving on the twelfth of December. Is breakfast included in the price, and do you have parking?";
const ES: &str = "Hola, buenos días. Quisiera reservar una habitación doble para dos noches, \
llegando el doce de diciembre. ¿El desayuno está incluido en el precio y tienen estacionamiento?";

/// Voice notes as guests send them: two long ones (the RTF rows), and short
/// and medium ones in other voices and Portuguese, where a window sized to
/// the clip is most likely to change what is heard.
/// (language, espeak-ng voice, text)
const MORE: &[(&str, &str, &str)] = &[
    ("es", "es", "Hola, ¿a qué hora es el desayuno?"),
    ("es", "es-419+f3", "Hola, ¿a qué hora es el desayuno?"),
    ("en", "en-us+m3", "Hi, can I bring my dog to the hotel?"),
    (
        "es",
        "es-419",
        "Buenas, quería saber si tienen lugar para el fin de semana largo. Somos cuatro, \
         dos adultos y dos chicos.",
    ),
    (
        "pt",
        "pt-br",
        "Olá, boa tarde. Vocês têm um quarto para duas pessoas no próximo fim de semana? \
         Quanto custa a diária?",
    ),
    ("pt", "pt-br+f2", "Qual é a senha do wifi?"),
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let models = PathBuf::from(
        args.get(1)
            .map_or("/var/lib/conserje/models", String::as_str),
    );
    let bin = args.get(2).map(PathBuf::from);
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    let tmp = tempfile::tempdir()?;
    let en = voice_note(tmp.path(), "en", EN);
    let es = voice_note(tmp.path(), "es", ES);
    let more: Vec<(String, Vec<u8>, &str)> = MORE
        .iter()
        .map(|(lang, voice, said)| {
            (
                format!("{lang} ({voice})"),
                voice_note(tmp.path(), voice, said),
                *said,
            )
        })
        .collect();
    println!(
        "| model | clip | language | encoder window | audio s | raw whisper-rs s | pipeline s | pipeline/raw | (raw + decode)/raw | RTF | WER |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let long = |with_es: bool| {
        let mut clips = vec![("en".to_string(), &en, EN)];
        if with_es {
            clips.push(("es".to_string(), &es, ES));
        }
        clips
    };
    let mut base = long(true);
    base.extend(
        more.iter()
            .map(|(name, bytes, said)| (name.clone(), bytes, *said)),
    );
    for (model, clips) in [
        ("tiny.en", long(false)),
        ("base", base),
        ("base-q8_0", long(true)),
    ] {
        let path = models.join(format!("ggml-{model}.bin"));
        if !path.is_file() {
            println!("| {model} | (not installed: {}) |", path.display());
            continue;
        }
        // SPEECH_BENCH_CLIPS=es,pt picks clips by language.
        let only = std::env::var("SPEECH_BENCH_CLIPS").unwrap_or_default();
        for (name, bytes, said) in clips {
            let lang = &name[..2];
            if !only.is_empty() && !only.split(',').any(|c| c == lang) {
                continue;
            }
            row(model, &path, &name, bytes, said, runs)?;
        }
    }
    if let Some(bin) = bin {
        daemon_rss(&bin, &models.join("ggml-base.bin"), &es)?;
    }
    Ok(())
}

/// The clip's language given as a hint (as when the conversation's language
/// is known), or detected by Whisper (a first message): detection runs the
/// encoder once more.
#[derive(Clone, Copy)]
enum Language {
    Hint,
    Detect,
}

/// The encoder's window: Whisper's full 30 s, or sized to the clip.
#[derive(Clone, Copy)]
enum Window {
    Full,
    Clip,
    /// A fixed window, to see whether short notes want more than the clip's.
    Frames(i32),
}

fn row(
    model: &str,
    path: &Path,
    name: &str,
    bytes: &[u8],
    said: &str,
    runs: usize,
) -> anyhow::Result<()> {
    let lang = &name[..2];
    let pcm = audio::decode(bytes, Limits::default())?;
    let seconds = pcm.seconds();
    // What the pipeline adds to raw whisper-rs is decoding and resampling;
    // timed alone over many runs it gives a ratio that does not swing with
    // whisper's own run-to-run spread (the pipeline/raw column does).
    let decode_s = median(
        (0..21)
            .map(|_| {
                let started = Instant::now();
                let _ = std::hint::black_box(audio::decode(bytes, Limits::default()));
                started.elapsed().as_secs_f64()
            })
            .collect(),
    );
    let mut engine = Engine::load(path, 2)?;
    let ctx = WhisperContext::new_with_params(path, WhisperContextParameters::default())?;
    // Raw: whisper-rs alone, one state reused, on samples decoded beforehand.
    let mut state = ctx.create_state()?;
    // An English-only model has no language to detect.
    let languages = if engine.multilingual() {
        vec![Language::Hint, Language::Detect]
    } else {
        vec![Language::Hint]
    };
    for language in languages {
        let mut windows = vec![Window::Full, Window::Clip];
        if seconds < 10.0 {
            windows.extend([Window::Frames(750), Window::Frames(1000)]);
        }
        for window in windows {
            let hint = match language {
                Language::Hint if engine.multilingual() => Some(lang.to_string()),
                _ => None,
            };
            let audio_ctx = match window {
                Window::Full => 1500,
                Window::Clip => conserje_speech::whisper::clip_audio_ctx(seconds),
                Window::Frames(n) => n,
            };
            let mut raw = Vec::new();
            for _ in 0..=runs {
                let started = Instant::now();
                let mut p = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
                p.set_n_threads(2);
                let code = hint.clone().unwrap_or_else(|| {
                    if ctx.is_multilingual() { "auto" } else { "en" }.to_string()
                });
                p.set_language(Some(&code));
                p.set_print_progress(false);
                p.set_print_realtime(false);
                p.set_no_context(true);
                p.set_suppress_blank(true);
                p.set_audio_ctx(audio_ctx);
                state.full(p, &pcm.samples)?;
                let _text: String = state.as_iter().map(|s| s.to_string()).collect();
                raw.push(started.elapsed().as_secs_f64());
            }
            raw.remove(0); // warm-up
            let mut piped = Vec::new();
            let mut text = String::new();
            let mut heard = None;
            for _ in 0..=runs {
                let started = Instant::now();
                let pcm = audio::decode(bytes, Limits::default())?;
                let opts = JobOptions {
                    language: hint.clone(),
                    // The daemon detects among the languages it answers in.
                    candidates: ["es", "en", "pt"].map(String::from).to_vec(),
                    // As the daemon runs: detection in the first 5 s with
                    // the clip's window (whisper.cpp's own detection, in the
                    // raw column, uses the transcription's window).
                    window: match window {
                        Window::Clip => conserje_speech::whisper::Window::Clip,
                        _ => conserje_speech::whisper::Window::Frames(audio_ctx),
                    },
                    ..JobOptions::default()
                };
                let t = engine.transcribe(&pcm.samples, &opts)?;
                piped.push(started.elapsed().as_secs_f64());
                text = t.text;
                heard = t.language;
            }
            piped.remove(0);
            let (raw, piped) = (median(raw), median(piped));
            println!(
                "| {model} | {name} espeak | {} | {} | {seconds:.1} | {raw:.2} | {piped:.2} | {:.3} | {:.3} | {:.2} | {:.2} |",
                match language {
                    Language::Hint => "given".to_string(),
                    Language::Detect => format!("detected: {}", heard.as_deref().unwrap_or("?")),
                },
                match window {
                    Window::Clip => format!("clip ({audio_ctx} frames)"),
                    Window::Frames(n) => format!("{n} frames"),
                    Window::Full => "30 s".to_string(),
                },
                piped / raw,
                (raw + decode_s) / raw,
                piped / seconds,
                wer(said, &text),
            );
            eprintln!(
                "{model}/{name}/{}/{audio_ctx}: {text}",
                match language {
                    Language::Hint => "given",
                    Language::Detect => "detected",
                }
            );
        }
    }
    Ok(())
}

/// RSS of `conserje serve --demo` with speech on: after ready (model
/// loaded), then after one staff dictation of `clip` (`POST /api/dictation`,
/// timed end to end over HTTP), with the peak (`VmHWM`).
fn daemon_rss(bin: &Path, model: &Path, clip: &[u8]) -> anyhow::Result<()> {
    const PASSWORD: &str = "violet tram 42 lantern";
    let dir = tempfile::tempdir()?;
    let mut add = std::process::Command::new(bin)
        .args(["users", "add", "--role", "frontdesk", "bench", "--data-dir"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = add.stdin.take() {
        std::io::Write::write_all(&mut stdin, format!("{PASSWORD}\n").as_bytes())?;
    }
    anyhow::ensure!(add.wait()?.success(), "conserje users add failed");
    let model = model.display().to_string();
    let d = conserje_e2e::Daemon::start_in(
        bin,
        dir,
        &[
            ("CONSERJE__SPEECH__ENABLED", "true"),
            ("CONSERJE__SPEECH__MODEL", model.as_str()),
            ("CONSERJE__SPEECH__TIMEOUT_SECS", "600"),
            ("CONSERJE__SERVER__REQUEST_TIMEOUT_SECS", "600"),
        ],
    );
    std::thread::sleep(std::time::Duration::from_secs(1));
    let memory = |pid: u32| -> anyhow::Result<String> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map_or("?".to_string(), |l| l[name.len()..].trim().to_string())
        };
        Ok(format!(
            "VmRSS {} (peak VmHWM {})",
            field("VmRSS:"),
            field("VmHWM:")
        ))
    };
    println!(
        "\ndaemon with the base model loaded, 1 s after ready: {}",
        memory(d.pid())?
    );
    let http = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .build()?;
    let login: serde_json::Value = http
        .post(format!("{}/api/auth/login", d.admin))
        .json(&serde_json::json!({"username": "bench", "password": PASSWORD}))
        .send()?
        .json()?;
    let token = login["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for run in 1..=2 {
        let started = Instant::now();
        let answer: serde_json::Value = http
            .post(format!("{}/api/dictation", d.admin))
            .bearer_auth(&token)
            .header("content-type", "audio/ogg")
            .body(clip.to_vec())
            .send()?
            .json()?;
        println!(
            "dictation {run} over HTTP: {:.2} s end to end for {:.1} s of audio ({:?}); after it: {}",
            started.elapsed().as_secs_f64(),
            answer["duration_s"].as_f64().unwrap_or(0.0),
            answer["text"].as_str().unwrap_or("(no text)"),
            memory(d.pid())?
        );
    }
    Ok(())
}
