//! `conserje migrate`.

use super::{Cli, block_on, load_settings};
use crate::adapters::sqlite;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    crate::telemetry::init_for_cli();
    let settings = load_settings(cli)?;
    block_on(async move {
        let pool = sqlite::open(&settings.storage).await?;
        let versions = sqlite::migrate(&pool).await?;
        pool.close().await;
        println!(
            "database {} is up to date ({} migrations, latest {})",
            settings.storage.database_path().display(),
            versions.len(),
            versions.last().copied().unwrap_or_default()
        );
        Ok(ExitCode::SUCCESS)
    })?
}
