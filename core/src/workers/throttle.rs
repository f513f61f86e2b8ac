//! Per-number send pacing: Meta caps each number's throughput (80 messages/s
//! by default) and answers 130429 past it, so we stay under it ourselves.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    interval: Duration,
    next_slot: Mutex<HashMap<String, Instant>>,
}

impl Throttle {
    pub fn per_second(rate: u32) -> Self {
        Self {
            interval: Duration::from_secs(1) / rate.max(1),
            next_slot: Mutex::new(HashMap::new()),
        }
    }

    /// Reserves the next free slot of `number` and waits for it. Slots are
    /// handed out in call order, so waiting never reorders sends.
    pub async fn acquire(&self, number: &str) {
        let slot = self.reserve(number, Instant::now());
        tokio::time::sleep_until(slot.into()).await;
    }

    /// The slot for a send of `number` asked for at `now`.
    fn reserve(&self, number: &str, now: Instant) -> Instant {
        let mut slots = self
            .next_slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = slots
            .get(number)
            .copied()
            .filter(|t| *t > now)
            .unwrap_or(now);
        slots.insert(number.to_string(), slot + self.interval);
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_one_numbers_sends_and_leaves_others_alone() {
        let t = Throttle::per_second(10);
        let now = Instant::now();
        let slots: Vec<Duration> = (0..5).map(|_| t.reserve("A", now) - now).collect();
        let ms = |n| Duration::from_millis(n);
        assert_eq!(slots, vec![ms(0), ms(100), ms(200), ms(300), ms(400)]);
        assert_eq!(
            t.reserve("B", now),
            now,
            "another number has its own budget"
        );
        // Once time has passed the reserved slots, sends go at once again.
        let later = now + Duration::from_secs(2);
        assert_eq!(t.reserve("A", later), later);
    }
}
