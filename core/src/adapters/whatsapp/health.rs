//! The `whatsapp` entry of `/health/ready`: is the channel configured, and
//! have webhooks arrived for numbers we do not serve?

use crate::adapters::sqlite::InboxStore;
use crate::ports::health::{CheckOutcome, HealthCheck};
use async_trait::async_trait;

pub struct WhatsAppCheck {
    pub inbox: InboxStore,
    /// Why the channel cannot work at all, e.g. no app secret in production.
    pub misconfigured: Option<String>,
}

#[async_trait]
impl HealthCheck for WhatsAppCheck {
    fn name(&self) -> &str {
        "whatsapp"
    }

    /// Optional: a hotel can run (dashboard, demo chat) while WhatsApp is
    /// being set up; the entry tells IT what is wrong.
    fn required(&self) -> bool {
        false
    }

    async fn check(&self) -> CheckOutcome {
        if let Some(why) = &self.misconfigured {
            return CheckOutcome::down(why.clone());
        }
        match self.inbox.unrouted_numbers().await {
            Ok(unknown) if unknown.is_empty() => CheckOutcome::up(),
            Ok(unknown) => CheckOutcome::down(format!(
                "webhooks received for numbers not in whatsapp.numbers (stored, not answered): {}",
                unknown
                    .iter()
                    .map(|(id, n)| format!("{id} ({n} events)"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Err(e) => CheckOutcome::down(format!("cannot read the inbox: {e}")),
        }
    }
}
