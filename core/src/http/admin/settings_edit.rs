//! Changing settings from the dashboard: `PUT /api/settings` takes a partial
//! document in the configuration file's shape, checks it the way the daemon
//! checks its configuration at start, and saves it in the managed settings
//! file (`<data dir>/settings.toml`). The running daemon keeps its settings
//! until it restarts: swapping a PMS or WhatsApp credentials under
//! conversations in flight is not worth the risk, and a restart takes
//! seconds. The answer (and `GET /api/settings`) lists what waits for it.

use super::error::ApiError;
use super::extract::ApiJson;
use crate::config::{SettingsChange, env_var_for, managed};
use crate::http::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SettingsSaved {
    /// Keys saved but not in effect until the service restarts.
    pub pending_restart: Vec<String>,
    pub restart_required: bool,
}

/// Everything saved from the dashboard so far.
pub fn saved(s: &AppState) -> Result<SettingsChange, ApiError> {
    let path = managed::path(&s.settings.storage.resolved_data_dir());
    managed::read(&path).map_err(|e| ApiError::internal(&e))
}

/// Saved keys the running daemon does not have yet.
pub fn pending(s: &AppState) -> Result<Vec<String>, ApiError> {
    Ok(saved(s)?
        .pending_against(&s.settings)
        .into_iter()
        .map(String::from)
        .collect())
}

pub async fn update(
    State(s): State<AppState>,
    ApiJson(change): ApiJson<SettingsChange>,
) -> Result<ApiJson<SettingsSaved>, ApiError> {
    if change.is_empty() {
        return Err(ApiError::invalid(
            "empty_change",
            "the body names no setting to change",
        ));
    }
    for key in change.keys() {
        let var = env_var_for(key);
        if std::env::var_os(&var).is_some() {
            return Err(ApiError::conflict(
                "set_by_environment",
                format!(
                    "{key} is set by the environment variable {var} on the service, which wins \
                     over the dashboard; change or remove it there"
                ),
            ));
        }
    }
    let all = saved(&s)?.merged_with(change);
    let candidate = all.applied_to(&s.settings);
    if let Err(e) = crate::config::validate(&candidate) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_setting",
            e.to_string(),
        ));
    }
    let path = managed::path(&s.settings.storage.resolved_data_dir());
    let written = {
        let path = path.clone();
        let all = all.clone();
        tokio::task::spawn_blocking(move || managed::write(&path, &all)).await
    };
    match written {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(ApiError::internal(&e)),
        Err(e) => return Err(ApiError::internal(&e)),
    }
    let pending_restart: Vec<String> = all
        .pending_against(&s.settings)
        .into_iter()
        .map(String::from)
        .collect();
    tracing::info!(
        file = %path.display(),
        keys = %pending_restart.join(", "),
        "settings saved from the dashboard; they apply at the next start"
    );
    Ok(ApiJson(SettingsSaved {
        restart_required: !pending_restart.is_empty(),
        pending_restart,
    }))
}
