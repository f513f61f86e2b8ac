//! Room holds: while a guest reads back and confirms an offer, the offered room
//! type is held for each night of the stay so two guests cannot both be told
//! "it's yours". One key per property × room type × night: overlapping stays
//! conflict on a shared night, back-to-back stays share none.
//!
//! Implementations: in-process (one core) and Redis (several cores), held to
//! one contract suite (`tests/tests/locks_contract.rs`).

use crate::domain::{RoomTypeId, StayDates};
use async_trait::async_trait;
use chrono::NaiveDate;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldRequest {
    /// The hotel (QloApps `id_hotel`, "demo"…), so one Redis serves a group.
    pub property: String,
    pub room_type: RoomTypeId,
    pub stay: StayDates,
}

impl HoldRequest {
    /// The keys this hold takes, one per night. The `{property}` braces are a
    /// Redis Cluster hash tag: all of one property's keys land on one shard, so
    /// a multi-key script stays legal there.
    pub fn keys(&self) -> Vec<String> {
        self.stay
            .each_night()
            .map(|n| {
                format!(
                    "conserje:hold:{{{}}}:{}:{}",
                    self.property, self.room_type, n
                )
            })
            .collect()
    }

    pub fn night_of_key(&self, index: usize) -> Option<NaiveDate> {
        self.stay.each_night().nth(index)
    }
}

/// A hold that was granted. Dropping it does not release it: the TTL does,
/// which is what a crash would leave behind too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub request: HoldRequest,
    /// Proves ownership: only the holder can extend or release.
    pub token: String,
    pub ttl: Duration,
    pub extensions_used: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    #[error("another guest is holding this room type for the night of {night}")]
    Conflict { night: NaiveDate },
    #[error("the hold expired before it was extended or used")]
    Expired,
    #[error("a hold can be extended at most {max} times", max = Hold::MAX_EXTENSIONS)]
    ExtensionLimit,
    #[error("the lock store is not answering: {0}")]
    Unavailable(String),
}

impl Hold {
    /// A guest who needs longer than three hold periods is better served by
    /// a fresh quote than by blocking everyone else.
    pub const MAX_EXTENSIONS: u8 = 2;
}

#[async_trait]
pub trait Locks: Send + Sync {
    /// Takes every night or none.
    async fn acquire(&self, request: &HoldRequest, ttl: Duration) -> Result<Hold, LockError>;

    /// Resets the TTL of every night if this token still holds them all.
    async fn renew(&self, hold: &Hold) -> Result<(), LockError>;

    /// Frees what this token still holds; a no-op for an expired hold.
    async fn release(&self, hold: &Hold) -> Result<(), LockError>;

    /// Another full TTL, at most [`Hold::MAX_EXTENSIONS`] times.
    async fn extend(&self, hold: &mut Hold) -> Result<(), LockError> {
        if hold.extensions_used >= Hold::MAX_EXTENSIONS {
            return Err(LockError::ExtensionLimit);
        }
        self.renew(hold).await?;
        hold.extensions_used += 1;
        Ok(())
    }
}
