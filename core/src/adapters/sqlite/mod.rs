//! SQLite through sqlx: the one database of a single-machine install.
//!
//! The workers' polling queries write `LIMIT CAST(? AS INTEGER)`, not
//! `LIMIT ?`. SQLite (3.51) reads a bare bound LIMIT while planning and then
//! marks the statement to be compiled again whenever that value is bound, so
//! a cached `LIMIT ?` statement was parsed and planned anew on every run:
//! seen under gdb as the inbox worker's lane read recompiled on each visit.

pub mod audit_log;
mod backup;
pub mod batch;
#[cfg(test)]
mod batch_tests;
pub mod conversations;
pub mod dead_letters;
pub mod desk;
mod dialogue_states;
pub mod generated_keys;
mod group_commit;
mod health;
pub mod hours;
mod inbox_arrivals;
mod instance;
mod knowledge;
pub mod media;
pub mod outbox;
pub mod outbox_in_flight;
mod pool;
pub mod refresh_tokens;
pub mod staff_users;
#[cfg(test)]
pub(crate) mod test_db;
mod turn_log;
pub mod voice_replies;
mod wa_inbox;
mod writer;

pub use backup::{BackupError, backup_to};
pub use dialogue_states::SqliteDialogueStates;
pub use group_commit::{FLOODED, GroupCommit, GroupCommitError, IngestQueue};
pub use health::DatabaseCheck;
pub use hours::{Holiday, SqliteHours};
pub use inbox_arrivals::Arrivals;
pub use instance::ensure_instance;
pub use knowledge::{DEMO_KNOWLEDGE, SeedError, SqliteKnowledge, seed_if_empty};
pub use outbox::{OutboxRow, OutboxStore};
pub use pool::{StoreError, migrate, open};
pub use wa_inbox::{InboxRow, InboxStore, IngestOutcome, NewRows};
pub use writer::{BackgroundTurn, CHECKPOINT_EVERY, checkpoint_once, checkpoints, writer_pool};
