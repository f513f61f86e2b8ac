//! Holds in a map inside this process: right for one core, lost on restart
//! (which only shortens holds, the PMS still decides the booking).

use crate::ports::locks::{Hold, HoldRequest, LockError, Locks};
use crate::ports::monotonic::{MonotonicClock, SystemMonotonic};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Key → (owner token, expiry).
type HoldTable = HashMap<String, (String, Instant)>;

pub struct InProcessLocks {
    clock: Arc<dyn MonotonicClock>,
    held: Mutex<HoldTable>,
}

impl Default for InProcessLocks {
    fn default() -> Self {
        Self::with_clock(Arc::new(SystemMonotonic))
    }
}

impl InProcessLocks {
    pub fn with_clock(clock: Arc<dyn MonotonicClock>) -> Self {
        Self {
            clock,
            held: Mutex::new(HashMap::new()),
        }
    }

    fn map(&self) -> Result<std::sync::MutexGuard<'_, HoldTable>, LockError> {
        self.held
            .lock()
            .map_err(|_| LockError::Unavailable("hold table poisoned by a panic".into()))
    }
}

#[async_trait]
impl Locks for InProcessLocks {
    async fn acquire(&self, request: &HoldRequest, ttl: Duration) -> Result<Hold, LockError> {
        let now = self.clock.now();
        let token = uuid::Uuid::new_v4().to_string();
        let keys = request.keys();
        let mut map = self.map()?;
        map.retain(|_, (_, until)| *until > now);
        if let Some(i) = keys.iter().position(|k| map.contains_key(k)) {
            let night = request.night_of_key(i).unwrap_or(request.stay.checkin());
            return Err(LockError::Conflict { night });
        }
        for k in keys {
            map.insert(k, (token.clone(), now + ttl));
        }
        Ok(Hold {
            request: request.clone(),
            token,
            ttl,
            extensions_used: 0,
        })
    }

    async fn renew(&self, hold: &Hold) -> Result<(), LockError> {
        let now = self.clock.now();
        let keys = hold.request.keys();
        let mut map = self.map()?;
        let ours = keys.iter().all(|k| {
            map.get(k)
                .is_some_and(|(t, until)| *t == hold.token && *until > now)
        });
        if !ours {
            return Err(LockError::Expired);
        }
        for k in keys {
            map.insert(k, (hold.token.clone(), now + hold.ttl));
        }
        Ok(())
    }

    async fn release(&self, hold: &Hold) -> Result<(), LockError> {
        let mut map = self.map()?;
        for k in hold.request.keys() {
            if map.get(&k).is_some_and(|(t, _)| *t == hold.token) {
                map.remove(&k);
            }
        }
        Ok(())
    }
}
