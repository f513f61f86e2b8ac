//! `conserje backup FILE`.

use super::{Cli, block_on, load_settings};
use crate::adapters::sqlite;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy; must not exist yet.
    pub file: PathBuf,
}

pub fn run(cli: &Cli, args: &BackupArgs) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    let settings = load_settings(cli)?;
    let db_path = settings.storage.database_path();
    if !db_path.exists() {
        anyhow::bail!(
            "no database at {}: nothing to back up (check --data-dir or storage.data_dir)",
            db_path.display()
        );
    }
    let target = args.file.clone();
    block_on(async move {
        let pool = sqlite::open(&settings.storage).await?;
        sqlite::backup_to(&pool, &target).await?;
        pool.close().await;
        println!("backup written to {}", target.display());
        Ok(ExitCode::SUCCESS)
    })?
}
