//! The conversation list: filters, and a cursor on (last activity, id) so
//! pages stay stable while staff scroll.

use super::{DeskError, Page, clamp_limit};
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, QueryBuilder, Sqlite, SqlitePool};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationFilter {
    /// "bot" or "human".
    pub mode: Option<String>,
    /// Handed to staff by the bot and not answered yet.
    pub waiting: Option<bool>,
    /// Has guest messages staff have not read.
    pub unread: Option<bool>,
    /// Our WhatsApp number (`phone_number_id`).
    pub channel: Option<String>,
    pub label: Option<String>,
    /// Words in any message, or in the guest's name or number.
    pub q: Option<String>,
    /// "open" or "closed". A guest writing after a close reopens it.
    pub status: Option<String>,
    /// Had a message in [from_ms, to_ms).
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ConversationSummary {
    pub id: i64,
    pub guest_id: i64,
    pub guest_phone: String,
    pub guest_name: Option<String>,
    pub channel: String,
    pub mode: String,
    pub handoff_reason: Option<String>,
    /// When the bot handed it to staff, while nobody has answered.
    pub waiting_since_ms: Option<i64>,
    pub assignee: Option<String>,
    pub closed: bool,
    pub unread: i64,
    pub last_message_id: Option<i64>,
    pub last_direction: Option<String>,
    pub last_kind: Option<String>,
    pub last_text: Option<String>,
    pub last_at_ms: Option<i64>,
    /// Meta's unix seconds of the guest's last message (the 24-hour window).
    pub last_inbound_ts: i64,
    pub updated_at_ms: i64,
    /// Comma-separated; split by [`labels`](ConversationSummary::labels).
    #[serde(skip)]
    pub label_list: Option<String>,
}

impl ConversationSummary {
    pub fn labels(&self) -> Vec<String> {
        self.label_list
            .as_deref()
            .map(|l| l.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default()
    }
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT c.id, c.guest_id, g.phone AS guest_phone, \
     g.profile_name AS guest_name, c.phone_number_id AS channel, \
     coalesce(json_extract(d.state_after, '$.mode'), 'bot') AS mode, \
     json_extract(d.state_after, '$.handoff_reason') AS handoff_reason, \
     (SELECT min(h.started_at_ms) FROM handoffs h WHERE h.conversation_id = c.id \
        AND h.ended_at_ms IS NULL AND h.answered_at_ms IS NULL) AS waiting_since_ms, \
     c.assignee, \
     (c.closed_at_ms IS NOT NULL AND c.updated_at_ms <= c.closed_at_ms) AS closed, \
     (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' \
        AND m.id > c.read_up_to_id) AS unread, \
     lm.id AS last_message_id, lm.direction AS last_direction, lm.kind AS last_kind, \
     lm.body AS last_text, lm.created_at_ms AS last_at_ms, g.last_inbound_ts, c.updated_at_ms, \
     (SELECT group_concat(label, char(31)) FROM (SELECT label FROM conversation_labels l \
        WHERE l.conversation_id = c.id ORDER BY label)) AS label_list \
     FROM conversations c JOIN guests g ON g.id = c.guest_id \
     LEFT JOIN dialogue_states d ON d.conversation_id = c.id \
     LEFT JOIN messages lm ON lm.id = (SELECT max(id) FROM messages WHERE conversation_id = c.id)";

fn parse_cursor(raw: &str) -> Result<(i64, i64), DeskError> {
    raw.split_once('_')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| {
            DeskError::Invalid(format!(
                "cursor {raw:?} is not one this API gave out: use next_cursor from the previous page"
            ))
        })
}

/// Escapes LIKE wildcards so a search for "50%" means those characters.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub async fn list(
    db: &SqlitePool,
    f: &ConversationFilter,
) -> Result<Page<ConversationSummary>, DeskError> {
    let limit = clamp_limit(f.limit, 50);
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(SUMMARY_SELECT);
    qb.push(" WHERE 1 = 1");
    if let Some(mode) = &f.mode {
        if !matches!(mode.as_str(), "bot" | "human") {
            return Err(DeskError::Invalid(format!(
                "mode {mode:?} is not known: use \"bot\" or \"human\""
            )));
        }
        qb.push(" AND coalesce(json_extract(d.state_after, '$.mode'), 'bot') = ")
            .push_bind(mode.clone());
    }
    if let Some(w) = f.waiting {
        qb.push(if w { " AND " } else { " AND NOT " }).push(
            "EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id \
             AND h.ended_at_ms IS NULL AND h.answered_at_ms IS NULL)",
        );
    }
    if let Some(u) = f.unread {
        qb.push(if u { " AND " } else { " AND NOT " }).push(
            "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
             AND m.direction = 'in' AND m.id > c.read_up_to_id)",
        );
    }
    if let Some(ch) = &f.channel {
        qb.push(" AND c.phone_number_id = ").push_bind(ch.clone());
    }
    if let Some(label) = &f.label {
        qb.push(" AND EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ")
            .push_bind(label.clone())
            .push(")");
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pat = like_pattern(q);
        qb.push(" AND (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.body LIKE ")
            .push_bind(pat.clone())
            .push(" ESCAPE '\\') OR g.profile_name LIKE ")
            .push_bind(pat.clone())
            .push(" ESCAPE '\\' OR g.phone LIKE ")
            .push_bind(pat)
            .push(" ESCAPE '\\')");
    }
    match f.status.as_deref() {
        None => {}
        Some("open") => {
            qb.push(" AND (c.closed_at_ms IS NULL OR c.updated_at_ms > c.closed_at_ms)");
        }
        Some("closed") => {
            qb.push(" AND c.closed_at_ms IS NOT NULL AND c.updated_at_ms <= c.closed_at_ms");
        }
        Some(other) => {
            return Err(DeskError::Invalid(format!(
                "status {other:?} is not known: use \"open\" or \"closed\""
            )));
        }
    }
    if f.from_ms.is_some() || f.to_ms.is_some() {
        if let (Some(a), Some(b)) = (f.from_ms, f.to_ms) {
            if b <= a {
                return Err(DeskError::Invalid(
                    "the date range ends before it starts".into(),
                ));
            }
        }
        qb.push(" AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.created_at_ms >= ")
            .push_bind(f.from_ms.unwrap_or(i64::MIN))
            .push(" AND m.created_at_ms < ")
            .push_bind(f.to_ms.unwrap_or(i64::MAX))
            .push(")");
    }
    if let Some(raw) = &f.cursor {
        let (at, id) = parse_cursor(raw)?;
        qb.push(" AND (c.updated_at_ms < ")
            .push_bind(at)
            .push(" OR (c.updated_at_ms = ")
            .push_bind(at)
            .push(" AND c.id < ")
            .push_bind(id)
            .push("))");
    }
    qb.push(" ORDER BY c.updated_at_ms DESC, c.id DESC LIMIT ")
        .push_bind(limit + 1);
    let mut items: Vec<ConversationSummary> = qb.build_query_as().fetch_all(db).await?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(usize::try_from(limit).unwrap_or(0));
        items
            .last()
            .map(|c| format!("{}_{}", c.updated_at_ms, c.id))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// One conversation's summary, or `NotFound`.
pub async fn summary(db: &SqlitePool, id: i64) -> Result<ConversationSummary, DeskError> {
    sqlx::query_as(AssertSqlSafe(format!("{SUMMARY_SELECT} WHERE c.id = ?")))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DeskError::NotFound(format!("conversation {id}")))
}
