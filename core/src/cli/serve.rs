//! `conserje serve`: the daemon.

use super::Cli;
use crate::app::App;
use crate::config;
use crate::http::{Mode, shutdown_signal};
use anyhow::Context;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Demo mode: the built-in demo hotel and simulated guests, no credentials needed.
    #[arg(long)]
    pub demo: bool,
    /// When both listeners answer, write {"public","admin","pid"} as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let overrides = config::Overrides {
        demo: args.demo,
        ..cli.overrides()
    };
    let loaded = config::load(cli.config.as_deref(), &overrides)?;
    let settings = loaded.settings;
    crate::telemetry::init(&settings.log);
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    if let Some(file) = &loaded.file {
        tracing::info!(file = %file.display(), "configuration loaded");
    }
    if let Some(file) = &loaded.managed {
        tracing::info!(file = %file.display(), "settings changed in the dashboard loaded");
    }
    let mode = if args.demo {
        Mode::Demo
    } else {
        Mode::Production
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let app = App::build(settings, mode).await?;
        let (public, admin) = (app.public_addr(), app.admin_addr());
        let ready_file = args.ready_file.clone();
        let serving = tokio::spawn(app.run_until_stopped(shutdown_signal()));
        wait_until_answering(public, admin).await?;
        tracing::info!(%public, %admin, pid = std::process::id(), "conserje is ready");
        if let Some(file) = ready_file {
            write_ready_file(&file, public, admin)?;
        }
        serving.await.context("server task failed")??;
        Ok(ExitCode::SUCCESS)
    })
}

/// "Ready" means both listeners really answer HTTP, not merely that they are bound.
async fn wait_until_answering(public: SocketAddr, admin: SocketAddr) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()?;
    for addr in [public, admin] {
        let url = format!("http://{}/health/live", loopback_for(addr));
        let mut last = None;
        for _ in 0..50 {
            match client.get(&url).send().await {
                Ok(r) if r.status().is_success() => {
                    last = None;
                    break;
                }
                Ok(r) => last = Some(format!("status {}", r.status())),
                Err(e) => last = Some(e.to_string()),
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if let Some(why) = last {
            anyhow::bail!("listener {addr} does not answer its own health probe: {why}");
        }
    }
    Ok(())
}

/// A wildcard bind (0.0.0.0 / ::) is reached locally through loopback.
pub fn loopback_for(addr: SocketAddr) -> SocketAddr {
    let mut a = addr;
    if a.ip().is_unspecified() {
        a.set_ip(if a.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    a
}

/// Written to a temporary file and renamed, so a reader never sees half of it.
fn write_ready_file(path: &Path, public: SocketAddr, admin: SocketAddr) -> anyhow::Result<()> {
    let body = serde_json::json!({
        "public": public.to_string(),
        "admin": admin.to_string(),
        "pid": std::process::id(),
    });
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, body.to_string())
        .with_context(|| format!("cannot write ready file {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot write ready file {}", path.display()))?;
    Ok(())
}
