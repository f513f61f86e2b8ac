//! Running listeners until a shutdown signal, then draining in-flight requests
//! for at most the configured time.

use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("listener {addr} stopped unexpectedly: {source}")]
    Listener {
        addr: String,
        source: std::io::Error,
    },
}

/// Serves every `(listener, router)` pair until `shutdown` completes; then stops
/// accepting, lets requests in flight finish, and gives up on them after `drain`.
pub async fn serve_with_drain(
    listeners: Vec<(TcpListener, Router)>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> Result<(), ServeError> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut servers = JoinSet::new();
    for (listener, router) in listeners {
        let addr = listener
            .local_addr()
            .map_or_else(|_| "?".to_string(), |a| a.to_string());
        let mut rx = stop_rx.clone();
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        servers.spawn(async move {
            axum::serve(listener, service)
                .with_graceful_shutdown(async move {
                    let _ = rx.wait_for(|stop| *stop).await;
                })
                .await
                .map_err(|source| ServeError::Listener { addr, source })
        });
    }

    tokio::select! {
        () = shutdown => {
            tracing::info!(drain_secs = drain.as_secs(), "shutting down: draining requests in flight");
        }
        Some(result) = servers.join_next() => {
            // A listener only ends on its own when it failed.
            let _ = stop_tx.send(true);
            return match result {
                Ok(Err(e)) => Err(e),
                _ => Ok(()),
            };
        }
    }
    let _ = stop_tx.send(true);

    let drained = tokio::time::timeout(drain, async {
        while let Some(result) = servers.join_next().await {
            if let Ok(Err(e)) = result {
                tracing::warn!(error = %e, "listener error while draining");
            }
        }
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            drain_secs = drain.as_secs(),
            "drain time over: closing the connections still open"
        );
        servers.abort_all();
    } else {
        tracing::info!("all requests finished; stopped cleanly");
    }
    Ok(())
}

/// Ctrl-C everywhere, SIGTERM on Unix (what systemd and `kill` send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the daemon");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
