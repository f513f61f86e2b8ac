//! Which inbox lanes received rows lately, kept in memory.
//!
//! The worker takes several rows of a lane from one read instead of one read
//! per row. A row stored after that read may sort before the rows it holds (a
//! guest's earlier message delivered late), so before each row it compares the
//! lane's count with the one it saw before the read, and reads again if the
//! count moved.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Lanes whose keys hash alike share a counter: a collision only costs the
/// worker a needless read, never a missed arrival.
const SLOTS: usize = 64;

#[derive(Clone)]
pub struct Arrivals(Arc<[AtomicU64; SLOTS]>);

impl Default for Arrivals {
    fn default() -> Self {
        Self(Arc::new(std::array::from_fn(|_| AtomicU64::new(0))))
    }
}

impl Arrivals {
    /// The lane's count. Read it *before* reading the lane's rows: a row
    /// committed after that read then always shows as a changed count.
    pub fn seen(&self, lane: &str) -> u64 {
        self.slot(lane).load(Ordering::SeqCst)
    }

    /// Called once rows of `lane` are committed (never before: a reader who
    /// saw the new count must find the rows).
    pub fn note(&self, lane: &str) {
        self.slot(lane).fetch_add(1, Ordering::SeqCst);
    }

    fn slot(&self, lane: &str) -> &AtomicU64 {
        // Fixed keys: the same lane maps to the same slot in every handle.
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(lane);
        &self.0[usize::try_from(hash % SLOTS as u64).unwrap_or(0)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_moves_its_lane_and_every_clone_sees_it() {
        let a = Arrivals::default();
        let b = a.clone();
        let before = b.seen("5491155550000");
        a.note("5491155550000");
        assert_eq!(b.seen("5491155550000"), before + 1);
    }

    #[test]
    fn most_lanes_keep_their_own_count() {
        let a = Arrivals::default();
        a.note("5491155550000");
        let moved = (1..=100)
            .filter(|n| a.seen(&format!("54911555500{n:02}")) != 0)
            .count();
        // 64 slots: about 100/64 lanes share the noted one's slot by chance.
        assert!(moved < 10, "{moved} of 100 other lanes moved");
    }
}
