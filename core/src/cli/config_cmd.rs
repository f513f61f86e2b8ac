//! `conserje config default | check [FILE]`.

use super::Cli;
use crate::config::{self, DEFAULT_TOML};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the full, commented default configuration.
    Default,
    /// Load FILE (or the usual sources), validate it and print the result.
    Check {
        /// File to check (default: the one `serve` would use).
        file: Option<PathBuf>,
    },
}

pub fn run(cli: &Cli, cmd: &ConfigCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCommand::Default => {
            print!("{DEFAULT_TOML}");
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Check { file } => {
            let file = file.as_deref().or(cli.config.as_deref());
            match config::load(file, &cli.overrides()) {
                Ok(loaded) => {
                    for w in &loaded.warnings {
                        eprintln!("warning: {w}");
                    }
                    let source = loaded.file.as_ref().map_or_else(
                        || "defaults and environment".to_string(),
                        |f| f.display().to_string(),
                    );
                    println!("# configuration OK ({source}); effective values, secrets hidden:");
                    print!("{}", toml::to_string_pretty(&loaded.settings)?);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
