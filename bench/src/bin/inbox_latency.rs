//! Inbox → outbox latency of the conversation worker, in process: the real
//! inbox store, worker and SQLite file, with a fake engine that answers every
//! text at once. 50 guests write concurrently; each sends its next message a
//! think time (THINK_MS, jittered ±50 %) after the previous one's reply is
//! queued, so the load is that of 50 busy chats rather than a saturation test.
//!
//! Usage: inbox_latency [MESSAGES_PER_GUEST] [WORKER_CONCURRENCY] [THINK_MS]
//!
//! Measured: from the inbox commit (what the webhook does before its 200) to
//! the commit that stores the reply in the outbox. Target: p99 < 20 ms.
//! Composed like the daemon (`workers::channel`): one writer connection, inbox
//! rows group-committed, worker reads on the shared pool.

use async_trait::async_trait;
use conserje::adapters::sqlite::{self, GroupCommit, InboxStore, NewRows};
use conserje::adapters::whatsapp::parse_webhook;
use conserje::config::StorageSettings;
use conserje::domain::OutboundMessage;
use conserje::events::{Event, EventBus};
use conserje::ports::clock::SystemClock;
use conserje::ports::engine::{ConversationEngine, EngineError, GuestTurn};
use conserje::workers::{ConversationWorker, InboxWorker};
use conserje_bench::percentile;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{Notify, mpsc, watch};

const NUMBER: &str = "106540352242922";
const GUESTS: u64 = 50;

/// Answers every message with one text; remembers which guest each
/// conversation belongs to so replies can be routed back to the writer.
#[derive(Default)]
struct Fake {
    conversations: Mutex<HashMap<i64, String>>,
}

#[async_trait]
impl ConversationEngine for Fake {
    async fn respond(&self, turn: &GuestTurn) -> Result<Vec<OutboundMessage>, EngineError> {
        self.conversations
            .lock()
            .map_err(|_| EngineError::Failed("lock".into()))?
            .insert(turn.conversation_id, turn.guest.digits().to_string());
        Ok(vec![OutboundMessage::text("Sí, tenemos una doble libre.")])
    }
}

fn webhook(guest: &str, n: u64) -> Vec<u8> {
    serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": NUMBER},
        "messages": [{"from": guest, "id": format!("wamid.{guest}.{n}"), "timestamp": (1_764_410_000 + n).to_string(),
            "type": "text", "text": {"body": "¿Tienen habitación?"}}]}}]}]})
    .to_string()
    .into_bytes()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let per_guest: u64 = args.next().map_or(Ok(40), |s| s.parse())?;
    let concurrency: usize = args.next().map_or(Ok(8), |s| s.parse())?;
    let think_ms: u64 = args.next().map_or(Ok(100), |s| s.parse())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(per_guest, concurrency, think_ms))
}

async fn run(per_guest: u64, concurrency: usize, think_ms: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..Default::default()
    };
    let db = sqlite::open(&storage).await?;
    sqlite::migrate(&db).await?;
    let events = EventBus::default();
    let engine = Arc::new(Fake::default());
    // As the daemon composes it: one writer connection for the channel, the
    // webhook's inbox rows group-committed through it, the worker reading on
    // the shared pool and writing with a background turn, and the WAL
    // checkpointed on a connection of its own.
    let writer = sqlite::writer_pool(&db);
    let inbox = InboxStore::new(db.clone()).with_writer(writer.clone());
    let commit = GroupCommit::start(&inbox);
    let wake = Arc::new(Notify::new());
    let worker = InboxWorker {
        inbox: inbox.clone(),
        worker: ConversationWorker {
            db: db.clone(),
            writer: writer.clone(),
            turn: sqlite::BackgroundTurn::default(),
            engine: engine.clone(),
            events: events.clone(),
            clock: Arc::new(SystemClock),
            sender_wake: Arc::new(Notify::new()),
            media_wake: Arc::new(Notify::new()),
            voice: None,
        },
        concurrency,
        max_attempts: 5,
        retry_base_ms: 500,
        retry_max_ms: 60_000,
        wake: wake.clone(),
    };
    let (stop_tx, stop_rx) = watch::channel(false);
    let checkpoints = tokio::spawn(sqlite::checkpoints(
        db.clone(),
        sqlite::CHECKPOINT_EVERY,
        stop_rx.clone(),
    ));
    let worker_task = tokio::spawn(worker.run(stop_rx));

    // Route each ReplyQueued event to the guest who is waiting for it.
    let mut waiting: HashMap<String, mpsc::UnboundedSender<Instant>> = HashMap::new();
    let mut receivers = Vec::new();
    for g in 0..GUESTS {
        let guest = (5_491_155_550_000 + g).to_string();
        let (tx, rx) = mpsc::unbounded_channel();
        waiting.insert(guest.clone(), tx);
        receivers.push((guest, rx));
    }
    let mut sub = events.subscribe();
    let router_engine = engine.clone();
    tokio::spawn(async move {
        while let Ok(e) = sub.recv().await {
            if let Event::ReplyQueued {
                conversation_id, ..
            } = e
            {
                let now = Instant::now();
                let guest = router_engine
                    .conversations
                    .lock()
                    .ok()
                    .and_then(|m| m.get(&conversation_id).cloned());
                if let Some(tx) = guest.and_then(|g| waiting.get(&g)) {
                    let _ = tx.send(now);
                }
            }
        }
    });

    let started = Instant::now();
    let mut guests = Vec::new();
    for (guest, mut rx) in receivers {
        let (commit, wake) = (commit.clone(), wake.clone());
        guests.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for n in 0..per_guest {
                let think = fastrand_ms(think_ms);
                tokio::time::sleep(std::time::Duration::from_millis(think)).await;
                let batch = parse_webhook(&webhook(&guest, n))?;
                let now_ms = chrono_now_ms();
                let rows =
                    NewRows::prepare(&batch.items, "bench", now_ms, now_ms, |id| id == NUMBER)?;
                commit.ingest(rows).await?;
                let committed = Instant::now();
                wake.notify_one();
                let queued = rx
                    .recv()
                    .await
                    .ok_or_else(|| anyhow::anyhow!("event router ended"))?;
                lat.push(queued.duration_since(committed).as_secs_f64() * 1000.0);
            }
            anyhow::Ok(lat)
        }));
    }
    let mut all = Vec::new();
    for g in guests {
        all.extend(g.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let _ = stop_tx.send(true);
    worker_task.await?;
    checkpoints.await?;
    all.sort_by(f64::total_cmp);
    println!(
        "{GUESTS} concurrent guests x {per_guest} messages, think time {think_ms} ms, worker_concurrency {concurrency}: {} replies in {elapsed:.1} s ({:.0}/s)",
        all.len(),
        all.len() as f64 / elapsed
    );
    println!(
        "inbox commit -> reply in outbox: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (target p99 < 20 ms)",
        percentile(&all, 50.0),
        percentile(&all, 99.0),
        all.last().copied().unwrap_or(f64::NAN)
    );
    Ok(())
}

fn chrono_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A think time in [t/2, 3t/2], so guests do not write in lockstep.
fn fastrand_ms(t: u64) -> u64 {
    if t == 0 {
        return 0;
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()));
    t / 2 + nanos % (t + 1)
}
