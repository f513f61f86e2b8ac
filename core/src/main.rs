use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    conserje::cli::run(conserje::cli::Cli::parse())
}
