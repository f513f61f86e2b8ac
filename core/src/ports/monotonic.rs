//! Monotonic time for expiries (room holds, caches, circuit breakers), behind a
//! trait so tests move time forward instead of sleeping.

use std::sync::Mutex;
use std::time::{Duration, Instant};

pub trait MonotonicClock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The real one.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemMonotonic;

impl MonotonicClock for SystemMonotonic {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    offset: Mutex<Duration>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        if let Ok(mut o) = self.offset.lock() {
            *o += by;
        }
    }
}

impl MonotonicClock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.offset.lock().map(|o| *o).unwrap_or_default()
    }
}
