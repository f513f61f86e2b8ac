//! `conserje transcribe FILE`: one audio file through the same decoding,
//! resampling and whisper settings the daemon uses; prints JSON.
//! `conserje transcribe --mic [--seconds N]`: the same for a recording from
//! the default microphone (push-to-talk: Enter stops it).

use super::Cli;
use clap::Args;
use conserje_speech::audio::{self, Limits, Pcm16k};
use conserje_speech::capture::Recorder;
use conserje_speech::whisper::{Engine, JobOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// Audio file: Ogg/Opus (WhatsApp voice notes), AAC/MP4, MP3, WAV, Ogg/Vorbis.
    #[arg(value_name = "FILE", required_unless_present = "mic")]
    pub file: Option<PathBuf>,
    /// Record from the default input device instead (Enter stops, or --seconds).
    #[arg(long, conflicts_with = "file")]
    pub mic: bool,
    /// With --mic: record this many seconds instead of waiting for Enter.
    #[arg(long, requires = "mic", value_name = "N")]
    pub seconds: Option<f64>,
    /// Language (es, en, pt, …); default: speech.language, else detected.
    #[arg(long = "lang", value_name = "xx")]
    pub lang: Option<String>,
    /// Model name or path; default: speech.model.
    #[arg(long)]
    pub model: Option<String>,
    /// Whisper's encoder window: clip (sized to the audio) or full (30 s);
    /// default: speech.window.
    #[arg(long, value_enum)]
    pub window: Option<crate::config::SpeechWindow>,
}

#[derive(serde::Serialize)]
struct Output {
    text: String,
    language: Option<String>,
    duration_s: f64,
    processing_s: f64,
    confidence: f32,
    format: &'static str,
    model: String,
}

pub fn run(cli: &Cli, args: &TranscribeArgs) -> anyhow::Result<ExitCode> {
    let settings = super::load_settings(cli)?;
    let s = &settings.speech;
    let limits = Limits {
        max_bytes: s.max_bytes,
        max_seconds: s.max_duration_secs as f64,
    };
    // The microphone opens first: a machine without one fails at once, and
    // the model loads while the staff member speaks.
    let recorder = if args.mic {
        Some(start_recording(args, limits)?)
    } else {
        None
    };
    let model = args.model.clone().unwrap_or_else(|| s.model.clone());
    let path =
        crate::adapters::whisper::resolve_model(&model, &settings.storage.resolved_data_dir());
    let mut engine = Engine::load(&path, s.threads).map_err(|e| {
        anyhow::anyhow!("{e}; install the model with scripts/setup.sh or `conserje models import`")
    })?;
    let (pcm, started) = match (recorder, &args.file) {
        (Some(recorder), _) => {
            let pcm = stop_recording(recorder, args.seconds)?;
            (
                Pcm16k {
                    samples: pcm,
                    format: "microphone",
                },
                Instant::now(),
            )
        }
        (None, Some(file)) => {
            let bytes = std::fs::read(file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let started = Instant::now();
            let pcm = audio::decode(&bytes, limits)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            (pcm, started)
        }
        (None, None) => anyhow::bail!("give an audio FILE or --mic"),
    };
    let options = JobOptions {
        language: args
            .lang
            .clone()
            .or_else(|| s.language.code().map(str::to_string)),
        candidates: crate::adapters::whisper::detectable(),
        window: args.window.unwrap_or(s.window).whisper(),
        timeout: Some(s.timeout()),
    };
    let t = engine.transcribe(&pcm.samples, &options)?;
    let out = Output {
        text: t.text,
        language: t.language,
        duration_s: pcm.seconds(),
        processing_s: started.elapsed().as_secs_f64(),
        confidence: t.confidence,
        format: pcm.format,
        model,
    };
    println!("{}", serde_json::to_string(&out)?);
    Ok(ExitCode::SUCCESS)
}

fn start_recording(args: &TranscribeArgs, limits: Limits) -> anyhow::Result<Recorder> {
    let max = args.seconds.unwrap_or(limits.max_seconds);
    if !(max.is_finite() && max > 0.0 && max <= limits.max_seconds) {
        anyhow::bail!(
            "--seconds {max}: give a number of seconds above 0 and at most {} (speech.max_duration_secs)",
            limits.max_seconds
        );
    }
    let recorder = Recorder::start(max).map_err(|e| anyhow::anyhow!("cannot record: {e}"))?;
    match args.seconds {
        Some(n) => eprintln!("recording {n} s from {}…", recorder.device()),
        None => eprintln!("recording from {}; press Enter to stop…", recorder.device()),
    }
    Ok(recorder)
}

fn stop_recording(recorder: Recorder, seconds: Option<f64>) -> anyhow::Result<Vec<f32>> {
    match seconds {
        Some(n) => std::thread::sleep(std::time::Duration::from_secs_f64(n)),
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
        }
    }
    recorder
        .stop()
        .map_err(|e| anyhow::anyhow!("cannot record: {e}"))
}
