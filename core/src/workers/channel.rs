//! Composition of the WhatsApp channel: the webhook context, its health entry
//! and (once started) its workers, built from settings once.

use crate::adapters::espeak::EspeakSpeaker;
use crate::adapters::sqlite::media::MediaStore;
use crate::adapters::sqlite::voice_replies::VoiceReplyStore;
use crate::adapters::sqlite::{
    BackgroundTurn, CHECKPOINT_EVERY, InboxStore, OutboxStore, checkpoints, writer_pool,
};
use crate::adapters::whatsapp::WhatsAppCheck;
use crate::adapters::whatsapp::graph::GraphClient;
use crate::config::{IpCidr, Secret, Settings};
use crate::events::EventBus;
use crate::http::Mode;
use crate::http::webhooks::WebhookContext;
use crate::ports::clock::{Clock, SystemClock};
use crate::ports::engine::ConversationEngine;
use crate::ports::messenger::MediaUploader;
use crate::workers::{
    ConversationWorker, InboxWorker, MediaWorker, OutboxWorker, ReadReceipts, Throttle,
    VoiceReplyWorker,
};
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

pub struct WhatsAppChannel {
    pub webhook: WebhookContext,
    pub health: Arc<WhatsAppCheck>,
    pub events: EventBus,
    inbox_worker: InboxWorker,
    outbox_worker: OutboxWorker,
    media_worker: MediaWorker,
    read_receipts: Option<ReadReceipts>,
    uploader: Arc<dyn MediaUploader>,
    voice_replies: Option<VoiceReplyWorker>,
    /// The shared pool, whose own connection checkpoints the WAL (the writer
    /// never does).
    db: SqlitePool,
}

impl WhatsAppChannel {
    /// `engine` answers guests; composition picks it (`whatsapp.engine`).
    pub fn build(
        settings: &Settings,
        mode: Mode,
        db: SqlitePool,
        engine: Arc<dyn ConversationEngine>,
    ) -> anyhow::Result<Self> {
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
        // Every write of the channel goes through one connection: see
        // `sqlite::writer_pool` for why a queue beats SQLite's busy handler.
        let writer = writer_pool(&db);
        let inbox = InboxStore::new(db.clone()).with_writer(writer.clone());
        let events = EventBus::default();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let inbox_wake = Arc::new(Notify::new());
        let webhook = WebhookContext::new(
            w,
            secret,
            inbox.clone(),
            events.clone(),
            clock.clone(),
            inbox_wake.clone(),
        )
        .with_trusted_proxies(
            settings
                .server
                .trusted_proxies
                .iter()
                .map(|p| {
                    IpCidr::parse(p).map_err(|e| anyhow::anyhow!("server.trusted_proxies: {e}"))
                })
                .collect::<anyhow::Result<_>>()?,
        );
        let graph = Arc::new(GraphClient::new(w)?);
        let sender_wake = Arc::new(Notify::new());
        let outbox_worker = OutboxWorker {
            outbox: OutboxStore::new(writer.clone()).with_reader(db.clone()),
            messenger: graph.clone(),
            throttle: Arc::new(Throttle::per_second(w.max_sends_per_second)),
            events: events.clone(),
            clock: clock.clone(),
            wake: sender_wake.clone(),
            max_attempts: w.send_max_attempts,
            retry_base_ms: w.retry_base_ms,
            retry_max_ms: w.retry_max_ms,
            reengagement: (!w.reengagement_template.trim().is_empty()).then(|| {
                (
                    w.reengagement_template.clone(),
                    w.reengagement_language.clone(),
                )
            }),
        };
        let media_wake = Arc::new(Notify::new());
        let media_worker = MediaWorker {
            store: MediaStore::new(writer.clone()).with_reader(db.clone()),
            fetcher: graph.clone(),
            dir: settings.storage.resolved_data_dir().join("media"),
            events: events.clone(),
            clock: clock.clone(),
            wake: media_wake.clone(),
            max_attempts: w.send_max_attempts,
            retry_base_ms: w.retry_base_ms,
            retry_max_ms: w.retry_max_ms,
        };
        let inbox_worker = InboxWorker {
            inbox: inbox.clone(),
            worker: ConversationWorker {
                db: db.clone(),
                writer,
                turn: BackgroundTurn::default(),
                engine,
                events: events.clone(),
                clock,
                sender_wake,
                media_wake,
                voice: None,
            },
            concurrency: w.worker_concurrency,
            max_attempts: w.inbox_max_attempts,
            retry_base_ms: w.retry_base_ms,
            retry_max_ms: w.retry_max_ms,
            wake: inbox_wake,
        };
        // Without a token every call would be refused: no point trying.
        let read_receipts = (w.mark_read && w.access_token.is_set()).then(|| ReadReceipts {
            db: db.clone(),
            messenger: graph.clone(),
        });
        Ok(Self {
            db,
            read_receipts,
            uploader: graph.clone(),
            voice_replies: None,
            inbox_worker,
            outbox_worker,
            media_worker,
            webhook,
            health: Arc::new(WhatsAppCheck {
                inbox,
                misconfigured,
            }),
            events,
        })
    }
}

impl WhatsAppChannel {
    /// Voice notes are heard (downloaded, decoded, transcribed) before the
    /// engine answers them, with the same fetcher and media folder.
    pub fn hear_voice_notes(
        &mut self,
        s: &crate::config::SpeechSettings,
        transcriber: Arc<dyn crate::ports::transcriber::Transcriber>,
    ) {
        let worker = &mut self.inbox_worker.worker;
        let replies = s.voice_replies.then(|| Arc::new(Notify::new()));
        self.voice_replies = replies.as_ref().map(|wake| VoiceReplyWorker {
            store: VoiceReplyStore::new(worker.writer.clone()),
            speaker: Arc::new(EspeakSpeaker),
            uploader: self.uploader.clone(),
            events: self.events.clone(),
            clock: self.outbox_worker.clock.clone(),
            wake: wake.clone(),
            sender_wake: self.outbox_worker.wake.clone(),
            max_attempts: self.media_worker.max_attempts,
            retry_base_ms: self.media_worker.retry_base_ms,
            retry_max_ms: self.media_worker.retry_max_ms,
        });
        worker.voice = Some(Arc::new(super::VoicePipeline {
            fetcher: self.media_worker.fetcher.clone(),
            transcriber,
            db: worker.writer.clone(),
            media_dir: self.media_worker.dir.clone(),
            limits: conserje_speech::audio::Limits {
                max_bytes: s.max_bytes,
                max_seconds: s.max_duration_secs as f64,
            },
            language: s.language,
            timeout: s.timeout(),
            min_confidence: s.min_confidence,
            replies,
        }));
    }

    /// Starts the workers; they stop (finishing the row in hand) when `stop`
    /// turns true.
    pub fn start(&self, stop: watch::Receiver<bool>) -> JoinSet<()> {
        let mut set = JoinSet::new();
        if let Some(receipts) = &self.read_receipts {
            // Subscribed before the inbox worker runs: nothing is missed.
            set.spawn(receipts.clone().run(self.events.subscribe(), stop.clone()));
        }
        set.spawn(self.inbox_worker.clone().run(stop.clone()));
        set.spawn(self.outbox_worker.clone().run(stop.clone()));
        if let Some(voice_replies) = &self.voice_replies {
            set.spawn(voice_replies.clone().run(stop.clone()));
        }
        set.spawn(self.media_worker.clone().run(stop.clone()));
        set.spawn(checkpoints(self.db.clone(), CHECKPOINT_EVERY, stop));
        set
    }
}
