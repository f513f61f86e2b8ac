//! The audit log in SQLite: append and read, nothing else.

use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub target: String,
    pub summary: serde_json::Value,
}

pub struct NewAuditRecord<'a> {
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor: &'a str,
    pub address: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub summary: &'a serde_json::Value,
}

pub async fn append(db: &SqlitePool, r: &NewAuditRecord<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO audit_log (at_ms, actor_id, actor, address, action, target, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.at_ms)
    .bind(r.actor_id)
    .bind(r.actor)
    .bind(r.address)
    .bind(r.action)
    .bind(r.target)
    .bind(r.summary.to_string())
    .fetch_one(db)
    .await
}

/// Filters for reading; every one optional. Newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    /// An exact action ("user.create") or an area ending in a dot ("user.").
    pub action: Option<String>,
    pub target: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only records older than this id (the cursor of the previous page).
    pub before_id: Option<i64>,
    pub limit: i64,
}

pub async fn read(db: &SqlitePool, q: &AuditQuery) -> Result<Vec<AuditRecord>, sqlx::Error> {
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT id, at_ms, actor_id, actor, address, action, target, summary FROM audit_log WHERE 1 = 1",
    );
    if let Some(actor) = &q.actor {
        sql.push(" AND actor = ").push_bind(actor.clone());
    }
    if let Some(action) = &q.action {
        if action.ends_with('.') {
            sql.push(" AND substr(action, 1, length(")
                .push_bind(action.clone())
                .push(")) = ")
                .push_bind(action.clone());
        } else {
            sql.push(" AND action = ").push_bind(action.clone());
        }
    }
    if let Some(target) = &q.target {
        sql.push(" AND target = ").push_bind(target.clone());
    }
    if let Some(from) = q.from_ms {
        sql.push(" AND at_ms >= ").push_bind(from);
    }
    if let Some(to) = q.to_ms {
        sql.push(" AND at_ms < ").push_bind(to);
    }
    if let Some(before) = q.before_id {
        sql.push(" AND id < ").push_bind(before);
    }
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(q.limit);
    let rows = sql.build().fetch_all(db).await?;
    rows.iter()
        .map(|row| {
            let summary: String = row.try_get("summary")?;
            Ok(AuditRecord {
                id: row.try_get("id")?,
                at_ms: row.try_get("at_ms")?,
                actor_id: row.try_get("actor_id")?,
                actor: row.try_get("actor")?,
                address: row.try_get("address")?,
                action: row.try_get("action")?,
                target: row.try_get("target")?,
                summary: serde_json::from_str(&summary).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}
