//! Area `audit` (admin only): reading the audit log, and [`record`], which
//! every handler that changes something calls.

use super::authz::Actor;
use super::endpoint::{ADMIN, Endpoint};
use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery};
use crate::adapters::sqlite::audit_log::{self, AuditQuery, AuditRecord};
use crate::audit::Who;
use crate::http::AppState;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/audit", ADMIN, list)
            .tag("audit")
            .summary("The audit log, newest first; filter by actor, action, target, time")
            .returns::<AuditPage>(200),
    ]
}

impl From<&Actor> for Who {
    fn from(a: &Actor) -> Self {
        Who {
            actor_id: Some(a.user_id),
            actor: a.username.clone(),
            address: a.address.clone(),
        }
    }
}

/// Appends a record for a staff action. Call it after the change succeeded,
/// with small before/after summaries (secrets are removed anyway):
///
/// ```ignore
/// audit::record(&state, &actor, "conversation.takeover", &format!("conversation:{id}"),
///     json!({"mode": "bot"}), json!({"mode": "human"})).await;
/// ```
///
/// A failure to write is logged as an error; the action itself has happened
/// and is not undone.
pub async fn record(
    state: &AppState,
    who: impl Into<Who>,
    action: &str,
    target: &str,
    before: Value,
    after: Value,
) {
    let who = who.into();
    let at = state.auth.now_ms();
    if let Err(e) = crate::audit::record(&state.db, at, &who, action, target, before, after).await {
        tracing::error!(error = %e, action, target, actor = %who.actor, "cannot append to the audit log");
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// Exact ("user.create") or an area with a trailing dot ("user.").
    pub action: Option<String>,
    pub target: Option<String>,
    /// RFC 3339; records at or after.
    pub from: Option<String>,
    /// RFC 3339; records before.
    pub to: Option<String>,
    /// The `next_before_id` of the previous page.
    pub before_id: Option<i64>,
    /// 1 to 500; 100 by default.
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub target: String,
    /// `{before, after}`, secrets removed.
    #[schema(value_type = Object)]
    pub summary: Value,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before_id` for the next page; absent on the last page.
    pub next_before_id: Option<i64>,
}

fn parse_time(key: &str, value: Option<&String>) -> Result<Option<i64>, ApiError> {
    value
        .map(|v| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| t.timestamp_millis())
                .map_err(|_| {
                    ApiError::invalid(
                        "invalid_query",
                        format!("{key} must be an RFC 3339 time such as 2026-11-29T00:00:00Z"),
                    )
                })
        })
        .transpose()
}

async fn list(
    State(state): State<AppState>,
    ApiQuery(f): ApiQuery<AuditFilter>,
) -> Result<ApiJson<AuditPage>, ApiError> {
    let limit = f.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid(
            "invalid_query",
            "limit must be between 1 and 500",
        ));
    }
    let query = AuditQuery {
        from_ms: parse_time("from", f.from.as_ref())?,
        to_ms: parse_time("to", f.to.as_ref())?,
        actor: f.actor,
        action: f.action,
        target: f.target,
        before_id: f.before_id,
        limit,
    };
    let records = audit_log::read(&state.db, &query)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let full = i64::try_from(records.len()).unwrap_or(i64::MAX) == limit;
    let next_before_id = if full {
        records.last().map(|r| r.id)
    } else {
        None
    };
    Ok(ApiJson(AuditPage {
        entries: records.into_iter().map(entry).collect(),
        next_before_id,
    }))
}

fn entry(r: AuditRecord) -> AuditEntry {
    AuditEntry {
        id: r.id,
        at: chrono::DateTime::from_timestamp_millis(r.at_ms)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        actor_id: r.actor_id,
        actor: r.actor,
        address: r.address,
        action: r.action,
        target: r.target,
        summary: r.summary,
    }
}
