//! The desk's hours as the receptionist reads them: staff edit them, so they
//! are read at each use (from a cache the editor refreshes).

use crate::engine::hours::HoursPolicy;
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
#[error("business hours cannot be read: {0}")]
pub struct HoursReadError(pub String);

#[async_trait]
pub trait HoursSource: Send + Sync {
    async fn current(&self) -> Result<HoursPolicy, HoursReadError>;
}

/// Fixed hours (tests, `conserje chat` without a database).
#[async_trait]
impl HoursSource for HoursPolicy {
    async fn current(&self) -> Result<HoursPolicy, HoursReadError> {
        Ok(self.clone())
    }
}
