//! Test support for the PMS: fresh PMS instances for the contract suite, and
//! (with the QloApps adapter) a fake QloApps server speaking its wire format.

use conserje::adapters::demo_pms::DemoPms;
use conserje::adapters::sqlite;
use conserje::config::StorageSettings;
use conserje::ports::pms::Pms;
use sqlx::SqlitePool;
use std::sync::Arc;

/// A PMS under test and whatever must live as long as it (temp dirs, servers).
pub struct Subject {
    pub pms: Arc<dyn Pms>,
    pub db: SqlitePool,
    _keep: Vec<Box<dyn std::any::Any + Send>>,
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
