//! SQLite through sqlx: the one database of a single-machine install.

mod backup;
mod health;
mod instance;
mod knowledge;
mod pool;

pub use backup::{BackupError, backup_to};
pub use health::DatabaseCheck;
pub use instance::ensure_instance;
pub use knowledge::{DEMO_KNOWLEDGE, SeedError, SqliteKnowledge, seed_if_empty};
pub use pool::{StoreError, migrate, open};
