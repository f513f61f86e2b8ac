//! Test support for the PMS: fresh PMS instances for the contract suite, and
//! (with the QloApps adapter) a fake QloApps server speaking its wire format.

use crate::fake_qloapps::{self, FakeQloApps};
use conserje::adapters::demo_pms::DemoPms;
use conserje::adapters::pms_resilience::{PmsMetrics, Policy, ResilientPms};
use conserje::adapters::qloapps::{QloApps, QloAppsConfig};
use conserje::adapters::sqlite;
use conserje::config::Secret;
use conserje::config::StorageSettings;
use conserje::ports::monotonic::SystemMonotonic;
use conserje::ports::pms::Pms;
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;

/// A PMS under test and whatever must live as long as it (temp dirs, servers).
pub struct Subject {
    pub pms: Arc<dyn Pms>,
    pub db: SqlitePool,
    pub _keep: Vec<Box<dyn std::any::Any + Send>>,
}

/// Conserje's own database, migrated, in a fresh temp dir.
pub async fn fresh_db() -> (SqlitePool, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let db = sqlite::open(&storage).await.expect("open db");
    sqlite::migrate(&db).await.expect("migrate");
    (db, dir)
}

pub async fn demo_subject() -> Subject {
    let (db, dir) = fresh_db().await;
    let pms = DemoPms::open(db.clone()).await.expect("demo pms");
    Subject {
        pms: Arc::new(pms),
        db,
        _keep: vec![Box::new(dir)],
    }
}

/// The QloApps adapter against a fresh fake QloApps server.
pub async fn qloapps_subject() -> Subject {
    let (fake, db, dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db.clone(), Duration::from_secs(5));
    Subject {
        pms: Arc::new(pms),
        db,
        _keep: vec![Box::new(dir), Box::new(fake)],
    }
}

/// The QloApps adapter as composition builds it: behind cache, breaker, limit.
pub async fn resilient_qloapps_subject() -> Subject {
    let (fake, db, dir) = fake_and_db().await;
    let pms = qloapps_adapter(&fake.url, db.clone(), Duration::from_secs(5));
    let resilient = ResilientPms::new(
        pms,
        &policy(),
        Arc::new(SystemMonotonic),
        PmsMetrics::new(None),
    );
    Subject {
        pms: Arc::new(resilient),
        db,
        _keep: vec![Box::new(dir), Box::new(fake)],
    }
}

pub async fn fake_and_db() -> (FakeQloApps, SqlitePool, tempfile::TempDir) {
    let fake = FakeQloApps::start().await;
    let (db, dir) = fresh_db().await;
    (fake, db, dir)
}

pub fn qloapps_adapter(url: &str, db: SqlitePool, timeout: Duration) -> QloApps {
    QloApps::new(
        &QloAppsConfig {
            url: url.to_string(),
            api_key: Secret::new(fake_qloapps::KEY),
            hotel_id: 1,
            timeout,
            catalog_ttl: Duration::from_secs(3600),
        },
        db,
        Arc::new(SystemMonotonic),
    )
    .expect("adapter")
}

pub fn policy() -> Policy {
    Policy {
        breaker_failures: 5,
        breaker_cooldown: Duration::from_secs(30),
        max_calls_per_sec: 1_000,
        catalog_ttl: Duration::from_secs(3600),
        quote_ttl: Duration::from_secs(60),
    }
}
