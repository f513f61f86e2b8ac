//! The audit log: who did what, when, from where, with a before/after summary.
//! Summaries pass through [`scrub`] first, so a secret handed in by mistake
//! (a password, a token, an API key) is stored as "[redacted]".

use crate::adapters::sqlite::audit_log::{self, NewAuditRecord};
use serde_json::{Value, json};
use sqlx::SqlitePool;

/// Who acted: a signed-in staff member, or the machine's own operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub actor_id: Option<i64>,
    pub actor: String,
    pub address: String,
}

impl Who {
    /// `conserje users …` and other commands run on the machine itself.
    pub fn command_line() -> Self {
        Self {
            actor_id: None,
            actor: "command-line".into(),
            address: "local".into(),
        }
    }
}

/// Field names whose values never reach the log, at any depth.
const SECRET_WORDS: [&str; 6] = ["password", "secret", "token", "api_key", "apikey", "hash"];

pub fn scrub(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let lower = k.to_lowercase();
                    if SECRET_WORDS.iter().any(|w| lower.contains(w)) && !v.is_null() {
                        (k, json!("[redacted]"))
                    } else {
                        (k, scrub(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(scrub).collect()),
        other => other,
    }
}

/// Appends one record. `before`/`after` are small JSON summaries (`Value::Null`
/// when there is no before or after).
pub async fn record(
    db: &SqlitePool,
    at_ms: i64,
    who: &Who,
    action: &str,
    target: &str,
    before: Value,
    after: Value,
) -> Result<i64, sqlx::Error> {
    let summary = json!({ "before": scrub(before), "after": scrub(after) });
    audit_log::append(
        db,
        &NewAuditRecord {
            at_ms,
            actor_id: who.actor_id,
            actor: &who.actor,
            address: &who.address,
            action,
            target,
            summary: &summary,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth_and_the_rest_kept() {
        let v = scrub(json!({
            "username": "ana",
            "password": "hunter2 hunter2",
            "whatsapp": {"access_token": "EAAG…", "numbers": [{"app_secret": "s"}]},
            "refresh_token": null,
        }));
        assert_eq!(
            v,
            json!({
                "username": "ana",
                "password": "[redacted]",
                "whatsapp": {"access_token": "[redacted]", "numbers": [{"app_secret": "[redacted]"}]},
                "refresh_token": null,
            })
        );
    }
}
