//! SQLite through sqlx: the one database of a single-machine install.

mod backup;
pub mod conversations;
pub mod dead_letters;
mod health;
mod instance;
pub mod media;
pub mod outbox;
mod pool;
mod wa_inbox;

pub use backup::{BackupError, backup_to};
pub use health::DatabaseCheck;
pub use instance::ensure_instance;
pub use outbox::{OutboxRow, OutboxStore};
pub use pool::{StoreError, migrate, open};
pub use wa_inbox::{InboxRow, InboxStore, IngestOutcome};
