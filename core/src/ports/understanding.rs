//! Understanding a guest's message, as a port: the built-in NLU
//! ([`crate::engine::nlu::Nlu`]) implements it, and an optional LLM-backed
//! understanding can implement it later and be chosen in composition.
//!
//! The parse types live with the engine's NLU because they are its
//! vocabulary; any implementation must produce the same [`Parse`] shape.

use crate::engine::nlu::{Nlu, NluContext, Parse};
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum UnderstandingError {
    /// The implementation could not run (a remote model down, a timeout…).
    /// The built-in one never returns this.
    #[error("understanding unavailable: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Understanding: Send + Sync {
    async fn understand(&self, text: &str, ctx: &NluContext) -> Result<Parse, UnderstandingError>;
}

/// The built-in understanding. Parsing takes well under a millisecond and
/// touches nothing outside memory, so it runs inline on the async task.
#[async_trait]
impl Understanding for Nlu {
    async fn understand(&self, text: &str, ctx: &NluContext) -> Result<Parse, UnderstandingError> {
        Ok(self.parse(text, ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nlu::Intent;

    #[tokio::test]
    async fn the_built_in_understanding_is_a_port() {
        let nlu: &dyn Understanding = Nlu::shared().expect("nlu");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
        let ctx = NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires);
        let parse = nlu
            .understand("quiero cancelar mi reserva", &ctx)
            .await
            .expect("parse");
        assert_eq!(parse.primary().intent, Intent::CancelBooking);
    }
}
