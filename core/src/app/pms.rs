//! Composing the PMS and room holds from settings: demo mode always runs on
//! the built-in PMS; otherwise `pms.kind` decides.

use crate::adapters::demo_pms::{DemoPms, DemoPmsCheck};
use crate::adapters::locks::{InProcessLocks, RedisLocks};
use crate::adapters::pms_resilience::{PmsMetrics, Policy, ResilientPms};
use crate::adapters::qloapps::{QloApps, QloAppsCheck, QloAppsConfig};
use crate::config::{PmsKind, Settings};
use crate::http::Mode;
use crate::ports::health::HealthRegistry;
use crate::ports::locks::Locks;
use crate::ports::monotonic::{MonotonicClock, SystemMonotonic};
use crate::ports::pms::Pms;
use crate::telemetry::Metrics;
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;

pub async fn build_pms(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    health: &mut HealthRegistry,
    metrics: &Metrics,
) -> anyhow::Result<Arc<dyn Pms>> {
    let p = &settings.pms;
    let policy = Policy {
        breaker_failures: p.breaker_failures,
        breaker_cooldown: Duration::from_secs(p.breaker_cooldown_secs),
        max_calls_per_sec: p.max_calls_per_sec,
        catalog_ttl: Duration::from_secs(p.catalog_cache_secs),
        quote_ttl: Duration::from_secs(p.quote_cache_secs),
    };
    let clock: Arc<dyn MonotonicClock> = Arc::new(SystemMonotonic);
    let pms_metrics = PmsMetrics::new(Some(metrics));
    let kind = if mode == Mode::Demo {
        PmsKind::Demo
    } else {
        settings.pms.kind
    };
    match kind {
        PmsKind::Demo => {
            let pms = DemoPms::open(db.clone())
                .await
                .context("cannot prepare the built-in PMS")?;
            health.register(Arc::new(DemoPmsCheck(pms.clone())));
            Ok(Arc::new(ResilientPms::new(
                pms,
                &policy,
                clock,
                pms_metrics,
            )))
        }
        PmsKind::Qloapps => {
            let q = &p.qloapps;
            let config = QloAppsConfig {
                url: q.url.clone(),
                api_key: q.api_key.clone(),
                hotel_id: q.hotel_id,
                timeout: Duration::from_millis(p.timeout_ms),
                catalog_ttl: policy.catalog_ttl,
            };
            let adapter = QloApps::new(&config, db.clone(), clock.clone())
                .map_err(|e| anyhow::anyhow!("pms.qloapps: {e}"))?;
            health.register(Arc::new(QloAppsCheck(adapter.clone())));
            tokio::spawn(check_permissions_at_start(adapter.clone(), q.url.clone()));
            Ok(Arc::new(ResilientPms::new(
                adapter,
                &policy,
                clock,
                pms_metrics,
            )))
        }
    }
}

pub async fn build_locks(settings: &Settings) -> anyhow::Result<Arc<dyn Locks>> {
    let url = settings.locks.redis_url.expose();
    if url.is_empty() {
        return Ok(Arc::new(InProcessLocks::default()));
    }
    let locks = RedisLocks::connect(url).await.context(
        "cannot reach Redis at locks.redis_url; start it, fix the URL, or leave it empty \
         to keep room holds in this process",
    )?;
    tracing::info!("room holds shared through Redis");
    Ok(Arc::new(locks))
}

/// The PMS may be down when we start; that is a readiness problem, not a
/// reason to refuse to start. Missing permissions get one clear log line.
async fn check_permissions_at_start(adapter: QloApps, url: String) {
    match adapter.permissions().await {
        Ok(r) if r.missing.is_empty() => {
            tracing::info!(%url, "QloApps webservice reachable, permissions complete")
        }
        Ok(r) => tracing::error!(
            %url,
            missing = %r.missing.join(", "),
            "the QloApps webservice key lacks permissions Conserje needs: tick them in \
             Advanced Parameters > Webservice for this key"
        ),
        Err(e) => {
            tracing::warn!(%url, error = %e, "QloApps not reachable at start; /health/ready reports it")
        }
    }
}

/// "Test connection" with the given PMS settings (saved or about to be): what
/// IT should read, and whether it worked. Nothing is booked or changed.
pub async fn test_connection(p: &crate::config::PmsSettings) -> Result<String, String> {
    match p.kind {
        PmsKind::Demo => Ok("the built-in demo PMS (no connection needed)".into()),
        PmsKind::Qloapps => {
            let q = &p.qloapps;
            if !q.api_key.is_set() {
                return Err("pms.qloapps.api_key is not set".into());
            }
            crate::adapters::qloapps::probe(
                &q.url,
                q.api_key.clone(),
                q.hotel_id,
                Duration::from_millis(p.timeout_ms),
            )
            .await
        }
    }
}
