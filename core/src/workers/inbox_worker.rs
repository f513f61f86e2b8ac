//! The inbox loop: each guest's rows one at a time in provider-timestamp order
//! (ties by arrival), different guests concurrently up to a bound.

use super::backoff;
use super::conversation::{ConversationWorker, ProcessError};
use crate::adapters::sqlite::InboxStore;
use crate::events::Event;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::JoinSet;

/// Also the longest a new row can wait for a missed wake-up.
const POLL: Duration = Duration::from_millis(100);

#[derive(Clone)]
pub struct InboxWorker {
    pub inbox: InboxStore,
    pub worker: ConversationWorker,
    pub concurrency: usize,
    pub max_attempts: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    pub wake: Arc<Notify>,
}

impl InboxWorker {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let busy: Arc<Mutex<HashSet<String>>> = Arc::default();
        let permits = Arc::new(Semaphore::new(self.concurrency.max(1)));
        let mut lanes = JoinSet::new();
        while !*stop.borrow() {
            let now = self.worker.clock.now_ms();
            let limit = i64::try_from(self.concurrency * 4).unwrap_or(64);
            // Every lane busy: a finishing lane wakes us, and until then a
            // look at the inbox (which scans every pending row) is wasted.
            let full = permits.available_permits() == 0;
            match if full {
                Ok(Vec::new())
            } else {
                self.inbox.due_lanes(now, limit).await
            } {
                Ok(due) => {
                    for lane in due {
                        if !lock(&busy).insert(lane.clone()) {
                            continue;
                        }
                        let Ok(permit) = permits.clone().try_acquire_owned() else {
                            lock(&busy).remove(&lane);
                            break;
                        };
                        let (me, busy) = (self.clone(), busy.clone());
                        lanes.spawn(async move {
                            me.drain_lane(&lane).await;
                            lock(&busy).remove(&lane);
                            drop(permit);
                            me.wake.notify_one();
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot read the inbox; retrying"),
            }
            while lanes.try_join_next().is_some() {}
            super::pause::pause(&self.wake, POLL, &mut stop).await;
        }
        // Let rows in progress finish: their transaction decides their fate.
        while lanes.join_next().await.is_some() {}
    }

    /// Processes one guest's due rows in order until none is left or one
    /// failed (the lane then waits for that row's retry time).
    async fn drain_lane(&self, lane: &str) {
        loop {
            let now = self.worker.clock.now_ms();
            let row = match self.inbox.next_in_lane(lane, now).await {
                Ok(Some(row)) => row,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the inbox lane");
                    return;
                }
            };
            let error = match self.worker.process(&row).await {
                Ok(()) | Err(ProcessError::AlreadyDone) => continue,
                Err(ProcessError::Permanent(e)) => (e, true),
                Err(ProcessError::Retry(e)) => (e, false),
            };
            let (message, permanent) = error;
            let max = if permanent { 1 } else { self.max_attempts };
            let attempt = u32::try_from(row.attempts).unwrap_or(u32::MAX);
            let retry_at = now.saturating_add(
                i64::try_from(backoff::delay_ms(
                    attempt,
                    self.retry_base_ms,
                    self.retry_max_ms,
                ))
                .unwrap_or(i64::MAX),
            );
            match self
                .inbox
                .record_failure(&row, &message, now, retry_at, max)
                .await
            {
                Ok(true) => {
                    tracing::error!(inbox_id = row.id, error = %message, "inbox row moved to dead letters");
                    self.worker.events.publish(Event::DeadLetter {
                        source: "inbox".into(),
                        source_id: row.id,
                        code: None,
                        title: message,
                    });
                    // The lane moves on to its next row.
                }
                Ok(false) => {
                    tracing::warn!(inbox_id = row.id, attempt = row.attempts + 1, error = %message, "processing failed; will retry");
                    return;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot record a processing failure");
                    return;
                }
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
