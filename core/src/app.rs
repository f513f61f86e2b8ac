//! Composition root: open storage, register health checks and metrics, bind
//! both listeners, then run until told to stop.

use crate::adapters::sqlite::{self, DatabaseCheck};
use crate::config::Settings;
use crate::http::{AppState, Mode, admin_router, public_router, serve_with_drain};
use crate::ports::health::HealthRegistry;
use crate::telemetry::Metrics;
use crate::workers::WhatsAppChannel;
use anyhow::Context;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

mod admin;
pub mod desk;
pub mod pms;
pub mod receptionist;
mod speech;

/// How often readiness is checked for `health_changed` events.
const HEALTH_WATCH_EVERY: Duration = Duration::from_secs(15);

pub struct App {
    state: AppState,
    whatsapp: WhatsAppChannel,
    public: TcpListener,
    admin: TcpListener,
    extra_public: Option<Router>,
}

impl App {
    /// Everything that can fail at start fails here, before any listener serves.
    pub async fn build(settings: Settings, mode: Mode) -> anyhow::Result<Self> {
        let db = sqlite::open(&settings.storage).await?;
        sqlite::migrate(&db).await?;
        let install_id = sqlite::ensure_instance(&db, &chrono::Utc::now().to_rfc3339())
            .await
            .context("cannot record this installation in the database")?;

        let mut health = HealthRegistry::new(Duration::from_secs(2));
        health.register(Arc::new(DatabaseCheck(db.clone())));
        let metrics = Arc::new(Metrics::new());
        let pms = pms::build_pms(&settings, mode, &db, &mut health, &metrics).await?;
        let locks = pms::build_locks(&settings).await?;
        let desk = Arc::new(desk::Desk::build(&settings, &db).await?);
        let alerts = Arc::new(crate::events::LateAlerts::default());
        let engine = receptionist::build_engine(
            &settings,
            mode,
            &db,
            pms.clone(),
            locks.clone(),
            &desk,
            alerts.clone(),
        )
        .await?;
        let mut whatsapp = WhatsAppChannel::build(&settings, mode, db.clone(), engine)?;
        alerts.connect(whatsapp.events.clone());
        health.register(whatsapp.health.clone());
        let auth = admin::build_auth(&settings, &db).await?;
        let transcriber = speech::attach(&settings, &mut whatsapp, &mut health);

        let public = bind(settings.server.public_addr, "server.public_addr").await?;
        let admin = bind(settings.server.admin_addr, "server.admin_addr").await?;
        tracing::info!(
            %install_id,
            ?mode,
            data_dir = %settings.storage.resolved_data_dir().display(),
            "storage ready"
        );
        Ok(Self {
            state: AppState {
                settings: Arc::new(settings),
                mode,
                db,
                health: Arc::new(health),
                metrics,
                pms,
                locks,
                auth,
                transcriber,
                desk,
                events: whatsapp.events.clone(),
            },
            whatsapp,
            public,
            admin,
            extra_public: None,
        })
    }

    pub fn public_addr(&self) -> SocketAddr {
        self.public
            .local_addr()
            .unwrap_or_else(|_| self.state.settings.server.public_addr)
    }

    pub fn admin_addr(&self) -> SocketAddr {
        self.admin
            .local_addr()
            .unwrap_or_else(|_| self.state.settings.server.admin_addr)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Extra routes on the public listener, behind the same middleware. Test
    /// fixtures use it to add a deliberately slow route for shutdown tests.
    pub fn with_public_routes(mut self, routes: Router) -> Self {
        self.extra_public = Some(routes);
        self
    }

    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let drain = Duration::from_secs(self.state.settings.server.drain_timeout_secs);
        let public_routes = crate::http::webhooks::router(self.whatsapp.webhook.clone())
            .merge(self.extra_public.unwrap_or_default());
        let public = public_router(self.state.clone(), public_routes);
        let admin = admin_router(self.state.clone());
        let (stop_workers, stop) = tokio::sync::watch::channel(false);
        let health_stop = stop.clone();
        let mut workers = self.whatsapp.start(stop);
        workers.spawn(crate::events::watch_health(
            self.state.health.clone(),
            self.state.events.clone(),
            HEALTH_WATCH_EVERY,
            health_stop,
        ));
        serve_with_drain(
            vec![(self.public, public), (self.admin, admin)],
            shutdown,
            drain,
        )
        .await?;
        let _ = stop_workers.send(true);
        let finished = tokio::time::timeout(drain, async {
            while workers.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                "workers still busy after the drain time; their rows will be redone at next start"
            );
            workers.abort_all();
        }
        self.state.db.close().await;
        Ok(())
    }
}

async fn bind(addr: SocketAddr, key: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.with_context(|| {
        format!(
            "cannot listen on {addr} ({key}): the port may be in use by another program \
             or need privileges; choose another with {key} or CONSERJE__{}",
            key.to_uppercase().replace('.', "__")
        )
    })
}
