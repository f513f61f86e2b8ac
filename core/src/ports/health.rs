//! Readiness checks: each dependency (database, PMS, WhatsApp, speech model)
//! registers one, and `/health/ready` runs them all.

use async_trait::async_trait;
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    pub status: CheckStatus,
    pub detail: Option<String>,
}

impl CheckOutcome {
    pub fn up() -> Self {
        Self {
            status: CheckStatus::Up,
            detail: None,
        }
    }

    pub fn down(detail: impl Into<String>) -> Self {
        Self {
            status: CheckStatus::Down,
            detail: Some(detail.into()),
        }
    }
}

#[async_trait]
pub trait HealthCheck: Send + Sync {
    /// Short, stable name shown to staff and monitoring ("database", "pms").
    fn name(&self) -> &str;
    /// A required dependency that is down makes the whole instance not ready (503).
    fn required(&self) -> bool;
    async fn check(&self) -> CheckOutcome;
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub name: String,
    pub required: bool,
    pub status: CheckStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub latency_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    pub ready: bool,
    pub checks: Vec<CheckReport>,
}

/// The set of checks, built once at composition and shared read-only.
#[derive(Clone)]
pub struct HealthRegistry {
    checks: Vec<Arc<dyn HealthCheck>>,
    timeout: Duration,
}

impl HealthRegistry {
    /// A check that has not answered within `timeout` counts as down.
    pub fn new(timeout: Duration) -> Self {
        Self {
            checks: Vec::new(),
            timeout,
        }
    }

    pub fn register(&mut self, check: Arc<dyn HealthCheck>) {
        self.checks.push(check);
    }

    /// Runs every check concurrently.
    pub async fn run(&self) -> HealthReport {
        let timeout = self.timeout;
        let runs = self.checks.iter().map(|c| async move {
            let started = Instant::now();
            let outcome = tokio::time::timeout(timeout, c.check())
                .await
                .unwrap_or_else(|_| {
                    CheckOutcome::down(format!("no answer within {} ms", timeout.as_millis()))
                });
            CheckReport {
                name: c.name().to_string(),
                required: c.required(),
                status: outcome.status,
                detail: outcome.detail,
                latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            }
        });
        let checks = futures::future::join_all(runs).await;
        let ready = checks
            .iter()
            .all(|c| !c.required || c.status == CheckStatus::Up);
        HealthReport { ready, checks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(&'static str, bool, CheckOutcome, Duration);

    #[async_trait]
    impl HealthCheck for Fixed {
        fn name(&self) -> &str {
            self.0
        }
        fn required(&self) -> bool {
            self.1
        }
        async fn check(&self) -> CheckOutcome {
            tokio::time::sleep(self.3).await;
            self.2.clone()
        }
    }

    fn registry(checks: Vec<Fixed>) -> HealthRegistry {
        let mut r = HealthRegistry::new(Duration::from_millis(100));
        for c in checks {
            r.register(Arc::new(c));
        }
        r
    }

    #[tokio::test]
    async fn ready_only_when_every_required_check_is_up() {
        let z = Duration::ZERO;
        let r = registry(vec![
            Fixed("database", true, CheckOutcome::up(), z),
            Fixed("speech", false, CheckOutcome::down("no model"), z),
        ]);
        let report = r.run().await;
        assert!(
            report.ready,
            "an optional check being down keeps the instance ready"
        );
        assert_eq!(report.checks[1].detail.as_deref(), Some("no model"));

        let r = registry(vec![Fixed("pms", true, CheckOutcome::down("refused"), z)]);
        assert!(!r.run().await.ready);
    }

    #[tokio::test]
    async fn a_hanging_check_counts_as_down_after_the_timeout() {
        let r = registry(vec![Fixed(
            "slow",
            true,
            CheckOutcome::up(),
            Duration::from_secs(5),
        )]);
        let report = r.run().await;
        assert!(!report.ready);
        assert_eq!(report.checks[0].status, CheckStatus::Down);
        assert!(
            report.checks[0]
                .detail
                .as_deref()
                .unwrap_or("")
                .contains("no answer")
        );
    }
}
