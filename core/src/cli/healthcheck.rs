//! `conserje healthcheck`: for IT, monitoring and service managers.

use super::serve::loopback_for;
use super::{Cli, block_on};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// Base URL of the instance (default: the configured public listener).
    #[arg(long)]
    pub url: Option<String>,
    /// Seconds to wait for an answer.
    #[arg(long, default_value_t = 5)]
    pub timeout: u64,
}

pub fn run(cli: &Cli, args: &HealthcheckArgs) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    let base = match &args.url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let settings = super::load_settings(cli)?;
            format!("http://{}", loopback_for(settings.server.public_addr))
        }
    };
    let url = format!("{base}/health/ready");
    let timeout = Duration::from_secs(args.timeout);
    block_on(async move {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .no_proxy()
            .build()?;
        match client.get(&url).send().await {
            Ok(resp) => {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                println!("{body}");
                if status.is_success() {
                    Ok(ExitCode::SUCCESS)
                } else {
                    eprintln!("not ready: {url} answered {status}");
                    Ok(ExitCode::FAILURE)
                }
            }
            Err(e) => {
                eprintln!("not running: cannot reach {url}: {e}");
                Ok(ExitCode::FAILURE)
            }
        }
    })?
}
