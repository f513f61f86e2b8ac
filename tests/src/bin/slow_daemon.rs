//! Test fixture: the real daemon (same library, same signal handling and
//! drain) plus one deliberately slow public route, `/test/slow?ms=N`. It is
//! never shipped; it exists so shutdown can be tested with a real SIGTERM
//! while a request is in flight.

use axum::Router;
use axum::extract::Query;
use axum::routing::get;
use fixture_args::parse;
use std::process::ExitCode;
use std::time::Duration;

mod fixture_args {
    /// The fixture accepts the same flags the test helper passes to `serve`.
    pub struct Args {
        pub ready_file: std::path::PathBuf,
        pub data_dir: std::path::PathBuf,
    }

    pub fn parse() -> Args {
        let args: Vec<String> = std::env::args().collect();
        let value = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .cloned()
                .unwrap_or_default()
        };
        Args {
            ready_file: value("--ready-file").into(),
            data_dir: value("--data-dir").into(),
        }
    }
}

#[derive(serde::Deserialize)]
struct Slow {
    ms: u64,
}

async fn slow(Query(q): Query<Slow>) -> String {
    tokio::time::sleep(Duration::from_millis(q.ms)).await;
    format!("slept {} ms", q.ms)
}

fn main() -> ExitCode {
    let args = parse();
    let overrides = conserje::config::Overrides {
        data_dir: Some(args.data_dir),
        ..Default::default()
    };
    let settings = match conserje::config::load(None, &overrides) {
        Ok(l) => l.settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    conserje::telemetry::init(&settings.log);
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(_) => return ExitCode::FAILURE,
    };
    let result: anyhow::Result<()> = rt.block_on(async {
        let app = conserje::app::App::build(settings, conserje::http::Mode::Demo)
            .await?
            .with_public_routes(Router::new().route("/test/slow", get(slow)));
        let info = serde_json::json!({
            "public": app.public_addr().to_string(),
            "admin": app.admin_addr().to_string(),
            "pid": std::process::id(),
        });
        std::fs::write(&args.ready_file, info.to_string())?;
        app.run_until_stopped(conserje::http::shutdown_signal())
            .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
