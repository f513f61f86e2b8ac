//! A circuit breaker shared by every PMS call of the process: after N
//! consecutive outage errors it opens and calls fail at once; after the
//! cool-down it lets exactly one probe through, and that probe's outcome
//! closes it again or restarts the cool-down.

use crate::ports::monotonic::MonotonicClock;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        since: Instant,
    },
    /// A probe is out since then. Should its caller give up on it (a dropped
    /// future never reports), another probe is allowed after a cool-down.
    HalfOpen {
        since: Instant,
    },
}

pub struct Breaker {
    clock: Arc<dyn MonotonicClock>,
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

/// Why a call was not let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected {
    pub retry_in: Duration,
}

impl Breaker {
    pub fn new(clock: Arc<dyn MonotonicClock>, threshold: u32, cooldown: Duration) -> Self {
        Self {
            clock,
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// Asks to make a call; `Ok` means go ahead and report with [`Breaker::record`].
    pub fn permit(&self) -> Result<(), Rejected> {
        let now = self.clock.now();
        let Ok(mut s) = self.state.lock() else {
            return Ok(());
        };
        match *s {
            State::Closed { .. } => Ok(()),
            State::Open { since } | State::HalfOpen { since }
                if now.duration_since(since) >= self.cooldown =>
            {
                *s = State::HalfOpen { since: now };
                Ok(())
            }
            State::Open { since } => Err(Rejected {
                retry_in: self.cooldown.saturating_sub(now.duration_since(since)),
            }),
            // One probe at a time; the others wait for its verdict.
            State::HalfOpen { since } => Err(Rejected {
                retry_in: self.cooldown.saturating_sub(now.duration_since(since)),
            }),
        }
    }

    /// `healthy` is false only for outage errors, not for "no rooms left".
    pub fn record(&self, healthy: bool) {
        let now = self.clock.now();
        let Ok(mut s) = self.state.lock() else { return };
        *s = match (*s, healthy) {
            (_, true) => State::Closed { failures: 0 },
            (State::Closed { failures }, false) if failures + 1 < self.threshold => State::Closed {
                failures: failures + 1,
            },
            (State::Open { since }, false) => State::Open { since },
            (_, false) => {
                tracing::warn!(
                    cooldown_secs = self.cooldown.as_secs(),
                    "PMS circuit breaker open: calls fail fast until a probe succeeds"
                );
                State::Open { since: now }
            }
        };
    }

    pub fn is_open(&self) -> bool {
        self.state
            .lock()
            .map(|s| !matches!(*s, State::Closed { .. }))
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::monotonic::ManualClock;

    #[test]
    fn opens_after_n_failures_probes_once_after_cooldown_and_recovers() {
        let clock = Arc::new(ManualClock::default());
        let b = Breaker::new(clock.clone(), 3, Duration::from_secs(30));
        for _ in 0..2 {
            assert!(b.permit().is_ok());
            b.record(false);
        }
        assert!(!b.is_open(), "two failures are not enough");
        b.record(true);
        for _ in 0..3 {
            b.record(false);
        }
        assert!(b.is_open());
        assert_eq!(
            b.permit(),
            Err(Rejected {
                retry_in: Duration::from_secs(30)
            })
        );
        clock.advance(Duration::from_secs(30));
        assert!(b.permit().is_ok(), "the probe goes through");
        assert!(b.permit().is_err(), "only one probe at a time");
        b.record(false);
        assert!(b.permit().is_err(), "a failed probe restarts the cool-down");
        clock.advance(Duration::from_secs(30));
        assert!(b.permit().is_ok());
        b.record(true);
        assert!(!b.is_open());
        assert!(b.permit().is_ok());
    }

    #[test]
    fn a_probe_that_never_reports_does_not_wedge_the_breaker() {
        let clock = Arc::new(ManualClock::default());
        let b = Breaker::new(clock.clone(), 1, Duration::from_secs(10));
        b.record(false);
        clock.advance(Duration::from_secs(10));
        assert!(b.permit().is_ok(), "probe sent, then abandoned");
        assert!(b.permit().is_err());
        clock.advance(Duration::from_secs(10));
        assert!(b.permit().is_ok(), "another probe after a cool-down");
    }
}
