//! The inbox loop: each guest's rows one at a time in provider-timestamp order
//! (ties by arrival), different guests concurrently up to a bound.

use super::backoff;
use super::conversation::{ConversationWorker, LaneMemo, ProcessError};
use crate::adapters::sqlite::{InboxRow, InboxStore};
use crate::events::Event;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::JoinSet;

/// Also the longest a new row can wait for a missed wake-up.
const POLL: Duration = Duration::from_millis(100);
/// Rows of one lane taken from one read.
const LANE_READ: i64 = 16;
/// A flood is over once no webhook request has found the queue at
/// [`FLOODED`](crate::adapters::sqlite::FLOODED) for this long.
const FLOOD_CALM: Duration = Duration::from_millis(20);
/// Under a flood each row waits up to this long before it is processed:
/// acknowledging Meta comes first (it disables endpoints that answer slowly
/// or fail), and the rows are safe in the inbox. Processing slows down under
/// a flood; it never stops.
pub const GIVE_WAY_MAX: Duration = Duration::from_millis(100);
/// How often a waiting row looks at the flood again.
const GIVE_WAY_STEP: Duration = Duration::from_millis(5);

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
    /// failed (the lane then waits for that row's retry time). Rows come
    /// [`LANE_READ`] at a time; a row stored for the lane meanwhile sends the
    /// worker back to read again, since it may sort before those in hand.
    async fn drain_lane(&self, lane: &str) {
        let arrivals = self.inbox.arrivals();
        let mut memo = LaneMemo::default();
        'read: loop {
            // Each read's first row gives way before the read, so it is taken
            // fresh and always processed: giving way after it and then finding
            // the lane moved would send the worker back to read for as long
            // as a flood lasts, and processing would stop.
            self.give_way().await;
            let seen = arrivals.seen(lane);
            let now = self.worker.clock.now_ms();
            let rows = match self.inbox.next_in_lane(lane, now, LANE_READ).await {
                Ok(rows) if rows.is_empty() => return,
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the inbox lane");
                    return;
                }
            };
            // Fewer than asked: the lane had no more due rows at the read.
            let all = rows.len() < usize::try_from(LANE_READ).unwrap_or(usize::MAX);
            for (i, row) in rows.into_iter().enumerate() {
                if i > 0 {
                    self.give_way().await;
                    if arrivals.seen(lane) != seen {
                        continue 'read;
                    }
                }
                if !self.process_or_record(&row, &mut memo).await {
                    return;
                }
            }
            if all && arrivals.seen(lane) == seen {
                return;
            }
        }
    }

    /// Waits while webhooks flood the inbox, at most [`GIVE_WAY_MAX`]: the
    /// worker's CPU and writer turns then go to storing and acknowledging.
    async fn give_way(&self) {
        let queue = self.inbox.ingest_queue();
        let started = Instant::now();
        while queue.flooded(FLOOD_CALM) && started.elapsed() < GIVE_WAY_MAX {
            tokio::time::sleep(GIVE_WAY_STEP).await;
        }
    }

    /// Processes one row, or records its failure. False: the lane must wait
    /// (the row will be retried, or its failure could not be recorded).
    async fn process_or_record(&self, row: &InboxRow, memo: &mut LaneMemo) -> bool {
        let now = self.worker.clock.now_ms();
        let error = match self.worker.process_in(row, memo).await {
            Ok(()) | Err(ProcessError::AlreadyDone) => return true,
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
            .record_failure(row, &message, now, retry_at, max)
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
                true
            }
            Ok(false) => {
                tracing::warn!(inbox_id = row.id, attempt = row.attempts + 1, error = %message, "processing failed; will retry");
                false
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot record a processing failure");
                false
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
