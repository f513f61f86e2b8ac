//! `conserje backup FILE`: a consistent copy of a live database.

use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists; choose a new file name (backups never overwrite)", .0.display())]
    Exists(PathBuf),
    #[error("backup to {} failed: {source}", path.display())]
    Failed { path: PathBuf, source: sqlx::Error },
}

/// `VACUUM INTO` reads one snapshot inside a single read transaction, so the
/// copy is consistent while the daemon keeps writing, and it comes out compacted.
pub async fn backup_to(pool: &SqlitePool, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(BackupError::Exists(target.to_path_buf()));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .map(|_| ())
        .map_err(|source| BackupError::Failed {
            path: target.to_path_buf(),
            source,
        })
}
