//! `conserje transcribe FILE`: one audio file through the same decoding,
//! resampling and whisper settings the daemon uses; prints JSON.

use super::Cli;
use clap::Args;
use conserje_speech::audio::{self, Limits};
use conserje_speech::whisper::{Engine, JobOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// Audio file: Ogg/Opus (WhatsApp voice notes), AAC/MP4, MP3, WAV, Ogg/Vorbis.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Language (es, en, pt, …); default: speech.language, else detected.
    #[arg(long = "lang", value_name = "xx")]
    pub lang: Option<String>,
    /// Model name or path; default: speech.model.
    #[arg(long)]
    pub model: Option<String>,
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
    let model = args.model.clone().unwrap_or_else(|| s.model.clone());
    let path =
        crate::adapters::whisper::resolve_model(&model, &settings.storage.resolved_data_dir());
    let engine = Engine::load(&path, s.threads).map_err(|e| {
        anyhow::anyhow!("{e}; install the model with scripts/setup.sh or `conserje models import`")
    })?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let started = Instant::now();
    let limits = Limits {
        max_bytes: s.max_bytes,
        max_seconds: s.max_duration_secs as f64,
    };
    let pcm = audio::decode(&bytes, limits)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let options = JobOptions {
        language: args
            .lang
            .clone()
            .or_else(|| s.language.code().map(str::to_string)),
        audio_ctx: None,
        timeout: Some(std::time::Duration::from_secs(s.timeout_secs)),
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
