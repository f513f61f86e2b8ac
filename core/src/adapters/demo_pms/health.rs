//! Readiness of the built-in PMS: its hotel is there and readable.

use super::DemoPms;
use crate::ports::health::{CheckOutcome, HealthCheck};
use crate::ports::pms::PmsCatalog;
use async_trait::async_trait;

pub struct DemoPmsCheck(pub DemoPms);

#[async_trait]
impl HealthCheck for DemoPmsCheck {
    fn name(&self) -> &str {
        "pms"
    }

    fn required(&self) -> bool {
        true
    }

    async fn check(&self) -> CheckOutcome {
        match self.0.hotel_info().await {
            Ok(_) => CheckOutcome::up(),
            Err(e) => CheckOutcome::down(format!("built-in PMS: {e}")),
        }
    }
}
