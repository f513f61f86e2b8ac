//! Knowledge entries for staff: a main fact per topic and language, or a free
//! FAQ entry (question and answer). The receptionist's snapshot must be
//! invalidated after each change (`SqliteKnowledge::invalidate`).

use super::{DeskError, on_unique};
use crate::domain::{Language, Topic};
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct KnowledgeView {
    pub id: i64,
    pub topic: Option<String>,
    pub lang: String,
    pub question: Option<String>,
    pub answer: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeInput {
    /// A known topic (parking, wifi, …); absent for a free FAQ entry.
    pub topic: Option<String>,
    pub lang: String,
    /// How guests ask it; absent for a topic's main fact.
    pub question: Option<String>,
    pub answer: String,
}

const MAX_ANSWER: usize = 2000;

fn check(k: &KnowledgeInput) -> Result<(), DeskError> {
    if let Some(t) = &k.topic {
        t.parse::<Topic>().map_err(|e| {
            let known: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
            DeskError::Invalid(format!("{e}; known topics: {}", known.join(", ")))
        })?;
    }
    k.lang
        .parse::<Language>()
        .map_err(|e| DeskError::Invalid(format!("lang: {e}")))?;
    if k.topic.is_none() && k.question.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Err(DeskError::Invalid(
            "an entry needs a topic (a main fact) or a question (a FAQ entry)".into(),
        ));
    }
    let n = k.answer.trim().chars().count();
    if n == 0 || n > MAX_ANSWER {
        return Err(DeskError::Invalid(format!(
            "the answer needs 1 to {MAX_ANSWER} characters"
        )));
    }
    Ok(())
}

const SELECT: &str = "SELECT id, topic, lang, question, answer, updated_at FROM knowledge_entries";

pub async fn list(
    db: &SqlitePool,
    lang: Option<&str>,
    topic: Option<&str>,
) -> Result<Vec<KnowledgeView>, DeskError> {
    Ok(sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE (? IS NULL OR lang = ?) AND (? IS NULL OR topic = ?) ORDER BY topic, lang, question"
    )))
    .bind(lang)
    .bind(lang)
    .bind(topic)
    .bind(topic)
    .fetch_all(db)
    .await?)
}

pub async fn get(db: &SqlitePool, id: i64) -> Result<KnowledgeView, DeskError> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE id = ?")))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DeskError::NotFound(format!("knowledge entry {id}")))
}

pub async fn save(
    db: &SqlitePool,
    id: Option<i64>,
    k: &KnowledgeInput,
    now: &str,
) -> Result<KnowledgeView, DeskError> {
    check(k)?;
    let question = k
        .question
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let dup = || match (question, &k.topic) {
        (Some(q), _) => format!("a FAQ entry asking {q:?} in {} exists", k.lang),
        (None, Some(t)) => format!("{t} already has a main fact in {}: edit that one", k.lang),
        (None, None) => "a duplicate entry".into(),
    };
    let id = match id {
        None => sqlx::query_scalar(
            "INSERT INTO knowledge_entries (topic, lang, question, answer, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&k.topic)
        .bind(&k.lang)
        .bind(question)
        .bind(k.answer.trim())
        .bind(now)
        .fetch_one(db)
        .await
        .map_err(|e| on_unique(e, dup))?,
        Some(id) => {
            let n = sqlx::query(
                "UPDATE knowledge_entries SET topic = ?, lang = ?, question = ?, answer = ?, updated_at = ? WHERE id = ?",
            )
            .bind(&k.topic)
            .bind(&k.lang)
            .bind(question)
            .bind(k.answer.trim())
            .bind(now)
            .bind(id)
            .execute(db)
            .await
            .map_err(|e| on_unique(e, dup))?;
            if n.rows_affected() == 0 {
                return Err(DeskError::NotFound(format!("knowledge entry {id}")));
            }
            id
        }
    };
    get(db, id).await
}

pub async fn delete(db: &SqlitePool, id: i64) -> Result<(), DeskError> {
    let n = sqlx::query("DELETE FROM knowledge_entries WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    if n.rows_affected() == 0 {
        return Err(DeskError::NotFound(format!("knowledge entry {id}")));
    }
    Ok(())
}
