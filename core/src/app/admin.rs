//! Staff sign-in at start: the token signing key, and the one-time setup
//! token while no staff account exists.

use crate::auth::password::HashCost;
use crate::auth::{self, Auth};
use crate::config::Settings;
use crate::ports::clock::SystemClock;
use anyhow::Context;
use sqlx::SqlitePool;
use std::sync::Arc;

pub async fn build_auth(settings: &Settings, db: &SqlitePool) -> anyhow::Result<Arc<Auth>> {
    let auth = Auth::build(
        db.clone(),
        &settings.admin,
        Arc::new(SystemClock),
        HashCost::RECOMMENDED,
    )
    .await
    .context("cannot prepare staff sign-in")?;
    let data_dir = settings.storage.resolved_data_dir();
    match auth.issue_setup_token().await? {
        Some(token) => announce_setup_token(&data_dir, &token),
        None => auth::remove_setup_token_file(&data_dir),
    }
    Ok(Arc::new(auth))
}

/// The token goes to standard output and a private file, never to the log:
/// logs are shipped and kept, and the token is a credential until used.
fn announce_setup_token(data_dir: &std::path::Path, token: &str) {
    let file = auth::write_setup_token_file(data_dir, token);
    println!(
        "\nNo staff account exists yet. Create the first admin in the dashboard with this \
         one-time setup token:\n\n    {token}\n\nor offline: conserje users add --role admin NAME\n"
    );
    match file {
        Ok(path) => tracing::warn!(
            file = %path.display(),
            "no staff account yet: a one-time setup token was printed on standard output and written to the file"
        ),
        Err(e) => tracing::warn!(
            error = %e,
            "no staff account yet: a one-time setup token was printed on standard output (the token file could not be written)"
        ),
    }
}
