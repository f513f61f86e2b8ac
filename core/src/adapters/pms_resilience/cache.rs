//! A small map whose entries age by an injectable monotonic clock. Fresh
//! entries are reused; old ones stay around so a caller can serve them,
//! flagged stale, while the PMS is down.

use crate::ports::monotonic::MonotonicClock;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    clock: Arc<dyn MonotonicClock>,
    ttl: Duration,
    entries: Mutex<HashMap<K, (Instant, V)>>,
    /// Bounds memory when guests ask about many different stays.
    max_entries: usize,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(clock: Arc<dyn MonotonicClock>, ttl: Duration, max_entries: usize) -> Self {
        Self {
            clock,
            ttl,
            entries: Mutex::new(HashMap::new()),
            max_entries,
        }
    }

    /// The value if younger than the TTL.
    pub fn fresh(&self, key: &K) -> Option<V> {
        if self.ttl.is_zero() {
            return None;
        }
        let now = self.clock.now();
        let map = self.entries.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| now.duration_since(*at) < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// The value however old (for serving stale while the source is down).
    pub fn any(&self, key: &K) -> Option<V> {
        self.entries.lock().ok()?.get(key).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        if self.ttl.is_zero() {
            return;
        }
        let now = self.clock.now();
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= self.max_entries && !map.contains_key(&key) {
                let ttl = self.ttl;
                map.retain(|_, (at, _)| now.duration_since(*at) < ttl);
                if map.len() >= self.max_entries {
                    map.clear();
                }
            }
            map.insert(key, (now, value));
        }
    }

    /// Drops every entry whose key matches.
    pub fn remove_where(&self, doomed: impl Fn(&K) -> bool) {
        if let Ok(mut map) = self.entries.lock() {
            map.retain(|k, _| !doomed(k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::monotonic::ManualClock;

    #[test]
    fn fresh_until_the_ttl_then_only_stale() {
        let clock = Arc::new(ManualClock::default());
        let c = TtlCache::new(clock.clone(), Duration::from_secs(60), 10);
        c.put("q", 1);
        clock.advance(Duration::from_secs(59));
        assert_eq!(c.fresh(&"q"), Some(1));
        clock.advance(Duration::from_secs(1));
        assert_eq!(c.fresh(&"q"), None);
        assert_eq!(c.any(&"q"), Some(1));
        c.remove_where(|k| *k == "q");
        assert_eq!(c.any(&"q"), None);
    }

    #[test]
    fn stays_bounded() {
        let c = TtlCache::new(Arc::new(ManualClock::default()), Duration::from_secs(60), 3);
        for i in 0..10 {
            c.put(i, i);
        }
        assert_eq!(c.fresh(&9), Some(9));
        assert!(c.entries.lock().map(|m| m.len()).unwrap_or(99) <= 3);
    }
}
