//! Readiness of the database: a real round trip, not just an open pool.

use crate::ports::health::{CheckOutcome, HealthCheck};
use async_trait::async_trait;
use sqlx::SqlitePool;

pub struct DatabaseCheck(pub SqlitePool);

#[async_trait]
impl HealthCheck for DatabaseCheck {
    fn name(&self) -> &str {
        "database"
    }

    fn required(&self) -> bool {
        true
    }

    async fn check(&self) -> CheckOutcome {
        match sqlx::query_scalar::<_, i64>("SELECT count(*) FROM instance")
            .fetch_one(&self.0)
            .await
        {
            Ok(_) => CheckOutcome::up(),
            Err(e) => CheckOutcome::down(format!("query failed: {e}")),
        }
    }
}
