//! Composing the PMS and room holds from settings: demo mode always runs on
//! the built-in PMS; otherwise `pms.kind` decides.

use crate::adapters::demo_pms::{DemoPms, DemoPmsCheck};
use crate::adapters::locks::{InProcessLocks, RedisLocks};
use crate::config::{PmsKind, Settings};
use crate::http::Mode;
use crate::ports::health::HealthRegistry;
use crate::ports::locks::Locks;
use crate::ports::pms::Pms;
use crate::telemetry::Metrics;
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;

pub async fn build_pms(
    settings: &Settings,
    mode: Mode,
    db: &SqlitePool,
    health: &mut HealthRegistry,
    _metrics: &Metrics,
) -> anyhow::Result<Arc<dyn Pms>> {
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
            Ok(Arc::new(pms))
        }
        PmsKind::Qloapps => {
            anyhow::bail!("pms.kind = \"qloapps\" is not available in this build yet; use \"demo\"")
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
