//! Reading the daemon's database from a test, read-only, so assertions can
//! look at what was stored without going through the API.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::Daemon;

/// One scalar from a query against `<data_dir>/conserje.db`.
pub fn scalar<T>(data_dir: &Path, sql: &'static str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + 'static,
{
    let path = data_dir.join("conserje.db");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt")
        .block_on(async move {
            let opts = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .read_only(true);
            let pool = sqlx::SqlitePool::connect_with(opts).await.expect("open db");
            let v: T = sqlx::query_scalar(sql)
                .fetch_one(&pool)
                .await
                .expect("query");
            pool.close().await;
            v
        })
}

/// A count (or any integer) from the daemon's database.
pub fn count(data_dir: &Path, sql: &'static str) -> i64 {
    scalar(data_dir, sql)
}

/// Polls until `cond` holds; the limit only stops a broken run from hanging.
pub fn wait_for(what: &str, d: &Daemon, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}\n{}",
            d.log_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
