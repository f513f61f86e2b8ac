//! Signature failures per source IP. A source over its budget is answered 429
//! (and logged once per window) instead of 401: cheaper for us, quieter logs.
//! Every request still has its signature checked first, so a valid one is
//! never refused, whatever else came from the same address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Bounds memory under a spray of addresses: past it, old windows are dropped.
const MAX_TRACKED: usize = 10_000;

pub struct FailureLimiter {
    per_window: u32,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answer 401 and log it.
    Report,
    /// Over budget: answer 429; the first one of the window is logged.
    Throttle { first: bool },
}

impl FailureLimiter {
    pub fn new(per_window: u32) -> Self {
        Self {
            per_window: per_window.max(1),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records one failure from `ip` at `now`.
    pub fn failure(&self, ip: IpAddr, now: Instant) -> Verdict {
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if seen.len() >= MAX_TRACKED {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        if entry.1 <= self.per_window {
            Verdict::Report
        } else {
            Verdict::Throttle {
                first: entry.1 == self.per_window + 1,
            }
        }
    }

    pub fn retry_after_secs(&self) -> u64 {
        WINDOW.as_secs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_one_address_after_its_budget_and_resets_after_the_window() {
        let l = FailureLimiter::new(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let t = Instant::now();
        assert_eq!(l.failure(a, t), Verdict::Report);
        assert_eq!(l.failure(a, t), Verdict::Report);
        assert_eq!(l.failure(a, t), Verdict::Throttle { first: true });
        assert_eq!(l.failure(a, t), Verdict::Throttle { first: false });
        assert_eq!(
            l.failure(b, t),
            Verdict::Report,
            "other addresses unaffected"
        );
        assert_eq!(l.failure(a, t + WINDOW), Verdict::Report);
    }
}
