//! Failed sign-ins counted per username and per address. Enough failures
//! lock that key for a while; the answer says for how long.
//!
//! Counts live in this process: with several cores behind a load balancer each
//! core counts its own attempts (a shared count would go through the Redis port).

use crate::ports::clock::Clock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockedOut {
    Username { retry_after_secs: i64 },
    Address { retry_after_secs: i64 },
}

impl LockedOut {
    pub fn retry_after_secs(self) -> i64 {
        match self {
            LockedOut::Username { retry_after_secs } | LockedOut::Address { retry_after_secs } => {
                retry_after_secs
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    pub max_per_user: u32,
    pub max_per_address: u32,
    /// Both the window failures are counted in and how long a lock lasts.
    pub lockout_ms: i64,
}

#[derive(Default)]
struct Entry {
    failures: u32,
    first_ms: i64,
    locked_until_ms: i64,
}

/// Beyond this many tracked keys, entries whose window has passed are dropped,
/// so a scan over many usernames cannot grow memory without bound.
const PRUNE_ABOVE: usize = 10_000;

pub struct LoginLimiter {
    policy: LockoutPolicy,
    clock: Arc<dyn Clock>,
    entries: Mutex<HashMap<String, Entry>>,
}

impl LoginLimiter {
    pub fn new(policy: LockoutPolicy, clock: Arc<dyn Clock>) -> Self {
        Self {
            policy,
            clock,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Refuses before the password is even checked while a lock holds.
    pub fn check(&self, username: &str, address: &str) -> Result<(), LockedOut> {
        let now = self.clock.now_ms();
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let left = |key: &str| {
            entries
                .get(key)
                .map_or(0, |e| e.locked_until_ms - now)
                .max(0)
        };
        let secs = |ms: i64| (ms + 999) / 1000;
        let user_left = left(&user_key(username));
        if user_left > 0 {
            return Err(LockedOut::Username {
                retry_after_secs: secs(user_left),
            });
        }
        let addr_left = left(&address_key(address));
        if addr_left > 0 {
            return Err(LockedOut::Address {
                retry_after_secs: secs(addr_left),
            });
        }
        Ok(())
    }

    pub fn record_failure(&self, username: &str, address: &str) {
        let now = self.clock.now_ms();
        let p = self.policy;
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() > PRUNE_ABOVE {
            entries.retain(|_, e| now - e.first_ms < p.lockout_ms || e.locked_until_ms > now);
        }
        for (key, max) in [
            (user_key(username), p.max_per_user),
            (address_key(address), p.max_per_address),
        ] {
            let e = entries.entry(key).or_default();
            if now - e.first_ms >= p.lockout_ms {
                e.failures = 0;
                e.first_ms = now;
            }
            e.failures += 1;
            if e.failures >= max {
                e.locked_until_ms = now + p.lockout_ms;
                e.failures = 0;
                e.first_ms = now;
            }
        }
    }

    /// A good password clears the username's count (not the address's: one
    /// valid account must not reset a guessing run against the others).
    pub fn record_success(&self, username: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.remove(&user_key(username));
    }
}

fn user_key(username: &str) -> String {
    format!("u:{}", username.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("a:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;

    fn limiter(clock: &ManualClock) -> LoginLimiter {
        LoginLimiter::new(
            LockoutPolicy {
                max_per_user: 3,
                max_per_address: 5,
                lockout_ms: 60_000,
            },
            Arc::new(clock.clone()),
        )
    }

    #[test]
    fn a_username_locks_after_its_failures_and_unlocks_after_the_lockout() {
        let clock = ManualClock::at_ms(1_000_000);
        let l = limiter(&clock);
        for _ in 0..3 {
            assert_eq!(l.check("ana", "10.0.0.1"), Ok(()));
            l.record_failure("Ana", "10.0.0.1");
        }
        assert_eq!(
            l.check("ana", "10.0.0.2"),
            Err(LockedOut::Username {
                retry_after_secs: 60
            })
        );
        assert_eq!(l.check("bob", "10.0.0.2"), Ok(()));
        clock.advance_ms(60_000);
        assert_eq!(l.check("ana", "10.0.0.1"), Ok(()));
    }

    #[test]
    fn an_address_locks_after_failures_across_usernames() {
        let clock = ManualClock::at_ms(1_000_000);
        let l = limiter(&clock);
        for name in ["a1", "a2", "a3", "a4", "a5"] {
            l.record_failure(name, "10.0.0.9");
        }
        assert!(matches!(
            l.check("someone", "10.0.0.9"),
            Err(LockedOut::Address { .. })
        ));
        assert_eq!(l.check("someone", "10.0.0.8"), Ok(()));
    }

    #[test]
    fn failures_outside_the_window_do_not_add_up_and_success_clears() {
        let clock = ManualClock::at_ms(1_000_000);
        let l = limiter(&clock);
        l.record_failure("ana", "x");
        l.record_failure("ana", "x");
        clock.advance_ms(61_000);
        l.record_failure("ana", "x");
        assert_eq!(l.check("ana", "x"), Ok(()));
        l.record_failure("ana", "x");
        l.record_success("ana");
        l.record_failure("ana", "x");
        assert_eq!(l.check("ana", "x"), Ok(()));
    }
}
