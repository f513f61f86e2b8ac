//! Client-side rate limit: a token bucket refilled at `per_sec`, holding at
//! most one second's worth, so bursts are allowed but the average is capped.

use crate::ports::monotonic::MonotonicClock;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct RateLimit {
    clock: Arc<dyn MonotonicClock>,
    per_sec: f64,
    bucket: Mutex<(f64, Instant)>,
}

impl RateLimit {
    pub fn new(clock: Arc<dyn MonotonicClock>, per_sec: u32) -> Self {
        let per_sec = f64::from(per_sec.max(1));
        let now = clock.now();
        Self {
            clock,
            per_sec,
            bucket: Mutex::new((per_sec, now)),
        }
    }

    /// Takes a token now, or says how long until one is there.
    pub fn try_take(&self) -> Result<(), Duration> {
        let now = self.clock.now();
        let Ok(mut b) = self.bucket.lock() else {
            return Ok(());
        };
        let (tokens, at) = *b;
        let refilled =
            (tokens + now.duration_since(at).as_secs_f64() * self.per_sec).min(self.per_sec);
        if refilled >= 1.0 {
            *b = (refilled - 1.0, now);
            Ok(())
        } else {
            *b = (refilled, now);
            Err(Duration::from_secs_f64((1.0 - refilled) / self.per_sec))
        }
    }

    /// Waits for a token.
    pub async fn take(&self) {
        while let Err(wait) = self.try_take() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::monotonic::ManualClock;

    #[test]
    fn allows_a_burst_then_one_per_interval() {
        let clock = Arc::new(ManualClock::default());
        let r = RateLimit::new(clock.clone(), 4);
        for _ in 0..4 {
            assert!(r.try_take().is_ok());
        }
        let wait = r.try_take().expect_err("empty bucket");
        assert_eq!(wait, Duration::from_millis(250));
        clock.advance(Duration::from_millis(250));
        assert!(r.try_take().is_ok());
        assert!(r.try_take().is_err());
    }
}
