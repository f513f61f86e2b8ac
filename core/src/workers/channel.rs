//! Composition of the WhatsApp channel: the webhook context, its health entry
//! and (once started) its workers, built from settings once.

use crate::adapters::sqlite::InboxStore;
use crate::adapters::whatsapp::WhatsAppCheck;
use crate::config::{Secret, Settings};
use crate::events::EventBus;
use crate::http::Mode;
use crate::http::webhooks::WebhookContext;
use crate::ports::clock::{Clock, SystemClock};
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::Notify;

pub struct WhatsAppChannel {
    pub webhook: WebhookContext,
    pub health: Arc<WhatsAppCheck>,
    pub events: EventBus,
}

impl WhatsAppChannel {
    pub fn build(settings: &Settings, mode: Mode, db: SqlitePool) -> Self {
        let w = &settings.whatsapp;
        let (secret, misconfigured) = match (w.app_secret.is_set(), mode) {
            (true, _) => (w.app_secret.clone(), None),
            (false, Mode::Demo) => {
                let demo = Secret::new(uuid::Uuid::new_v4().simple().to_string());
                // Printed, not logged: it is a throwaway value for signing
                // test webhooks by hand, and logs may be shipped elsewhere.
                println!(
                    "demo mode: WhatsApp webhooks must be signed with the demo app secret {}",
                    demo.expose()
                );
                tracing::warn!(
                    "demo mode without whatsapp.app_secret: webhooks are checked against a random demo secret printed on standard output"
                );
                (demo, None)
            }
            (false, Mode::Production) => {
                tracing::warn!(
                    "whatsapp.app_secret is not set: every webhook will be refused until it is"
                );
                (
                    Secret::default(),
                    Some("whatsapp.app_secret is not set: webhooks are refused".to_string()),
                )
            }
        };
        let inbox = InboxStore::new(db);
        let events = EventBus::default();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let webhook = WebhookContext::new(
            w,
            secret,
            inbox.clone(),
            events.clone(),
            clock,
            Arc::new(Notify::new()),
        );
        Self {
            webhook,
            health: Arc::new(WhatsAppCheck {
                inbox,
                misconfigured,
            }),
            events,
        }
    }
}
